"""The wage rules against the regulation's figures, at their boundaries (WPR, BL, MWR)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hexie.wages import rules

D = Decimal
SHANDONG = {"individual_threshold": D("10000.00"), "collective_threshold": D("50000.00")}


def listing(**overrides):
    values = {
        "workers_owed": 1,
        "months_owed": 3,
        "amount_owed": D("10000.00"),
        "order_ignored": True,
        "corrected_with_pledge": False,
        **SHANDONG,
        **overrides,
    }
    return rules.blacklist_findings(**values)


@pytest.mark.parametrize(
    ("overrides", "grounds"),
    [
        ({}, 1),  # one worker, 3 months, exactly the threshold: "以上" includes it
        ({"amount_owed": D("9999.99")}, 0),
        ({"months_owed": 2}, 0),  # under three months' wages
        ({"order_ignored": False}, 0),  # no order to pay ignored: never listed (BL-5)
        ({"workers_owed": 10, "months_owed": 1, "amount_owed": D("50000.00")}, 1),
        ({"workers_owed": 10, "months_owed": 1, "amount_owed": D("49999.99")}, 0),
        ({"workers_owed": 9, "months_owed": 1, "amount_owed": D("90000.00")}, 0),
        ({"workers_owed": 12, "months_owed": 4, "amount_owed": D("60000.00")}, 2),
        ({"amount_owed": D("100.00"), "months_owed": 1, "mass_incident": True}, 1),
    ],
)
def test_blacklist_grounds_at_the_statutory_boundaries(overrides, grounds):
    findings = listing(**overrides)
    assert len(findings) == grounds
    assert all(f.code == "BL-5" and f.level == "error" for f in findings)


def test_corrected_with_a_pledge_before_the_decision_is_not_listed():
    (finding,) = listing(corrected_with_pledge=True)
    assert finding.code == "BL-7" and finding.level == "warning"


@given(
    workers=st.integers(0, 50),
    months=st.integers(0, 12),
    cents=st.integers(0, 20_000_000),
    ignored=st.booleans(),
)
def test_listing_needs_an_ignored_order_and_a_threshold(workers, months, cents, ignored):
    amount = D(cents) / 100
    findings = listing(workers_owed=workers, months_owed=months, amount_owed=amount, order_ignored=ignored)
    individual = workers >= 1 and months >= 3 and amount >= SHANDONG["individual_threshold"]
    collective = workers >= 10 and amount >= SHANDONG["collective_threshold"]
    assert bool(findings) == (ignored and (individual or collective))


def test_three_years_on_the_list_and_early_removal_six_months_after_correction():
    term = rules.listing_term(date(2026, 3, 31), corrected_on=date(2026, 8, 31))
    assert term.expires_on == date(2029, 3, 31)
    assert term.early_removal_from == date(2027, 2, 28)
    assert (
        rules.early_removal_findings(
            today=date(2027, 2, 28),
            corrected_on=date(2026, 8, 31),
            pledged=True,
            arrears_recurred=False,
            criminal_proceedings=False,
        )
        == []
    )
    early = rules.early_removal_findings(
        today=date(2027, 2, 27),
        corrected_on=date(2026, 8, 31),
        pledged=False,
        arrears_recurred=True,
        criminal_proceedings=True,
    )
    assert [f.code for f in early] == ["BL-12", "BL-12", "BL-14", "BL-14"]


def test_objection_window_is_five_working_days_across_national_day(db):
    # notified Tuesday 2026-09-29: 9-30, then the holiday to 10-07; 10-08, 10-09, Saturday 10-10 (a make-up
    # working day) and Monday 10-12
    deadline = rules.objection_deadline(date(2026, 9, 29))
    assert deadline.date == date(2026, 10, 12) and not deadline.provisional


@pytest.mark.parametrize(
    ("days", "rate", "kind", "paid", "codes"),
    [
        (D("22"), D("300.00"), "daily", D("0"), ["WPR-12"]),  # payday passed, nothing paid
        (D("22"), D("300.00"), "daily", D("6600.00"), []),
        (D("22"), D("300.00"), "daily", D("6599.99"), ["WPR-12"]),  # a cent short
        (D("21.75"), D("1800.00"), "monthly", D("1800.00"), ["MWR"]),  # agreed below the minimum
        (D("0"), D("300.00"), "daily", D("0"), []),  # no attendance, nothing due
    ],
)
def test_worker_month_findings(days, rate, kind, paid, codes):
    findings = rules.worker_month_findings(
        days_worked=days,
        rate=rate,
        rate_kind=kind,
        paid=paid,
        payday=date(2026, 10, 15),
        today=date(2026, 10, 16),
        minimum_monthly=D("2200.00"),
    )
    assert [f.code for f in findings] == codes


def test_nothing_is_owed_before_payday_has_passed():
    assert not rules.worker_month_findings(
        days_worked=D("22"),
        rate=D("300"),
        rate_kind="daily",
        paid=D("0"),
        payday=date(2026, 10, 15),
        today=date(2026, 10, 15),
        minimum_monthly=D("2200"),
    )


@given(days=st.integers(0, 31), rate_cents=st.integers(1, 100_000), paid_cents=st.integers(0, 3_000_000))
def test_owed_is_never_negative_and_zero_when_fully_paid(days, rate_cents, paid_cents):
    rate, paid = D(rate_cents) / 100, D(paid_cents) / 100
    args = {"days_worked": D(days), "rate": rate, "rate_kind": "daily", "minimum_monthly": D("2200")}
    amount = rules.owed(paid=paid, **args)
    assert amount >= 0
    due = max(
        rules.expected_pay(days_worked=D(days), rate=rate, rate_kind="daily"),
        rules.minimum_pay(days_worked=D(days), minimum_monthly=D("2200")),
    )
    assert rules.owed(paid=due, **args) == 0


def test_allocation_deposit_and_roster_rules():
    month = date(2026, 9, 1)
    assert [
        f.code
        for f in rules.allocation_findings(
            month=month, allocated=D(0), scheduled=D("100000"), due_on=date(2026, 9, 30), today=date(2026, 10, 1)
        )
    ] == ["WPR-24"]
    assert not rules.allocation_findings(
        month=month, allocated=D(0), scheduled=D("100000"), due_on=date(2026, 9, 30), today=date(2026, 9, 30)
    )
    assert rules.deposit_findings(contract_amount=D("10000000"), deposited=D(0), rate=D("0.02"))[0].level == "error"
    assert (
        rules.deposit_findings(contract_amount=D("10000000"), deposited=D("199999.99"), rate=D("0.02"))[0].level
        == "warning"
    )
    assert not rules.deposit_findings(contract_amount=D("10000000"), deposited=D("200000"), rate=D("0.02"))
    assert not rules.deposit_findings(contract_amount=D("10000000"), deposited=D(0), rate=D("0.02"), exempt=True)
    assert [f.level for f in rules.roster_findings(enrolled=100, attending=98, unenrolled_attending=2)] == ["error"]


# --- WPR-12/13: the payday ------------------------------------------------------------------------


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


@pytest.mark.parametrize(
    ("month", "payday", "due"),
    [
        (date(2026, 5, 1), 15, date(2026, 6, 15)),  # a Monday: as agreed
        (date(2026, 7, 1), 15, date(2026, 8, 14)),  # Saturday 15 August: paid the Friday before
        (date(2026, 1, 1), 31, date(2026, 2, 27)),  # February is shorter; Saturday 28th → Friday 27th
        (date(2026, 11, 1), 1, date(2026, 12, 1)),
        (date(2026, 12, 1), 10, date(2027, 1, 8)),  # into the next year; Sunday 10th → Friday 8th
    ],
)
def test_wage_payday_in_the_following_month_before_a_rest_day(month, payday, due):
    assert rules.wage_payday(month, payday, _weekdays) == due


def test_wage_payday_before_a_holiday():
    holidays = {date(2026, 10, d) for d in range(1, 8)}
    assert rules.wage_payday(date(2026, 9, 1), 5, lambda d: _weekdays(d) and d not in holidays) == date(2026, 9, 30)


@given(
    year=st.integers(min_value=2020, max_value=2035),
    month=st.integers(min_value=1, max_value=12),
    payday=st.integers(min_value=1, max_value=31),
)
def test_wage_payday_is_the_latest_working_day_not_after_the_agreed_day(year, month, payday):
    import calendar

    due = rules.wage_payday(date(year, month, 1), payday, _weekdays)
    following = date(year + month // 12, month % 12 + 1, 1)
    nominal = following.replace(day=min(payday, calendar.monthrange(following.year, following.month)[1]))
    assert _weekdays(due) and due <= nominal and (nominal - due).days <= 2
    assert all(not _weekdays(date.fromordinal(d)) for d in range(due.toordinal() + 1, nominal.toordinal() + 1))
