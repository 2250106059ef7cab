"""Pure rules of labor-dispute mediation and arbitration (劳动争议调解仲裁法, LDMAL): the statutory
periods with their day kinds, final-award classification, the limitation period, the hearing
notice, collective representation. No database, no request: plain values in, findings out.

Periods are data (RULES.md: the 2017 办案规则 is understood to count its 3/5/10-day periods in
working days and its 15/45-day periods in natural days, unconfirmed): each `Period` names its
day kind so a corrected reading changes one row, never code.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_noop

from hexie.core.calendar import Deadline, add_period
from hexie.core.rules import ERROR, WARNING, Finding, add_months

Kind = Literal["natural", "working"]


@dataclass(frozen=True)
class Period:
    """A statutory period: `days` of `kind`, counted from the event (the event's day not counted)."""

    days: int
    kind: Kind
    article: str
    label: str  # Chinese, marked for the catalogue; shown through gettext


# Every clock a case runs on. The internal-complaint period is the platform's default for an
# enterprise's own committee (no statute fixes it; Dongying's 内部申诉和协商回应机制).
PERIODS: dict[str, Period] = {
    "internal_reply": Period(15, "natural", "企业内部申诉制度", gettext_noop("企业内部申诉答复期限")),
    "mediation": Period(15, "natural", "LDMAL-14", gettext_noop("调解期限（十五日）")),
    "acceptance": Period(5, "working", "LDMAL-29", gettext_noop("受理审查期限（五日）")),
    "respondent_copy": Period(5, "working", "LDMAL-30", gettext_noop("送达被申请人期限（五日）")),
    "defence": Period(10, "working", "LDMAL-30", gettext_noop("被申请人答辩期限（十日）")),
    "tribunal_notice": Period(5, "working", "LDMAL-32", gettext_noop("仲裁庭组成通知期限（五日）")),
    "hearing_notice": Period(5, "working", "LDMAL-35", gettext_noop("开庭通知提前期（五日）")),
    "postponement_request": Period(3, "working", "LDMAL-35", gettext_noop("延期开庭申请提前期（三日）")),
    "award": Period(45, "natural", "LDMAL-43", gettext_noop("裁决期限（四十五日）")),
    "award_extension": Period(15, "natural", "LDMAL-43", gettext_noop("延长裁决期限（十五日）")),
    "worker_lawsuit": Period(15, "natural", "LDMAL-48", gettext_noop("劳动者起诉期限（十五日）")),
    "set_aside": Period(30, "natural", "LDMAL-49", gettext_noop("用人单位申请撤销期限（三十日）")),
    "nonfinal_lawsuit": Period(15, "natural", "LDMAL-50", gettext_noop("不服非终局裁决起诉期限（十五日）")),
}

COLLECTIVE_MINIMUM = 10  # LDMAL-7: ten or more workers with a common claim
REPRESENTATIVES = (3, 5)  # 办案规则: the workers elect three to five representatives
FINAL_AWARD_MONTHS = 12  # LDMAL-47(1): twelve months of the local monthly minimum wage
LIMITATION_YEARS = 1  # LDMAL-27


def deadline(period: str, start: date) -> Deadline:
    """The last day of the named period counted from `start` on the core working-day calendar."""
    p = PERIODS[period]
    return add_period(start, p.days, p.kind)


# --- LDMAL-47: final awards (一裁终局) -------------------------------------------------------

# Claim kinds whose amount decides finality under LDMAL-47(1): labor remuneration, injury medical
# costs, economic compensation or damages.
AMOUNT_TESTED = frozenset(
    {"wages", "overtime", "double_wages", "minimum_wage_gap", "annual_leave", "injury_medical", "severance", "damages"}
)
# Claim kinds final whatever the amount under LDMAL-47(2): disputes over national labor standards
# on working hours, rest and leave, social insurance.
LABOR_STANDARD = frozenset({"working_hours", "rest_leave", "social_insurance"})


def is_final_award(claim_amount: Decimal, *, minimum_wage: Decimal) -> bool:
    """LDMAL-47(1): an award on one claim item for labor remuneration, injury medical costs,
    economic compensation or damages is final when the amount claimed does not exceed twelve
    months of the local monthly minimum wage (counted per item, 最高法解释（一）第十八条)."""
    if claim_amount < 0:
        raise ValueError("a claim amount cannot be negative")
    return claim_amount <= minimum_wage * FINAL_AWARD_MONTHS


def claim_is_final(kind: str, amount: Decimal | None, *, minimum_wage: Decimal) -> bool:
    """Is the award on a claim item of `kind` final (LDMAL-47)? Labor-standard disputes always are;
    amount-tested kinds when `is_final_award`; every other kind (confirming the employment
    relation, reinstatement, injury benefits beyond medical costs…) is not."""
    if kind in LABOR_STANDARD:
        return True
    if kind in AMOUNT_TESTED and amount is not None:
        return is_final_award(amount, minimum_wage=minimum_wage)
    return False


def amount_tested_for_finality(result: str, claimed: Decimal | None, awarded: Decimal | None) -> Decimal | None:
    """The amount of one claim item that LDMAL-47(1) tests: the amount awarded on it (办案规则第五十条,
    “单项裁决数额”); an item rejected outright is tested at the amount claimed, the sum that was in
    dispute, so a large claim dismissed is not made final by the zero awarded."""
    if result == "rejected" or awarded is None:
        return claimed
    return awarded


def award_finality(items: list[tuple[str, Decimal | None]], *, minimum_wage: Decimal) -> str:
    """ "final", "non_final" or "partial" for an award over `items` (kind, amount): an award with
    both kinds of items is issued as two documents (办案规则第五十条)."""
    flags = {claim_is_final(kind, amount, minimum_wage=minimum_wage) for kind, amount in items}
    if flags == {True}:
        return "final"
    if flags == {False} or not flags:
        return "non_final"
    return "partial"


# --- LDMAL-27: limitation --------------------------------------------------------------------


def limitation_findings(
    *,
    known_on: date,
    filed_on: date,
    claim_kinds: list[str],
    employment_ended_on: date | None = None,
) -> list[Finding]:
    """LDMAL-27: one year from the day the party knew or should have known of the infringement.
    Arrears of labor remuneration during the employment are not barred until one year after it
    ends. Interruption and suspension (a demand, a complaint, force majeure) can extend it, so an
    expired period is a warning for the arbitrator to weigh, never a refusal at filing."""
    findings: list[Finding] = []
    if known_on > filed_on:
        findings.append(Finding("LDMAL-27", ERROR, "知道权利被侵害的日期不能晚于申请日期（第二十七条）"))
        return findings
    remuneration = {"wages", "overtime", "minimum_wage_gap"}
    for kind in sorted(set(claim_kinds)):
        if kind in remuneration:
            if employment_ended_on is None or employment_ended_on > filed_on:
                continue  # still employed: not barred (LDMAL-27 para. 4)
            limit = add_months(employment_ended_on, 12 * LIMITATION_YEARS)
        else:
            limit = add_months(known_on, 12 * LIMITATION_YEARS)
        if filed_on > limit:
            findings.append(
                Finding(
                    "LDMAL-27",
                    WARNING,
                    f"“{CLAIM_LABELS.get(kind, kind)}”的仲裁时效已于{limit:%Y年%m月%d日}届满（第二十七条）；"
                    "如有时效中断或中止的事由，请在事实与理由中说明",
                )
            )
    return findings


CLAIM_LABELS = {
    "wages": "拖欠工资",
    "overtime": "加班费",
    "double_wages": "未签书面劳动合同二倍工资",
    "minimum_wage_gap": "低于最低工资标准差额",
    "annual_leave": "未休年休假工资",
    "severance": "经济补偿",
    "damages": "违法解除劳动合同赔偿金",
    "injury_medical": "工伤医疗费",
    "injury_benefits": "工伤保险待遇",
    "social_insurance": "社会保险",
    "working_hours": "工作时间",
    "rest_leave": "休息休假",
    "dismissal": "撤销解除决定、恢复劳动关系",
    "confirm_relation": "确认劳动关系",
    "other": "其他",
}


# --- LDMAL-35: hearing notice and postponement -----------------------------------------------


def earliest_hearing(notice_on: date) -> Deadline:
    """The first day a hearing notified on `notice_on` may be held (LDMAL-35: notice at least five
    days before the hearing)."""
    return deadline("hearing_notice", notice_on)


def hearing_notice_findings(notice_on: date, hearing_on: date) -> list[Finding]:
    earliest = earliest_hearing(notice_on)
    if hearing_on < earliest.date:
        return [
            Finding(
                "LDMAL-35",
                ERROR,
                f"开庭通知应当在开庭五日前送达当事人：{notice_on:%Y年%m月%d日}通知的，"
                f"最早可于{earliest.date:%Y年%m月%d日}开庭（第三十五条）",
            )
        ]
    return []


def postponement_findings(requested_on: date, hearing_on: date) -> list[Finding]:
    """LDMAL-35: a party asks for postponement at least three days before the hearing; the
    tribunal may still decide on a late request, so lateness is a warning."""
    if deadline("postponement_request", requested_on).date > hearing_on:
        return [
            Finding(
                "LDMAL-35", WARNING, "延期开庭应当在开庭三日前提出，本申请已逾期，由仲裁庭决定是否准许（第三十五条）"
            )
        ]
    return []


# --- LDMAL-7: collective cases ---------------------------------------------------------------


def collective_findings(workers: int, representatives: int) -> list[Finding]:
    """LDMAL-7: ten or more workers with a common claim act through elected representatives
    (three to five)."""
    low, high = REPRESENTATIVES
    if workers < COLLECTIVE_MINIMUM:
        return [Finding("LDMAL-7", ERROR, f"集体争议的劳动者应在{COLLECTIVE_MINIMUM}人以上（第七条），现为{workers}人")]
    if not low <= representatives <= high:
        return [Finding("LDMAL-7", ERROR, f"集体争议应推举{low}至{high}名代表人参加仲裁活动，现为{representatives}名")]
    return []


def elected(votes: dict[int, int], voters: int, seats: int) -> list[int]:
    """The candidates elected by `votes` (candidate -> votes): the `seats` with most votes, each
    with more than half of the `voters` (ties broken by the lower id, the earlier signer)."""
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    return [candidate for candidate, count in ranked[:seats] if count * 2 > voters]
