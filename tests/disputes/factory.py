"""Cases in any state for tests of one part without walking the others' flows.

    case = make_case(world.enterprise_a, world.alice_person)                    # filed by Alice
    case = make_case(world.enterprise_b, world.bob_person, status="accepted")   # set directly

`status` other than "filed" is set directly (a fixture, not the workflow), with the dates and the
commission or mediation organization that state implies; each part's own tests walk the real flow.
"""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hexie.core.models import Organization
from hexie.disputes.models import Claim, DisputeCase, Party

_numbers = itertools.count(1)
SHANGHAI = ZoneInfo("Asia/Shanghai")

ARBITRATION_STATES = {
    "arb_review",
    "refused",
    "accepted",
    "hearing_scheduled",
    "heard",
    "suspended",
    "settled",
    "withdrawn",
    "awarded",
    "served",
    "in_court",
    "court_decided",
    "closed",
}

MEDIATION_RESULTS = {"mediated": "agreed", "mediation_failed": "failed"}


def organization_of(kind: str, region_id: str) -> Organization | None:
    return Organization.objects.filter(kind=kind, region_id=region_id).first()


def make_case(
    enterprise,
    worker,
    *,
    status: str = "filed",
    cause: str = "wages",
    amount: Decimal = Decimal("12000.00"),
    filed_on: date = date(2026, 9, 1),
    **fields,
) -> DisputeCase:
    """A worker's case against `enterprise` with one claim of `cause` for `amount`."""
    n = next(_numbers)
    values = {
        "number": f"SQ-{enterprise.region_id}-T{n:06d}",
        "enterprise": enterprise,
        "worker": worker,
        "region": enterprise.region,
        "industry": enterprise.industry,
        "cause": cause,
        "claim_total": amount,
        "facts": "用人单位拖欠2026年6月至8月工资，经多次催要未果。",
        "known_on": filed_on - timedelta(days=30),
        "filed_at": datetime.combine(filed_on, datetime.min.time(), SHANGHAI).replace(hour=9),
        "filed_on": filed_on,
        **fields,
    }
    if status in ARBITRATION_STATES:
        values.setdefault("commission", organization_of("arbitration", enterprise.region_id))
        values.setdefault("arbitration_number", f"（{filed_on.year}）测{n:04d}号")
        if status != "arb_review" and status != "refused":
            values.setdefault("accepted_on", filed_on + timedelta(days=3))
            values.setdefault("award_deadline", filed_on + timedelta(days=48))
    # how the mediation ended, as the mediation services set it (a test names it when arbitration
    # later overwrote the outcome)
    values.setdefault("mediation_result", MEDIATION_RESULTS.get(values.get("outcome", ""), ""))
    if status in {"mediating", "mediated", "mediation_failed"}:
        values.setdefault("mediation_org", organization_of("mediation", enterprise.region_id))
    case = DisputeCase.objects.create(**values)
    Party.objects.create(case=case, side=Party.Side.APPLICANT, person=worker, name=worker.name)
    Party.objects.create(case=case, side=Party.Side.RESPONDENT, organization=enterprise, name=enterprise.name)
    Claim.objects.create(case=case, kind=cause, amount=amount, description="支付拖欠的工资")
    if status != "filed":
        DisputeCase.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
    return case
