"""Collective contracts as a story: Quancheng Machinery's union asks to bargain on wages, the two
sides meet, the workers' congress votes, HR submits the text to Lixia's labor office, and the
15-day clock runs (across the National Day holiday). A regional contract covers Lixia's small
firms and counts in the coverage statistics and the campaign's indicator. Bad input changes
nothing."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hexie.contracts.models import BargainingRecord, CollectiveContract
from hexie.contracts.services import collective as service
from hexie.core.jobs import start_job
from hexie.core.models import Organization, Region, TimelineEntry
from hexie.core.registries import DAILY_JOBS, INDICATORS
from hexie.core.workflow import TransitionError
from tests.world import make_org

SH = ZoneInfo("Asia/Shanghai")
Status = CollectiveContract.Status


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SH)


def draft(world, **changes):
    values = dict(
        coverage="enterprise",
        kind="wage",
        title="济南泉城机械有限公司2025年度工资专项集体合同",
        union=world.lixia_union,
        employer_side="济南泉城机械有限公司",
        start=date(2025, 10, 1),
        end=date(2026, 9, 30),
        enterprise=world.enterprise_a,
        wage_increase_percent=Decimal("6.50"),
        minimum_pay=Decimal("2600.00"),
    )
    values.update(changes)
    return service.Draft(**values)


def voted(world, user=None):
    contract = service.create_collective_contract(user or world.hr_a, draft(world))
    service.record_vote(
        world.union_lixia,
        contract,
        congress_on=date(2025, 9, 12),
        delegates_total=60,
        delegates_present=45,
        votes_for=40,
    )
    return contract


def submitted(world, on: date):
    contract = voted(world)
    service.submit_collective_contract(world.hr_a, contract, at=at(on))
    contract.refresh_from_db()
    return contract


# --- creating, the text, bargaining and the 20-day reply clock ----------------------------------


def test_hr_creates_an_enterprise_wage_contract_filled_from_the_sample(world):
    contract = service.create_collective_contract(world.hr_a, draft(world))
    assert contract.status == Status.BARGAINING
    assert contract.number.startswith("JT3701022025")
    assert contract.region_id == "370102" and contract.workers_covered == 320
    text = " ".join(c["text"] for c in contract.clauses)
    assert "6.50%" in text and "2600.00元" in text and "济南市历下区总工会" in text and "2025-10-01" in text
    assert [c["key"] for c in contract.clauses][:3] == ["parties", "term", "increase"]


def test_the_general_sample_has_the_women_workers_and_protection_clauses(world):
    contract = service.create_collective_contract(world.hr_a, draft(world, kind="general", minimum_pay=None))
    keys = [c["key"] for c in contract.clauses]
    assert {"hours", "rest", "insurance", "protection", "women"} <= set(keys)
    assert "＿＿＿＿" in next(c["text"] for c in contract.clauses if c["key"] == "wages")  # no lowest pay yet


def test_the_reply_clock_is_twenty_natural_days_and_flags_an_overdue_request(world):
    contract = service.create_collective_contract(world.union_lixia, draft(world))
    service.record_bargaining(
        world.union_lixia, contract, kind="request", on=date(2025, 3, 3), party="workers", summary="书面协商意向书"
    )
    [clock] = service.reply_clocks(contract, on=date(2025, 3, 23))
    assert clock.due == date(2025, 3, 24)  # 2025-03-23 is a Sunday: the period ends on Monday
    assert not clock.overdue
    [clock] = service.reply_clocks(contract, on=date(2025, 3, 25))
    assert clock.overdue and clock.findings[0].code == "WCB-18"
    service.record_bargaining(
        world.hr_a, contract, kind="reply", on=date(2025, 3, 26), party="employer", summary="同意协商"
    )
    [clock] = service.reply_clocks(contract, on=date(2025, 3, 27))
    assert not clock.overdue and clock.replied_on == date(2025, 3, 26)
    assert [f.code for f in clock.findings] == ["WCB-18"]  # a late reply is still noted
    contract.refresh_from_db()
    assert contract.requested_on == date(2025, 3, 3)


def test_sessions_need_attendance_and_minutes(world):
    contract = service.create_collective_contract(world.hr_a, draft(world))
    with pytest.raises(ValidationError):
        service.record_bargaining(
            world.hr_a, contract, kind="session", on=date(2025, 4, 1), party="workers", summary="纪要"
        )
    service.record_bargaining(
        world.hr_a,
        contract,
        kind="session",
        on=date(2025, 4, 1),
        party="workers",
        summary="第一次协商会议纪要",
        attendees=9,
        proposed_increase_percent=Decimal("8"),
    )
    assert contract.bargaining.get().attendees == 9


def test_a_regional_contract_covers_the_small_firms_of_the_region(world):
    small = make_org(
        __import__("random").Random(7), "济南历下小微餐饮店", "enterprise", "370102", industry="H", headcount=12
    )
    regional = service.create_collective_contract(
        world.union_lixia,
        draft(
            world,
            coverage="regional",
            kind="general",
            title="历下区小微企业区域性集体合同",
            enterprise=None,
            region=Region.objects.get(code="370102"),
            employer_side="历下区企业联合会",
            max_headcount=100,
        ),
    )
    assert list(regional.covered_enterprises.all()) == [small]
    assert regional.workers_covered == 12 and regional.enterprise is None
    assert "历下区" in regional.clauses[0]["text"]


def test_only_the_parties_create_and_enterprises_do_not_make_regional_contracts(world):
    with pytest.raises(PermissionDenied):
        service.create_collective_contract(world.hr_b, draft(world))  # another enterprise
    with pytest.raises(PermissionDenied):
        service.create_collective_contract(world.lixia, draft(world))  # the reviewer is not a party
    with pytest.raises(PermissionDenied):
        service.create_collective_contract(
            world.hr_a, draft(world, coverage="regional", enterprise=None, region=Region.objects.get(code="370102"))
        )
    assert not CollectiveContract.objects.exists()


# --- bad input: clear errors, nothing changed ---------------------------------------------------


def test_end_before_start_is_refused(world):
    with pytest.raises(ValidationError, match="终止日期早于起始日期"):
        service.create_collective_contract(world.hr_a, draft(world, end=date(2025, 1, 1)))
    assert not CollectiveContract.objects.exists()


def test_a_lowest_pay_below_the_minimum_wage_is_refused(world):
    with pytest.raises(ValidationError, match="最低工资标准"):
        service.create_collective_contract(world.hr_a, draft(world, minimum_pay=Decimal("1500")))


@pytest.mark.parametrize(
    "total, present, yes, message",
    [
        (60, 45, 61, "赞成票"),  # more votes than delegates present
        (60, 70, 40, "出席代表"),  # more present than delegates
        (60, 39, 39, "三分之二"),  # quorum missed
        (60, 45, 30, "半数"),  # exactly half is not more than half
    ],
)
def test_a_vote_that_does_not_pass_changes_nothing(world, total, present, yes, message):
    contract = service.create_collective_contract(world.hr_a, draft(world))
    with pytest.raises(ValidationError, match=message):
        service.record_vote(
            world.hr_a,
            contract,
            congress_on=date(2025, 9, 12),
            delegates_total=total,
            delegates_present=present,
            votes_for=yes,
        )
    contract.refresh_from_db()
    assert contract.status == Status.BARGAINING and contract.delegates_total == 0
    assert not contract.timeline.exists()


def test_submitting_before_the_vote_is_refused_by_the_workflow(world):
    contract = service.create_collective_contract(world.hr_a, draft(world))
    with pytest.raises(TransitionError):
        service.submit_collective_contract(world.hr_a, contract, at=at(date(2025, 9, 16)))
    contract.refresh_from_db()
    assert contract.status == Status.BARGAINING and contract.review_deadline is None and contract.submitted_at is None


def test_an_enterprise_user_cannot_review(world):
    contract = submitted(world, date(2025, 9, 16))
    for user in (world.hr_a, world.union_lixia):
        with pytest.raises(PermissionDenied):
            service.approve_collective_contract(user, contract)
        with pytest.raises(PermissionDenied):
            service.object_to_collective_contract(user, contract, "不同意")
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


# --- the vote, submission and the 15-day clock --------------------------------------------------


def test_submission_stamps_the_15_day_deadline_across_national_day(world):
    contract = submitted(world, date(2025, 9, 16))
    # 2025-09-16 + 15 natural days = 2025-10-01, a holiday until 10-08: the period ends 10-09
    assert contract.status == Status.SUBMITTED
    assert contract.review_deadline == date(2025, 10, 9)
    entry = contract.timeline.get(action="submit")
    assert entry.deadline == date(2025, 10, 9) and entry.actor == world.hr_a
    assert entry.note == ""  # filed within the 7-day window (WCB-21), which closes on 2025-09-19


def test_filing_after_the_seven_day_window_is_a_warning(world):
    contract = voted(world)  # the congress passed it on 2025-09-12
    [finding] = service.submit_collective_contract(world.hr_a, contract, at=at(date(2025, 9, 22)))
    assert finding.code == "WCB-21" and finding.level == "warning" and "2025-09-19" in finding.message
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED and "逾期" in contract.timeline.get(action="submit").note


def test_filing_within_seven_days_has_no_warning(world):
    contract = voted(world)
    assert service.submit_collective_contract(world.hr_a, contract, at=at(date(2025, 9, 19))) == []


def test_the_clock_before_the_deadline_changes_nothing_and_after_it_takes_effect_once(world):
    contract = submitted(world, date(2025, 9, 16))
    assert service.run_collective_clock(date(2025, 10, 9)) == {"on": "2025-10-09", "took_effect": 0, "expired": 0}
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED
    assert service.run_collective_clock(date(2025, 10, 10))["took_effect"] == 1
    contract.refresh_from_db()
    assert contract.status == Status.EFFECTIVE and contract.effective_on == date(2025, 10, 10)
    entry = contract.timeline.get(action="take_effect")
    assert entry.actor is None and entry.actor_role == "system"
    assert service.run_collective_clock(date(2025, 10, 10)) == {"on": "2025-10-10", "took_effect": 0, "expired": 0}
    assert contract.timeline.filter(action="take_effect").count() == 1


def test_an_objection_within_the_15_days_stops_the_clock(world):
    contract = submitted(world, date(2025, 9, 16))
    service.object_to_collective_contract(world.lixia, contract, "工资增长条款须明确计算基数", at=at(date(2025, 9, 30)))
    contract.refresh_from_db()
    assert contract.status == Status.OBJECTED and contract.review_deadline is None
    assert service.run_collective_clock(date(2025, 10, 20))["took_effect"] == 0
    contract.refresh_from_db()
    assert contract.status == Status.OBJECTED and contract.review_opinion.startswith("工资增长")
    # the parties bargain again, vote and resubmit: a new 15-day clock
    service.record_vote(
        world.hr_a, contract, congress_on=date(2025, 10, 21), delegates_total=60, delegates_present=50, votes_for=48
    )
    service.submit_collective_contract(world.hr_a, contract, at=at(date(2025, 10, 22)))
    contract.refresh_from_db()
    assert contract.review_deadline == date(2025, 11, 6)


def test_an_objection_after_the_deadline_is_refused(world):
    contract = submitted(world, date(2025, 9, 16))
    with pytest.raises(ValidationError, match="审查期限已过"):
        service.object_to_collective_contract(world.lixia, contract, "迟到的意见", at=at(date(2025, 10, 10)))
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


def test_county_staff_approve_and_the_contract_is_in_force_from_that_day(world):
    contract = submitted(world, date(2025, 9, 16))
    service.approve_collective_contract(world.lixia, contract, "审查无异议", at=at(date(2025, 9, 22)))
    contract.refresh_from_db()
    assert contract.status == Status.EFFECTIVE and contract.effective_on == date(2025, 9, 22)
    assert contract.timeline.get(action="approve").actor == world.lixia


def test_staff_of_another_county_cannot_review_or_see_it(world):
    contract = submitted(world, date(2025, 9, 16))
    assert not service.may_review(world.shizhong, contract)
    assert not service.visible_collective_contracts(world.shizhong).filter(pk=contract.pk).exists()
    assert service.may_review(world.city, contract) and service.may_review(world.lixia, contract)


def test_an_effective_contract_expires_after_its_end(world):
    contract = submitted(world, date(2025, 9, 16))
    service.run_collective_clock(date(2025, 10, 10))
    assert service.run_collective_clock(date(2026, 9, 30))["expired"] == 0
    assert service.run_collective_clock(date(2026, 10, 1))["expired"] == 1
    contract.refresh_from_db()
    assert contract.status == Status.EXPIRED
    assert service.run_collective_clock(date(2026, 10, 1))["expired"] == 0


def test_the_daily_job_is_registered_and_runs(world):
    assert "contracts.collective_clock" in DAILY_JOBS
    contract = submitted(world, date(2025, 9, 16))
    job = start_job("contracts.collective_clock", {"on": "2025-10-10"})
    assert job.status == job.Status.DONE and job.result["took_effect"] == 1
    again = start_job("contracts.collective_clock", {"on": "2025-10-10"})
    assert again.result["took_effect"] == 0
    contract.refresh_from_db()
    assert contract.status == Status.EFFECTIVE


# --- coverage statistics and the indicator -------------------------------------------------------


def _in_force(contract, world):
    service.approve_collective_contract(world.lixia, contract, at=at(date(2025, 9, 22)))


def test_a_regional_contract_counts_in_coverage_and_in_the_indicator(world):
    import random

    rng = random.Random(11)
    small = make_org(rng, "历下小微五金店", "enterprise", "370102", industry="F", headcount=8)
    other = make_org(rng, "历下另一家大企业", "enterprise", "370102", industry="C", headcount=500)
    regional = service.create_collective_contract(
        world.union_lixia,
        draft(
            world,
            coverage="regional",
            kind="general",
            title="历下区小微企业区域性集体合同",
            enterprise=None,
            region=Region.objects.get(code="370102"),
            employer_side="历下区工商联",
            max_headcount=50,
        ),
    )
    service.record_vote(
        world.union_lixia,
        regional,
        congress_on=date(2025, 9, 12),
        delegates_total=30,
        delegates_present=30,
        votes_for=30,
    )
    service.submit_collective_contract(world.union_lixia, regional, at=at(date(2025, 9, 16)))
    service.run_collective_clock(date(2025, 10, 10))
    on = date(2025, 12, 1)
    indicator = INDICATORS["contracts.collective_contract_in_force"].func
    assert indicator(small, on) is True
    # Enterprises no collective contract names are "no data" (the campaign falls back to evidence).
    assert indicator(other, on) is None and indicator(world.enterprise_a, on) is None
    assert indicator(small, date(2025, 10, 9)) is False  # named by one, not yet in force
    assert indicator.many([small.pk, other.pk, world.enterprise_b.pk], on) == {
        small.pk: True,
        other.pk: None,
        world.enterprise_b.pk: None,
    }
    rows = service.coverage_for(world.lixia, on)
    assert sum(r["enterprises"] for r in rows) == 3  # enterprise_a, small, other
    covered = [r for r in rows if r["covered_enterprises"]]
    assert covered == [
        {
            "prefix": "370102",
            "industry": "F",
            "enterprises": 1,
            "covered_enterprises": 1,
            "workers": 8,
            "workers_covered": 8,
            "region_name": "历下区",
            "enterprise_share": Decimal("100.00"),
            "worker_share": Decimal("100.00"),
        }
    ]
    city = service.coverage_for(world.city, on, by_industry=False)
    lixia_row = next(r for r in city if r["prefix"] == "370102")
    assert (lixia_row["enterprises"], lixia_row["covered_enterprises"], lixia_row["workers_covered"]) == (3, 1, 8)
    assert lixia_row["enterprise_share"] == Decimal("33.33")


def test_the_indicator_gives_a_park_its_covered_share(world):
    import random

    park = make_org(random.Random(3), "历下科技园", "park", "370102")
    Organization.objects.filter(pk=world.enterprise_a.pk).update(parent=park)
    make_org(random.Random(4), "园区小企业", "enterprise", "370102", industry="C", headcount=20, parent=park)
    contract = submitted(world, date(2025, 9, 16))
    _in_force(contract, world)
    indicator = INDICATORS["contracts.collective_contract_in_force"].func
    assert indicator(park, date(2025, 12, 1)) == Decimal("50.00")
    assert indicator(world.enterprise_a, date(2025, 12, 1)) is True
    assert indicator(world.lixia_office, date(2025, 12, 1)) is None


# --- pages --------------------------------------------------------------------------------------


def test_the_pages_walk_from_creation_to_review(world, client_for):
    client = client_for(world.hr_a)
    response = client.post(
        reverse("contracts:collective-create"),
        {
            "coverage": "enterprise",
            "kind": "wage",
            "enterprise": world.enterprise_a.pk,
            "union": world.lixia_union.pk,
            "title": "泉城机械工资专项集体合同",
            "employer_side": "济南泉城机械有限公司",
            "start": "2025-10-01",
            "end": "2026-09-30",
            "wage_increase_percent": "5",
            "minimum_pay": "2600",
        },
    )
    contract = CollectiveContract.objects.get()
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    response = client.post(
        reverse("contracts:collective-bargaining", args=[contract.pk]),
        {"kind": "session", "on": "2025-09-01", "party": "workers", "summary": "协商会议纪要", "attendees": "8"},
    )
    assert BargainingRecord.objects.filter(contract=contract).count() == 1
    page = client.get(contract.get_absolute_url())
    assert "协商会议纪要" in page.content.decode()
    response = client.post(
        reverse("contracts:collective-vote", args=[contract.pk]),
        {"congress_on": "2025-09-12", "delegates_total": "60", "delegates_present": "45", "votes_for": "80"},
    )
    assert response.status_code == 200 and "赞成票80票多于出席代表45人" in response.content.decode()
    client.post(
        reverse("contracts:collective-vote", args=[contract.pk]),
        {"congress_on": "2025-09-12", "delegates_total": "60", "delegates_present": "45", "votes_for": "40"},
    )
    client.post(reverse("contracts:collective-submit", args=[contract.pk]))
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED
    # the enterprise cannot review its own contract
    assert client.get(reverse("contracts:collective-review", args=[contract.pk])).status_code == 403
    response = client.post(reverse("contracts:collective-review", args=[contract.pk]), {"decision": "approve"})
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED
    # Lixia's labor office can
    staff = client_for(world.lixia)
    assert staff.get(reverse("contracts:collective-review", args=[contract.pk])).status_code == 200
    staff.post(reverse("contracts:collective-review", args=[contract.pk]), {"decision": "object", "opinion": "请补充"})
    contract.refresh_from_db()
    assert contract.status == Status.OBJECTED and contract.review_opinion == "请补充"
    assert TimelineEntry.objects.filter(object_id=str(contract.pk), action="object", actor=world.lixia).exists()


def test_an_objection_without_an_opinion_is_refused_on_the_page(world, client_for):
    contract = submitted(world, date(2025, 9, 16))
    response = client_for(world.lixia).post(
        reverse("contracts:collective-review", args=[contract.pk]), {"decision": "object", "opinion": ""}
    )
    assert response.status_code == 200 and "请填写审查意见" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


def test_the_text_page_pdf_and_list(world, client_for):
    contract = voted(world)
    client = client_for(world.hr_a)
    assert "工资调整" in client.get(reverse("contracts:collective-text", args=[contract.pk])).content.decode()
    pdf = client.get(reverse("contracts:collective-pdf", args=[contract.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    listing = client.get(reverse("contracts:collective-list")).content.decode()
    assert contract.number in listing
    export = client.get(reverse("contracts:collective-export"))
    book = openpyxl.load_workbook(BytesIO(export.content), read_only=True)
    assert contract.number in [c for row in book.active.iter_rows(values_only=True) for c in row]


def test_the_coverage_page_and_export(world, client_for):
    contract = submitted(world, date(2025, 9, 16))
    _in_force(contract, world)
    client = client_for(world.lixia)
    page = client.get(reverse("contracts:collective-coverage"), {"on": "2025-12-01", "by_industry": "on"})
    assert page.status_code == 200 and "制造业" in page.content.decode()
    export = client.get(reverse("contracts:collective-coverage-export"), {"on": "2025-12-01"})
    rows = list(openpyxl.load_workbook(BytesIO(export.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("370102", "历下区") and rows[1][3:5] == (1, 1)


def test_the_api_lists_gets_and_counts_within_the_scope(world, client_for):
    contract = submitted(world, date(2025, 9, 16))
    _in_force(contract, world)
    client = client_for(world.hr_a)
    listed = client.get("/api/contracts/collective").json()
    assert [c["number"] for c in listed["items"]] == [contract.number]
    detail = client.get(f"/api/contracts/collective/{contract.pk}").json()
    assert detail["status"] == "effective" and detail["clauses"][0]["key"] == "parties"
    assert client_for(world.hr_b).get(f"/api/contracts/collective/{contract.pk}").status_code == 404
    rows = client_for(world.lixia).get("/api/contracts/collective-coverage", {"on": "2025-12-01"}).json()
    assert rows[0]["covered_enterprises"] == 1 and rows[0]["workers_covered"] == 320


def test_nothing_reviews_itself_through_the_timeline_roles(world):
    """The workflow table lets "staff" and "admin" review; an enterprise's own admin holds "admin"
    on its contract, and the service still refuses them."""
    from hexie.core.models import Membership

    Membership.objects.create(user=world.hr_a, organization=world.enterprise_a, role="admin")
    contract = submitted(world, date(2025, 9, 16))
    with pytest.raises(PermissionDenied):
        service.approve_collective_contract(world.hr_a, contract, at=at(date(2025, 9, 20)))


def test_an_industry_contract_covers_only_its_industry_and_a_township_office_gets_its_share(world):
    import random

    rng = random.Random(21)
    township = Region.objects.get(code="370102001")
    diner = make_org(rng, "解放路小饭馆", "enterprise", "370102001", industry="H", headcount=6)
    make_org(rng, "解放路小五金", "enterprise", "370102001", industry="F", headcount=4)
    office = make_org(rng, "解放路街道办事处", "township", "370102001")
    industry = service.create_collective_contract(
        world.union_lixia,
        draft(
            world,
            coverage="industry",
            kind="wage",
            title="历下区餐饮业工资专项集体合同",
            enterprise=None,
            region=township,
            industry="H",
            employer_side="历下区餐饮行业协会",
        ),
    )
    assert list(industry.covered_enterprises.all()) == [diner] and industry.workers_covered == 6
    service.record_vote(
        world.union_lixia, industry, congress_on=date(2025, 9, 12), delegates_total=9, delegates_present=6, votes_for=5
    )
    service.submit_collective_contract(world.union_lixia, industry, at=at(date(2025, 9, 16)))
    service.approve_collective_contract(world.lixia, industry, at=at(date(2025, 9, 20)))
    indicator = INDICATORS["contracts.collective_contract_in_force"].func
    assert indicator.many([diner, office], date(2025, 12, 1)) == {diner.pk: True, office.pk: Decimal("50.00")}
    rows = service.coverage_for(world.lixia, date(2025, 12, 1), "370102001")
    assert [(r["prefix"], r["industry"], r["covered_enterprises"]) for r in rows] == [
        ("370102001", "F", 0),
        ("370102001", "H", 1),
    ]
