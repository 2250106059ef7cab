"""Campaign API: applications (创建申报) within the caller's scope. Every query goes through `scoped`;
an application outside it is a 404."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hexie.core.api import READ, ObjectId, Page
from hexie.core.schemas import Id

from .models import Application, Level, Signoff
from .services.applications import visible_applications

router = Router(tags=["campaign"])

ApplicationStatus = Enum("ApplicationStatus", {s.name: s.value for s in Application.Status}, type=str)
ApplicationLevel = Enum("ApplicationLevel", {s.name: s.value for s in Level}, type=str)


class ApplicationFilter(Schema):
    round: Id | None = Field(None, description="批次编号")
    status: ApplicationStatus | None = None
    level: ApplicationLevel | None = None


class SignoffOut(Schema):
    cycle: int
    level: str
    party: str
    decision: str
    score: Decimal | None
    note: str
    at: datetime


class ApplicationOut(Schema):
    id: int
    round: int = Field(..., alias="round_id")
    round_name: str = Field(..., alias="round.name")
    organization: int = Field(..., alias="organization_id")
    organization_name: str = Field(..., alias="organization.name")
    region: str = Field(..., alias="organization.region_id")
    level: str
    status: str
    cycle: int
    self_total: Decimal = Field(..., alias="self_assessment.total")
    self_vetoed: bool = Field(..., alias="self_assessment.vetoed")
    evaluator: int | None = Field(None, alias="evaluator_id")
    submitted_at: datetime | None
    notice_ends: date | None
    recommended_national: bool


class ApplicationDetailOut(ApplicationOut):
    decision_note: str
    signoffs: list[SignoffOut]

    @staticmethod
    def resolve_signoffs(obj) -> list[Signoff]:
        return list(obj.signoffs.all())


@router.get("/applications", response={200: list[ApplicationOut], **READ}, tags=["campaign"], summary="创建申报")
@paginate(Page)
def list_applications(request, filters: Query[ApplicationFilter]):
    qs = visible_applications(request.user).order_by("-created_at", "-id")
    if filters.round:
        qs = qs.filter(round_id=filters.round)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.level:
        qs = qs.filter(level=filters.level.value)
    return qs


@router.get(
    "/applications/{id}",
    response={200: ApplicationDetailOut, **READ},
    tags=["campaign"],
    summary="创建申报详情与会签意见",
)
def get_application(request, id: int = ObjectId):
    return get_object_or_404(visible_applications(request.user), pk=id)
