"""Wage-supervision fixtures on top of the named test world (tests/world.py).

    project = make_project(world)                         # Lixia, built by Quancheng, contracted by a builder
    entry = enroll(project, world.alice_person, rate=Decimal("300.00"))

Lixia's project is contracted by 历下建工集团 (a general contractor in 370102) with 泉城劳务 as its labor
subcontractor; Shizhong's by 市中建设 — the foreign project of the authorization matrix.
"""

import itertools
import random
from datetime import date
from decimal import Decimal

from hexie.core.models import Organization
from hexie.wages.models import Project, RosterEntry, Subcontract
from tests.world import make_org, make_user

_numbers = itertools.count(1)
_rng = random.Random(6)


def contractor(name: str, region: str) -> Organization:
    found = Organization.objects.filter(name=name).first()
    return found or make_org(_rng, name, "enterprise", region, industry="E", headcount=500)


def make_project(world, *, county: str = "370102", **fields) -> Project:
    """An active project in `county` (Lixia by default) with a labor subcontractor; its general
    contractor's HR user is `gc_<county>`."""
    lixia = county == "370102"
    builder = world.enterprise_a if lixia else world.enterprise_b
    general = contractor("济南历下建工集团有限公司" if lixia else "济南市中建设工程有限公司", county)
    labor = contractor("济南泉城劳务有限公司" if lixia else "济南趵突劳务有限公司", county)
    n = next(_numbers)
    values = {
        "code": f"XM-{county}-{n:04d}",
        "name": f"{'历下' if lixia else '市中'}安置房项目{n}标段",
        "region": builder.region,
        "construction_unit": builder,
        "general_contractor": general,
        "contract_amount": Decimal("30000000.00"),
        "labor_cost_share": Decimal("0.2500"),
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2027, 12, 31),
        "payday": 15,
        **fields,
    }
    project = Project.objects.create(**values)
    Subcontract.objects.create(project=project, subcontractor=labor, kind=Subcontract.Kind.LABOR)
    username = f"gc_{county}"
    if not general.memberships.exists():
        make_user(username, org=general, role="hr")
    return project


def enroll(project: Project, person, *, rate=Decimal("300.00"), rate_kind="daily", badge=None, **fields) -> RosterEntry:
    employer = project.subcontracts.first().subcontractor
    return RosterEntry.objects.create(
        project=project,
        person=person,
        employer=employer,
        badge=badge or f"B{next(_numbers):05d}",
        trade="钢筋工",
        rate=rate,
        rate_kind=rate_kind,
        enrolled_on=project.starts_on,
        **fields,
    )
