"""Authorization-matrix rows of the contracts app's lifecycle and statistics part (see
tests/contracts/matrix.py).

Change, renewal and termination are the enterprise's own acts: only Quancheng's HR may open them
on Quancheng's contract; Lixia's staff and Alice may not, and nobody but Baotu Foods on Baotu's. A
termination record and its certificate are read by the enterprise, the worker and the region's
staff: Alice sees her own, never Carol's or Bob's.
"""

from datetime import date
from decimal import Decimal

from hexie.contracts.services.lifecycle import end_contract
from tests.contracts.factory import make_contract
from tests.matrix import Route

ROUTES: dict[str, Route] = {
    "contracts:contract-change": Route("contract-lifecycle", methods=("GET", "POST")),
    "contracts:contract-renew": Route("contract-lifecycle", methods=("GET", "POST")),
    "contracts:contract-end": Route("contract-lifecycle", methods=("GET", "POST")),
    "contracts:termination-detail": Route("termination"),
    "contracts:termination-certificate": Route("termination"),
    "contracts:expiring-list": Route("list"),
    "contracts:expiring-export": Route("list"),
    "contracts:statistics": Route("list"),
    "contracts:statistics-export": Route("list"),
    "contracts:export-json": Route("list"),
    "api:contract_statistics": Route("list"),
    "api:export_contracts": Route("list"),
}
KINDS = {"contract-lifecycle", "termination"}


def _in_force(enterprise, person):
    return make_contract(enterprise, person, status="in_force", start=date(2024, 1, 1), end=date(2027, 12, 31))


def _ended(enterprise, person, hr):
    return end_contract(
        _in_force(enterprise, person),
        "dissolve",
        "LCL-36-employer",
        date(2026, 3, 31),
        Decimal("6000.00"),
        Decimal("8000.00"),
        False,
        "",
        hr,
    )


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    if kind == "contract-lifecycle":
        own = _in_force(w.enterprise_a, w.alice_person) if viewer == "hr_a" else None
        foreign = _in_force(w.enterprise_a, w.carol_person) if viewer == "alice" else None
        return own, foreign or _in_force(w.enterprise_b, w.bob_person)
    if kind == "termination":
        own = _ended(w.enterprise_a, w.alice_person, w.hr_a)
        foreign = _ended(w.enterprise_a, w.carol_person, w.hr_a) if viewer == "alice" else None
        return own, foreign or _ended(w.enterprise_b, w.bob_person, w.hr_b)
    raise AssertionError(f"no objects for kind {kind!r}")
