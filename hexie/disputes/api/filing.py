"""Disputes API, filing part (mounted at /api/disputes/): file a case, list and read the cases
within the caller's scope, look an enterprise up by name or USCC.

A case outside the caller's scope is a 404; a filing refused by the service is a 422 with one
entry per field in Chinese and English (`hexie.api`); a user who may not file at all a 403.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hexie.core.api import READ, WRITE, ObjectId, Page, in_chinese
from hexie.core.models import Region
from hexie.core.schemas import BodyId, IsoDate, RegionCode, text
from hexie.core.scoping import scoped

from ..models import ClaimKind, DisputeCase
from ..services import filing

router = Router(tags=["disputes"])

CaseStatus = Enum("CaseStatus", {s.name: s.value for s in DisputeCase.Status}, type=str)
CaseKind = Enum("CaseKind", {s.name: s.value for s in DisputeCase.Kind}, type=str)
ClaimKindChoice = Enum("ClaimKindChoice", {s.name: s.value for s in ClaimKind}, type=str)
Route = Enum("Route", {"INTERNAL": "internal", "MEDIATION": "mediation", "ARBITRATION": "arbitration"}, type=str)
ApplicantSide = Enum("ApplicantSide", {s.name: s.value for s in DisputeCase.ApplicantSide}, type=str)


class ClaimIn(Schema):
    kind: ClaimKindChoice
    amount: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    description: text(255) = ""


class CaseIn(Schema):
    enterprise: text(128, 1) = Field(..., description="用人单位的统一社会信用代码或全称")
    applicant_side: ApplicantSide | None = Field(
        None, description="worker（劳动者本人，默认）或 enterprise（用人单位）"
    )
    worker_id_number: text(18) = Field("", description="用人单位申请时，被申请劳动者的身份证号")
    agent_name: text(64) = ""
    claims: list[ClaimIn] = Field(..., max_length=20)
    facts: text(10000, 1)
    known_on: IsoDate
    employment_ended_on: IsoDate | None = None
    route: Route
    mediation_org: BodyId | None = Field(None, description="申请调解时的调解组织编号（可不填）")


class CaseFindingOut(Schema):
    code: str
    level: str
    message: str


class ClaimOut(Schema):
    kind: str
    amount: Decimal | None
    description: str
    final: bool | None
    result: str
    awarded_amount: Decimal | None


class PartyOut(Schema):
    side: str
    name: str
    representative: bool
    person_id_masked: str | None = None
    organization: int | None = Field(None, alias="organization_id")

    @staticmethod
    def resolve_person_id_masked(obj) -> str | None:
        return obj.person.id_masked if obj.person_id else None


class CaseOut(Schema):
    id: int
    number: str
    mediation_number: str
    arbitration_number: str
    kind: str
    applicant_side: str
    status: str
    enterprise: int = Field(..., alias="enterprise_id")
    enterprise_name: str = Field(..., alias="enterprise.name")
    worker_name: str | None = None
    region: str = Field(..., alias="region_id")
    industry: str
    cause: str
    claim_total: Decimal
    workers: int
    known_on: date
    employment_ended_on: date | None
    agent_name: str
    filed_at: datetime
    filed_on: date
    mediation_org: int | None = Field(None, alias="mediation_org_id")
    commission: int | None = Field(None, alias="commission_id")
    internal_deadline: date | None
    mediation_deadline: date | None
    acceptance_deadline: date | None
    award_deadline: date | None
    outcome: str
    closed_on: date | None
    findings: list[CaseFindingOut]

    @staticmethod
    def resolve_worker_name(obj) -> str | None:
        return obj.worker.name if obj.worker_id else None

    @staticmethod
    def resolve_findings(obj) -> list:
        return [f for f in obj.findings or [] if isinstance(f, dict)]


class CaseDetailOut(CaseOut):
    facts: str
    parties: list[PartyOut]
    claims: list[ClaimOut]

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.parties.select_related("person"))

    @staticmethod
    def resolve_claims(obj) -> list:
        return list(obj.claims.all())


class CaseFilter(Schema):
    status: CaseStatus | None = None
    kind: CaseKind | None = None
    cause: ClaimKindChoice | None = None
    region: RegionCode | None = Field(None, description="地区代码（含下级）")
    filed_from: IsoDate | None = Field(None, description="申请日期自（YYYY-MM-DD）")
    filed_to: IsoDate | None = Field(None, description="申请日期至（YYYY-MM-DD）")
    q: text(100) | None = Field(None, description="编号、劳动者姓名或用人单位名称")


class EnterpriseOut(Schema):
    id: int
    name: str
    uscc_masked: str
    region: str = Field(..., alias="region_id")
    region_name: str = Field(..., alias="region.name")

    @staticmethod
    def resolve_uscc_masked(obj) -> str:
        return filing.masked_uscc(obj.uscc)


class EnterpriseQuery(Schema):
    q: text(100) = Field("", description="单位名称的一部分（两个字以上）或统一社会信用代码开头")


def _cases(user):
    return scoped(DisputeCase.objects.select_related("enterprise", "worker", "region"), user)


@router.get("/enterprises", response={200: list[EnterpriseOut], **READ}, summary="查找用人单位")
def lookup_enterprises(request, filters: Query[EnterpriseQuery]):
    """At most 10 enterprises whose name contains `q` or whose USCC starts with it: the name, the
    masked USCC and the region, enough for a worker to pick their employer."""
    return filing.search_enterprises(filters.q)


@router.get("/cases", response={200: list[CaseOut], **READ}, summary="劳动争议案件")
@paginate(Page)
def list_dispute_cases(request, filters: Query[CaseFilter]):
    qs = _cases(request.user).order_by("-filed_at", "-id")
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.cause:
        qs = qs.filter(cause=filters.cause.value)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        qs = qs.filter(region__code__startswith=region.prefix if region else filters.region)
    if filters.filed_from:
        qs = qs.filter(filed_on__gte=filters.filed_from)
    if filters.filed_to:
        qs = qs.filter(filed_on__lte=filters.filed_to)
    if filters.q:
        qs = qs.filter(
            Q(number__icontains=filters.q)
            | Q(arbitration_number__icontains=filters.q)
            | Q(worker__name__icontains=filters.q)
            | Q(enterprise__name__icontains=filters.q)
        )
    return qs


@router.post(
    "/cases", response={201: CaseDetailOut, **WRITE}, summary="申请劳动争议调解仲裁", url_name="list_dispute_cases"
)
def file_dispute_case(request, payload: CaseIn):
    """File a case as the logged-in worker (or, with `applicant_side: enterprise`, as the caller's
    enterprise against one of its workers) and take its first route. The limitation check's
    warnings come back in `findings`; a filing against an enterprise that does not exist, a claim
    without its amount, a date in the future… are 422 with nothing written."""
    data = payload.model_dump()
    data["claims"] = [
        {"kind": c["kind"].value, "amount": c["amount"], "description": c["description"]} for c in data["claims"]
    ]
    data["route"] = payload.route.value
    data["applicant_side"] = payload.applicant_side.value if payload.applicant_side else None
    with in_chinese():
        case = filing.file_case(request.user, data)
    return Status(201, _cases(request.user).get(pk=case.pk))


@router.get("/cases/{id}", response={200: CaseDetailOut, **READ}, summary="劳动争议案件详情")
def get_dispute_case(request, id: int = ObjectId):
    return get_object_or_404(_cases(request.user), pk=id)
