"""Authorization-matrix rows of the wages app's arrears part: warnings, their actions, the project
page's arrears panel and running the check.

A warning is read by the labor office of its project's county and the companies of its project's
chain (Quancheng's HR builds Lixia's project), never by a worker; nobody outside Shizhong's county
or chain reaches Shizhong's warning (404), nor runs the check on Shizhong's project.
"""

from datetime import date
from decimal import Decimal

from hexie.wages.models import ArrearsWarning
from tests.matrix import Route
from tests.wages.factory import make_project

ROUTES: dict[str, Route] = {
    "wages:warning-list": Route("list"),
    "wages:warning-export": Route("list"),
    "wages:warning-detail": Route("arrears-warning"),
    "wages:warning-action": Route("arrears-warning", methods=("POST",)),
    "wages:project-arrears": Route("arrears-project"),
    "wages:project-check": Route("arrears-project", methods=("POST",)),
    "api:list_warnings": Route("list"),
    "api:get_warning": Route("arrears-warning"),
    "api:check_project": Route("arrears-project", methods=("POST",)),
}
KINDS = {"arrears-warning", "arrears-project"}


def _warning(world, county: str) -> ArrearsWarning:
    project = make_project(world, county=county)
    return ArrearsWarning.objects.create(
        project=project,
        kind=ArrearsWarning.Kind.UNPAID,
        month=date(2026, 5, 1),
        rule="WPR-12",
        workers=3,
        amount=Decimal("18000.00"),
        detail="2026-05工资：3名工人发薪日已过未发放",
        opened_on=date(2026, 6, 16),
    )


def own_and_foreign(world, kind: str, viewer: str):
    readers = ("lixia", "hr_a")
    if kind == "arrears-warning":
        own = _warning(world, "370102") if viewer in readers else None
        return own, _warning(world, "370103")
    if kind == "arrears-project":
        own = make_project(world) if viewer in readers else None
        return own, make_project(world, county="370103")
    raise AssertionError(f"no objects for kind {kind!r}")
