"""Contracts API: contracts, templates, verification, statistics, collective contracts. Every query
goes through `scoped`; an object outside the caller's scope is a 404."""

from ninja import Router

router = Router(tags=["contracts"])


# --- collective contracts (集体合同) -------------------------------------------------------------

from datetime import date as _date  # noqa: E402
from decimal import Decimal as _Decimal  # noqa: E402

from django.shortcuts import get_object_or_404  # noqa: E402
from django.utils import timezone as _timezone  # noqa: E402
from ninja import Field, Query, Schema  # noqa: E402
from ninja.pagination import paginate  # noqa: E402

from hexie.core.api import READ, ObjectId, Page  # noqa: E402

from .services import collective as _collective  # noqa: E402


class CollectiveFilter(Schema):
    region: str | None = Field(None, description="地区代码前缀", max_length=9, pattern=r"^\d{2,9}$")
    status: str | None = Field(None, description="状态", max_length=16)
    coverage: str | None = Field(None, description="覆盖范围：enterprise、regional、industry", max_length=16)


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
    region: str | None = Field(None, description="地区代码前缀", max_length=9, pattern=r"^\d{2,9}$")
    on: _date | None = Field(None, description="统计日期，默认今天")
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
        qs = qs.filter(status=filters.status)
    if filters.coverage:
        qs = qs.filter(coverage=filters.coverage)
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
