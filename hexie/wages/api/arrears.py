"""Arrears warnings API: the warnings in the user's scope and one warning with the workers owed;
running the check for one project (the labor office or the grid member)."""

from datetime import date
from decimal import Decimal
from enum import Enum

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hexie.core.api import READ, WRITE, ObjectId, Page
from hexie.core.schemas import RegionCode

from ..models import ArrearsWarning
from ..services import detection
from ..services import projects as project_service
from ..services import warnings as service

router = Router(tags=["wages"])

WarningKind = Enum("WarningKind", {s.name: s.value for s in ArrearsWarning.Kind}, type=str)
WarningStatus = Enum("WarningStatus", {s.name: s.value for s in ArrearsWarning.Status}, type=str)


class WarningOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    project_name: str = Field(..., alias="project.name")
    general_contractor: int = Field(..., alias="project.general_contractor_id")
    region: str = Field(..., alias="project.region_id")
    kind: str
    rule: str
    month: date
    status: str
    workers: int
    amount: Decimal
    detail: str
    opened_on: date
    deadline: date | None
    closed_on: date | None
    assigned_to: int | None = Field(None, alias="assigned_to_id")
    inspection: int | None = Field(None, alias="inspection_id")


class OwedWorkerOut(Schema):
    person: int
    days: Decimal
    rate: Decimal
    rate_kind: str
    due: Decimal
    minimum: Decimal
    paid: Decimal
    owed: Decimal


class WarningDetailOut(WarningOut):
    workers_owed: list[OwedWorkerOut]


class WarningFilter(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    kind: WarningKind | None = None
    status: WarningStatus | None = None
    month: str | None = Field(None, pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$", description="工资月份 YYYY-MM")
    project: int | None = Field(None, ge=1)


class ArrearsCheckOut(Schema):
    today: date
    projects: int
    worker_months: int
    findings: int
    opened: int
    updated: int
    resolved: int
    reopened: int
    workers_owed: int
    amount_owed: Decimal


@router.get("/warnings", response={200: list[WarningOut], **READ}, tags=["wage arrears"], summary="欠薪预警")
@paginate(Page)
def list_warnings(request, filters: Query[WarningFilter]):
    qs = service.visible_warnings(request.user).order_by("-opened_on", "-id")
    if filters.region:
        qs = qs.filter(project__region__code__startswith=filters.region)
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.month:
        qs = qs.filter(month=date.fromisoformat(f"{filters.month}-01"))
    if filters.project:
        qs = qs.filter(project_id=filters.project)
    return qs


@router.get("/warnings/{id}", response={200: WarningDetailOut, **READ}, tags=["wage arrears"], summary="欠薪预警详情")
def get_warning(request, id: int = ObjectId):
    warning = get_object_or_404(service.visible_warnings(request.user), pk=id)
    rows = [] if warning.status == ArrearsWarning.Status.CLOSED else detection.owed_workers(warning)
    warning.workers_owed = [
        {
            "person": r.person_id,
            "days": r.days,
            "rate": r.rate,
            "rate_kind": r.rate_kind,
            "due": r.due,
            "minimum": r.minimum,
            "paid": r.paid,
            "owed": r.owed,
        }
        for r in rows
    ]
    return warning


@router.post(
    "/projects/{id}/arrears-check",
    response={200: ArrearsCheckOut, **WRITE},
    tags=["wage arrears"],
    summary="对一个项目运行欠薪检查",
)
def check_project(request, id: int = ObjectId):
    project = get_object_or_404(project_service.visible_projects(request.user), pk=id)
    return service.run_check(project, request.user, timezone.localdate()).summary()
