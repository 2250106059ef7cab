"""Survey API: list and detail of the surveys within the caller's scope, with their results
(withheld, like on the pages, below rules.MIN_RESPONSES answers)."""

from datetime import date
from decimal import Decimal
from enum import Enum

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hexie.core.api import READ, ObjectId, Page, _in_region
from hexie.core.schemas import Id, RegionCode, text
from hexie.core.scoping import scoped

from . import rules
from .models import Survey, Token

NOT_ENOUGH = _("样本不足 %(min)s 份，不显示结果")

router = Router(tags=["surveys"])
SurveyStatus = Enum("SurveyStatus", {k.name: k.value for k in Survey.Status}, type=str)


class DimensionOut(Schema):
    key: str
    label: str
    average: Decimal
    rate: Decimal = Field(description="满意率（%）：4 分和 5 分的占比")


class ResultsOut(Schema):
    responses: int
    shown: bool = Field(description=f"答卷不少于 {rules.MIN_RESPONSES} 份时才显示结果")
    message: str
    overall_rate: Decimal | None = Field(None, description="总体满意率（%）")
    overall_average: Decimal | None = None
    dimensions: list[DimensionOut]


class SurveyOut(Schema):
    id: int
    title: str
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    status: SurveyStatus
    opens_on: date
    closes_on: date
    planned_tokens: int
    tokens_issued: int
    tokens_used: int
    results: ResultsOut

    @staticmethod
    def resolve_results(survey: Survey) -> dict:
        summary = survey.summary()
        return {
            "responses": summary.responses,
            "shown": summary.shown,
            "message": "" if summary.shown else str(NOT_ENOUGH % {"min": rules.MIN_RESPONSES}),
            "overall_rate": summary.overall_rate,
            "overall_average": summary.overall_average,
            "dimensions": [d.__dict__ for d in summary.dimensions],
        }


class SurveyFilter(Schema):
    q: text(64) | None = Field(None, description="名称或企业名称包含")
    status: SurveyStatus | None = None
    enterprise: Id | None = None
    region: RegionCode | None = Field(None, description="区划代码：该地区及其下级")


def _token_count(**filters):
    counted = (
        Token.objects.filter(survey=OuterRef("pk"), **filters).values("survey").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _surveys(user):
    qs = Survey.objects.select_related("enterprise").with_totals()
    return scoped(qs.annotate(tokens_issued=_token_count(), tokens_used=_token_count(used=True)), user)


@router.get("", response={200: list[SurveyOut], **READ}, summary="满意度测评")
@paginate(Page)
def list_surveys(request, filters: Query[SurveyFilter]):
    qs = _surveys(request.user).order_by("-opens_on", "-id")
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(enterprise__name__icontains=filters.q))
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.enterprise:
        qs = qs.filter(enterprise_id=filters.enterprise)
    return _in_region(qs, filters.region, "enterprise__region__code")


@router.get("/{id}", response={200: SurveyOut, **READ}, summary="满意度测评详情与结果")
def get_survey(request, id: int = ObjectId):
    return get_object_or_404(_surveys(request.user), pk=id)
