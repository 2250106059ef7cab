"""Scoring an assessment against an indicator system (评价指标体系): pure rules, no database.

The creation standards come from HOP (人社部发〔2023〕2号, 关于推进新时代和谐劳动关系创建活动的意见),
as reproduced in the Weihai (威人社函〔2023〕19号, seed 001) and Hubei (鄂人社发〔2023〕21号, seed 002)
documents: nine standards for enterprises, seven for industrial parks and townships. HOP leaves
the scoring tables to the provinces (Hubei task 2: "建立创建评价指标体系"), so the scheme here is
the simplest one that reproduces the published tables and lets a province retune every number
without code:

- a tree of groups (one per standard) and scored leaves; a group is worth at most its `max_score`
  whatever its leaves add up to, so a province can offer several ways to earn one standard's
  points without inflating the total;
- four leaf methods: "boolean" (the practice exists: full points), "graded" (levels such as
  好/较好/一般 with their points), "threshold" (a number: the highest step reached, e.g. the
  satisfaction rate ≥ 90% / 80% / 70%, or the "linear" deduction the published park table uses:
  contract signing rate 100% = 8 points, −0.2 per percentage point short, never below 0) and
  "computed" (the platform's own data through a registered indicator function, then scored like
  "threshold", or like "boolean" when no steps are given);
- veto items (一票否决: serious wage arrears, a wage-blacklist listing, a mass incident, a major
  safety accident, major violations) score nothing and fail the assessment whatever its total —
  HOP makes meeting the law a precondition of naming, not a part of the score;
- passing means no veto and a total at or above the system's `pass_score` (80 of 100 in the
  national defaults, the usual cut in the provincial tables).

Platform data wins over what a unit says about itself. When a computed indicator has no data
(its module is not in service yet, or the unit has no records), an indicator whose options say
`{"fallback": "self"}` is scored on the unit's self-reported value, and the result lists the code
in `self_reported` so reviewers know to check the evidence; without that option it scores 0 with
a "no data" gap. An indicator that requires evidence (佐证材料) scores 0 until evidence is
attached, when the caller says which leaves carry evidence (`evidence`); reviewers do not credit
unsupported claims. Platform data needs no evidence: it is the evidence. Passing `evidence=None`
skips that check (previews, benchmarks).
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0")

GROUP, BOOLEAN, GRADED, THRESHOLD, COMPUTED = "group", "boolean", "graded", "threshold", "computed"
METHODS = (GROUP, BOOLEAN, GRADED, THRESHOLD, COMPUTED)

# Why a leaf lost points (Gap.reasons).
BELOW = "below"  # the value falls short of full points
UNANSWERED = "unanswered"  # no value given
NO_DATA = "no_data"  # a computed indicator with no platform data and no self-report fallback
EVIDENCE = "evidence"  # required evidence missing
VETO = "veto"  # a veto item holds
VETO_REASONS, NO_DATA_REASONS, UNANSWERED_REASONS, BELOW_REASONS = (VETO,), (NO_DATA,), (UNANSWERED,), (BELOW,)


@dataclass(frozen=True)
class IndicatorSpec:
    """One node of an indicator tree as plain values (the model `Indicator` without a database)."""

    code: str
    parent: str | None
    method: str
    max_score: Decimal = ZERO
    name: str = ""
    options: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    computed_key: str = ""
    is_veto: bool = False
    evidence_required: bool = False


class Gap(NamedTuple):
    """A leaf that scored less than its maximum, or a veto item that holds, and why."""

    code: str
    name: str
    max_score: Decimal
    score: Decimal
    reasons: tuple[str, ...]

    @property
    def shortfall(self) -> Decimal:
        return self.max_score - self.score

    @property
    def evidence_missing(self) -> bool:
        return EVIDENCE in self.reasons

    @property
    def message(self) -> str:
        texts = {
            BELOW: _("未达到满分标准"),
            UNANSWERED: _("未填报"),
            NO_DATA: _("平台暂无该项数据"),
            EVIDENCE: _("缺少佐证材料"),
            VETO: _("触发否决项"),
        }
        return "；".join(str(texts[r]) for r in self.reasons)


@dataclass
class AssessmentResult:
    total: Decimal
    vetoed: bool
    veto_codes: list[str]
    scores: dict[str, Decimal]
    gaps: list[Gap]
    passed: bool
    self_reported: list[str] = field(default_factory=list)


def to_decimal(value: Any) -> Decimal | None:
    """A number from a form, JSON or an indicator function; None when it is not one."""
    if value is None or isinstance(value, bool):
        return None if value is None else Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        return None


def truthy(value: Any) -> bool:
    """A yes/no answer: True, 1, "yes", "是"… count as yes."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "on", "是", "有"}
    return bool(value)


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _levels(options: Mapping) -> list[dict]:
    return list(options.get("levels", [])) if isinstance(options, Mapping) else list(options or [])


class _Leaf:
    """A leaf compiled once per system: its scoring function bound to its parsed options."""

    __slots__ = (
        "code",
        "name",
        "parent",
        "max",
        "veto",
        "evidence",
        "fallback",
        "key",
        "score_value",
        "yes_no",
        "levels",
        "target",
        "step",
        "per",
        "steps",
        "below",
    )

    def __init__(self, spec: IndicatorSpec):
        self.code, self.name, self.parent = spec.code, spec.name, spec.parent
        self.max = Decimal(spec.max_score)
        self.veto, self.evidence = spec.is_veto, spec.evidence_required
        options = spec.options or {}
        self.fallback = isinstance(options, Mapping) and options.get("fallback") == "self"
        self.key = spec.computed_key
        method = spec.method
        self.yes_no = False
        if spec.is_veto:
            self.score_value = None
        elif method == BOOLEAN or (method == COMPUTED and not _has_numeric_scheme(options)):
            self.score_value, self.yes_no = self._boolean, True
        elif method == GRADED:
            self.levels = {str(level["label"]): Decimal(str(level["score"])) for level in _levels(options)}
            self.score_value = self._graded
        elif "linear" in options:
            linear = options["linear"]
            self.target = Decimal(str(linear["target"]))
            self.step = Decimal(str(linear["step"]))
            self.per = Decimal(str(linear.get("per", 1)))
            self.score_value = self._linear
        else:
            below = bool(options.get("lower_is_better"))
            steps = sorted(
                ((Decimal(str(bound)), Decimal(str(points))) for bound, points in options.get("steps", [])),
                reverse=not below,
            )
            self.steps, self.below = steps, below
            self.score_value = self._steps

    def _boolean(self, value) -> Decimal:
        return self.max if truthy(value) else ZERO

    def _graded(self, value) -> Decimal:
        return min(self.levels.get(str(value), ZERO), self.max)

    def _linear(self, value) -> Decimal:
        number = to_decimal(value)
        if number is None:
            return ZERO
        short = self.target - number
        if short <= 0:
            return self.max
        return max(ZERO, _quantize(self.max - self.step * short / self.per))

    def _steps(self, value) -> Decimal:
        number = to_decimal(value)
        if number is None:
            return ZERO
        for bound, points in self.steps:
            if (number <= bound) if self.below else (number >= bound):
                return min(points, self.max)
        return ZERO


def _has_numeric_scheme(options) -> bool:
    return isinstance(options, Mapping) and ("steps" in options or "linear" in options)


class ScoringPlan:
    """An indicator tree compiled for scoring many assessments: leaves in order, each group's
    children and cap. Build it once per system version; `score_assessment` accepts it in place of
    the list of specs."""

    def __init__(self, indicators: Iterable[IndicatorSpec], pass_score: Decimal = Decimal("80")):
        specs = list(indicators)
        self.pass_score = Decimal(pass_score)
        self.specs = {s.code: s for s in specs}
        self.leaves = [_Leaf(s) for s in specs if s.method != GROUP]
        self.groups = {s.code: Decimal(s.max_score) for s in specs if s.method == GROUP}
        self.children: dict[str | None, list[str]] = {}
        for s in specs:
            self.children.setdefault(s.parent, []).append(s.code)
        # Groups deepest first, so a group's subgroups are summed before it.
        depth = {}
        for s in specs:
            d, node = 0, s
            while node.parent is not None and node.parent in self.specs:
                d, node = d + 1, self.specs[node.parent]
            depth[s.code] = d
        self.group_order = sorted(self.groups, key=lambda code: -depth[code])
        self.veto_leaves = [(leaf.code, leaf.name, leaf.key) for leaf in self.leaves if leaf.veto]
        self.scored_leaves = [leaf for leaf in self.leaves if not leaf.veto]
        self.group_sums = [(g, tuple(self.children.get(g, ())), self.groups[g]) for g in self.group_order]
        self.top_level = tuple(self.children.get(None, ()))
        self.computed_keys = sorted({leaf.key for leaf in self.leaves if leaf.key})
        self.max_total = sum((self._node_max(code) for code in self.children.get(None, [])), ZERO)

    def _node_max(self, code: str) -> Decimal:
        if code in self.groups:
            return self.groups[code]
        return ZERO if self.specs[code].is_veto else Decimal(self.specs[code].max_score)

    def score(
        self,
        values: Mapping[str, Any],
        computed: Mapping[str, Any],
        evidence: Collection[str] | None = None,
    ) -> AssessmentResult:
        # The hot loop of bulk scoring (bench/campaign.py): locals and a fast path for yes/no.
        scores: dict[str, Decimal] = {}
        gaps: list[Gap] = []
        veto_codes: list[str] = []
        self_reported: list[str] = []
        get_value, get_computed = values.get, computed.get
        for code, name, key in self.veto_leaves:
            scores[code] = ZERO
            value, from_platform = get_value(code), get_computed(key) if key else None
            if (value is not None and value is not False and truthy(value)) or (
                from_platform is not None and from_platform is not False and truthy(from_platform)
            ):
                veto_codes.append(code)
                gaps.append(Gap(code, name, ZERO, ZERO, VETO_REASONS))
        for leaf in self.scored_leaves:
            code = leaf.code
            value = get_value(code)
            reasons: tuple[str, ...] = ()
            platform = False
            if leaf.key:
                from_platform = get_computed(leaf.key)
                if from_platform is not None:
                    value, platform = from_platform, True
                elif leaf.fallback and value is not None:
                    self_reported.append(code)
                else:
                    value = None
                    reasons = NO_DATA_REASONS
            top = leaf.max
            if value is None:
                points = ZERO
                reasons = reasons or UNANSWERED_REASONS
            elif value is True and leaf.yes_no:
                points = top
            else:
                points = leaf.score_value(value)
                if points < top:
                    reasons = BELOW_REASONS
            if leaf.evidence and points and not platform and evidence is not None and code not in evidence:
                points = ZERO
                reasons = (*reasons, EVIDENCE)
            scores[code] = points
            if points < top:
                gaps.append(Gap(code, leaf.name, top, points, reasons))
        for group, children, cap in self.group_sums:
            subtotal = sum(map(scores.__getitem__, children), ZERO)
            scores[group] = subtotal if subtotal < cap else cap
        total = sum(map(scores.__getitem__, self.top_level), ZERO)
        vetoed = bool(veto_codes)
        return AssessmentResult(
            total=total,
            vetoed=vetoed,
            veto_codes=veto_codes,
            scores=scores,
            gaps=gaps,
            passed=not vetoed and total >= self.pass_score,
            self_reported=self_reported,
        )


def score_assessment(
    indicators: "list[IndicatorSpec] | ScoringPlan",
    values: Mapping[str, Any],
    computed: Mapping[str, Any],
    *,
    pass_score: Decimal | None = None,
    evidence: Collection[str] | None = None,
) -> AssessmentResult:
    """Score one assessment.

    `values`: the unit's answers by indicator code (bool, number, level label); `computed`: the
    platform's values by computed key (None = no data); `evidence`: the codes with evidence
    attached (None: not checked). A veto item holds when its answer or its computed value is
    true (a veto event recorded against the unit, a blacklist entry…) and then the assessment is
    not passed whatever the total.
    """
    plan = indicators if isinstance(indicators, ScoringPlan) else ScoringPlan(indicators)
    result = plan.score(values, computed, evidence)
    if pass_score is not None:
        result.passed = not result.vetoed and result.total >= Decimal(pass_score)
    return result


def option_errors(method: str, options: Any, max_score: Decimal, is_veto: bool = False) -> list[str]:
    """What is wrong with an indicator's options for its method (the edit form shows these)."""
    errors: list[str] = []
    if method not in METHODS:
        return [_("未知的评分方式")]
    if options is None:
        options = {}
    if not isinstance(options, Mapping) and not (method == GRADED and isinstance(options, list)):
        return [_("评分选项必须是 JSON 对象")]
    if is_veto or method in (GROUP, BOOLEAN):
        return errors
    try:
        if method == GRADED:
            levels = _levels(options)
            if not levels:
                errors.append(_('分级评分须列出各级别：{"levels": [{"label": "好", "score": 5}]}'))
            for level in levels:
                if Decimal(str(level["score"])) > max_score:
                    errors.append(_("级别得分不能超过分值"))
        elif "linear" in options:
            linear = options["linear"]
            if Decimal(str(linear["step"])) < 0 or Decimal(str(linear.get("per", 1))) <= 0:
                errors.append(_("扣分步长须为正数"))
            Decimal(str(linear["target"]))
        elif method == THRESHOLD or "steps" in options:
            steps = options.get("steps")
            if not steps:
                errors.append(_('数值阈值须列出档次：{"steps": [[90, 10], [80, 8]]}'))
            for bound, points in steps or []:
                Decimal(str(bound))
                if Decimal(str(points)) > max_score:
                    errors.append(_("档次得分不能超过分值"))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        errors.append(_("评分选项格式不正确"))
    return errors
