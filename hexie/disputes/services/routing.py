"""Where a case goes next, shared by filing (the applicant's first choice), mediation (escalation)
and arbitration: the enterprise's internal complaint, a mediation organization, the arbitration
commission. The first-step moves live here so filing needs no other part's internals.

    start_internal(case, user)
    start_mediation(case, user, organization=org, channel=Channel.TOWNSHIP)
    apply_for_arbitration(case, user)
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Organization, Region

from ..models import DisputeCase, MediationAttempt
from .numbers import mediation_number

MEDIATION_KINDS = (Organization.Kind.MEDIATION_COMMITTEE, Organization.Kind.SERVICE_STATION)


def _up_the_tree(region: Region):
    """`region` and its ancestors, nearest first."""
    while region is not None:
        yield region
        region = region.parent


def commission_for(region: Region) -> Organization | None:
    """The arbitration commission with jurisdiction: the county's, else the nearest above it."""
    for level in _up_the_tree(region):
        found = Organization.objects.filter(kind=Organization.Kind.ARBITRATION_COMMISSION, region=level).first()
        if found:
            return found
    return None


def mediation_organizations(region: Region, enterprise_id: int | None = None):
    """Mediation committees and service stations of `region`'s county and the townships under it,
    then the city's: the organizations a case there may be routed to. An enterprise's own
    committee (parent = that enterprise) only for the cases of `enterprise_id`: another
    enterprise's committee is never among them."""
    county = region.code[:6]
    return Organization.objects.filter(
        Q(region__code__startswith=county) | Q(region__code=county[:4] + "00"),
        Q(parent__isnull=True) | Q(parent_id=enterprise_id) if enterprise_id else Q(parent__isnull=True),
        kind__in=MEDIATION_KINDS,
    )


def start_internal(case: DisputeCase, user) -> DisputeCase:
    """The applicant asks the enterprise's own committee first (企业内部申诉), on its own clock."""
    DisputeCase.workflow.apply(case, "internal", user)
    return case


def start_mediation(
    case: DisputeCase, user, *, organization: Organization, channel: str, note: str = ""
) -> MediationAttempt:
    """The case goes to `organization` for mediation (LDMAL-14: fifteen days from the request).
    The organization must be one of the case's `mediation.mediation_options` (the enterprise's own
    committee, the county's and its townships' stations and committees, the city's committees);
    refused, the case object is left as it was."""
    from .mediation import check_route  # mediation builds on this module

    check_route(case, organization, channel)
    previous = (case.mediation_org, case.mediation_number)
    try:
        with transaction.atomic():
            case.mediation_org = organization
            if not case.mediation_number:
                case.mediation_number = mediation_number(case.region_id, timezone.localdate().year)
            DisputeCase.workflow.apply(case, "mediate", user, note=note)
            return MediationAttempt.objects.create(
                case=case, organization=organization, channel=channel, started_at=timezone.now()
            )
    except Exception:
        case.mediation_org, case.mediation_number = previous
        raise


def apply_for_arbitration(case: DisputeCase, user, *, commission: Organization | None = None) -> DisputeCase:
    """The applicant applies for arbitration (LDMAL-28); the commission decides on acceptance within
    five days (LDMAL-29)."""
    commission = commission or case.commission or commission_for(case.region)
    if commission is None or commission.kind != Organization.Kind.ARBITRATION_COMMISSION:
        raise ValidationError({"commission": _("案件所在地没有劳动人事争议仲裁委员会")})
    with transaction.atomic():
        case.commission = commission
        DisputeCase.workflow.apply(case, "apply_arbitration", user)
    return case
