"""Labor-contract rules against tables of statutory cases (each row: the article and why), and their
boundaries with hypothesis: probation at its limit and one day over, the 80% wage floor in cents, the
6-month service boundary, the 3× and 12-year caps, the 10% dispatch share and the layoff threshold."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hexie.contracts.rules import (
    ContractTerms,
    check_contract,
    dispatch_share_findings,
    double_wage_period,
    is_mass_layoff,
    notice_findings,
    probation_limit_months,
    severance,
    severance_months,
)
from hexie.core.rules import Finding, add_months, full_months, months_end

D = Decimal
MIN = D("2200")  # Shandong tier 1 (RULES.md)

CLAUSES = dict(
    employer_name="济南和谐机械有限公司",
    employer_address="济南市历下区经十路1号",
    legal_representative="王强",
    worker_name="李娜",
    worker_address="济南市市中区纬二路2号",
    worker_id_number="370102199001011234",
    job="装配工",
    work_place="济南市历下区",
    working_hours="标准工时制",
    rest="依法享有休息休假",
    social_insurance="依法缴纳社会保险",
    protection="提供符合国家规定的劳动保护和劳动条件",
)


def terms(**changes):
    """A lawful three-year contract from 2025-03-01 with every clause."""
    base = ContractTerms(term_kind="fixed", start=date(2025, 3, 1), end=date(2028, 2, 29), wage=D("5000"), **CLAUSES)
    return replace(base, **changes)


def codes(findings):
    return sorted((f.code, f.level) for f in findings)


def test_a_lawful_contract_has_no_findings():
    assert check_contract(terms(probation_end=date(2025, 8, 31), probation_wage=D("4000")), minimum_wage=MIN) == []


# (why — article, changes, expected (code, level) pairs)
CASES = [
    ("3-year term: 6 months' probation allowed — LCL-19", dict(probation_end=date(2025, 8, 31)), []),
    ("3-year term: 6 months and a day — LCL-19", dict(probation_end=date(2025, 9, 1)), [("LCL-19", "error")]),
    (
        "a day short of 3 years: at most 2 months — LCL-19",
        dict(end=date(2028, 2, 28), probation_end=date(2025, 5, 1)),
        [("LCL-19", "error")],
    ),
    ("a day short of 3 years: 2 months — LCL-19", dict(end=date(2028, 2, 28), probation_end=date(2025, 4, 30)), []),
    ("exactly 1 year: 2 months — LCL-19", dict(end=date(2026, 2, 28), probation_end=date(2025, 4, 30)), []),
    (
        "a day short of 1 year: at most 1 month — LCL-19",
        dict(end=date(2026, 2, 27), probation_end=date(2025, 4, 1)),
        [("LCL-19", "error")],
    ),
    ("a day short of 1 year: 1 month — LCL-19", dict(end=date(2026, 2, 27), probation_end=date(2025, 3, 31)), []),
    ("exactly 3 months: 1 month — LCL-19", dict(end=date(2025, 5, 31), probation_end=date(2025, 3, 31)), []),
    (
        "under 3 months: no probation — LCL-19",
        dict(end=date(2025, 5, 30), probation_end=date(2025, 3, 10)),
        [("LCL-19", "error")],
    ),
    (
        "task-based: no probation — LCL-19",
        dict(term_kind="task", end=None, task="完成厂房改造工程", probation_end=date(2025, 3, 10)),
        [("LCL-19", "error")],
    ),
    ("open-ended: 6 months — LCL-19", dict(term_kind="open_ended", end=None, probation_end=date(2025, 8, 31)), []),
    (
        "open-ended: 6 months and a day — LCL-19",
        dict(term_kind="open_ended", end=None, probation_end=date(2025, 9, 1)),
        [("LCL-19", "error")],
    ),
    (
        "Jan 31 + 1 month ends on Feb 28 — LCL-19, Civil Code 203",
        dict(start=date(2025, 1, 31), end=date(2025, 6, 30), probation_end=date(2025, 2, 28)),
        [],
    ),
    (
        "Jan 31 + 1 month: Mar 1 is over — LCL-19",
        dict(start=date(2025, 1, 31), end=date(2025, 6, 30), probation_end=date(2025, 3, 1)),
        [("LCL-19", "error")],
    ),
    (
        "leap year: Jan 31 + 1 month ends on Feb 29 — LCL-19",
        dict(start=date(2024, 1, 31), end=date(2024, 6, 30), probation_end=date(2024, 2, 29)),
        [],
    ),
    ("probation ends before the start — LCL-19", dict(probation_end=date(2025, 2, 28)), [("LCL-19", "error")]),
    ("probation wage exactly 80% — LCL-20", dict(probation_end=date(2025, 5, 31), probation_wage=D("4000")), []),
    (
        "probation wage a cent under 80% — LCL-20",
        dict(probation_end=date(2025, 5, 31), probation_wage=D("3999.99")),
        [("LCL-20", "error")],
    ),
    (
        "80% of 3333.33 is 2666.664: 2666.66 is under — LCL-20",
        dict(wage=D("3333.33"), probation_end=date(2025, 5, 31), probation_wage=D("2666.66")),
        [("LCL-20", "error")],
    ),
    (
        "80% of 3333.33: 2666.67 is enough — LCL-20",
        dict(wage=D("3333.33"), probation_end=date(2025, 5, 31), probation_wage=D("2666.67")),
        [],
    ),
    (
        "probation wage 80% but under the minimum wage — LCL-20, LCLR-15",
        dict(wage=D("2500"), probation_end=date(2025, 5, 31), probation_wage=D("2000")),
        [("LCL-20", "error")],
    ),
    ("wage at the minimum — MWR", dict(wage=D("2200")), []),
    ("wage a cent under the minimum — MWR", dict(wage=D("2199.99")), [("MWR", "error")]),
    ("no wage agreed — LCL-17", dict(wage=D("0")), [("LCL-17", "error")]),
    ("fixed term without an end — LCL-17", dict(end=None), [("LCL-17", "error")]),
    ("task-based without its task — LCL-17", dict(term_kind="task", end=None), [("LCL-17", "error")]),
    ("end before start — LCL-17", dict(end=date(2025, 2, 1)), [("LCL-17", "error")]),
    ("open-ended with an end — LCL-14", dict(term_kind="open_ended"), [("LCL-17", "error")]),
    ("social insurance missing — LCL-17", dict(social_insurance=" "), [("LCL-17", "error")]),
    ("signed within the first month — LCL-10", dict(first_work_day=date(2025, 2, 1), signed_on=date(2025, 2, 28)), []),
    (
        "signed on the first day of month 2: nothing owed — LCL-82",
        dict(first_work_day=date(2025, 2, 1), signed_on=date(2025, 3, 1)),
        [],
    ),
    (
        "signed late: double wages — LCL-10, LCL-82, LCLR-6",
        dict(first_work_day=date(2025, 2, 1), signed_on=date(2025, 3, 2)),
        [("LCL-10", "warning")],
    ),
    (
        "signed by the start date when no signing day is given — LCL-10",
        dict(first_work_day=date(2025, 1, 1)),
        [("LCL-10", "warning")],
    ),
    (
        "signed on the last day of the first year — LCL-82, LCLR-6",
        dict(first_work_day=date(2024, 3, 1), signed_on=date(2025, 2, 28)),
        [("LCL-10", "warning")],
    ),
    (
        "a year without a contract: open-ended deemed — LCL-14, LCL-82, LCLR-7",
        dict(first_work_day=date(2024, 3, 1), signed_on=date(2025, 3, 1)),
        [("LCL-82", "error")],
    ),
    ("after two fixed terms — LCL-14", dict(previous_fixed_terms=2), [("LCL-14", "warning")]),
    ("after one fixed term — LCL-14", dict(previous_fixed_terms=1), []),
    ("ten years of service — LCL-14", dict(years_of_service=10), [("LCL-14", "warning")]),
    ("9.9 years of service — LCL-14", dict(years_of_service=D("9.9")), []),
    (
        "the worker asks for a fixed term — LCL-14",
        dict(previous_fixed_terms=3, years_of_service=12, worker_requested_fixed_term=True),
        [],
    ),
    (
        "open-ended offered after two fixed terms — LCL-14",
        dict(term_kind="open_ended", end=None, previous_fixed_terms=2),
        [],
    ),
]


@pytest.mark.parametrize("why, changes, expected", CASES, ids=[c[0] for c in CASES])
def test_statutory_cases(why, changes, expected):
    assert codes(check_contract(terms(**changes), minimum_wage=MIN)) == sorted(expected)


PART_TIME = dict(
    term_kind="part_time", end=None, wage=D("25"), hours_per_day=D(4), hours_per_week=D(24), pay_cycle_days=15
)
PART_TIME_CASES = [
    ("4 h a day, 24 h a week, paid every 15 days — LCL-68, LCL-72", {}, []),
    ("4.5 h a day on average — LCL-68", dict(hours_per_day=D("4.5")), [("LCL-68", "error")]),
    ("25 h a week — LCL-68", dict(hours_per_week=D(25)), [("LCL-68", "error")]),
    ("paid monthly — LCL-72", dict(pay_cycle_days=30), [("LCL-72", "error")]),
    ("probation — LCL-70", dict(probation_end=date(2025, 3, 7)), [("LCL-70", "error")]),
    ("hourly wage under the hourly minimum — LCL-72, MWR", dict(wage=D("21.99")), [("MWR", "error")]),
    ("oral agreement allowed: gaps only warned — LCL-17, LCL-69", dict(worker_address=""), [("LCL-17", "warning")]),
    ("no written-contract deadline — LCL-69", dict(first_work_day=date(2024, 1, 1)), []),
    ("no open-ended entitlement check — LCL-14, LCL-71", dict(previous_fixed_terms=5), []),
]


@pytest.mark.parametrize("why, changes, expected", PART_TIME_CASES, ids=[c[0] for c in PART_TIME_CASES])
def test_part_time_cases(why, changes, expected):
    findings = check_contract(terms(**{**PART_TIME, **changes}), minimum_wage=D("22"))
    assert codes(findings) == sorted(expected)


def test_probation_only_once_per_employer_and_worker():
    findings = check_contract(terms(probation_end=date(2025, 3, 31)), minimum_wage=MIN, had_probation_before=True)
    assert findings == [
        Finding("LCL-19", "error", "同一用人单位与同一劳动者只能约定一次试用期（劳动合同法第十九条第二款）")
    ]
    assert check_contract(terms(), minimum_wage=MIN, had_probation_before=True) == []


def test_messages_are_chinese_and_cite_the_article():
    (finding,) = check_contract(terms(probation_end=date(2025, 9, 1)), minimum_wage=MIN)
    assert finding.message.startswith("试用期超过法定上限")
    assert "不得超过6个月，最迟至2025-08-31" in finding.message
    assert finding.message.endswith("（劳动合同法第十九条）")


def test_missing_clauses_are_listed():
    (finding,) = check_contract(terms(worker_address="", social_insurance="", end=None), minimum_wage=MIN)
    assert finding.code == "LCL-17"
    assert "劳动者住址" in finding.message and "社会保险" in finding.message and "劳动合同期限" in finding.message
    assert "工作地点" not in finding.message


def test_double_wage_exposure_in_months_and_days():
    (finding,) = check_contract(terms(first_work_day=date(2025, 2, 1), signed_on=date(2025, 5, 16)), minimum_wage=MIN)
    assert "2025-03-01至2025-05-15" in finding.message
    assert "（2个月15天）" in finding.message
    assert double_wage_period(date(2025, 2, 1), date(2025, 5, 16)) == (date(2025, 3, 1), date(2025, 5, 15))


def test_a_year_without_a_contract_owes_eleven_months_and_deems_open_ended():
    (finding,) = check_contract(terms(first_work_day=date(2024, 3, 1), signed_on=date(2025, 6, 1)), minimum_wage=MIN)
    assert "视为自2025-03-01起已订立无固定期限劳动合同" in finding.message
    assert "2024-04-01至2025-02-28" in finding.message
    assert double_wage_period(date(2024, 3, 1), date(2025, 6, 1)) == (date(2024, 4, 1), date(2025, 2, 28))


@pytest.mark.parametrize(
    "why, kwargs, expected",
    [
        ("the notice day is not counted: 30 days — LCL-37", dict(by="worker"), []),
        ("29 days — LCL-37", dict(by="worker", leaving_on=date(2025, 3, 30)), [("LCL-37", "warning")]),
        ("3 days in probation — LCL-37", dict(by="worker", in_probation=True, leaving_on=date(2025, 3, 4)), []),
        (
            "2 days in probation — LCL-37",
            dict(by="worker", in_probation=True, leaving_on=date(2025, 3, 3)),
            [("LCL-37", "warning")],
        ),
        ("employer, 30 days — LCL-40", dict(by="employer"), []),
        ("employer, 10 days — LCL-40", dict(by="employer", leaving_on=date(2025, 3, 11)), [("LCL-40", "error")]),
        (
            "employer pays a month instead — LCL-40",
            dict(by="employer", leaving_on=date(2025, 3, 2), pay_in_lieu=True),
            [],
        ),
    ],
)
def test_notice(why, kwargs, expected):
    kwargs = {"leaving_on": date(2025, 3, 31), **kwargs}
    assert codes(notice_findings(date(2025, 3, 1), **kwargs)) == sorted(expected)


# (why — article, start, end, average wage, local average, unlawful, expected yuan)
SEVERANCE = [
    ("5 full years — LCL-47", date(2010, 1, 1), date(2014, 12, 31), "6000", "7000", False, "30000.00"),
    ("5 years 6 months count as 6 — LCL-47", date(2010, 1, 1), date(2015, 6, 30), "6000", "7000", False, "36000.00"),
    (
        "5 years and a day short of 6 months: 5.5 — LCL-47",
        date(2010, 1, 1),
        date(2015, 6, 29),
        "6000",
        "7000",
        False,
        "33000.00",
    ),
    ("10 days: half a month — LCL-47", date(2020, 1, 1), date(2020, 1, 10), "6000", "7000", False, "3000.00"),
    ("6 months: one month — LCL-47", date(2020, 1, 1), date(2020, 6, 30), "6000", "7000", False, "6000.00"),
    (
        "wage under the minimum: minimum basis — LCLR-27",
        date(2020, 1, 1),
        date(2021, 12, 31),
        "1500",
        "7000",
        False,
        "4400.00",
    ),
    (
        "above 3× local average: 3× for at most 12 years — LCL-47",
        date(2008, 1, 1),
        date(2022, 12, 31),
        "30000",
        "8000",
        False,
        "288000.00",
    ),
    ("exactly 3× is not capped — LCL-47", date(2008, 1, 1), date(2022, 12, 31), "24000", "8000", False, "360000.00"),
    ("unlawful: twice — LCL-87", date(2010, 1, 1), date(2014, 12, 31), "6000", "7000", True, "60000.00"),
    (
        "service before 2008 not counted here — LCL-97",
        date(2000, 1, 1),
        date(2009, 12, 31),
        "6000",
        "7000",
        False,
        "12000.00",
    ),
    ("ended before 2008 — LCL-97", date(2000, 1, 1), date(2007, 12, 31), "6000", "7000", False, "0.00"),
    (
        "half a month of 3333.335 rounds half up — LCL-47",
        date(2020, 1, 1),
        date(2020, 2, 1),
        "3333.335",
        "7000",
        False,
        "1666.67",
    ),
]


@pytest.mark.parametrize("why, start, end, wage, local, unlawful, expected", SEVERANCE, ids=[s[0] for s in SEVERANCE])
def test_severance_cases(why, start, end, wage, local, unlawful, expected):
    amount = severance(start, end, D(wage), local_average_wage=D(local), minimum_wage=MIN, unlawful=unlawful)
    assert amount == D(expected) and amount.as_tuple().exponent == -2


def test_severance_rejects_an_end_before_the_start():
    with pytest.raises(ValueError):
        severance(date(2020, 1, 2), date(2020, 1, 1), D(5000), local_average_wage=D(7000), minimum_wage=MIN)


@pytest.mark.parametrize(
    "why, employees, dispatched, expected",
    [
        ("exactly 10% of the total — DR-4", 90, 10, []),
        ("just over 10% — DR-4", 89, 10, [("DR-4", "error")]),
        ("no dispatched workers — DR-4", 0, 0, []),
        ("only dispatched workers — DR-4", 0, 1, [("DR-4", "error")]),
    ],
)
def test_dispatch_share(why, employees, dispatched, expected):
    assert codes(dispatch_share_findings(employees, dispatched)) == expected


@pytest.mark.parametrize(
    "why, laid_off, headcount, expected",
    [
        ("20 people — LCL-41", 20, 10000, True),
        ("19 of 200 is under 10% — LCL-41", 19, 200, False),
        ("19 of 190 is 10% — LCL-41", 19, 190, True),
        ("10 of 100 is 10% — LCL-41", 10, 100, True),
        ("9 of 100 — LCL-41", 9, 100, False),
        ("nobody — LCL-41", 0, 5, False),
    ],
)
def test_mass_layoff(why, laid_off, headcount, expected):
    assert is_mass_layoff(laid_off, headcount) is expected


# Boundaries with hypothesis.
days = st.dates(min_value=date(2008, 1, 1), max_value=date(2060, 12, 31))


@given(days, st.integers(min_value=0, max_value=600))
def test_months_end_and_full_months_agree(start, months):
    end = months_end(start, months)
    assert full_months(start, end) == months
    if months:
        assert full_months(start, end - timedelta(days=1)) == months - 1
    if start.day == add_months(start, months).day:
        assert end + timedelta(days=1) == add_months(start, months)


@given(days, st.integers(min_value=0, max_value=2000), st.sampled_from(["fixed", "open_ended"]))
def test_probation_exactly_at_the_limit_and_one_day_over(start, term_days, kind):
    end = start + timedelta(days=term_days) if kind == "fixed" else None
    contract = terms(term_kind=kind, start=start, end=end)
    limit = probation_limit_months(contract)
    last = months_end(start, limit) if limit else start
    over = replace(contract, probation_end=last + timedelta(days=1))
    assert "LCL-19" in {f.code for f in check_contract(over, minimum_wage=MIN)}
    at_limit = replace(contract, probation_end=last)
    assert ("LCL-19" in {f.code for f in check_contract(at_limit, minimum_wage=MIN)}) is (limit == 0)


@given(st.integers(min_value=275_002, max_value=10_000_000))
def test_probation_wage_floor_in_cents(wage_cents):
    wage = D(wage_cents) / 100
    floor = (wage * D("0.8")).quantize(D("0.01"), rounding=ROUND_CEILING)
    base = terms(wage=wage, probation_end=date(2025, 3, 31))
    assert check_contract(replace(base, probation_wage=floor), minimum_wage=MIN) == []
    assert codes(check_contract(replace(base, probation_wage=floor - D("0.01")), minimum_wage=MIN)) == [
        ("LCL-20", "error")
    ]


@given(days, st.integers(min_value=0, max_value=30))
def test_six_month_service_boundary(start, years):
    at_six = months_end(start, 12 * years + 6)
    assert severance_months(start, at_six) == years + 1
    assert severance_months(start, at_six - timedelta(days=1)) == years + D("0.5")
    full = months_end(start, 12 * years) if years else None
    if full:
        assert severance_months(start, full) == years
        assert severance_months(start, full + timedelta(days=1)) == years + D("0.5")


@given(
    days,
    st.integers(min_value=0, max_value=20000),
    st.integers(min_value=100_000, max_value=5_000_000),
    st.integers(min_value=300_000, max_value=2_000_000),
)
def test_three_times_and_twelve_year_caps(start, service_days, wage_cents, local_cents):
    end = start + timedelta(days=service_days)
    wage, local = D(wage_cents) / 100, D(local_cents) / 100
    amount = severance(start, end, wage, local_average_wage=local, minimum_wage=MIN)
    months = severance_months(start, end)
    if max(wage, MIN) > 3 * local:
        raw = 3 * local * min(months, 12)
        assert amount <= 36 * local
    else:
        raw = max(wage, MIN) * months
    assert amount == raw.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    unlawful = severance(start, end, wage, local_average_wage=local, minimum_wage=MIN, unlawful=True)
    assert unlawful == (2 * raw).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=100_000))
def test_ten_percent_dispatch_boundary(employees, dispatched):
    total = employees + dispatched
    over = dispatched > 0 and Fraction(dispatched, total) > Fraction(1, 10)
    assert bool(dispatch_share_findings(employees, dispatched)) is over


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=100_000))
def test_twenty_people_or_ten_percent_layoff_boundary(laid_off, extra):
    headcount = laid_off + extra
    expected = laid_off >= 20 or (laid_off > 0 and Fraction(laid_off, headcount) >= Fraction(1, 10))
    assert is_mass_layoff(laid_off, headcount) is expected
