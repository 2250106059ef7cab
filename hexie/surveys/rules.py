"""Pure rules of the employee satisfaction survey (职工满意度测评): no database, no request.

The eight dimensions are those of the creation standards for harmonious labor relations in
enterprises (《关于推进新时代和谐劳动关系创建活动的意见》, 2023): 劳动报酬, 社保缴纳, 休息休假,
工作环境, 技能培训, 劳动条件, 协商民主, 人文关怀. Each is answered on a five-point scale, from
非常满意 (5) to 非常不满意 (1); an answer of 4 or 5 counts as satisfied.

Results are published only from MIN_RESPONSES answers up: below that a result could point at
the few who answered, so it is withheld altogether.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

MIN_RESPONSES = 10
SATISFIED_FROM = 4  # 满意 (4) and 非常满意 (5)
SUGGESTION_MAX = 500

DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("pay", _("劳动报酬")),
    ("social_insurance", _("社保缴纳")),
    ("rest", _("休息休假")),
    ("environment", _("工作环境")),
    ("training", _("技能培训")),
    ("conditions", _("劳动条件")),
    ("democracy", _("协商民主")),
    ("care", _("人文关怀")),
)
DIMENSION_KEYS = tuple(key for key, _label in DIMENSIONS)

SCALE: tuple[tuple[int, str], ...] = (
    (5, _("非常满意")),
    (4, _("满意")),
    (3, _("一般")),
    (2, _("不满意")),
    (1, _("非常不满意")),
)

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class DimensionResult:
    key: str
    label: str
    average: Decimal  # mean score, 1.00-5.00
    rate: Decimal  # share of answers 4 or 5, in percent 0.00-100.00


@dataclass(frozen=True)
class Summary:
    responses: int
    shown: bool  # False below MIN_RESPONSES: then nothing else is given
    dimensions: tuple[DimensionResult, ...] = ()
    overall_rate: Decimal | None = None  # share of all answers (every dimension of every response) 4 or 5
    overall_average: Decimal | None = None


def percent(part: int, whole: int) -> Decimal:
    """`part` of `whole` in percent with two places, rounded half up (0 of 0 is 0.00)."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part * 100) / Decimal(whole)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def summary_from_totals(responses: int, totals: Mapping[str, tuple[int, int]]) -> Summary:
    """The summary from per-dimension totals: `totals[key] = (sum of scores, answers of 4 or 5)`.

    Every response answers every dimension, so each dimension has `responses` answers and the
    overall rate (satisfied answers over all answers) equals the mean of the dimension rates.
    """
    if responses < MIN_RESPONSES:
        return Summary(responses=responses, shown=False)
    dimensions = []
    for key, label in DIMENSIONS:
        score_sum, satisfied = totals[key]
        average = (Decimal(score_sum) / Decimal(responses)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        dimensions.append(DimensionResult(key, str(label), average, percent(satisfied, responses)))
    all_answers = responses * len(DIMENSIONS)
    satisfied_all = sum(totals[key][1] for key in DIMENSION_KEYS)
    score_all = sum(totals[key][0] for key in DIMENSION_KEYS)
    return Summary(
        responses=responses,
        shown=True,
        dimensions=tuple(dimensions),
        overall_rate=percent(satisfied_all, all_answers),
        overall_average=(Decimal(score_all) / Decimal(all_answers)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
    )


def satisfaction_summary(answers: Iterable[Mapping[str, int]]) -> Summary:
    """Per-dimension average and satisfaction rate, and the overall rate, of some responses (each a
    mapping from every dimension key to a score 1-5); withheld below MIN_RESPONSES responses."""
    totals = {key: [0, 0] for key in DIMENSION_KEYS}
    responses = 0
    for answer in answers:
        responses += 1
        for key in DIMENSION_KEYS:
            score = int(answer[key])
            if not 1 <= score <= 5:
                raise ValueError(f"score out of the 1-5 scale: {key}={score}")
            totals[key][0] += score
            totals[key][1] += score >= SATISFIED_FROM
    return summary_from_totals(responses, {key: (s, n) for key, (s, n) in totals.items()})


# Runs of 7+ digits (spaces or hyphens between them allowed), optionally ending in X: phone,
# ID and bank-card numbers that would name the one who wrote the suggestion.
_NUMBER = re.compile(r"\d(?:[\s-]?\d){5,}[\s-]?[\dXx]")


def clean_suggestion(text: str) -> str:
    """A free-text suggestion made safe to keep anonymously: long numbers masked, length limited."""
    text = _NUMBER.sub("***", (text or "").strip().replace("\x00", ""))
    return text[:SUGGESTION_MAX]
