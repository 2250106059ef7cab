"""Every statutory clock of a dispute against a table of cases worked out by hand from the statute.

RULES.md (LDMAL rows): the day of the event is not counted; a period whose last day falls on a rest
day or a statutory holiday ends on the first working day after it; the 办案规则 counts its 3/5/10-day
periods in working days (weekends and holidays skipped, make-up working days 调休上班 counted) and
its 15/45-day periods in natural days. The 2026 holiday schedule is the official one in the database
(seeded from chinese-calendar): 春节 15–23 February with make-up working Saturdays 14 and 28
February; 清明 4–6 April; 中秋 25–27 September with Sunday 20 September worked; 国庆 1–7 October with
Saturday 10 October worked. 2027 has no official schedule yet: weekends only, and the deadline is
provisional (暂定).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from hexie.core.calendar import is_official_year, is_workday
from hexie.core.jobs import start_job
from hexie.core.models import TimelineEntry
from hexie.disputes import rules
from hexie.disputes.models import CourtOutcome, DisputeCase
from hexie.disputes.services.deadlines import case_clocks, overdue_q
from tests.disputes.factory import make_case

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = date.fromisoformat

# (period, article, days, kind) as the statute and the 办案规则 give them.
STATUTE = {
    "internal_reply": ("企业内部申诉制度", 15, "natural"),
    "mediation": ("LDMAL-14", 15, "natural"),
    "acceptance": ("LDMAL-29", 5, "working"),
    "respondent_copy": ("LDMAL-30", 5, "working"),
    "defence": ("LDMAL-30", 10, "working"),
    "tribunal_notice": ("LDMAL-32", 5, "working"),
    "hearing_notice": ("LDMAL-35", 5, "working"),
    "postponement_request": ("LDMAL-35", 3, "working"),
    "award": ("LDMAL-43", 45, "natural"),
    "award_extension": ("LDMAL-43", 15, "natural"),
    "worker_lawsuit": ("LDMAL-48", 15, "natural"),
    "set_aside": ("LDMAL-49", 30, "natural"),
    "nonfinal_lawsuit": ("LDMAL-50", 15, "natural"),
}

# (period, event day, last day, provisional, why) — each worked out by hand on the calendar above.
CASES = [
    # plain weeks
    ("internal_reply", "2026-11-02", "2026-11-17", False, "Mon + 15 = Tue 17 Nov"),
    ("respondent_copy", "2026-11-02", "2026-11-09", False, "Mon: Tue..Fri = 4, Mon 9 Nov = 5"),
    ("hearing_notice", "2026-11-10", "2026-11-17", False, "Tue: Wed..Fri = 3, Mon 16 = 4, Tue 17 = 5"),
    ("award", "2026-09-28", "2026-11-12", False, "accepted Mon 28 Sep + 45 = Thu 12 Nov"),
    ("award_extension", "2026-11-12", "2026-11-27", False, "the award day + 15 = Fri 27 Nov"),
    # a natural period whose last day is a weekend moves to Monday
    ("nonfinal_lawsuit", "2026-11-06", "2026-11-23", False, "Fri + 15 = Sat 21 Nov -> Mon 23 Nov"),
    # 国庆 2026 (1–7 October; Saturday 10 October worked) and 中秋 (25–27 September; Sunday 20 worked)
    ("award", "2026-08-20", "2026-10-08", False, "Thu + 45 = Sun 4 Oct, holiday to the 7th -> Thu 8 Oct"),
    ("mediation", "2026-09-17", "2026-10-08", False, "Thu + 15 = Fri 2 Oct (国庆) -> Thu 8 Oct"),
    ("acceptance", "2026-09-28", "2026-10-10", False, "29, 30 Sep; 8, 9 Oct; Sat 10 Oct 调休上班 = 5"),
    ("defence", "2026-09-18", "2026-10-09", False, "Sun 20 worked, 21–24, (中秋 25–27), 28–30, 8, 9 Oct = 10"),
    ("tribunal_notice", "2026-09-30", "2026-10-13", False, "8, 9, Sat 10 worked, 12, 13 Oct = 5"),
    ("worker_lawsuit", "2026-09-22", "2026-10-08", False, "Tue + 15 = Wed 7 Oct (国庆) -> Thu 8 Oct"),
    # 春节 2026 (15–23 February; Saturdays 14 and 28 February worked) and 清明 (4–6 April)
    ("worker_lawsuit", "2026-02-01", "2026-02-24", False, "Sun + 15 = Mon 16 Feb (春节) -> Tue 24 Feb"),
    ("mediation", "2026-02-05", "2026-02-24", False, "Thu + 15 = Fri 20 Feb (春节) -> Tue 24 Feb"),
    ("acceptance", "2026-02-12", "2026-02-26", False, "Fri 13, Sat 14 worked, (春节), 24, 25, 26 Feb = 5"),
    ("postponement_request", "2026-02-25", "2026-02-28", False, "Thu 26, Fri 27, Sat 28 Feb worked = 3"),
    ("set_aside", "2026-03-07", "2026-04-07", False, "Sat + 30 = Mon 6 Apr (清明) -> Tue 7 Apr"),
    ("award", "2026-01-10", "2026-02-24", False, "Sat + 45 = Tue 24 Feb, the first day after 春节"),
    # into 2027: no official schedule, weekends only, provisional
    ("tribunal_notice", "2026-12-28", "2027-01-04", True, "29, 30, 31 Dec, Fri 1 Jan 2027 (unknown), Mon 4 = 5"),
    ("postponement_request", "2026-12-30", "2027-01-04", True, "31 Dec, Fri 1 Jan (unknown), Mon 4 Jan = 3"),
    ("award", "2026-12-01", "2027-01-15", True, "Tue 1 Dec + 45 = Fri 15 Jan 2027"),
    ("award_extension", "2026-12-20", "2027-01-04", True, "Sun + 15 = Mon 4 Jan 2027"),
    ("worker_lawsuit", "2026-12-20", "2027-01-04", True, "Sun + 15 = Mon 4 Jan 2027"),
    ("set_aside", "2026-12-20", "2027-01-19", True, "Sun + 30 = Tue 19 Jan 2027"),
    ("nonfinal_lawsuit", "2027-01-25", "2027-02-09", True, "春节 2027 not yet published: Tue 9 Feb as a weekday"),
]


def test_the_periods_are_the_statutes():
    assert set(rules.PERIODS) == set(STATUTE)
    for name, (article, days, kind) in STATUTE.items():
        p = rules.PERIODS[name]
        assert (p.article, p.days, p.kind) == (article, days, kind), name


def test_the_calendar_is_the_official_one(db):
    assert is_official_year(2026) and not is_official_year(2027)
    assert not is_workday(D("2026-10-01")) and is_workday(D("2026-10-10"))  # 国庆, 调休上班
    assert not is_workday(D("2026-02-17")) and is_workday(D("2026-02-14")) and is_workday(D("2026-02-28"))
    assert is_workday(D("2027-01-01"))  # no 2027 schedule: a Friday is a working day, provisionally


def test_the_table_covers_every_period_both_holidays_and_2027():
    assert {c[0] for c in CASES} == set(rules.PERIODS)
    assert any(c[3] for c in CASES) and any(D(c[2]).year == 2027 for c in CASES)
    assert any(D("2026-10-01") <= D(c[2]) <= D("2026-10-13") for c in CASES)
    assert any(D("2026-02-15") <= D(c[2]) <= D("2026-02-28") for c in CASES)


@pytest.mark.parametrize(
    ("period", "start", "last", "provisional", "why"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_statutory_deadline(db, period, start, last, provisional, why):
    found = rules.deadline(period, D(start))
    assert (found.date, found.provisional) == (D(last), provisional), why


# --- the workflow stamps them and the case shows them ----------------------------------------


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(D(day), datetime.min.time(), SHANGHAI).replace(hour=hour)


def test_the_workflow_stamps_the_clocks_across_national_day(world):
    case = make_case(world.enterprise_a, world.alice_person, status="mediation_failed", filed_on=D("2026-08-03"))
    DisputeCase.workflow.apply(case, "apply_arbitration", world.alice, at=at("2026-08-17"))
    case.refresh_from_db()
    assert case.acceptance_deadline == D("2026-08-24")  # Mon 17 Aug: 18, 19, 20, 21, Mon 24 = 5 working days
    DisputeCase.workflow.apply(case, "accept", world.arbitrator, at=at("2026-08-20"))
    case.refresh_from_db()
    assert case.status == "accepted" and case.acceptance_deadline is None
    assert (case.award_deadline, case.award_deadline_provisional) == (D("2026-10-08"), False)
    entry = TimelineEntry.objects.get(object_id=str(case.pk), action="accept")
    assert entry.deadline == D("2026-10-08")

    clocks = case_clocks(case, today=D("2026-09-30"))
    [award] = [c for c in clocks if c.key == "award"]
    assert (award.article, award.kind, award.last_day, award.days_left, award.state) == (
        "LDMAL-43",
        "natural",
        D("2026-10-08"),
        8,
        "soon",  # 30 Sep -> 8 Oct: only one working day (8 Oct) before it ends
    )
    [award] = [c for c in case_clocks(case, today=D("2026-09-20")) if c.key == "award"]
    assert (award.days_left, award.state) == (18, "running")
    [award] = [c for c in case_clocks(case, today=D("2026-10-12")) if c.key == "award"]
    assert (award.days_left, award.state, award.days_overdue) == (-4, "overdue", 4)
    assert DisputeCase.objects.filter(overdue_q(D("2026-10-12")), pk=case.pk).exists()
    assert not DisputeCase.objects.filter(overdue_q(D("2026-10-08")), pk=case.pk).exists()


def test_an_acceptance_in_december_runs_into_2027_provisionally_and_the_case_says_so(world):
    case = make_case(world.enterprise_a, world.alice_person, status="arb_review", filed_on=D("2026-11-20"))
    DisputeCase.workflow.apply(case, "accept", world.arbitrator, at=at("2026-12-01"))
    case.refresh_from_db()
    assert (case.award_deadline, case.award_deadline_provisional) == (D("2027-01-15"), True)
    [award] = case_clocks(case, today=D("2026-12-02"))
    assert award.provisional and award.label == "裁决期限（四十五日）"
    html = render_to_string("disputes/parts/clocks.html", {"case": case})
    assert "LDMAL-43" in html and "2027-01-15" in html and "暂定" in html


def test_working_day_clocks_count_working_days_left(world):
    case = make_case(
        world.enterprise_a,
        world.alice_person,
        status="arb_review",
        acceptance_deadline=D("2026-10-10"),
        award_deadline=None,
    )
    [clock] = case_clocks(case, today=D("2026-09-28"))
    # 29, 30 Sep, 8, 9, Sat 10 Oct (调休上班): five working days although twelve calendar days
    assert (clock.key, clock.kind, clock.days_left, clock.state) == ("acceptance", "working", 5, "running")
    html = render_to_string("disputes/parts/clocks.html", {"case": case})
    assert "LDMAL-29" in html and "暂定" not in html


def test_an_extended_award_clock_and_a_suspended_one(world):
    extended = rules.deadline("award_extension", D("2026-11-12"))
    case = make_case(
        world.enterprise_a,
        world.alice_person,
        status="heard",
        award_deadline=extended.date,
        award_extended=True,
    )
    [clock] = case_clocks(case, today=D("2026-11-20"))
    assert (clock.last_day, clock.label, clock.article) == (D("2026-11-27"), "裁决期限（已延长十五日）", "LDMAL-43")
    case = make_case(world.enterprise_a, world.carol_person, status="suspended", award_deadline=D("2026-10-08"))
    [clock] = case_clocks(case, today=D("2026-11-20"))
    assert (clock.state, clock.days_left) == ("suspended", None)
    assert not DisputeCase.objects.filter(overdue_q(D("2026-11-20")), pk=case.pk).exists()


def test_the_suit_windows_after_service_depend_on_finality(world):
    final = make_case(
        world.enterprise_a, world.alice_person, status="served", finality="final", served_on=D("2026-09-22")
    )
    clocks = {c.key: c for c in case_clocks(final, today=D("2026-09-23"))}
    assert set(clocks) == {"worker_lawsuit", "set_aside"}
    assert (clocks["worker_lawsuit"].last_day, clocks["worker_lawsuit"].article) == (D("2026-10-08"), "LDMAL-48")
    assert (clocks["set_aside"].last_day, clocks["set_aside"].article) == (D("2026-10-22"), "LDMAL-49")
    non_final = make_case(
        world.enterprise_a, world.carol_person, status="served", finality="non_final", served_on=D("2026-12-20")
    )
    [window] = case_clocks(non_final, today=D("2026-12-21"))
    assert (window.key, window.article, window.last_day, window.provisional) == (
        "nonfinal_lawsuit",
        "LDMAL-50",
        D("2027-01-04"),
        True,
    )
    # a lapsed window is no alarm of the commission's
    [window] = case_clocks(non_final, today=D("2027-01-05"))
    assert window.state == "lapsed"
    assert not DisputeCase.objects.filter(overdue_q(D("2027-01-05")), pk=non_final.pk).exists()


def test_a_cleared_or_foreign_status_clock_is_not_shown(world):
    # the fixture leaves an award deadline on a served case: the award cleared it in real life
    case = make_case(world.enterprise_a, world.alice_person, status="closed", award_deadline=D("2026-10-08"))
    assert case_clocks(case, today=D("2026-12-01")) == []
    assert not DisputeCase.objects.filter(overdue_q(D("2026-12-01")), pk=case.pk).exists()


# --- the daily job ---------------------------------------------------------------------------


def test_the_daily_job_reminds_once_alarms_and_closes_lapsed_awards(world):
    on = D("2026-10-08")
    soon = make_case(world.enterprise_a, world.alice_person, status="accepted", award_deadline=D("2026-10-09"))
    later = make_case(world.enterprise_a, world.carol_person, status="accepted", award_deadline=D("2026-11-20"))
    late = make_case(world.enterprise_b, world.bob_person, status="heard", award_deadline=D("2026-09-30"))
    lapsed = make_case(
        world.enterprise_a,
        world.carol_person,
        status="served",
        finality="non_final",
        served_on=D("2026-09-01"),
        awarded_on=D("2026-08-28"),
        outcome="awarded",
    )
    sued = make_case(
        world.enterprise_a, world.alice_person, status="served", finality="non_final", served_on=D("2026-09-01")
    )
    CourtOutcome.objects.create(
        case=sued, court=world.lixia_court, kind="lawsuit", plaintiff="enterprise", filed_on=D("2026-09-10")
    )
    open_window = make_case(
        world.enterprise_a, world.alice_person, status="served", finality="final", served_on=D("2026-09-01")
    )

    job = start_job("disputes.deadlines", {"on": on.isoformat()})
    assert job.status == "done", job.error
    result = job.result
    # reminded: the award due tomorrow and the employer's set-aside window ending today (LDMAL-49:
    # served 1 Sep + 30 = Thu 1 Oct, 国庆 -> Thu 8 Oct)
    assert result["reminded"] == 2 and result["overdue"] == 1 and result["closed"] == 1
    assert [c["id"] for c in result["overdue_cases"]] == [late.pk]
    assert result["overdue_cases"][0]["clocks"] == [{"key": "award", "article": "LDMAL-43", "last_day": "2026-09-30"}]
    for case in (soon, later, late, lapsed, sued, open_window):
        case.refresh_from_db()
    assert soon.reminded_on == on == open_window.reminded_on and later.reminded_on is None
    reminder = TimelineEntry.objects.get(object_id=str(soon.pk), action="remind")
    assert reminder.actor is None and reminder.actor_role == "system"
    assert "LDMAL-43" in reminder.note and "2026-10-09" in reminder.note
    # served 1 Sep on a non-final award: 15 days to Wed 16 Sep, nobody sued -> effective
    assert lapsed.status == "closed" and lapsed.closed_on == D("2026-08-28")
    closing = TimelineEntry.objects.get(object_id=str(lapsed.pk), action="close")
    assert closing.actor_role == "system"
    assert sued.status == "served"  # the court record decides, not the clock
    assert open_window.status == "served"  # a final award: the employer's 30 days run to 8 Oct

    again = start_job("disputes.deadlines", {"on": on.isoformat()})
    assert again.result["reminded"] == 0 and again.result["closed"] == 0 and again.result["overdue"] == 1
    assert TimelineEntry.objects.filter(action="remind").count() == 2
    nextday = start_job("disputes.deadlines", {"on": (on + timedelta(days=1)).isoformat()})
    assert nextday.result["reminded"] == 1  # the award is still due (today): one reminder a day
    assert nextday.result["closed"] == 1  # 8 Oct was the set-aside window's last day
    open_window.refresh_from_db()
    assert open_window.status == "closed"


def test_the_daily_job_escalates_unanswered_internal_complaints_first(world):
    lapsed = make_case(world.enterprise_a, world.alice_person, status="internal", internal_deadline=D("2026-10-08"))
    running = make_case(world.enterprise_a, world.carol_person, status="internal", internal_deadline=D("2026-10-09"))
    job = start_job("disputes.deadlines", {"on": "2026-10-09"})
    assert job.result["escalated"] == 1 and job.result["overdue"] == 0
    lapsed.refresh_from_db()
    running.refresh_from_db()
    assert lapsed.status == "mediating" and running.status == "internal"
    assert running.reminded_on == D("2026-10-09")  # its reply is due today


def test_the_daily_job_is_registered():
    from hexie.core.registries import DAILY_JOBS

    assert "disputes.deadlines" in DAILY_JOBS
