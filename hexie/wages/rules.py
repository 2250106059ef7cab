"""Pure rules of migrant-worker wage supervision (保障农民工工资支付条例, WPR) and the arrears
blacklist (拖欠农民工工资失信联合惩戒对象名单管理暂行办法, 人社部令第45号, BL). No database: plain
values in, `Finding`s out, so each rule is tested against a table of statutory cases.

Detection rules look at one worker-month or one project-month; the daily check feeds them rows
that one set-based query prepared (services/detection.py). Province-specific figures (the criminal
threshold amounts, the deposit rate) are parameters, never constants: RULES.md marks Shandong's
figures unconfirmed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hexie.core.calendar import Deadline, add_period
from hexie.core.rules import ERROR, WARNING, Finding, add_months

CENT = Decimal("0.01")
# 法定月计薪天数 (劳社部发〔2008〕3号): a day's share of a monthly wage.
PAY_DAYS_PER_MONTH = Decimal("21.75")
BLACKLIST_YEARS = 3  # BL-11
EARLY_REMOVAL_MONTHS = 6  # BL-12
OBJECTION_WORKING_DAYS = 5  # BL-6
CHECK_WORKING_DAYS = 5  # BL-6
DECISION_WORKING_DAYS = 20  # BL-8 (+20 when complex)
REMOVAL_WORKING_DAYS = 15  # BL-13
EXPIRY_REMOVAL_WORKING_DAYS = 10  # BL-17
INDIVIDUAL_MONTHS = 3  # BL-5 via the criminal threshold: one worker, three months' wages or more
COLLECTIVE_WORKERS = 10  # BL-5: ten workers or more
ACCOUNT_CLOSE_NOTICE_DAYS = 30  # WPR-27


def yuan(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- BL-5/7: the blacklist (失信联合惩戒对象名单) --------------------------------------------------


def blacklist_findings(
    *,
    workers_owed: int,
    months_owed: int,
    amount_owed: Decimal,
    individual_threshold: Decimal,
    collective_threshold: Decimal,
    order_ignored: bool,
    corrected_with_pledge: bool,
    mass_incident: bool = False,
) -> list[Finding]:
    """The BL-5 grounds for proposing to list an employer, as "error" findings (each one a ground);
    an empty list means no ground. Listing needs an order to pay (限期支付) that was ignored, and
    either arrears at the criminal threshold for refusing to pay wages (拒不支付劳动报酬罪: one
    worker's wages of three months or more reaching `individual_threshold`, or ten workers or more
    owed `collective_threshold` in total — "以上" includes the figure) or a mass or extreme incident
    the arrears caused. BL-7: an employer that corrected before the decision and gave a written
    credit pledge is not listed (a "warning" finding says why).

    `months_owed` and `amount_owed` are the largest single worker's months and the total owed to
    the `workers_owed` workers; for one worker they are that worker's own figures."""
    if workers_owed < 0 or months_owed < 0 or amount_owed < 0:
        raise ValueError("arrears cannot be negative")
    if not order_ignored:
        return []
    grounds: list[Finding] = []
    if workers_owed >= 1 and months_owed >= INDIVIDUAL_MONTHS and amount_owed >= individual_threshold:
        grounds.append(
            Finding(
                "BL-5",
                ERROR,
                f"经责令限期支付逾期未付，拖欠劳动者{months_owed}个月工资，数额{yuan(amount_owed)}元，"
                f"达到拒不支付劳动报酬罪的数额标准（{yuan(individual_threshold)}元）（第五条第一项）",
            )
        )
    if workers_owed >= COLLECTIVE_WORKERS and amount_owed >= collective_threshold:
        grounds.append(
            Finding(
                "BL-5",
                ERROR,
                f"经责令限期支付逾期未付，拖欠{workers_owed}名劳动者工资累计{yuan(amount_owed)}元，"
                f"达到拒不支付劳动报酬罪的数额标准（{yuan(collective_threshold)}元）（第五条第一项）",
            )
        )
    if mass_incident:
        grounds.append(
            Finding("BL-5", ERROR, "因拖欠农民工工资引发群体性事件、极端事件，造成严重不良社会影响（第五条第二项）")
        )
    if grounds and corrected_with_pledge:
        return [Finding("BL-7", WARNING, "作出列入决定前已改正拖欠行为并作出书面信用承诺，不予列入（第七条）")]
    return grounds


def attention_findings(*, arrears_cases_12_months: int, order_ignored: bool, listed: bool) -> list[Finding]:
    """The key-attention list (重点关注名单): an employer with arrears found twice or more in twelve
    months, or that ignored an order to pay below the blacklist threshold, is watched closely
    (a provincial practice; the figures are the platform's defaults, to be confirmed)."""
    if listed:
        return []
    findings = []
    if arrears_cases_12_months >= 2:
        findings.append(Finding("WPR-ATT", WARNING, f"12个月内发生{arrears_cases_12_months}起欠薪，列入重点关注"))
    if order_ignored:
        findings.append(Finding("WPR-ATT", WARNING, "逾期未履行限期支付指令，未达到失信惩戒标准，列入重点关注"))
    return findings


@dataclass(frozen=True)
class ListingTerm:
    listed_on: date
    expires_on: date
    early_removal_from: date | None


def listing_term(listed_on: date, corrected_on: date | None = None) -> ListingTerm:
    """BL-11: three years on the list; BL-12: early removal may be asked once the arrears are
    corrected and six months have passed since the correction."""
    expires = add_months(listed_on, 12 * BLACKLIST_YEARS)
    early = max(listed_on, add_months(corrected_on, EARLY_REMOVAL_MONTHS)) if corrected_on else None
    return ListingTerm(listed_on, expires, early)


def early_removal_findings(
    *, today: date, corrected_on: date | None, pledged: bool, arrears_recurred: bool, criminal_proceedings: bool
) -> list[Finding]:
    """BL-12..14: the conditions for removing a listing early; each unmet one is an "error"."""
    findings = []
    if corrected_on is None:
        findings.append(Finding("BL-12", ERROR, "尚未改正拖欠工资行为（第十二条）"))
    elif today < add_months(corrected_on, EARLY_REMOVAL_MONTHS):
        findings.append(
            Finding("BL-12", ERROR, f"改正后满6个月方可申请提前移出，最早为{add_months(corrected_on, 6):%Y年%m月%d日}")
        )
    if not pledged:
        findings.append(Finding("BL-12", ERROR, "未作出书面信用承诺（第十二条）"))
    if arrears_recurred:
        findings.append(Finding("BL-14", ERROR, "列入期间再次发生拖欠农民工工资行为，不予提前移出（第十四条）"))
    if criminal_proceedings:
        findings.append(Finding("BL-14", ERROR, "因拒不支付劳动报酬正在被追究刑事责任，不予提前移出（第十四条）"))
    return findings


def objection_deadline(notified_on: date) -> Deadline:
    """BL-6: the party may object within five working days of the notice."""
    return add_period(notified_on, OBJECTION_WORKING_DAYS, "working")


def decision_deadline(order_deadline: date, *, complex_case: bool = False) -> Deadline:
    """BL-8: the listing decision within twenty working days after the order's deadline (+20 when
    the case is complex and the extension approved)."""
    days = DECISION_WORKING_DAYS * (2 if complex_case else 1)
    return add_period(order_deadline, days, "working")


# --- WPR: arrears detection ------------------------------------------------------------------


def wage_payday(month: date, day: int, is_workday) -> date:
    """WPR-12/13: the wages of `month` (its first day) fall due on the project's payday `day` in the
    following month (the month's last day when it is shorter); when that day is a rest day or a
    holiday they are paid in advance (提前), on the latest working day not after it. `is_workday`
    is the calendar's predicate (hexie.core.calendar.is_workday), passed in so the rule stays pure."""
    import calendar as _calendar

    index = month.year * 12 + month.month  # the following month, 0-based month index
    year, month_number = divmod(index, 12)
    due = date(year, month_number + 1, min(day, _calendar.monthrange(year, month_number + 1)[1]))
    for _step in range(31):  # the longest run of rest days is far shorter (the Spring Festival: 9)
        if is_workday(due):
            return due
        due = date.fromordinal(due.toordinal() - 1)
    return due


def expected_pay(*, days_worked: Decimal, rate: Decimal, rate_kind: str) -> Decimal:
    """What attendance earns at the agreed rate: days × a daily rate, or a monthly wage pro rata
    over the 21.75 statutory pay days (capped at the full month)."""
    if rate_kind == "daily":
        return yuan(days_worked * rate)
    share = min(days_worked / PAY_DAYS_PER_MONTH, Decimal(1))
    return yuan(rate * share)


def minimum_pay(*, days_worked: Decimal, minimum_monthly: Decimal) -> Decimal:
    """The minimum wage for the days worked (MWR; pro rata over 21.75 pay days, at most a month)."""
    return yuan(minimum_monthly * min(days_worked / PAY_DAYS_PER_MONTH, Decimal(1)))


def worker_month_findings(
    *,
    days_worked: Decimal,
    rate: Decimal,
    rate_kind: str,
    paid: Decimal,
    payday: date,
    today: date,
    minimum_monthly: Decimal,
) -> list[Finding]:
    """One worker's month on one project, once its payday has passed (WPR-12: at least monthly on
    the agreed day): no payout at all for a worker with attendance; a payout below attendance ×
    the agreed rate; a payout below the minimum wage for the days worked. Each "error" carries the
    amount owed in its message; `owed()` gives it as a number."""
    if today <= payday or days_worked <= 0:
        return []
    due = expected_pay(days_worked=days_worked, rate=rate, rate_kind=rate_kind)
    floor = minimum_pay(days_worked=days_worked, minimum_monthly=minimum_monthly)
    if paid <= 0:
        return [
            Finding("WPR-12", ERROR, f"发薪日{payday:%Y-%m-%d}已过，有考勤{days_worked}天但未发放工资，应发{due}元")
        ]
    findings = []
    if paid < due:
        findings.append(
            Finding("WPR-12", ERROR, f"实发{yuan(paid)}元低于考勤×约定工资应发{due}元，少发{due - yuan(paid)}元")
        )
    if paid < floor:
        findings.append(Finding("MWR", ERROR, f"实发{yuan(paid)}元低于最低工资标准折算的{floor}元"))
    return findings


def owed(*, days_worked: Decimal, rate: Decimal, rate_kind: str, paid: Decimal, minimum_monthly: Decimal) -> Decimal:
    """The amount still owed for one worker-month: what the agreed rate (and never less than the
    minimum wage) gives for the attendance, less what was paid; never negative."""
    due = max(
        expected_pay(days_worked=days_worked, rate=rate, rate_kind=rate_kind),
        minimum_pay(days_worked=days_worked, minimum_monthly=minimum_monthly),
    )
    return max(due - yuan(paid), Decimal("0.00"))


def allocation_findings(
    *, month: date, allocated: Decimal, scheduled: Decimal, due_on: date, today: date
) -> list[Finding]:
    """WPR-24: the construction unit pays the labor cost into the special account at least monthly,
    as the contract schedules it."""
    if today <= due_on or scheduled <= 0:
        return []
    if allocated <= 0:
        return [
            Finding("WPR-24", ERROR, f"{month:%Y年%m月}人工费用未按月拨付至工资专用账户（应拨{yuan(scheduled)}元）")
        ]
    if allocated < scheduled:
        return [
            Finding(
                "WPR-24", WARNING, f"{month:%Y年%m月}人工费用拨付不足：应拨{yuan(scheduled)}元，实拨{yuan(allocated)}元"
            )
        ]
    return []


def deposit_findings(
    *, contract_amount: Decimal, deposited: Decimal, rate: Decimal, exempt: bool = False
) -> list[Finding]:
    """WPR-32: the general contractor deposits a wage guarantee of `rate` (1–3 %, a provincial
    figure) of the contract amount, in cash or as a bank guarantee, unless exempted for a clean
    payment record."""
    if exempt:
        return []
    required = yuan(contract_amount * rate)
    if deposited <= 0:
        return [Finding("WPR-32", ERROR, f"未存储工资保证金（应存{required}元）")]
    if deposited < required:
        return [Finding("WPR-32", WARNING, f"工资保证金不足：应存{required}元，已存{yuan(deposited)}元")]
    return []


def roster_findings(*, enrolled: int, attending: int, unenrolled_attending: int) -> list[Finding]:
    """WPR-28: every worker on site is under real-name management: attendance by someone not on
    the roster, or a roster with nobody attending in a working month."""
    findings = []
    if unenrolled_attending:
        findings.append(Finding("WPR-28", ERROR, f"{unenrolled_attending}名考勤人员未进行实名登记"))
    if enrolled and not attending:
        findings.append(Finding("WPR-28", WARNING, "本月在册人员无考勤记录，考勤未更新"))
    return findings
