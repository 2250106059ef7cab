"""The arrears check (services/detection.py) against the regulation: each rule at its boundary
amounts and dates, then the warnings' life: opened once, re-running changes nothing, paying closes
them, a re-occurrence reopens them, and the campaign hears of it."""

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexie.campaign.models import VetoEvent
from hexie.core.workflow import SYSTEM
from hexie.wages import rules
from hexie.wages.models import Allocation, ArrearsWarning, Deposit, Payout, WorkMonth
from hexie.wages.services import detection
from tests.wages.factory import enroll, make_project

MAY = date(2026, 5, 1)
APRIL = date(2026, 4, 1)
AFTER_PAYDAY = date(2026, 6, 16)  # May's wages fall due on Monday 15 June 2026
MINIMUM = D("1820.00")  # the province-wide floor the core migration seeds (370000)
_refs = itertools.count(1)

Kind = ArrearsWarning.Kind


def clean_project(world, *, county="370102", starts_on=MAY, **fields):
    """A project with its deposit exempted and every month's allocation paid, so that only the
    wage rules speak."""
    project = make_project(world, county=county, starts_on=starts_on, deposit_exempt=True, **fields)
    for month in (APRIL, MAY, date(2026, 6, 1)):
        Allocation.objects.create(project=project, month=month, scheduled=D("1000"), paid=D("1000"))
    return project


def attend(project, person, days, month=MAY):
    return WorkMonth.objects.create(project=project, person=person, month=month, days=D(days))


def pay(project, person, amount, month=MAY, paid_on=date(2026, 6, 15)):
    return Payout.objects.create(
        project=project, person=person, month=month, amount=D(amount), paid_on=paid_on, bank_reference=f"T{next(_refs)}"
    )


def warnings(**filters):
    return {(w.kind, w.month, w.status) for w in ArrearsWarning.objects.filter(**filters)}


# --- the payday (WPR-12/13) ------------------------------------------------------------------------


def test_the_payday_is_in_the_following_month_and_moves_before_a_rest_day(world):
    from hexie.core.calendar import is_workday

    assert rules.wage_payday(MAY, 15, is_workday) == date(2026, 6, 15)
    # April's wages on the 5th: 1–5 May is the Labour Day holiday, paid in advance on Thursday 30 April.
    assert rules.wage_payday(APRIL, 5, is_workday) == date(2026, 4, 30)
    # January's on the 31st: February has 28 days, and Saturday 28 February 2026 is a make-up working day.
    assert rules.wage_payday(date(2026, 1, 1), 31, is_workday) == date(2026, 2, 28)
    # July's on the 15th: Saturday 15 August → Friday 14 August.
    assert rules.wage_payday(date(2026, 7, 1), 15, is_workday) == date(2026, 8, 14)


@pytest.mark.parametrize(
    ("today", "found"), [(date(2026, 6, 15), False), (date(2026, 6, 16), True), (date(2026, 6, 14), False)]
)
def test_payday_today_is_not_yet_arrears_the_day_after_is(world, today, found):
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("300.00"))
    attend(project, world.alice_person, "20")
    result = detection.check(today)
    assert ((project.pk, Kind.UNPAID, MAY) in result.findings) is found
    assert bool(warnings(project=project)) is found


def test_a_payday_on_a_holiday_falls_due_the_working_day_before(world):
    project = clean_project(world, starts_on=APRIL, payday=5)
    enroll(project, world.alice_person, rate=D("300.00"))
    attend(project, world.alice_person, "20", month=APRIL)
    assert not detection.check(date(2026, 4, 30)).findings
    assert (project.pk, Kind.UNPAID, APRIL) in detection.check(date(2026, 5, 1)).findings


# --- the amounts (WPR-12, MWR) ------------------------------------------------------------------


def test_unpaid_worker_with_attendance_opens_one_warning_with_the_amount_owed(world):
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("300.00"))
    enroll(project, world.carol_person, rate=D("250.00"))
    attend(project, world.alice_person, "20")
    attend(project, world.carol_person, "10.5")
    result = detection.check(AFTER_PAYDAY)
    warning = ArrearsWarning.objects.get(project=project)
    assert (warning.kind, warning.rule, warning.workers, warning.amount) == (Kind.UNPAID, "WPR-12", 2, D("8625.00"))
    assert result.owed == {
        (project.pk, world.alice_person.pk, MAY): D("6000.00"),
        (project.pk, world.carol_person.pk, MAY): D("2625.00"),
    }
    assert "2026-05" in warning.detail


def test_a_worker_without_attendance_owes_nothing(world):
    project = clean_project(world)
    enroll(project, world.alice_person)
    attend(project, world.alice_person, "0")
    attend(project, world.carol_person, "3")  # not on the roster: a WPR-28 finding, not a wage one
    result = detection.check(AFTER_PAYDAY)
    assert not result.owed
    assert warnings(project=project) == {(Kind.ROSTER, MAY, "open")}


@pytest.mark.parametrize(
    ("paid", "kinds"),
    [("5999.99", {Kind.UNDERPAID}), ("6000.00", set()), ("6000.01", set()), ("3000.00", {Kind.UNDERPAID})],
)
def test_a_cent_short_is_underpaid_exactly_paid_is_not(world, paid, kinds):
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("300.00"))
    attend(project, world.alice_person, "20")
    pay(project, world.alice_person, D(paid) - D("1000.00"))
    pay(project, world.alice_person, "1000.00")  # two payouts of one month add up
    detection.check(AFTER_PAYDAY)
    assert {w.kind for w in ArrearsWarning.objects.filter(project=project)} == kinds
    if kinds:
        assert ArrearsWarning.objects.get(project=project).amount == D("6000.00") - D(paid)


def test_below_minimum_wage_is_its_own_warning(world):
    # 80 yuan a day × 21 days = 1680.00 paid in full, but the floor for 21 days is 1820 × 21 / 21.75 = 1757.24.
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("80.00"))
    attend(project, world.alice_person, "21")
    pay(project, world.alice_person, "1680.00")
    result = detection.check(AFTER_PAYDAY)
    assert rules.minimum_pay(days_worked=D(21), minimum_monthly=MINIMUM) == D("1757.24")
    warning = ArrearsWarning.objects.get(project=project)
    assert (warning.kind, warning.rule, warning.amount, warning.workers) == (Kind.BELOW_MINIMUM, "MWR", D("77.24"), 1)
    assert result.owed == {(project.pk, world.alice_person.pk, MAY): D("77.24")}


@pytest.mark.parametrize(("paid", "below"), [("1757.23", True), ("1757.24", False)])
def test_the_minimum_wage_boundary(world, paid, below):
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("80.00"))
    attend(project, world.alice_person, "21")
    pay(project, world.alice_person, paid)
    detection.check(AFTER_PAYDAY)
    assert ArrearsWarning.objects.filter(project=project, kind=Kind.BELOW_MINIMUM).exists() is below


def test_a_monthly_rate_is_paid_pro_rata_over_21_75_days(world):
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("6525.00"), rate_kind="monthly")
    attend(project, world.alice_person, "10")  # 6525 × 10 / 21.75 = 3000.00
    pay(project, world.alice_person, "2999.99")
    detection.check(AFTER_PAYDAY)
    assert ArrearsWarning.objects.get(project=project).amount == D("0.01")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rate_kind=st.sampled_from(["daily", "monthly"]),
    rate=st.integers(min_value=50, max_value=600),
    halves=st.integers(min_value=1, max_value=62),
    delta_cents=st.integers(min_value=-300, max_value=300),
)
def test_the_check_owes_exactly_what_the_rules_owe(world, rate_kind, rate, halves, delta_cents):
    """Around the larger of attendance × rate and the minimum wage, the check (SQL filter plus the
    rules) owes exactly `rules.owed`: the SQL filter never drops a row that owes a fen, daily or
    monthly (a monthly wage's 21.75-day division is inexact in the database)."""
    ArrearsWarning.objects.all().delete()
    project = clean_project(world)
    rate = rate if rate_kind == "daily" else rate * 17 + D("0.37")
    enroll(project, world.alice_person, rate=D(rate), rate_kind=rate_kind)
    days = D(halves) / 2
    attend(project, world.alice_person, days)
    due = max(
        rules.expected_pay(days_worked=days, rate=D(rate), rate_kind=rate_kind),
        rules.minimum_pay(days_worked=days, minimum_monthly=MINIMUM),
    )
    paid = due + D(delta_cents) / 100
    if paid > 0:
        pay(project, world.alice_person, paid)
    result = detection.check(AFTER_PAYDAY, projects=[project])
    expected = rules.owed(
        days_worked=days, rate=D(rate), rate_kind=rate_kind, paid=max(paid, D(0)), minimum_monthly=MINIMUM
    )
    assert result.owed.get((project.pk, world.alice_person.pk, MAY), D(0)) == expected
    project.delete()


# --- the project-month rules (WPR-24, WPR-28, WPR-32) ---------------------------------------------


def test_allocation_missing_for_a_month_with_wages(world):
    project = make_project(world, starts_on=MAY, deposit_exempt=True)
    enroll(project, world.alice_person, rate=D("300.00"))
    attend(project, world.alice_person, "20")
    pay(project, world.alice_person, "6000.00")
    detection.check(AFTER_PAYDAY)
    warning = ArrearsWarning.objects.get(project=project)
    # No allocation row: the month's labor cost (the wages due) was owed to the special account.
    assert (warning.kind, warning.rule, warning.amount) == (Kind.ALLOCATION, "WPR-24", D("6000.00"))
    Allocation.objects.create(project=project, month=MAY, scheduled=D("6000"), paid=D("6000"))
    assert detection.check(AFTER_PAYDAY).resolved == 1


def test_allocation_short_of_its_schedule(world):
    project = make_project(world, starts_on=MAY, deposit_exempt=True)
    Allocation.objects.create(project=project, month=MAY, scheduled=D("50000"), paid=D("49999.99"))
    detection.check(AFTER_PAYDAY)
    assert ArrearsWarning.objects.get(project=project, kind=Kind.ALLOCATION).amount == D("0.01")


@pytest.mark.parametrize(
    ("deposited", "found"), [(None, D("600000.00")), ("599999.99", D("0.01")), ("600000.00", None)]
)
def test_deposit_of_two_percent_of_the_contract(world, deposited, found):
    project = make_project(world, starts_on=MAY)  # contract 30,000,000.00 → 2 % = 600,000.00
    if deposited:
        Deposit.objects.create(project=project, form="cash", amount=D(deposited), deposited_on=MAY)
    detection.check(AFTER_PAYDAY)
    warning = ArrearsWarning.objects.filter(project=project, kind=Kind.DEPOSIT).first()
    assert (warning.amount if warning else None) == found
    if warning:
        assert (warning.rule, warning.month) == ("WPR-32", MAY)


def test_deposit_rate_is_a_setting(world, settings):
    settings.WAGES_DEPOSIT_RATE = "0.01"
    project = make_project(world, starts_on=MAY)
    Deposit.objects.create(project=project, form="bank_guarantee", amount=D("300000"), deposited_on=MAY)
    detection.check(AFTER_PAYDAY)
    assert not ArrearsWarning.objects.filter(project=project, kind=Kind.DEPOSIT).exists()


def test_a_roster_with_nobody_attending(world):
    project = clean_project(world)
    enroll(project, world.alice_person)
    detection.check(AFTER_PAYDAY)
    assert warnings(project=project) == {(Kind.ROSTER, MAY, "open")}
    attend(project, world.alice_person, "20")
    pay(project, world.alice_person, "6000")
    result = detection.check(AFTER_PAYDAY)
    assert result.resolved == 1 and warnings(project=project) == {(Kind.ROSTER, MAY, "closed")}


# --- the warnings' life ---------------------------------------------------------------------------


def test_the_check_opens_exactly_the_expected_warnings_and_paying_closes_them(world):
    good, owing = clean_project(world), clean_project(world)
    foreign = clean_project(world, county="370103")
    for project in (good, owing, foreign):
        enroll(project, world.alice_person if project is not foreign else world.bob_person, rate=D("300.00"))
    enroll(owing, world.carol_person, rate=D("80.00"))
    attend(good, world.alice_person, "20")
    pay(good, world.alice_person, "6000.00")
    attend(foreign, world.bob_person, "10")
    pay(foreign, world.bob_person, "3000.00")
    WorkMonth.objects.create(project=owing, person=world.carol_person, month=MAY, days=D("21"))
    pay(owing, world.carol_person, "1680.00")  # below the minimum
    # Alice works on both projects in May (different days); the owing one paid her nothing.
    WorkMonth.objects.create(project=owing, person=world.alice_person, month=MAY, days=D("5"))
    enroll_alice = owing.roster.get(person=world.alice_person)
    assert enroll_alice.rate == D("300.00")

    first = detection.check(AFTER_PAYDAY)
    assert warnings() == {(Kind.UNPAID, MAY, "open"), (Kind.BELOW_MINIMUM, MAY, "open")}
    assert set(ArrearsWarning.objects.values_list("project", flat=True)) == {owing.pk}
    assert len(first.opened) == 2
    unpaid = ArrearsWarning.objects.get(kind=Kind.UNPAID)
    assert (unpaid.workers, unpaid.amount, unpaid.opened_on) == (1, D("1500.00"), AFTER_PAYDAY)
    assert unpaid.deadline == date(2026, 6, 24)  # five working days: 17, 18, (Dragon Boat 19–21) 22, 23, 24
    assert unpaid.inspection == world.orgs["lixia_office"]
    assert VetoEvent.objects.filter(organization=owing.general_contractor, kind="wage_arrears").count() == 2

    # Re-running changes nothing.
    again = detection.check(date(2026, 6, 17))
    assert (len(again.opened), again.updated, again.resolved, again.reopened) == (0, 0, 0, 0)
    assert ArrearsWarning.objects.count() == 2 and VetoEvent.objects.count() == 2

    # Part-paying updates the open warning's figures.
    pay(owing, world.alice_person, "500.00", paid_on=date(2026, 6, 17))
    detection.check(date(2026, 6, 18))
    underpaid = ArrearsWarning.objects.get(kind=Kind.UNDERPAID)
    assert underpaid.amount == D("1000.00") and ArrearsWarning.objects.get(pk=unpaid.pk).status == "closed"

    # Paying the arrears closes them (SYSTEM), with the day.
    pay(owing, world.alice_person, "1000.00", paid_on=date(2026, 6, 18))
    pay(owing, world.carol_person, "77.24", paid_on=date(2026, 6, 18))
    paid = detection.check(date(2026, 6, 19))
    assert paid.resolved == 2 and not paid.owed
    assert {w.status for w in ArrearsWarning.objects.all()} == {"closed"}
    closed = ArrearsWarning.objects.get(kind=Kind.BELOW_MINIMUM)
    assert closed.closed_on == date(2026, 6, 19)
    assert closed.timeline.last().actor_role == SYSTEM

    # A re-occurrence (a payout reversed) reopens the closed warning rather than opening a second.
    Payout.objects.filter(person=world.carol_person, amount=D("77.24")).delete()
    reopened = detection.check(date(2026, 6, 22))
    assert reopened.reopened == 1 and not reopened.opened
    warning = ArrearsWarning.objects.get(kind=Kind.BELOW_MINIMUM)
    assert (warning.status, warning.closed_on, warning.opened_on) == ("open", None, date(2026, 6, 22))
    # The veto events: the two first warnings, the underpaid one after the part payment, the reopening.
    assert VetoEvent.objects.count() == 4


def test_check_project_touches_only_that_project(world):
    one, other = clean_project(world), clean_project(world)
    for project in (one, other):
        enroll(project, world.alice_person)
    attend(one, world.alice_person, "10")
    WorkMonth.objects.create(project=other, person=world.alice_person, month=MAY, days=D("10"))
    detection.check_project(one, AFTER_PAYDAY)
    assert set(ArrearsWarning.objects.values_list("project", flat=True)) == {one.pk}
    pay(one, world.alice_person, "3000")
    detection.check_project(other, AFTER_PAYDAY)  # `one` is not re-checked: its warning stays open
    assert ArrearsWarning.objects.get(project=one).status == "open"
    assert ArrearsWarning.objects.filter(project=other).count() == 1


def test_warnings_go_to_the_grid_member(world):
    from tests.world import make_user

    grid = make_user("grid_lixia", org=world.orgs["lixia_office"], role="grid")
    project = clean_project(world, grid_member=grid)
    enroll(project, world.alice_person)
    attend(project, world.alice_person, "10")
    detection.check(AFTER_PAYDAY)
    assert ArrearsWarning.objects.get(project=project).assigned_to == grid


def test_a_closed_project_is_not_checked(world):
    project = clean_project(world, status="closed")
    enroll(project, world.alice_person)
    attend(project, world.alice_person, "10")
    assert not detection.check(AFTER_PAYDAY).findings


def test_owed_workers_of_a_warning(world):
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("300.00"))
    enroll(project, world.carol_person, rate=D("300.00"))
    attend(project, world.alice_person, "20")
    attend(project, world.carol_person, "20")
    pay(project, world.carol_person, "6000")
    detection.check(AFTER_PAYDAY)
    warning = ArrearsWarning.objects.get(project=project)
    rows = detection.owed_workers(warning, AFTER_PAYDAY)
    assert [(r.person_id, r.owed) for r in rows] == [(world.alice_person.pk, D("6000.00"))]


def test_an_earlier_month_is_due_whatever_the_payday_this_month(world):
    # Payday the 25th: on 16 June April's wages (due 25 May) are owed, May's (due 25 June) not yet.
    project = clean_project(world, starts_on=APRIL, payday=25)
    enroll(project, world.alice_person, rate=D("300.00"))
    attend(project, world.alice_person, "10", month=APRIL)
    attend(project, world.alice_person, "20", month=MAY)
    result = detection.check(AFTER_PAYDAY)
    assert result.owed == {(project.pk, world.alice_person.pk, APRIL): D("3000.00")}
    warning = ArrearsWarning.objects.get(project=project)
    assert [r.owed for r in detection.owed_workers(warning, AFTER_PAYDAY)] == [D("3000.00")]
    assert set(detection.check(date(2026, 6, 26)).owed) == {
        (project.pk, world.alice_person.pk, APRIL),
        (project.pk, world.alice_person.pk, MAY),
    }
