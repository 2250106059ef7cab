"""Core API: regions, organizations, people, employments, jobs. Every query goes through `scoped`.

Handlers parse, call one query or service, and return; a row outside the caller's scope is a 404.
Service errors (`PermissionDenied`, `ValidationError`) become 403 and 422 in `hexie.api`.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Path, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer, django_auth
from pydantic import Field

from . import crypto, services
from .models import ApiToken, Employment, Job, MinimumWage, Organization, Person, Region
from .schemas import (
    MAX_ID,
    EmploymentFilter,
    EmploymentOut,
    IsoDate,
    JobFilter,
    JobOut,
    Message,
    OrganizationFilter,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    PersonFilter,
    PersonOut,
    RegionCode,
    RegionFilter,
    RegionOut,
    ValidationErrors,
)
from .scoping import scoped


class MinimumWageOut(Schema):
    id: int
    region: str = Field(..., alias="region_id")
    tier: int
    monthly: Decimal
    hourly: Decimal
    effective_from: date
    source: str
    confirmed: bool


class MinimumWageFilter(Schema):
    region: RegionCode | None = None
    on: IsoDate | None = None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hx_…`: a personal token, matched by its sha256."""

    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        if found.expires and found.expires < timezone.localdate():
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        _audit_as(found.user)
        return found.user


def _audit_as(user) -> None:
    """The audit middleware ran before the token was read: name the token's user as the actor."""
    from auditlog.context import auditlog_value

    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user


def auth_methods():
    return [TokenAuth(), django_auth]


class Page(LimitOffsetPagination):
    """`?limit=&offset=`: 100 rows by default, at most 500."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=MAX_ID)

    def __init__(self, **kwargs):
        super().__init__(max_limit=500, **kwargs)


ObjectId = Path(..., ge=1, le=MAX_ID)
READ = {401: Message, 404: Message, 422: ValidationErrors}
WRITE = {400: Message, 401: Message, 403: Message, 404: Message, 422: ValidationErrors}

router = Router(tags=["core"])


def in_chinese():
    """Services word their errors in the active language; the API's 422 always puts the Chinese
    first and adds the English itself (see `hexie.api`), whatever Accept-Language asked for."""
    return translation.override("zh-hans")


def _in_region(qs: QuerySet, code: str | None, path: str = "region__code") -> QuerySet:
    """Rows in region `code` and below; a code that names no region is taken as a raw prefix."""
    if not code:
        return qs
    region = Region.objects.filter(code=code).first()
    return qs.filter(**{f"{path}__startswith": region.prefix if region else code})


# --- regions ------------------------------------------------------------------------------------


@router.get("/regions", response={200: list[RegionOut], **READ}, tags=["regions"], summary="行政区划")
@paginate(Page)
def list_regions(request, filters: Query[RegionFilter]):
    qs = scoped(Region.objects.all(), request.user)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    if filters.level:
        qs = qs.filter(level=filters.level.value)
    return qs


@router.get("/regions/{code}", response={200: RegionOut, **READ}, tags=["regions"], summary="行政区划详情")
def get_region(request, code: str = Path(..., pattern=r"^[0-9]{2,9}$")):
    return get_object_or_404(scoped(Region.objects.all(), request.user), code=code)


# --- organizations ------------------------------------------------------------------------------


@router.get("/organizations", response={200: list[OrganizationOut], **READ}, tags=["organizations"], summary="组织")
@paginate(Page)
def list_organizations(request, filters: Query[OrganizationFilter]):
    qs = scoped(Organization.objects.all(), request.user).order_by("region_id", "name", "id")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(uscc__startswith=filters.q.upper()))
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.industry:
        qs = qs.filter(industry=filters.industry.value)
    return _in_region(qs, filters.region)


@router.get("/organizations/{id}", response={200: OrganizationOut, **READ}, tags=["organizations"], summary="组织详情")
def get_organization(request, id: int = ObjectId):
    return get_object_or_404(scoped(Organization.objects.all(), request.user), pk=id)


@router.post(
    "/organizations",
    response={201: OrganizationOut, **WRITE},
    tags=["organizations"],
    summary="登记组织",
    url_name="list_organizations",  # one URL name per path: the matrix lists its methods
)
def create_organization(request, payload: OrganizationIn):
    with in_chinese():
        return Status(201, services.create_organization(request.user, payload.model_dump()))


@router.patch(
    "/organizations/{id}",
    response={200: OrganizationOut, **WRITE},
    tags=["organizations"],
    summary="修改组织",
    url_name="get_organization",
)
def update_organization(request, payload: OrganizationPatch, id: int = ObjectId):
    organization = get_object_or_404(scoped(Organization.objects.all(), request.user), pk=id)
    with in_chinese():
        return services.update_organization(request.user, organization, payload.model_dump(exclude_unset=True))


# --- people -------------------------------------------------------------------------------------


@router.get("/people", response={200: list[PersonOut], **READ}, tags=["people"], summary="人员")
@paginate(Page)
def list_people(request, filters: Query[PersonFilter]):
    qs = scoped(Person.objects.all(), request.user).order_by("region_id", "name", "id")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.id_number:
        qs = qs.filter(id_hash=crypto.lookup_hash(filters.id_number))
    return _in_region(qs, filters.region)


@router.get("/people/{id}", response={200: PersonOut, **READ}, tags=["people"], summary="人员详情")
def get_person(request, id: int = ObjectId):
    return get_object_or_404(scoped(Person.objects.all(), request.user), pk=id)


# --- employments --------------------------------------------------------------------------------


def _employments(user) -> QuerySet:
    return scoped(Employment.objects.select_related("person", "enterprise"), user)


@router.get("/employments", response={200: list[EmploymentOut], **READ}, tags=["employments"], summary="用工")
@paginate(Page)
def list_employments(request, filters: Query[EmploymentFilter]):
    qs = _employments(request.user).order_by("-start", "id")
    if filters.enterprise:
        qs = qs.filter(enterprise_id=filters.enterprise)
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.active is not None:
        current = Q(end__isnull=True) | Q(end__gte=timezone.localdate())
        qs = qs.filter(current if filters.active else ~current)
    return qs


@router.get("/employments/{id}", response={200: EmploymentOut, **READ}, tags=["employments"], summary="用工详情")
def get_employment(request, id: int = ObjectId):
    return get_object_or_404(_employments(request.user), pk=id)


# --- jobs ---------------------------------------------------------------------------------------


@router.get("/jobs", response={200: list[JobOut], **READ}, tags=["jobs"], summary="任务")
@paginate(Page)
def list_jobs(request, filters: Query[JobFilter]):
    qs = scoped(Job.objects.all(), request.user).order_by("-created_at", "-id")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return qs


@router.get("/jobs/{id}", response={200: JobOut, **READ}, tags=["jobs"], summary="任务进度与结果")
def get_job(request, id: int = ObjectId):
    return get_object_or_404(scoped(Job.objects.all(), request.user), pk=id)


# --- minimum wages (published data) ----------------------------------------------------------------

LEVEL_DEPTH = {Region.Level.PROVINCE: 0, Region.Level.CITY: 1, Region.Level.COUNTY: 2, Region.Level.TOWNSHIP: 3}


@router.get(
    "/minimum-wages", response={200: list[MinimumWageOut], **READ}, tags=["minimum wages"], summary="最低工资标准"
)
@paginate(Page)
def list_minimum_wages(request, filters: Query[MinimumWageFilter]):
    """Rows of the minimum-wage table. `region`: only the rows that can apply there (its own and its
    higher regions'); `on`: per region only the row in force that day. With both, the first row is
    the standard that applies (the most specific region first)."""
    qs = scoped(MinimumWage.objects.select_related("region"), request.user).order_by("region_id", "-effective_from")
    if filters.region:
        codes, node = [], Region.objects.filter(code=filters.region).first()
        while node is not None:
            codes.append(node.code)
            node = node.parent
        qs = qs.filter(region_id__in=codes)
    if filters.on:
        qs = qs.filter(effective_from__lte=filters.on)
    rows = list(qs)
    if filters.on:
        latest: dict[str, MinimumWage] = {}
        for row in rows:  # ordered latest first within a region
            latest.setdefault(row.region_id, row)
        rows = list(latest.values())
    rows.sort(key=lambda r: (-LEVEL_DEPTH[r.region.level], r.region_id, -r.effective_from.toordinal()))
    return rows
