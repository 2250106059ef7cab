"""Scoring rules as tables of cases: each method, the linear deduction of the published park table,
group caps, veto items overriding any score, computed values and their fallback, gaps."""

from decimal import Decimal as D

import pytest

from hexie.campaign import rules
from hexie.campaign.rules import IndicatorSpec as S


def one_leaf(method, max_score, options=None, **extra):
    return [S("1", None, method, D(max_score), options=options or {}, **extra)]


def score_of(specs, value, computed=None, code="1", **kwargs):
    return rules.score_assessment(specs, {code: value} if value is not None else {}, computed or {}, **kwargs)


@pytest.mark.parametrize(
    "value, expected",
    [(True, "5"), (False, "0"), ("是", "5"), ("yes", "5"), ("否", "0"), (1, "5"), (0, "0"), (None, "0")],
)
def test_boolean(value, expected):
    assert score_of(one_leaf("boolean", 5), value).scores["1"] == D(expected)


LEVELS = {"levels": [{"label": "好", "score": 4}, {"label": "较好", "score": 3}, {"label": "一般", "score": 1}]}


@pytest.mark.parametrize("value, expected", [("好", "4"), ("较好", "3"), ("一般", "1"), ("差", "0"), ("", "0")])
def test_graded(value, expected):
    assert score_of(one_leaf("graded", 4, LEVELS), value).scores["1"] == D(expected)


def test_graded_accepts_a_plain_list_and_caps_at_the_maximum():
    specs = one_leaf("graded", 3, [{"label": "高", "score": 5}])
    assert score_of(specs, "高").scores["1"] == D("3")


SATISFACTION = {"steps": [[90, 12], [80, 9], [70, 6]]}


@pytest.mark.parametrize(
    "value, expected",
    [
        (100, "12"),
        (90, "12"),
        ("90%", "12"),
        (89.99, "9"),
        (80, "9"),
        (79.9, "6"),
        (70, "6"),
        (69, "0"),
        (0, "0"),
        ("不知道", "0"),
    ],
)
def test_threshold_steps(value, expected):
    assert score_of(one_leaf("threshold", 12, SATISFACTION), value).scores["1"] == D(expected)


@pytest.mark.parametrize("value, expected", [(0, "5"), (0.5, "5"), (1, "3"), (2, "3"), (2.01, "0")])
def test_threshold_lower_is_better(value, expected):
    options = {"steps": [[0.5, 5], [2, 3]], "lower_is_better": True}  # e.g. disputes per 100 workers
    assert score_of(one_leaf("threshold", 5, options), value).scores["1"] == D(expected)


SIGNING = {"linear": {"target": 100, "step": 0.2, "per": 1}}


@pytest.mark.parametrize(
    "rate, expected",
    [
        (100, "8.00"),  # the published park table: 100% = 8 points
        (101, "8.00"),  # above the target earns nothing more
        (99, "7.80"),  # −0.2 per point short
        (99.5, "7.90"),
        (95, "7.00"),
        (90, "6.00"),
        (60.5, "0.10"),
        (60, "0.00"),  # 40 points short: 8 − 8 = 0
        (59, "0.00"),  # never below zero
        (0, "0.00"),
    ],
)
def test_linear_deduction_boundaries(rate, expected):
    assert score_of(one_leaf("threshold", 8, SIGNING), rate).scores["1"] == D(expected)


def test_linear_per_several_units():
    options = {"linear": {"target": 100, "step": 1, "per": 5}}  # −1 point per 5 points short
    assert score_of(one_leaf("threshold", 10, options), 90).scores["1"] == D("8.00")


TREE = [
    S("G1", None, "group", D("10")),
    S("G1.1", "G1", "boolean", D("6")),
    S("G1.2", "G1", "boolean", D("6")),  # two ways to earn one standard's 10 points
    S("G2", None, "group", D("20")),
    S("G2.1", "G2", "threshold", D("12"), options=SATISFACTION),
    S("G2.2", "G2", "group", D("8")),
    S("G2.2.1", "G2.2", "boolean", D("5")),
    S("G2.2.2", "G2.2", "boolean", D("5")),
    S("X", None, "boolean", D("70")),
    S("V1", None, "boolean", D("0"), is_veto=True),
    S("V2", None, "boolean", D("0"), is_veto=True, computed_key="campaign.veto_event.wage_arrears"),
]


@pytest.mark.parametrize(
    "values, g1, g2, total",
    [
        ({"G1.1": True, "G1.2": True}, "10", "0", "10"),  # 12 earned, capped at 10
        ({"G1.1": True}, "6", "0", "6"),
        ({"G2.1": 95, "G2.2.1": True, "G2.2.2": True}, "0", "20", "20"),  # nested cap: 10 → 8, then 12 + 8
        ({"G2.1": 85, "G2.2.1": True}, "0", "14", "14"),
        ({"G1.1": True, "G1.2": True, "G2.1": 95, "G2.2.1": True, "G2.2.2": True, "X": True}, "10", "20", "100"),
    ],
)
def test_group_sums_are_capped_at_the_group_maximum(values, g1, g2, total):
    result = rules.score_assessment(TREE, values, {})
    assert (result.scores["G1"], result.scores["G2"], result.total) == (D(g1), D(g2), D(total))


FULL = {"G1.1": True, "G1.2": True, "G2.1": 95, "G2.2.1": True, "G2.2.2": True, "X": True}


@pytest.mark.parametrize(
    "values, computed, veto_codes",
    [
        ({**FULL, "V1": True}, {}, ["V1"]),  # declared by the unit
        (FULL, {"campaign.veto_event.wage_arrears": True}, ["V2"]),  # recorded by the platform
        ({**FULL, "V1": "是"}, {"campaign.veto_event.wage_arrears": True}, ["V1", "V2"]),
        ({**FULL, "V2": True}, {"campaign.veto_event.wage_arrears": False}, ["V2"]),  # a declaration stands
    ],
)
def test_a_veto_fails_the_assessment_whatever_the_total(values, computed, veto_codes):
    result = rules.score_assessment(TREE, values, computed, pass_score=D("80"))
    assert result.total == D("100")  # full marks…
    assert result.vetoed and result.veto_codes == veto_codes
    assert result.passed is False  # …and still not passed
    assert [g.code for g in result.gaps if rules.VETO in g.reasons] == veto_codes


@pytest.mark.parametrize(
    "total_values, passed",
    [(FULL, True), ({**FULL, "G1.2": False, "G1.1": False}, True), ({**FULL, "X": False}, False)],
)
def test_pass_at_the_pass_score(total_values, passed):
    result = rules.score_assessment(TREE, total_values, {"campaign.veto_event.wage_arrears": False}, pass_score=D("90"))
    assert result.passed is passed and not result.vetoed


def test_the_pass_score_of_a_plan():
    plan = rules.ScoringPlan(TREE, pass_score=D("100"))
    assert rules.score_assessment(plan, FULL, {}).passed
    assert not rules.score_assessment(plan, {**FULL, "G2.2.2": False}, {}).passed
    assert plan.max_total == D("100")


COMPUTED = [
    S("C1", None, "computed", D("8"), options=SIGNING | {"fallback": "self"}, computed_key="contracts.signing_rate"),
    S("C2", None, "computed", D("5"), computed_key="core.mediation_committee_present"),
]


@pytest.mark.parametrize(
    "values, computed, c1, c2, self_reported, reasons",
    [
        ({}, {"contracts.signing_rate": 100, "core.mediation_committee_present": True}, "8", "5", [], {}),
        # platform data wins over what the unit says
        (
            {"C1": 100, "C2": True},
            {"contracts.signing_rate": 90, "core.mediation_committee_present": True},
            "6",
            "5",
            [],
            {"C1": (rules.BELOW,)},
        ),
        # no platform data: C1 falls back to the self-reported value, C2 (no fallback) scores 0
        ({"C1": 95, "C2": True}, {}, "7", "0", ["C1"], {"C1": (rules.BELOW,), "C2": (rules.NO_DATA,)}),
        (
            {"C1": 95},
            {"contracts.signing_rate": None, "core.mediation_committee_present": None},
            "7",
            "0",
            ["C1"],
            {"C1": (rules.BELOW,), "C2": (rules.NO_DATA,)},
        ),
        # nothing at all
        ({}, {}, "0", "0", [], {"C1": (rules.NO_DATA,), "C2": (rules.NO_DATA,)}),
        ({}, {"core.mediation_committee_present": False}, "0", "0", [], {"C1": (rules.NO_DATA,), "C2": (rules.BELOW,)}),
    ],
)
def test_computed_values_and_the_self_reported_fallback(values, computed, c1, c2, self_reported, reasons):
    result = rules.score_assessment(COMPUTED, values, computed)
    assert (result.scores["C1"], result.scores["C2"]) == (D(c1), D(c2))
    assert result.self_reported == self_reported
    assert {g.code: g.reasons for g in result.gaps} == reasons


def test_gaps_say_what_is_short_and_what_evidence_is_missing():
    specs = [
        S("1", None, "boolean", D("4"), name="建立党组织", evidence_required=True),
        S("2", None, "threshold", D("6"), name="经费用于一线职工", options={"steps": [[60, 6], [50, 3]]}),
        S("3", None, "boolean", D("3"), name="厂务公开"),
        S("4", None, "boolean", D("2"), name="协调员"),
    ]
    values = {"1": True, "2": 55, "3": True}
    checked = rules.score_assessment(specs, values, {}, evidence=set())
    gaps = {g.code: g for g in checked.gaps}
    assert set(gaps) == {"1", "2", "4"}  # "3" is at its maximum: no gap
    assert gaps["1"].evidence_missing and gaps["1"].score == 0 and gaps["1"].shortfall == D("4")
    assert gaps["2"].shortfall == D("3") and gaps["2"].reasons == (rules.BELOW,)
    assert gaps["4"].reasons == (rules.UNANSWERED,) and gaps["4"].shortfall == D("2")
    assert "佐证" in gaps["1"].message
    assert checked.total == D("6")
    with_evidence = rules.score_assessment(specs, values, {}, evidence={"1"})
    assert with_evidence.total == D("10") and "1" not in {g.code for g in with_evidence.gaps}
    unchecked = rules.score_assessment(specs, values, {})  # evidence not considered (previews)
    assert unchecked.total == D("10")


@pytest.mark.parametrize(
    "method, options, ok",
    [
        ("graded", {"levels": [{"label": "好", "score": 4}]}, True),
        ("graded", {}, False),
        ("graded", [{"label": "高", "score": 5}], True),
        ("graded", {"levels": [{"label": "好", "score": 9}]}, False),  # above the maximum
        ("threshold", {"steps": [[90, 5]]}, True),
        ("threshold", {}, False),
        ("threshold", {"steps": [["x", 5]]}, False),
        ("threshold", {"linear": {"target": 100, "step": 0.2}}, True),
        ("threshold", {"linear": {"target": 100, "step": -1}}, False),
        ("threshold", {"linear": {"step": 1}}, False),
        ("computed", {"fallback": "self"}, True),
        ("boolean", [], False),
        ("nonsense", {}, False),
    ],
)
def test_option_errors(method, options, ok):
    assert (rules.option_errors(method, options, D("5")) == []) is ok


def test_platform_data_needs_no_evidence():
    specs = [
        S(
            "C",
            None,
            "computed",
            D("5"),
            computed_key="core.mediation_committee_present",
            options={"fallback": "self"},
            evidence_required=True,
        )
    ]
    platform = rules.score_assessment(specs, {}, {"core.mediation_committee_present": True}, evidence=set())
    assert platform.scores["C"] == D("5")
    claimed = rules.score_assessment(specs, {"C": True}, {}, evidence=set())
    assert claimed.scores["C"] == D("0") and claimed.gaps[0].evidence_missing
