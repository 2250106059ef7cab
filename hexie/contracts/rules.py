"""Labor-contract rules (劳动合同): pure functions over plain values, no database.

Sources (codes as in RULES.md, "Labor contracts"): the Labor Contract Law (LCL, 《劳动合同法》), its
Implementing Regulations (LCLR, 《劳动合同法实施条例》), the Minimum Wage Regulations (MWR,
《最低工资规定》) and the Labor Dispatch Regulations (DR, 《劳务派遣暂行规定》).

Counting: a contract term, a probation period and a length of service include their first and last
days; "n months" from a day ends the day before the corresponding day n months later (or on the
month's last day when that month has no such day), see `hexie.core.rules.months_end`.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.translation import gettext as _

from hexie.core.rules import ERROR, WARNING, Finding, full_months, months_end

CENT = Decimal("0.01")
PROBATION_WAGE_SHARE = Decimal("0.8")  # LCL-20
DISPATCH_SHARE = Decimal("0.1")  # DR-4
LCL_IN_FORCE = date(2008, 1, 1)  # LCL-97
SEVERANCE_CAP_FACTOR = 3  # LCL-47 para. 2
SEVERANCE_CAP_YEARS = Decimal(12)
PART_TIME_HOURS_PER_DAY = Decimal(4)  # LCL-68
PART_TIME_HOURS_PER_WEEK = Decimal(24)
PART_TIME_PAY_CYCLE_DAYS = 15  # LCL-72
OPEN_ENDED_AFTER_YEARS = 10  # LCL-14
OPEN_ENDED_AFTER_FIXED_TERMS = 2

TermKind = Literal["fixed", "open_ended", "task", "part_time"]
TERM_KINDS = ("fixed", "open_ended", "task", "part_time")


@dataclass(frozen=True)
class ContractTerms:
    """A labor contract's terms as the rules see them.

    term_kind: 固定期限 "fixed", 无固定期限 "open_ended", 以完成一定工作任务为期限 "task", or
    非全日制 "part_time". `end` is the last day of the term (None for open-ended and task-based
    contracts). `probation_end` is the last day of probation (试用期), counted from `start`.
    `wage` is the monthly contract wage — hourly for part-time work (LCL-72), and then
    `minimum_wage` in `check_contract` must be the hourly minimum too.

    The text fields are the LCL-17 mandatory clauses (必备条款); an empty one is missing.
    The remaining fields feed the other checks: `first_work_day` (用工之日, LCL-7/10) and
    `signed_on` (the day the written contract is concluded; the start date when not given),
    `previous_fixed_terms` (consecutive fixed-term contracts already concluded with this employer)
    and `years_of_service` (LCL-14), and the part-time hours and pay cycle (LCL-68/72).
    """

    term_kind: TermKind
    start: date
    end: date | None = None
    probation_end: date | None = None
    wage: Decimal = Decimal(0)
    probation_wage: Decimal | None = None
    # LCL-17 mandatory clauses
    employer_name: str = ""
    employer_address: str = ""
    legal_representative: str = ""  # 法定代表人或者主要负责人
    worker_name: str = ""
    worker_address: str = ""
    worker_id_number: str = ""
    task: str = ""  # the work task that ends a task-based contract (LCL-15)
    job: str = ""  # 工作内容
    work_place: str = ""  # 工作地点
    working_hours: str = ""  # 工作时间 (standard, comprehensive or flexible system)
    rest: str = ""  # 休息休假
    social_insurance: str = ""  # 社会保险
    protection: str = ""  # 劳动保护、劳动条件和职业危害防护
    # extras for the other checks
    first_work_day: date | None = None
    signed_on: date | None = None
    previous_fixed_terms: int = 0
    years_of_service: Decimal | int = 0
    worker_requested_fixed_term: bool = False
    hours_per_day: Decimal | None = None
    hours_per_week: Decimal | None = None
    pay_cycle_days: int | None = None


def check_contract(terms: ContractTerms, *, minimum_wage: Decimal, had_probation_before: bool = False) -> list[Finding]:
    """Every LCL check of a contract before signing; errors block signing.

    `minimum_wage` is the local monthly minimum wage in force on the start date (hourly for
    part-time work). `had_probation_before`: the same employer already agreed a probation with this
    worker (LCL-19 para. 2 allows it only once).
    """
    findings = _term_findings(terms)
    findings += _clause_findings(terms)
    findings += _probation_findings(terms, minimum_wage, had_probation_before)
    findings += _wage_findings(terms, minimum_wage)
    findings += _written_contract_findings(terms)
    findings += _open_ended_findings(terms)
    findings += _part_time_findings(terms)
    return findings


def _term_findings(terms: ContractTerms) -> list[Finding]:
    """LCL-12..15, 17: the term must be consistent with its kind."""
    if terms.term_kind not in TERM_KINDS:
        return [Finding("LCL-17", ERROR, _("合同期限类型无效（劳动合同法第十二条）"))]
    if terms.end is not None and terms.end < terms.start:
        return [Finding("LCL-17", ERROR, _("合同终止日期早于起始日期（劳动合同法第十七条）"))]
    if terms.term_kind == "open_ended" and terms.end is not None:
        return [Finding("LCL-17", ERROR, _("无固定期限劳动合同不得约定终止日期（劳动合同法第十四条）"))]
    return []


CLAUSES = (
    ("employer_name", "用人单位名称"),
    ("employer_address", "用人单位住所"),
    ("legal_representative", "法定代表人或者主要负责人"),
    ("worker_name", "劳动者姓名"),
    ("worker_address", "劳动者住址"),
    ("worker_id_number", "劳动者居民身份证或者其他有效身份证件号码"),
    ("job", "工作内容"),
    ("work_place", "工作地点"),
    ("working_hours", "工作时间"),
    ("rest", "休息休假"),
    ("social_insurance", "社会保险"),
    ("protection", "劳动保护、劳动条件和职业危害防护"),
)


def missing_clauses(terms: ContractTerms) -> list[str]:
    """The LCL-17 mandatory clauses a contract leaves out, by their names in the article."""
    missing = [_(label) for name, label in CLAUSES if not str(getattr(terms, name) or "").strip()]
    if terms.term_kind == "fixed" and terms.end is None:
        missing.append(_("劳动合同期限"))
    if terms.term_kind == "task" and not terms.task.strip():
        missing.append(_("劳动合同期限"))
    if not terms.wage or terms.wage <= 0:
        missing.append(_("劳动报酬"))
    return missing


def _clause_findings(terms: ContractTerms) -> list[Finding]:
    """LCL-17: the nine mandatory clauses. Part-time work may be agreed orally (LCL-69), so a written
    part-time agreement with gaps is only warned about."""
    missing = missing_clauses(terms)
    if not missing:
        return []
    level = WARNING if terms.term_kind == "part_time" else ERROR
    return [
        Finding("LCL-17", level, _("缺少必备条款：%(clauses)s（劳动合同法第十七条）") % {"clauses": "、".join(missing)})
    ]


def probation_limit_months(terms: ContractTerms) -> int:
    """LCL-19 para. 1, 3 and LCL-70: the longest probation the term allows, in months (0 = none).

    Term 3 months to under 1 year: 1 month; 1 to under 3 years: 2 months; 3 years or more, or
    open-ended: 6 months; none for task-based or part-time work or a term under 3 months.
    """
    if terms.term_kind == "open_ended":
        return 6
    if terms.term_kind != "fixed" or terms.end is None or terms.end < terms.start:
        return 0
    if terms.end >= months_end(terms.start, 36):
        return 6
    if terms.end >= months_end(terms.start, 12):
        return 2
    if terms.end >= months_end(terms.start, 3):
        return 1
    return 0


def _probation_findings(terms: ContractTerms, minimum_wage: Decimal, had_probation_before: bool) -> list[Finding]:
    """LCL-19 (length, once only), LCL-70 (none for part-time), LCL-20 / LCLR-15
    (probation wage ≥ 80% of the contract wage and ≥ the minimum wage)."""
    if terms.probation_end is None:
        return []
    if terms.term_kind == "part_time":
        return [Finding("LCL-70", ERROR, _("非全日制用工不得约定试用期（劳动合同法第七十条）"))]
    findings = []
    limit = probation_limit_months(terms)
    if terms.probation_end < terms.start:
        findings.append(Finding("LCL-19", ERROR, _("试用期结束日期早于合同起始日期（劳动合同法第十九条）")))
    elif limit == 0:
        if terms.term_kind == "task":
            message = _("以完成一定工作任务为期限的劳动合同不得约定试用期（劳动合同法第十九条）")
        else:
            message = _("劳动合同期限不满三个月的，不得约定试用期（劳动合同法第十九条）")
        findings.append(Finding("LCL-19", ERROR, message))
    elif terms.probation_end > months_end(terms.start, limit):
        findings.append(
            Finding(
                "LCL-19",
                ERROR,
                _("试用期超过法定上限：本合同期限的试用期不得超过%(months)s个月，最迟至%(last)s（劳动合同法第十九条）")
                % {"months": limit, "last": months_end(terms.start, limit).isoformat()},
            )
        )
    if had_probation_before:
        findings.append(
            Finding("LCL-19", ERROR, _("同一用人单位与同一劳动者只能约定一次试用期（劳动合同法第十九条第二款）"))
        )
    if terms.probation_wage is not None:
        floor = (terms.wage * PROBATION_WAGE_SHARE).quantize(CENT, rounding=ROUND_CEILING)
        if terms.probation_wage < floor:
            findings.append(
                Finding(
                    "LCL-20",
                    ERROR,
                    _("试用期工资%(pay)s元低于合同约定工资的百分之八十（%(floor)s元）（劳动合同法第二十条）")
                    % {"pay": terms.probation_wage, "floor": floor},
                )
            )
        if terms.probation_wage < minimum_wage:
            findings.append(
                Finding(
                    "LCL-20",
                    ERROR,
                    _("试用期工资%(pay)s元低于当地最低工资标准%(minimum)s元（劳动合同法第二十条、实施条例第十五条）")
                    % {"pay": terms.probation_wage, "minimum": minimum_wage},
                )
            )
    return findings


def _wage_findings(terms: ContractTerms, minimum_wage: Decimal) -> list[Finding]:
    """MWR-12 (and LCL-72 for part-time work): the contract wage is not below the minimum wage."""
    if not terms.wage or terms.wage <= 0 or terms.wage >= minimum_wage:
        return []
    if terms.term_kind == "part_time":
        message = _(
            "小时工资%(pay)s元低于当地小时最低工资标准%(minimum)s元（劳动合同法第七十二条、最低工资规定第十二条）"
        )
    else:
        message = _("约定工资%(pay)s元低于当地最低工资标准%(minimum)s元（最低工资规定第十二条）")
    return [Finding("MWR", ERROR, message % {"pay": terms.wage, "minimum": minimum_wage})]


def double_wage_period(first_work_day: date, signed_on: date) -> tuple[date, date] | None:
    """LCL-82 / LCLR-6,7: the days for which a worker is owed double wages when the written contract
    is concluded on `signed_on`: from the day after the first month of work until the day before
    signing, at most until the day before the one-year mark (from then on an open-ended contract is
    deemed concluded). None when nothing is owed: signed within the first month, or on the first day
    of the second month."""
    first_month_end = months_end(first_work_day, 1)
    if signed_on <= first_month_end + timedelta(days=1):
        return None
    last = min(signed_on - timedelta(days=1), months_end(first_work_day, 12))
    return first_month_end + timedelta(days=1), last


def _written_contract_findings(terms: ContractTerms) -> list[Finding]:
    """LCL-10 (written contract within one month of the first day of work), LCL-82 / LCLR-6,7 (double
    wages from month 2; at one year an open-ended contract is deemed concluded). Part-time work may
    be agreed orally (LCL-69)."""
    if terms.first_work_day is None or terms.term_kind == "part_time":
        return []
    signed_on = terms.signed_on or terms.start
    if signed_on > months_end(terms.first_work_day, 12):
        deemed = months_end(terms.first_work_day, 12) + timedelta(days=1)
        return [
            Finding(
                "LCL-82",
                ERROR,
                _(
                    "自用工之日起满一年未订立书面劳动合同，视为自%(deemed)s起已订立无固定期限劳动合同，"
                    "并应支付%(start)s至%(end)s的二倍工资（劳动合同法第十四条、第八十二条，实施条例第七条）"
                )
                % {
                    "deemed": deemed.isoformat(),
                    "start": (months_end(terms.first_work_day, 1) + timedelta(days=1)).isoformat(),
                    "end": months_end(terms.first_work_day, 12).isoformat(),
                },
            )
        ]
    period = double_wage_period(terms.first_work_day, signed_on)
    if period is None:
        return []
    first, last = period
    months = full_months(first, last)
    days = (last - (months_end(first, months) if months else first - timedelta(days=1))).days
    return [
        Finding(
            "LCL-10",
            WARNING,
            _(
                "未在用工之日起一个月内订立书面劳动合同：应向劳动者支付%(start)s至%(end)s的二倍工资"
                "（%(months)s个月%(days)s天）（劳动合同法第十条、第八十二条，实施条例第六条）"
            )
            % {"start": first.isoformat(), "end": last.isoformat(), "months": months, "days": days},
        )
    ]


def _open_ended_findings(terms: ContractTerms) -> list[Finding]:
    """LCL-14 para. 2: a fixed-term offer where the worker is owed an open-ended contract — 10
    consecutive years of service, or renewal after two consecutive fixed terms (unless the employer
    has an Art. 39 or Art. 40(1)(2) ground) — unless the worker asks for a fixed term."""
    if terms.term_kind != "fixed" or terms.worker_requested_fixed_term:
        return []
    if terms.years_of_service >= OPEN_ENDED_AFTER_YEARS:
        reason = _("已在本单位连续工作满十年")
    elif terms.previous_fixed_terms >= OPEN_ENDED_AFTER_FIXED_TERMS:
        reason = _("已连续订立二次固定期限劳动合同")
    else:
        return []
    return [
        Finding(
            "LCL-14",
            WARNING,
            _("劳动者%(reason)s，除劳动者提出订立固定期限劳动合同外，应当订立无固定期限劳动合同（劳动合同法第十四条）")
            % {"reason": reason},
        )
    ]


def _part_time_findings(terms: ContractTerms) -> list[Finding]:
    """LCL-68 (on average ≤ 4 hours a day, ≤ 24 hours a week) and LCL-72 (pay cycle ≤ 15 days)."""
    if terms.term_kind != "part_time":
        return []
    findings = []
    if terms.hours_per_day is not None and terms.hours_per_day > PART_TIME_HOURS_PER_DAY:
        findings.append(
            Finding("LCL-68", ERROR, _("非全日制用工平均每日工作时间不得超过四小时（劳动合同法第六十八条）"))
        )
    if terms.hours_per_week is not None and terms.hours_per_week > PART_TIME_HOURS_PER_WEEK:
        findings.append(
            Finding("LCL-68", ERROR, _("非全日制用工每周工作时间累计不得超过二十四小时（劳动合同法第六十八条）"))
        )
    if terms.pay_cycle_days is not None and terms.pay_cycle_days > PART_TIME_PAY_CYCLE_DAYS:
        findings.append(
            Finding("LCL-72", ERROR, _("非全日制用工劳动报酬结算支付周期最长不得超过十五日（劳动合同法第七十二条）"))
        )
    return findings


def severance_months(service_start: date, service_end: date) -> Decimal:
    """LCL-47 para. 1: one month's wage per full year of service; six months or more but under a year
    count as one year, under six months as half a month.

    LCL-97 simplification: service before 2008-01-01 follows the rules then in force (often nothing,
    e.g. when a fixed term expires), which depend on the ground for termination; this function
    counts only service from 2008-01-01 and leaves the earlier years to the caller.
    """
    start = max(service_start, LCL_IN_FORCE)
    if service_end < start:
        return Decimal(0)
    months = full_months(start, service_end)
    years, rest = divmod(months, 12)
    partial_days = service_end > (months_end(start, months) if months else start - timedelta(days=1))
    if rest >= 6:
        return Decimal(years + 1)
    if rest or partial_days:
        return years + Decimal("0.5")
    return Decimal(years)


def severance(
    service_start: date,
    service_end: date,
    average_wage: Decimal,
    *,
    local_average_wage: Decimal,
    minimum_wage: Decimal,
    unlawful: bool = False,
) -> Decimal:
    """Economic compensation (经济补偿) under LCL-47, doubled as damages (赔偿金) under LCL-87 when
    the termination is unlawful, in yuan rounded half up to the cent.

    `service_start`..`service_end` is the whole period of service, both days counted (LCL-97: only
    service from 2008-01-01 counts here, see `severance_months`). The wage basis is the average
    monthly wage of the last 12 months, not below the local minimum wage (LCLR-27); when it exceeds
    three times the local average monthly wage published by the city, the basis is three times that
    average and at most 12 years are paid (LCL-47 para. 2).
    """
    if service_end < service_start:
        raise ValueError("service_end before service_start")
    months = severance_months(service_start, service_end)
    basis = max(average_wage, minimum_wage)
    cap = SEVERANCE_CAP_FACTOR * local_average_wage
    if basis > cap:
        basis = cap
        months = min(months, SEVERANCE_CAP_YEARS)
    amount = basis * months * (2 if unlawful else 1)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def dispatch_share_findings(employees: int, dispatched: int) -> list[Finding]:
    """DR-4: dispatched workers may be at most 10% of the workforce (employees + dispatched)."""
    total = employees + dispatched
    if dispatched <= 0 or dispatched <= total * DISPATCH_SHARE:
        return []
    return [
        Finding(
            "DR-4",
            ERROR,
            _("使用的被派遣劳动者%(dispatched)s人，超过用工总量%(total)s人的百分之十（劳务派遣暂行规定第四条）")
            % {"dispatched": dispatched, "total": total},
        )
    ]


def is_mass_layoff(laid_off: int, headcount: int) -> bool:
    """LCL-41: a layoff (经济性裁员) of 20 people or more, or fewer than 20 but 10% or more of the
    staff, needs 30 days' prior explanation to the union or all staff and a report to the labor
    administration."""
    if laid_off <= 0:
        return False
    return laid_off >= 20 or laid_off * 10 >= headcount


def notice_findings(
    notice_given: date,
    leaving_on: date,
    *,
    by: Literal["worker", "employer"],
    in_probation: bool = False,
    pay_in_lieu: bool = False,
) -> list[Finding]:
    """LCL-37: a worker resigns with 30 days' written notice, 3 days during probation. LCL-40: an
    employer's no-fault termination needs 30 days' written notice or one extra month's wage
    (代通知金). `leaving_on` is the first day no longer worked; the notice day is not counted."""
    days = 3 if by == "worker" and in_probation else 30
    if (leaving_on - notice_given).days >= days or (by == "employer" and pay_in_lieu):
        return []
    if by == "worker":
        message = _("劳动者解除劳动合同应提前%(days)s日通知用人单位（劳动合同法第三十七条）") % {"days": days}
        return [Finding("LCL-37", WARNING, message)]
    message = _("用人单位依第四十条解除劳动合同应提前三十日书面通知或额外支付一个月工资（劳动合同法第四十条）")
    return [Finding("LCL-40", ERROR, message)]


# --- Platform-worker written agreements (平台网约劳动者书面协议) ---------------------------------
#
# Source: PWG, 人社部等八部门《关于维护新就业形态劳动者劳动保障权益的指导意见》(人社部发〔2021〕56号).
# Where a platform manages the work but the facts do not fully establish an employment relation
# (不完全符合确立劳动关系情形), the enterprise and the worker conclude a written agreement (书面协议)
# that sets their rights and duties. Codes follow the opinion's numbered paragraphs (RULES.md has
# no PWG rows yet; the paragraph numbers are as recalled, not yet checked against the official text):
#   PWG-2  written agreement with the rights and duties set: the items below present; no probation
#          (试用期 is a labor-contract institution, LCL-19, not one of an agreement); a coherent term
#   PWG-5  pay for normal work not below the local minimum wage (hourly for hourly, part-time-like
#          work, where `wage` is an hourly rate)
#   PWG-6  reasonable working time and rest (a warning: the opinion sets no figure)
#   PWG-9  occupational injury protection (职业伤害保障) agreed
#   PWG-10 the platform rules (进入退出、订单分配、计件单价、抽成比例、报酬构成及支付、工作时间、
#          奖惩 and the algorithm) disclosed to the worker (a warning: the duty is to publish them)
# The working-time figures of PWG-6 are not statutory: they are data (`PlatformLimits`) the caller
# passes, defaulting to the Labor Law art. 36 benchmark of 8 hours a day and 44 a week.


@dataclass(frozen=True)
class PlatformTerms(ContractTerms):
    """A platform-worker agreement: `ContractTerms` plus the two items only such agreements carry.
    With a plain `ContractTerms`, occupational injury protection is read from `social_insurance`
    (the clause where the platform model text agrees it) and the platform rules count as missing."""

    occupational_injury: str = ""  # 职业伤害保障
    platform_rules: str = ""  # 平台规则：进入退出、订单分配、计件单价、抽成比例、奖惩…


@dataclass(frozen=True)
class PlatformLimits:
    """Working-time benchmarks for PWG-6 warnings: editable data, not statutory figures."""

    hours_per_day: Decimal = Decimal(8)
    hours_per_week: Decimal = Decimal(44)


PLATFORM_BENCHMARK = PlatformLimits()

PLATFORM_ITEMS = (
    ("employer_name", "企业名称"),
    ("worker_name", "劳动者姓名"),
    ("worker_id_number", "劳动者身份证件号码"),
    ("job", "工作内容"),
    ("working_hours", "工作时间"),
    ("rest", "休息"),
    ("protection", "劳动安全卫生"),
)


def check_platform_agreement(
    terms: ContractTerms,
    *,
    minimum_wage: Decimal,
    hourly_minimum_wage: Decimal,
    limits: PlatformLimits = PLATFORM_BENCHMARK,
) -> list[Finding]:
    """Every PWG check of a platform-worker written agreement before signing; errors block signing.

    `minimum_wage` and `hourly_minimum_wage` are the local standards in force on the start date;
    a "part_time" term kind means the pay (`wage`) is an hourly rate, compared with the hourly
    standard (PWG-5, MWR). `limits` are the PWG-6 working-time benchmarks (data)."""
    findings: list[Finding] = []
    if terms.end is not None and terms.end < terms.start:
        findings.append(Finding("PWG-2", ERROR, _("协议终止日期早于起始日期（人社部发〔2021〕56号第二条）")))
    missing = [_(label) for name, label in PLATFORM_ITEMS if not str(getattr(terms, name) or "").strip()]
    if not terms.wage or terms.wage <= 0:
        missing.append(_("劳动报酬"))
    if missing:
        findings.append(
            Finding(
                "PWG-2",
                ERROR,
                _("书面协议缺少应当明确的事项：%(items)s（人社部发〔2021〕56号第二条）")
                % {"items": "、".join(missing)},
            )
        )
    if terms.probation_end is not None:
        findings.append(
            Finding("PWG-2", ERROR, _("平台劳动者书面协议不是劳动合同，不得约定试用期（人社部发〔2021〕56号第二条）"))
        )
    findings += _platform_pay_findings(terms, minimum_wage, hourly_minimum_wage)
    findings += _platform_hours_findings(terms, limits)
    injury = getattr(terms, "occupational_injury", "") or terms.social_insurance
    if not injury.strip():
        findings.append(Finding("PWG-9", ERROR, _("书面协议未明确职业伤害保障（人社部发〔2021〕56号第九条）")))
    if not str(getattr(terms, "platform_rules", "")).strip():
        findings.append(
            Finding(
                "PWG-10",
                WARNING,
                _(
                    "书面协议未载明或引用平台规则（进入退出、订单分配、计件单价、抽成比例、报酬构成及支付、"
                    "工作时间、奖惩等），平台规则应公示并告知劳动者（人社部发〔2021〕56号第十条）"
                ),
            )
        )
    return findings


def _platform_pay_findings(terms: ContractTerms, minimum_wage: Decimal, hourly_minimum_wage: Decimal) -> list[Finding]:
    """PWG-5 with MWR-12: pay for normal work not below the local minimum wage."""
    hourly = terms.term_kind == "part_time"
    floor = hourly_minimum_wage if hourly else minimum_wage
    if not terms.wage or terms.wage <= 0 or terms.wage >= floor:
        return []
    if hourly:
        message = _("小时劳动报酬%(pay)s元低于当地小时最低工资标准%(minimum)s元（人社部发〔2021〕56号第五条）")
    else:
        message = _("劳动报酬%(pay)s元低于当地最低工资标准%(minimum)s元（人社部发〔2021〕56号第五条）")
    return [Finding("PWG-5", ERROR, message % {"pay": terms.wage, "minimum": floor})]


def _platform_hours_findings(terms: ContractTerms, limits: PlatformLimits) -> list[Finding]:
    """PWG-6: working time over the benchmark is a warning (reasonable workload and rest)."""
    over = (terms.hours_per_day is not None and terms.hours_per_day > limits.hours_per_day) or (
        terms.hours_per_week is not None and terms.hours_per_week > limits.hours_per_week
    )
    if not over:
        return []
    return [
        Finding(
            "PWG-6",
            WARNING,
            _(
                "约定工作时间超过每日%(day)s小时或每周%(week)s小时，应科学确定工作量和劳动强度、"
                "合理确定休息办法（人社部发〔2021〕56号第六条）"
            )
            % {"day": limits.hours_per_day, "week": limits.hours_per_week},
        )
    ]
