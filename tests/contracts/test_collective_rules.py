"""Collective-contract rules against tables of cases: the workers' congress vote (CCR-36) with its
boundaries under hypothesis, the term (CCR-38), the 20-day reply (CCR-32, WCB-18), the filing
window (WCB-21, CCR-42) and the sample texts."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hexie.contracts import collective_rules as rules
from hexie.contracts.collective_rules import Vote, vote_findings, vote_passes

# (why, total, present, for, passes)
VOTES = [
    ("60 delegates, 40 present (exactly 2/3), 31 for (more than half)", 60, 40, 31, True),
    ("60 delegates, 39 present: below two thirds", 60, 39, 39, False),
    ("60 delegates, all present, exactly half for: not more than half", 60, 60, 30, False),
    ("61 delegates, 41 present (2/3 = 40.67), 31 for (> 30.5)", 61, 41, 31, True),
    ("61 delegates, 40 present: below 40.67", 61, 40, 40, False),
    ("3 delegates, 2 present, 2 for", 3, 2, 2, True),
    ("1 delegate, present, for", 1, 1, 1, True),
    ("unanimous", 100, 100, 100, True),
]


@pytest.mark.parametrize("why, total, present, yes, passes", VOTES, ids=[v[0] for v in VOTES])
def test_vote_table(why, total, present, yes, passes):
    assert vote_passes(Vote(total, present, yes)) is passes
    for finding in vote_findings(Vote(total, present, yes)):
        assert finding.code == "CCR-36" and finding.level == "error"


@pytest.mark.parametrize(
    "vote, message",
    [
        (Vote(60, 45, 46), "赞成票46票多于出席代表45人"),
        (Vote(60, 61, 40), "出席代表61人多于职工代表总数60人"),
        (Vote(0, 0, 0), "职工代表总数须大于零"),
        (Vote(60, 30, 30), "三分之二"),
    ],
)
def test_impossible_or_failed_votes_say_why(vote, message):
    assert message in " ".join(f.message for f in vote_findings(vote))


@given(total=st.integers(1, 2000), data=st.data())
def test_the_vote_boundaries(total, data):
    present = data.draw(st.integers(0, total))
    yes = data.draw(st.integers(0, present))
    quorum = 3 * present >= 2 * total
    majority = 2 * yes > total
    assert vote_passes(Vote(total, present, yes)) is (quorum and majority)


@given(total=st.integers(1, 2000))
def test_the_smallest_passing_vote(total):
    present = -(-2 * total // 3)  # ceil(2/3)
    yes = total // 2 + 1
    assert vote_passes(Vote(total, present, yes))
    assert not vote_passes(Vote(total, present, yes - 1))
    assert not vote_passes(Vote(total, present - 1, min(yes, present - 1)))  # one short of the quorum


# (why, start, end, expected (code, level) pairs)
TERMS = [
    ("one year", date(2025, 1, 1), date(2025, 12, 31), []),
    ("three years", date(2025, 1, 1), date(2027, 12, 31), []),
    ("end before start", date(2025, 1, 1), date(2024, 12, 31), [("CCR-38", "error")]),
    ("under one year", date(2025, 1, 1), date(2025, 12, 30), [("CCR-38", "warning")]),
    ("over three years", date(2025, 1, 1), date(2028, 1, 1), [("CCR-38", "warning")]),
    ("no end", date(2025, 1, 1), None, [("CCR-38", "error")]),
]


@pytest.mark.parametrize("why, start, end, expected", TERMS, ids=[t[0] for t in TERMS])
def test_term_table(why, start, end, expected):
    assert [(f.code, f.level) for f in rules.term_findings(start, end)] == expected


def test_lowest_pay_below_the_minimum_wage_is_an_error():
    findings = rules.terms_findings(
        start=date(2025, 1, 1), end=date(2025, 12, 31), minimum_pay=Decimal("2199.99"), minimum_wage=Decimal("2200")
    )
    assert [(f.code, f.level) for f in findings] == [("MWR", "error")]
    ok = rules.terms_findings(
        start=date(2025, 1, 1), end=date(2025, 12, 31), minimum_pay=Decimal("2200"), minimum_wage=Decimal("2200")
    )
    assert ok == []


@pytest.mark.parametrize(
    "due, replied_on, on, overdue, codes",
    [
        (date(2025, 3, 24), None, date(2025, 3, 24), False, []),  # the last day itself
        (date(2025, 3, 24), None, date(2025, 3, 25), True, ["WCB-18"]),
        (date(2025, 3, 24), date(2025, 3, 20), date(2025, 4, 30), False, []),
        (date(2025, 3, 24), date(2025, 3, 26), date(2025, 4, 30), False, ["WCB-18"]),  # late reply
    ],
)
def test_reply_clock(due, replied_on, on, overdue, codes):
    assert rules.reply_overdue(due, replied_on, on) is overdue
    assert [f.code for f in rules.reply_findings(due, replied_on, on)] == codes


@pytest.mark.parametrize(
    "kind, submitted, codes",
    [
        ("wage", date(2025, 9, 19), []),
        ("wage", date(2025, 9, 20), ["WCB-21"]),
        ("general", date(2025, 9, 20), ["CCR-42"]),
    ],
)
def test_filing_window(kind, submitted, codes):
    assert rules.filing_days("wage") == 7 and rules.filing_days("general") == 10
    assert [f.code for f in rules.filing_findings(kind, date(2025, 9, 19), submitted)] == codes


def test_the_sample_texts_fill_their_fields_and_leave_blanks():
    fields = {"employer_side": "甲公司", "union_side": "甲公司工会", "wage_increase": "5%", "start": "2025-01-01"}
    clauses = rules.sample_clauses("wage", fields)
    text = "".join(c["text"] for c in clauses)
    assert "甲公司工会" in text and "5%" in text and "2025-01-01" in text and "＿＿＿＿" in text
    general = rules.sample_clauses("general", fields)
    assert {c["key"] for c in general} >= {"wages", "hours", "rest", "insurance", "protection", "women"}
    assert rules.sample_clauses("safety", fields) == general  # special kinds start from the general text
