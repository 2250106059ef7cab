"""Authorization-matrix rows of the wages app's enforcement part: complaints and the lists.

A complaint is seen by the region's staff and the worker who filed it, never by the employer
(anonymous to the employer): Quancheng's HR has none, Alice must not open Bob's. A listing is read
by the region's staff and the listed enterprise itself; the published blacklist is public.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from hexie.wages.models import Complaint, Listing
from tests.matrix import Route
from tests.wages.factory import enroll, make_project

ROUTES: dict[str, Route] = {
    "wages:complaint-file": Route("list", methods=("GET",)),
    "wages:my-complaints": Route("list"),
    "wages:complaint-list": Route("list"),
    "wages:complaint-export": Route("list"),
    "wages:complaint-detail": Route("complaint"),
    "wages:complaint-action": Route("complaint", methods=("POST",)),
    "wages:listing-list": Route("list"),
    "wages:listing-export": Route("list"),
    "wages:listing-propose": Route("listing-organization", methods=("GET", "POST")),
    "wages:listing-detail": Route("listing"),
    "wages:listing-action": Route("listing", methods=("POST",)),
    "wages:blacklist-public": Route("public"),
    "wages:blacklist-export": Route("list"),
    "api:file_complaint": Route("list", methods=("POST",)),
    "api:list_complaints": Route("list"),
    "api:get_complaint": Route("complaint"),
    "api:list_listings": Route("list"),
    "api:public_blacklist": Route("public"),
}
KINDS = {"complaint", "listing", "listing-organization"}


def _complaint(person, county: str, world) -> Complaint:
    project = make_project(world, county=county)
    enroll(project, person)
    employer = project.subcontracts.first().subcontractor
    return Complaint.objects.create(
        number=f"TS-{county}-T{person.pk:04d}",
        person=person,
        project=project,
        employer=employer,
        region=project.region,
        facts="工资未发",
        amount=Decimal("8000.00"),
        filed_at=timezone.now(),
    )


def _listing(organization) -> Listing:
    return Listing.objects.create(
        kind=Listing.Kind.BLACKLIST,
        organization=organization,
        region=organization.region,
        findings=[["BL-5", "error", "拖欠工资达到数额标准"]],
        proposed_on=date(2026, 10, 1),
    )


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    if kind == "complaint":
        own = _complaint(w.alice_person, "370102", w) if viewer in ("lixia", "alice") else None
        foreign = _complaint(w.carol_person, "370102", w) if viewer == "alice" else None
        return own, foreign or _complaint(w.bob_person, "370103", w)
    if kind == "listing":
        own = _listing(w.enterprise_a) if viewer in ("lixia", "hr_a") else None
        return own, _listing(w.enterprise_b)
    if kind == "listing-organization":  # proposing: only staff of the organization's region
        return (w.enterprise_a if viewer == "lixia" else None), w.enterprise_b
    raise AssertionError(f"no objects for kind {kind!r}")
