"""Contracts API: contracts, templates, verification, statistics, collective contracts. Every query
goes through `scoped`; an object outside the caller's scope is a 404."""

from ninja import Router

from .api_drafting import router as drafting_router
from .api_signing import router as signing_router

router = Router(tags=["contracts"])

# signing: worker code, sign and decline, enterprise seal, public verification (api_signing.py);
# first, so that /verify is not taken for the drafting part's /{id}
router.add_router("", signing_router)
# drafting: list, read, draft, update, check and issue contracts; templates (api_drafting.py)
router.add_router("", drafting_router)


# --- collective contracts (集体合同) -------------------------------------------------------------

from datetime import date as _date  # noqa: E402
from decimal import Decimal as _Decimal  # noqa: E402
from enum import Enum  # noqa: E402

from django.shortcuts import get_object_or_404  # noqa: E402
from django.utils import timezone as _timezone  # noqa: E402
from ninja import Field, Query, Schema  # noqa: E402
from ninja.pagination import paginate  # noqa: E402

from hexie.core.api import READ, ObjectId, Page  # noqa: E402
from hexie.core.schemas import IsoDate, RegionCode  # noqa: E402

from .models import CollectiveContract as _Collective  # noqa: E402
from .services import collective as _collective  # noqa: E402

CollectiveStatus = Enum("CollectiveStatus", {s.name: s.value for s in _Collective.Status}, type=str)
CollectiveCoverage = Enum("CollectiveCoverage", {s.name: s.value for s in _Collective.Coverage}, type=str)


class CollectiveFilter(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    status: CollectiveStatus | None = None
    coverage: CollectiveCoverage | None = None


class BargainingOut(Schema):
    kind: str
    on: _date
    party: str
    summary: str
    proposed_increase_percent: _Decimal | None
    attendees: int | None


class CollectiveOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    coverage: str
    status: str
    region: str = Field(..., alias="region_id")
    industry: str
    enterprise: int | None = Field(None, alias="enterprise_id")
    union: int | None = Field(None, alias="union_id")
    employer_side: str
    workers_covered: int
    start: _date | None
    end: _date | None
    wage_increase_percent: _Decimal | None
    minimum_pay: _Decimal | None
    review_deadline: _date | None
    effective_on: _date | None


class CollectiveDetailOut(CollectiveOut):
    congress_on: _date | None
    delegates_total: int
    delegates_present: int
    votes_for: int
    review_opinion: str
    covered_enterprises: list[int]
    bargaining: list[BargainingOut]
    clauses: list[dict]

    @staticmethod
    def resolve_covered_enterprises(obj) -> list[int]:
        return list(obj.covered_enterprises.values_list("pk", flat=True))

    @staticmethod
    def resolve_bargaining(obj) -> list:
        return list(obj.bargaining.all())


class CoverageQuery(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    on: IsoDate | None = Field(None, description="统计日期，默认今天")
    by_industry: bool = Field(False, description="按行业分组")


class CoverageRowOut(Schema):
    prefix: str
    region_name: str
    industry: str | None = None
    enterprises: int
    covered_enterprises: int
    enterprise_share: _Decimal | None
    workers: int
    workers_covered: int
    worker_share: _Decimal | None


@router.get(
    "/collective", response={200: list[CollectiveOut], **READ}, tags=["collective contracts"], summary="集体合同"
)
@paginate(Page)
def list_collective_contracts(request, filters: Query[CollectiveFilter]):
    qs = _collective.visible_collective_contracts(request.user).order_by("-created_at", "-id")
    if filters.region:
        qs = qs.filter(region__code__startswith=filters.region)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.coverage:
        qs = qs.filter(coverage=filters.coverage.value)
    return qs


@router.get(
    "/collective/{id}",
    response={200: CollectiveDetailOut, **READ},
    tags=["collective contracts"],
    summary="集体合同详情、协商记录与条款",
)
def get_collective_contract(request, id: int = ObjectId):
    return get_object_or_404(_collective.visible_collective_contracts(request.user), pk=id)


@router.get(
    "/collective-coverage",
    response={200: list[CoverageRowOut], **READ},
    tags=["collective contracts"],
    summary="集体合同覆盖情况（按地区、行业）",
)
def collective_coverage(request, query: Query[CoverageQuery]):
    on = query.on or _timezone.localdate()
    return _collective.coverage_for(request.user, on, query.region or "", by_industry=query.by_industry)


# --- statistics and JSON export (services/statistics.py, services/export.py) ---------------------

from typing import Literal  # noqa: E402

from django.http import StreamingHttpResponse  # noqa: E402

from .services import export as _export  # noqa: E402
from .services import statistics as _statistics  # noqa: E402


class StatisticsQuery(Schema):
    region: str | None = Field(None, description="地区代码前缀（省2位、市4位、县6位、乡镇9位）", pattern=r"^\d{2,9}$")
    group: Literal["region", "industry", "enterprise"] = Field("region", description="按地区（下一级）、行业或企业分组")
    industry: str | None = Field(None, description="行业门类（GB/T 4754）", pattern=r"^[A-T]$")
    on: _date | None = Field(None, description="统计日期，默认今天")


class StatisticsRowOut(Schema):
    key: str = Field(description="地区代码前缀、行业门类或企业编号")
    label: str
    employed: int = Field(description="应签劳动合同人数（在岗劳动合同用工）")
    signed: int = Field(description="劳动合同履行中的人数")
    unsigned: int
    rate: _Decimal | None = Field(description="签订率（%），无在岗人员时为 null")
    unsigned_past_month: int = Field(description="入职超过一个月仍未签订")
    expiring: int = Field(description="30日内到期的合同")
    platform_workers: int = Field(description="平台网约劳动者（单列）")
    platform_signed: int
    platform_rate: _Decimal | None


class StatisticsOut(Schema):
    group: str
    region: str
    on: _date
    rows: list[StatisticsRowOut]
    total: StatisticsRowOut


@router.get(
    "/statistics", response={200: StatisticsOut, **READ}, tags=["contract statistics"], summary="劳动合同签订情况统计"
)
def contract_statistics(request, query: Query[StatisticsQuery]):
    """Signing rate, unsigned workers past one month, contracts expiring within 30 days and platform
    agreements, per region one level below `region`, per industry or per enterprise — within what
    the caller may see."""
    on = query.on or _timezone.localdate()
    rows = _statistics.user_statistics(
        request.user, group=query.group, region=query.region or "", on_date=on, industry=query.industry or ""
    )
    return {
        "group": query.group,
        "region": query.region or _statistics.region_prefix_of(request.user),
        "on": on,
        "rows": [row.as_dict() for row in rows],
        "total": _statistics.totals(rows).as_dict(),
    }


class ExportQuery(Schema):
    enterprise: int | None = Field(None, ge=1, le=2**31 - 1, description="企业编号")
    region: str | None = Field(None, pattern=r"^\d{2,9}$", description="地区代码前缀")


@router.get(
    "/export",
    response={**READ},
    tags=["contract statistics"],
    summary="合同数据导出（JSON，示范文本字段名）",
    openapi_extra={"responses": {"200": {"description": "JSON 数组，字段名见 services/export.py FIELDS"}}},
)
def export_contracts(request, query: Query[ExportQuery]):
    """Contracts (not drafts or cancelled ones) of an enterprise or a region as a streamed JSON
    array with the model text's Chinese field names; ID numbers masked."""
    queryset = _export.export_queryset(request.user, enterprise=query.enterprise, region=query.region or "")
    return StreamingHttpResponse(_export.stream_json(queryset), content_type="application/json; charset=utf-8")
