"""Collective contracts API (集体合同): list and detail within the caller's scope, coverage statistics."""

from datetime import date
from decimal import Decimal
from enum import Enum

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hexie.core.api import READ, ObjectId, Page
from hexie.core.schemas import IsoDate, RegionCode

from ..models import CollectiveContract
from ..services import collective

router = Router(tags=["contracts"])

CollectiveStatus = Enum("CollectiveStatus", {s.name: s.value for s in CollectiveContract.Status}, type=str)
CollectiveCoverage = Enum("CollectiveCoverage", {s.name: s.value for s in CollectiveContract.Coverage}, type=str)


class CollectiveFilter(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    status: CollectiveStatus | None = None
    coverage: CollectiveCoverage | None = None


class BargainingOut(Schema):
    kind: str
    on: date
    party: str
    summary: str
    proposed_increase_percent: Decimal | None
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
    start: date | None
    end: date | None
    wage_increase_percent: Decimal | None
    minimum_pay: Decimal | None
    review_deadline: date | None
    effective_on: date | None


class CollectiveDetailOut(CollectiveOut):
    congress_on: date | None
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
    enterprise_share: Decimal | None
    workers: int
    workers_covered: int
    worker_share: Decimal | None


@router.get(
    "/collective", response={200: list[CollectiveOut], **READ}, tags=["collective contracts"], summary="集体合同"
)
@paginate(Page)
def list_collective_contracts(request, filters: Query[CollectiveFilter]):
    qs = collective.visible_collective_contracts(request.user).order_by("-created_at", "-id")
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
    return get_object_or_404(collective.visible_collective_contracts(request.user), pk=id)


@router.get(
    "/collective-coverage",
    response={200: list[CoverageRowOut], **READ},
    tags=["collective contracts"],
    summary="集体合同覆盖情况（按地区、行业）",
)
def collective_coverage(request, query: Query[CoverageQuery]):
    on = query.on or timezone.localdate()
    return collective.coverage_for(request.user, on, query.region or "", by_industry=query.by_industry)
