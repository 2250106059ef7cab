"""Authorization-matrix rows of the wages app's projects part: projects, their chain and roster,
the special account, allocations, deposits and the statistics (see tests/wages/matrix.py).

Lixia's project (built by Quancheng, so Quancheng's HR reads it) is "own" for Lixia's staff and,
for reading, for Quancheng's HR; Shizhong's project, built by Baotu Foods, is foreign to both.
Alice, a worker, sees no project page. Actions on a project (edit, board, chain, roster, account,
allocations, deposits) are the labor office's or the general contractor's: Lixia's staff only here.
"""

from datetime import date
from decimal import Decimal

from hexie.wages.models import Deposit
from tests.matrix import Route
from tests.wages.factory import enroll, make_project

PROJECT = "wage-project"
MANAGE = "wage-project-manage"
ENTRY = "wage-roster-entry"
DEPOSIT = "wage-deposit"

ROUTES: dict[str, Route] = {
    "wages:project-list": Route("list"),
    "wages:project-export": Route("list"),
    "wages:project-create": Route("list", methods=("GET", "POST")),
    "wages:project-detail": Route(PROJECT),
    "wages:project-roster": Route(PROJECT),
    "wages:project-edit": Route(MANAGE, methods=("GET", "POST")),
    "wages:project-board": Route(MANAGE, methods=("GET", "POST")),
    "wages:project-status": Route(MANAGE, methods=("POST",)),
    "wages:subcontract-add": Route(MANAGE, methods=("GET", "POST")),
    "wages:roster-enroll": Route(MANAGE, methods=("GET", "POST")),
    "wages:roster-import": Route(MANAGE, methods=("GET", "POST")),
    "wages:roster-template": Route("list"),
    "wages:roster-leave": Route(ENTRY, methods=("GET", "POST")),
    "wages:roster-edit": Route(ENTRY, methods=("GET", "POST")),
    "wages:account-open": Route(MANAGE, methods=("GET", "POST")),
    "wages:account-notice": Route(MANAGE, methods=("POST",)),
    "wages:account-close": Route(MANAGE, methods=("POST",)),
    "wages:allocation-schedule": Route(MANAGE, methods=("POST",)),
    "wages:allocation-plan": Route(MANAGE, methods=("GET", "POST")),
    "wages:allocation-record": Route(MANAGE, methods=("GET", "POST")),
    "wages:deposit-record": Route(MANAGE, methods=("GET", "POST")),
    "wages:deposit-use": Route(DEPOSIT, methods=("GET", "POST")),
    "wages:deposit-return": Route(DEPOSIT, methods=("POST",)),
    "wages:statistics": Route("list"),
    "wages:statistics-export": Route("list"),
    "api:list_wage_projects": Route("list", methods=("GET", "POST")),
    "api:create_wage_project": Route("list", methods=("GET", "POST")),  # the same path as the list
    "api:get_wage_project": Route(PROJECT),
    "api:list_wage_roster": Route(PROJECT, methods=("GET", "POST")),
    "api:enroll_wage_worker": Route(PROJECT, methods=("GET", "POST")),  # the same path as the roster
    "api:record_wage_allocation": Route(PROJECT, methods=("POST",)),
    "api:record_wage_deposit": Route(PROJECT, methods=("POST",)),
    "api:wage_statistics": Route("list"),
}
KINDS = {PROJECT, MANAGE, ENTRY, DEPOSIT}


def _deposit(project):
    return Deposit.objects.create(
        project=project,
        form=Deposit.Form.CASH,
        amount=Decimal("300000.00"),
        bank="工商银行",
        deposited_on=date(2026, 3, 1),
    )


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    mine, theirs = make_project(w), make_project(w, county="370103")
    if kind == PROJECT:
        return (mine if viewer in ("lixia", "hr_a") else None), theirs
    if kind == MANAGE:
        return (mine if viewer == "lixia" else None), theirs
    if kind == ENTRY:
        own = enroll(mine, w.alice_person)
        return (own if viewer == "lixia" else None), enroll(theirs, w.bob_person)
    if kind == DEPOSIT:
        return (_deposit(mine) if viewer == "lixia" else None), _deposit(theirs)
    raise AssertionError(f"no objects for kind {kind!r}")
