"""Authorization-matrix rows of the wages app's intake part (see tests/wages/matrix.py).

A project's import pages and its reconciliation are read by whoever sees the project (Lixia's
staff, Quancheng as the construction unit) and never by anyone outside it: Shizhong's project,
built by Baotu Foods, is a 404 for Lixia's staff, Quancheng's HR and Alice, whatever the method,
the API's multipart imports included. Entering a payroll row is the contractors' and the staff's
act: Quancheng's HR and Alice may not open it even on Lixia's project. The templates and the
worker's own page (我的工资) are lists: they show nobody else's wages.
"""

from tests.matrix import Route
from tests.wages.factory import make_project

ROUTES: dict[str, Route] = {
    "wages:attendance-import": Route("intake-project", methods=("GET", "POST")),
    "wages:payroll-import": Route("intake-project", methods=("GET", "POST")),
    "wages:payout-import": Route("intake-project", methods=("GET", "POST")),
    "wages:reconciliation": Route("intake-project"),
    "wages:payroll-entry": Route("intake-entry", methods=("GET", "POST")),
    "wages:attendance-template": Route("list"),
    "wages:payroll-template": Route("list"),
    "wages:payout-template": Route("list"),
    "wages:mine": Route("list"),
    "api:import_attendance": Route("intake-project", methods=("POST",)),
    "api:import_payroll": Route("intake-project", methods=("POST",)),
    "api:import_payouts": Route("intake-project", methods=("POST",)),
    "api:my_wages": Route("list"),
}
KINDS = {"intake-project", "intake-entry"}


def own_and_foreign(world, kind: str, viewer: str):
    own = make_project(world)
    foreign = make_project(world, county="370103")
    if kind == "intake-project":
        return (None if viewer == "alice" else own), foreign
    if kind == "intake-entry":
        return (own if viewer == "lixia" else None), foreign
    raise AssertionError(f"no objects for kind {kind!r}")
