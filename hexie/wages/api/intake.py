"""Wages API, intake part (mounted under /api/wages/): attendance, payroll and payout file imports
into a project (multipart, field `file`), and the worker's own wages.

An import answers 202 with its job while it runs (poll /api/jobs/{id}), 200 with the job once
written, or 422 with one entry per row and field in Chinese and English (`loc`: ["body", "file",
row, column]) when the file was refused — nothing written. A project outside the caller's scope is
a 404; importing needs the general contractor's or a subcontractor's HR role or the region's
staff (403).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from hexie.core.api import READ, WRITE
from hexie.core.attachments import save_upload
from hexie.core.models import Job
from hexie.core.schemas import FieldError, JobOut
from hexie.core.scoping import scoped

from ..models import Project
from ..services import intake
from ..views.intake import IMPORT_TYPES

router = Router(tags=["wages"])


class ImportRefused(Schema):
    detail: list[FieldError]
    job: int | None = Field(None, description="校验未通过的导入任务；请求本身无效时为空")
    report: str | None = Field(None, description="错误报告（.xlsx）的下载地址")


def _bilingual(zh: str, en: str) -> str:
    return zh if zh == en else f"{zh} / {en}"


def _import(request, id: int, kind: str, file: UploadedFile | None):
    project = get_object_or_404(scoped(Project.objects.select_related("general_contractor"), request.user), pk=id)
    intake.require_importer(request.user, project)
    if file is None:
        raise ValidationError({"file": _("请上传 .xlsx 或 .csv 文件")})
    attachment = save_upload(file, user=request.user, organization=project.general_contractor, allowed=IMPORT_TYPES)
    job = intake.start_intake(kind, project, attachment, request.user)
    job.refresh_from_db()
    result = job.result or {}
    if job.status == Job.Status.DONE and result.get("valid") is False:
        detail = [
            {
                "type": "row" if e["row"] else "file",
                "loc": ["body", "file", *([e["row"], e["column"]] if e["row"] else [])],
                "msg": _bilingual(e["message"], e["message_en"]),
            }
            for e in result.get("errors", [])
        ]
        return Status(422, {"detail": detail, "job": job.pk, "report": result.get("url")})
    return Status(200 if job.finished else 202, job)


IMPORT = {200: JobOut, 202: JobOut, **WRITE, 422: ImportRefused}


@router.post("/projects/{id}/attendance/import", response=IMPORT, summary="导入考勤", url_name="import_attendance")
def import_attendance(request, id: int, file: File[UploadedFile] = None):
    return _import(request, id, "attendance", file)


@router.post("/projects/{id}/payroll/import", response=IMPORT, summary="导入工资表", url_name="import_payroll")
def import_payroll(request, id: int, file: File[UploadedFile] = None):
    return _import(request, id, "payroll", file)


@router.post("/projects/{id}/payouts/import", response=IMPORT, summary="导入银行代发记录", url_name="import_payouts")
def import_payouts(request, id: int, file: File[UploadedFile] = None):
    return _import(request, id, "payouts", file)


class WageMonthOut(Schema):
    month: date
    days: Decimal | None = Field(description="出勤天数")
    net: Decimal | None = Field(description="工资表实发")
    paid: Decimal = Field(description="已发放")
    paid_on: date | None = Field(description="最近发放日期")
    owed: Decimal | None = Field(description="欠发金额；发薪日前为空")
    payday: date


class WageProjectOut(Schema):
    project: int
    project_name: str
    employer: str
    badge: str
    rate: Decimal
    rate_kind: str
    owed: Decimal
    months: list[WageMonthOut]


@router.get("/my/wages", response={200: list[WageProjectOut], **READ}, summary="我的工资（本人）", url_name="my_wages")
def my_wages(request):
    return [
        {
            "project": item.entry.project_id,
            "project_name": item.entry.project.name,
            "employer": item.entry.employer.name,
            "badge": item.entry.badge,
            "rate": item.entry.rate,
            "rate_kind": item.entry.rate_kind,
            "owed": item.owed,
            "months": [vars(m) for m in item.months],
        }
        for item in intake.my_wages(request.user)
    ]
