"""Platform-worker written agreements (平台网约劳动者书面协议, 人社部发〔2021〕56号) against a table
of cases, and the minimum-wage boundary (monthly and hourly) with hypothesis."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hexie.contracts.rules import (
    PLATFORM_BENCHMARK,
    ContractTerms,
    PlatformLimits,
    PlatformTerms,
    check_platform_agreement,
)

D = Decimal
MONTHLY, HOURLY = D("2200"), D("22")  # Shandong tier 1; the hourly figure is unconfirmed (RULES.md)

ITEMS = dict(
    employer_name="济南快送网络科技有限公司",
    worker_name="赵强",
    worker_id_number="370102199001011234",
    job="即时配送：按平台派单完成外卖配送",
    working_hours="每日在线不超过8小时，可自主选择接单时段",
    rest="每周至少休息一日；连续在线4小时强制休息20分钟",
    protection="提供头盔、反光服等安全防护用品，开展交通安全培训",
    occupational_injury="参加平台灵活就业人员职业伤害保障",
    platform_rules="《骑手服务协议》及订单分配、计件单价、抽成比例、奖惩规则（已公示）",
)


def agreement(**changes) -> PlatformTerms:
    """A lawful one-year agreement with monthly pay above the minimum and every item."""
    base = PlatformTerms(term_kind="fixed", start=date(2025, 6, 1), end=date(2026, 5, 31), wage=D("4800"), **ITEMS)
    return replace(base, **changes)


def check(terms, **kwargs):
    return check_platform_agreement(terms, minimum_wage=MONTHLY, hourly_minimum_wage=HOURLY, **kwargs)


def codes(findings):
    return sorted((f.code, f.level) for f in findings)


def test_a_complete_agreement_has_no_findings():
    assert check(agreement()) == []


# (why, changes, expected (code, level) pairs)
CASES = [
    ("pay below the monthly minimum (PWG-5)", dict(wage=D("2199.99")), [("PWG-5", "error")]),
    ("pay at the monthly minimum is lawful", dict(wage=D("2200")), []),
    ("hourly pay below the hourly minimum (PWG-5)", dict(term_kind="part_time", wage=D("21.99")), [("PWG-5", "error")]),
    ("hourly pay at the hourly minimum", dict(term_kind="part_time", wage=D("22")), []),
    ("no probation in a written agreement (PWG-2)", dict(probation_end=date(2025, 6, 30)), [("PWG-2", "error")]),
    ("end before start (PWG-2)", dict(end=date(2025, 5, 1)), [("PWG-2", "error")]),
    ("no pay agreed (PWG-2)", dict(wage=D("0")), [("PWG-2", "error")]),
    ("no working hours (PWG-2)", dict(working_hours=""), [("PWG-2", "error")]),
    ("no rest (PWG-2)", dict(rest="  "), [("PWG-2", "error")]),
    ("no safety and health (PWG-2)", dict(protection=""), [("PWG-2", "error")]),
    ("no occupational injury protection (PWG-9)", dict(occupational_injury=""), [("PWG-9", "error")]),
    ("platform rules not given (PWG-10, a warning)", dict(platform_rules=""), [("PWG-10", "warning")]),
    ("10 hours a day is over the benchmark (PWG-6)", dict(hours_per_day=D("10")), [("PWG-6", "warning")]),
    ("8 hours a day is within it", dict(hours_per_day=D("8"), hours_per_week=D("44")), []),
    ("60 hours a week is over it (PWG-6)", dict(hours_per_week=D("60")), [("PWG-6", "warning")]),
    (
        "several gaps at once",
        dict(wage=D("1800"), probation_end=date(2025, 6, 30), occupational_injury="", platform_rules=""),
        [("PWG-10", "warning"), ("PWG-2", "error"), ("PWG-5", "error"), ("PWG-9", "error")],
    ),
]


@pytest.mark.parametrize("why, changes, expected", CASES, ids=[c[0] for c in CASES])
def test_statutory_cases(why, changes, expected):
    assert codes(check(agreement(**changes))) == sorted(expected)


def test_messages_cite_the_opinion():
    [finding] = check(agreement(wage=D("2000")))
    assert "2000" in finding.message and "2200" in finding.message and "56号" in finding.message


def test_a_plain_contract_terms_reads_injury_protection_from_social_insurance():
    """B's contract checks pass a ContractTerms built from the contract's fields: the platform text
    agrees 职业伤害保障 in its 社会保险 clause, and the platform rules are then only warned about."""
    plain = ContractTerms(
        term_kind="fixed",
        start=date(2025, 6, 1),
        end=date(2026, 5, 31),
        wage=D("4800"),
        social_insurance="参加职业伤害保障",
        **{k: v for k, v in ITEMS.items() if k not in ("occupational_injury", "platform_rules")},
    )
    assert codes(check(plain)) == [("PWG-10", "warning")]
    assert ("PWG-9", "error") in codes(check(replace(plain, social_insurance="")))


def test_working_time_benchmarks_are_data():
    assert PLATFORM_BENCHMARK == PlatformLimits(D(8), D(44))
    strict = PlatformLimits(hours_per_day=D(6), hours_per_week=D(36))
    assert codes(check(agreement(hours_per_day=D(7)), limits=strict)) == [("PWG-6", "warning")]


money = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
hourly_money = st.decimals(min_value=D("0.01"), max_value=D("500"), places=2)


@given(wage=money, minimum=st.decimals(min_value=D("1000"), max_value=D("5000"), places=2))
def test_monthly_pay_is_refused_exactly_below_the_minimum(wage, minimum):
    findings = check_platform_agreement(agreement(wage=wage), minimum_wage=minimum, hourly_minimum_wage=HOURLY)
    assert (("PWG-5", "error") in codes(findings)) == (wage < minimum)


@given(cents=st.integers(min_value=-500, max_value=500))
def test_the_boundary_cent_by_cent(cents):
    wage = MONTHLY + D(cents) / 100
    assert any(f.code == "PWG-5" for f in check(agreement(wage=wage))) == (cents < 0)


@given(wage=hourly_money, minimum=st.decimals(min_value=D("10"), max_value=D("40"), places=2))
def test_hourly_pay_is_compared_with_the_hourly_minimum(wage, minimum):
    terms = agreement(term_kind="part_time", end=None, wage=wage)
    findings = check_platform_agreement(terms, minimum_wage=MONTHLY, hourly_minimum_wage=minimum)
    assert (("PWG-5", "error") in codes(findings)) == (wage < minimum)
