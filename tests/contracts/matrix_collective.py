"""Authorization-matrix rows of the contracts app's collective part (see tests/contracts/matrix.py).

Kinds: "collective" (read: Lixia's staff and Quancheng's HR see Quancheng's contract),
"collective-party" (the bargaining parties' actions: only Quancheng's HR among the viewers; the
county office is not a party) and "collective-review" (the labor office's review: only Lixia's
staff). The foreign contract is Baotu Foods' in Shizhong."""

from datetime import date

from tests.matrix import Route

ROUTES: dict = {
    "contracts:collective-list": Route("list"),
    "contracts:collective-export": Route("list"),
    "contracts:collective-create": Route("list", methods=("GET", "POST")),
    "contracts:collective-coverage": Route("list"),
    "contracts:collective-coverage-export": Route("list"),
    "contracts:collective-detail": Route("collective"),
    "contracts:collective-text": Route("collective"),
    "contracts:collective-pdf": Route("collective"),
    "contracts:collective-edit": Route("collective-party", methods=("GET", "POST")),
    "contracts:collective-bargaining": Route("collective-party", methods=("POST",)),
    "contracts:collective-vote": Route("collective-party", methods=("GET", "POST")),
    "contracts:collective-submit": Route("collective-party", methods=("POST",)),
    "contracts:collective-withdraw": Route("collective-party", methods=("POST",)),
    "contracts:collective-review": Route("collective-review", methods=("GET", "POST")),
    "api:list_collective_contracts": Route("list"),
    "api:get_collective_contract": Route("collective"),
    "api:collective_coverage": Route("list"),
}
KINDS: set = {"collective", "collective-party", "collective-review"}

READERS = {"collective": ("lixia", "hr_a"), "collective-party": ("hr_a",), "collective-review": ("lixia",)}


def _contract(number: str, enterprise, union):
    from hexie.contracts.models import CollectiveContract

    return CollectiveContract.objects.create(
        number=number,
        title=f"{enterprise.name}工资专项集体合同",
        kind="wage",
        region=enterprise.region,
        industry=enterprise.industry,
        enterprise=enterprise,
        union=union,
        employer_side=enterprise.name,
        workers_covered=enterprise.headcount,
        start=date(2025, 10, 1),
        end=date(2026, 9, 30),
    )


def own_and_foreign(world, kind: str, viewer: str):
    mine = _contract("JTMATRIX0001", world.enterprise_a, world.lixia_union)
    theirs = _contract("JTMATRIX0002", world.enterprise_b, None)
    return (mine if viewer in READERS[kind] else None), theirs
