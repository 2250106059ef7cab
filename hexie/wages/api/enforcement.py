"""Complaints and lists API: a worker files a complaint; the inspection lists and reads the
complaints of its region; staff and the enterprise read the listings in their scope; anyone reads
the published blacklist."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hexie.core.api import READ, WRITE, ObjectId, Page
from hexie.core.schemas import RegionCode

from ..models import Complaint, Listing
from ..services import enforcement, listings

router = Router(tags=["wages"])

ComplaintStatus = Enum("ComplaintStatus", {s.name: s.value for s in Complaint.Status}, type=str)
ListingKind = Enum("ListingKind", {s.name: s.value for s in Listing.Kind}, type=str)
ListingStatus = Enum("ListingStatus", {s.name: s.value for s in Listing.Status}, type=str)


class ComplaintIn(Schema):
    employer: int = Field(..., ge=1, description="被投诉单位（本人所在项目的用工单位或总承包单位）")
    project: int | None = Field(None, ge=1, description="工程项目")
    amount: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2, description="拖欠金额（元）")
    months: int = Field(1, ge=1, le=120)
    workers: int = Field(1, ge=1, le=10000)
    facts: str = Field(..., min_length=1, max_length=5000)


class ComplaintOut(Schema):
    id: int
    number: str
    status: str
    employer: int = Field(..., alias="employer_id")
    employer_name: str = Field(..., alias="employer.name")
    project: int | None = Field(None, alias="project_id")
    region: str = Field(..., alias="region_id")
    amount: Decimal
    months: int
    workers: int
    filed_at: datetime
    order_deadline: date | None
    paid_amount: Decimal
    closed_on: date | None


class ComplaintFilter(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    status: ComplaintStatus | None = None


class ListingOut(Schema):
    id: int
    kind: str
    status: str
    organization: int = Field(..., alias="organization_id")
    organization_name: str = Field(..., alias="organization.name")
    region: str = Field(..., alias="region_id")
    findings: list
    workers_owed: int
    amount_owed: Decimal
    proposed_on: date
    objection_deadline: date | None
    listed_on: date | None
    expires_on: date | None
    published: bool


class ListingFilter(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    kind: ListingKind | None = None
    status: ListingStatus | None = None


class PublicListingOut(Schema):
    name: str = Field(..., alias="organization.name")
    uscc: str | None = Field(None, alias="organization.uscc")
    responsible_person: str
    region: str = Field(..., alias="region.name")
    grounds: list[str]
    listed_on: date | None
    expires_on: date | None

    @staticmethod
    def resolve_grounds(obj) -> list[str]:
        return [finding[2] for finding in obj.findings]


@router.post(
    "/complaints", response={201: ComplaintOut, **WRITE}, tags=["wage complaints"], summary="欠薪投诉（劳动者本人）"
)
def file_complaint(request, payload: ComplaintIn):
    return 201, enforcement.file_complaint(request.user, payload.dict())


@router.get("/complaints", response={200: list[ComplaintOut], **READ}, tags=["wage complaints"], summary="欠薪投诉")
@paginate(Page)
def list_complaints(request, filters: Query[ComplaintFilter]):
    qs = enforcement.visible_complaints(request.user).order_by("-filed_at", "-id")
    if filters.region:
        qs = qs.filter(region__code__startswith=filters.region)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return qs


@router.get("/complaints/{id}", response={200: ComplaintOut, **READ}, tags=["wage complaints"], summary="欠薪投诉详情")
def get_complaint(request, id: int = ObjectId):
    return get_object_or_404(enforcement.visible_complaints(request.user), pk=id)


@router.get(
    "/listings", response={200: list[ListingOut], **READ}, tags=["wage lists"], summary="失信名单与重点关注名单"
)
@paginate(Page)
def list_listings(request, filters: Query[ListingFilter]):
    qs = listings.visible_listings(request.user).order_by("-proposed_on", "-id")
    if filters.region:
        qs = qs.filter(region__code__startswith=filters.region)
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return qs


@router.get(
    "/blacklist",
    auth=None,
    response={200: list[PublicListingOut], **READ},
    tags=["wage lists"],
    summary="公开的失信名单",
)
@paginate(Page)
def public_blacklist(request):
    return listings.public_listings().order_by("-listed_on", "id")
