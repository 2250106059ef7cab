"""The pure survey rules: rates, averages, the 10-answer threshold, the suggestion cleaner."""

from decimal import Decimal

import pytest

from hexie.surveys.rules import DIMENSION_KEYS, MIN_RESPONSES, clean_suggestion, percent, satisfaction_summary


def sheet(*scores):
    """One response; a single score is used for all eight dimensions."""
    scores = scores * len(DIMENSION_KEYS) if len(scores) == 1 else scores
    return dict(zip(DIMENSION_KEYS, scores, strict=True))


def test_nothing_is_shown_below_ten_answers():
    summary = satisfaction_summary([sheet(5)] * (MIN_RESPONSES - 1))
    assert MIN_RESPONSES == 10
    assert summary.responses == 9 and not summary.shown
    assert summary.dimensions == () and summary.overall_rate is None and summary.overall_average is None


def test_all_satisfied_is_a_hundred_percent():
    summary = satisfaction_summary([sheet(4)] * 5 + [sheet(5)] * 5)
    assert summary.shown
    assert summary.overall_rate == Decimal("100.00")
    assert summary.overall_average == Decimal("4.50")
    assert {d.rate for d in summary.dimensions} == {Decimal("100.00")}


def test_rates_per_dimension_and_overall():
    # 12 answers: pay gets 7 answers of 4-5 (58.33 %), every other dimension 3 of 12 (25.00 %).
    answers = []
    for i in range(12):
        pay = 5 if i < 4 else (4 if i < 7 else 2)
        rest = [5, 4, 4] + [3] * 6 + [1, 1, 2]
        answers.append(sheet(pay, *([rest[i]] * 7)))
    summary = satisfaction_summary(answers)
    by_key = {d.key: d for d in summary.dimensions}
    assert by_key["pay"].rate == Decimal("58.33")
    assert by_key["pay"].average == Decimal("3.50")  # (4*5 + 3*4 + 5*2) / 12 = 42/12
    assert by_key["care"].rate == Decimal("25.00")
    assert by_key["care"].average == Decimal("2.92")  # (5+4+4+18+1+1+2) / 12 = 35/12 = 2.9166…
    assert by_key["pay"].label == "劳动报酬" and [d.label for d in summary.dimensions][-1] == "人文关怀"
    # overall: (7 + 7*3) satisfied of 12*8 answers = 28/96 = 29.1666… %
    assert summary.overall_rate == Decimal("29.17")


def test_three_is_not_satisfied():
    summary = satisfaction_summary([sheet(3)] * 10)
    assert summary.overall_rate == Decimal("0.00")
    assert summary.overall_average == Decimal("3.00")


def test_overall_counts_every_answer_and_rounds_half_up():
    # one satisfied answer among 10 x 8: pay 1/10 = 10.00 %, overall 1/80 = 1.25 %
    summary = satisfaction_summary([sheet(5, 3, 3, 3, 3, 3, 3, 3)] + [sheet(3)] * 9)
    assert summary.dimensions[0].rate == Decimal("10.00")
    assert summary.overall_rate == Decimal("1.25")
    # 1/800 = 0.125 % rounds half up to 0.13 (half-even would give 0.12)
    summary = satisfaction_summary([sheet(5, 3, 3, 3, 3, 3, 3, 3)] + [sheet(3)] * 99)
    assert summary.overall_rate == Decimal("0.13")
    assert percent(2, 3) == Decimal("66.67") and percent(0, 0) == Decimal("0.00")


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_scores_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        satisfaction_summary([sheet(bad)] * 10)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("食堂饭菜可以改进", "食堂饭菜可以改进"),
        ("请联系我 13812345678", "请联系我 ***"),
        ("我的身份证 37010219900517123X 工号", "我的身份证 *** 工号"),
        ("电话 138-1234-5678。", "电话 ***。"),
        ("加班 3 小时，每月 36 小时", "加班 3 小时，每月 36 小时"),
    ],
)
def test_suggestions_lose_long_numbers(text, expected):
    assert clean_suggestion(text) == expected


def test_suggestions_are_limited_to_500_characters():
    assert len(clean_suggestion("好" * 800)) == 500
