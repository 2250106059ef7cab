"""Authorization-matrix rows of the disputes app's court-linkage and statistics part (see
tests/disputes/matrix.py).

Recording a suit or a court's result is the court liaison's (and, for a suit, the arbitration
commission's) act: none of the matrix viewers (Lixia's staff, Quancheng's HR, Alice) may do it on
any case, and on Bob's case at Baotu Foods in Shizhong nobody of Lixia even finds it (404). The
statistics and the court list show only what lies in the viewer's scope; the court list is the
liaison's, the commission's and the labor offices' (an enterprise user or a worker gets a notice,
no cases).
"""

from datetime import date

from hexie.disputes.models import CourtOutcome
from tests.disputes.factory import make_case
from tests.matrix import Route

ROUTES: dict[str, Route] = {
    "disputes:court-cases": Route("list"),
    "disputes:court-suit": Route("court-case", methods=("GET", "POST")),
    "disputes:court-result": Route("court-outcome", methods=("GET", "POST")),
    "disputes:statistics": Route("list"),
    "disputes:statistics-export": Route("list"),
    "api:court_cases": Route("list"),
    "api:record_suit": Route("court-case", methods=("POST",)),
    "api:record_court_result": Route("court-outcome", methods=("POST",)),
    "api:dispute_statistics": Route("list"),
}
KINDS = {"court-case", "court-outcome"}


def _served(enterprise, person):
    return make_case(enterprise, person, status="served", finality="non_final", served_on=date(2026, 9, 1))


def _in_court(world, enterprise, person):
    case = make_case(enterprise, person, status="in_court", finality="non_final", served_on=date(2026, 9, 1))
    return CourtOutcome.objects.create(
        case=case, court=world.lixia_court, kind="lawsuit", plaintiff="worker", filed_on=date(2026, 9, 10)
    )


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    if kind == "court-case":
        # visible to the viewer but not theirs to record (403); Bob's is not even found (404)
        _served(w.enterprise_a, w.alice_person)
        foreign = _served(w.enterprise_a, w.carol_person) if viewer == "alice" else None
        return None, foreign or _served(w.enterprise_b, w.bob_person)
    if kind == "court-outcome":
        _in_court(w, w.enterprise_a, w.alice_person)
        foreign = _in_court(w, w.enterprise_a, w.carol_person) if viewer == "alice" else None
        return None, foreign or _in_court(w, w.enterprise_b, w.bob_person)
    raise AssertionError(f"no objects for kind {kind!r}")
