"""Pages of intake (数据采集): attendance, payroll and payout imports into a project, one payroll row
entered by hand, the reconciliation of payroll with attendance, and the worker's own wages on a
phone (我的工资).

Thin views: parse a form, call one service from `services/intake.py`, render or redirect. A
project outside the user's scope is a 404; importing into one needs the general contractor's or
a subcontractor's HR role or the region's staff (403 otherwise).
"""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from hexie.core.attachments import XLSX, save_upload
from hexie.core.forms import apply_errors

from ..models import Project
from ..services import intake

IMPORT_TYPES = {XLSX: ".xlsx", "text/csv": ".csv"}

PAGES = {
    "attendance": {
        "title": gettext_lazy("导入考勤"),
        "upload": gettext_lazy("考勤文件（.xlsx 或 .csv）"),
        "intro": gettext_lazy(
            "支持常见考勤机导出的格式：每人每天一行（工号/人员编号或身份证号、姓名、日期、上班时间、下班时间），"
            "或每次打卡一行（打卡时间）——同一天多次打卡取最早一次为上班、最晚一次为下班。"
            "系统先校验整个文件：不在本项目实名制名册中的人员、同一人同一天在两个项目出勤等，任何一处错误都不写入任何数据，"
            "并提供错误报告下载；全部正确才一次性写入并按月汇总出勤。重复导入同一文件不会重复写入。"
        ),
        "template": "wages:attendance-template",
        "filename": gettext_lazy("考勤导入模板.xlsx"),
    },
    "payroll": {
        "title": gettext_lazy("导入工资表"),
        "upload": gettext_lazy("工资表（.xlsx 或 .csv）"),
        "intro": gettext_lazy(
            "总承包单位（劳资专管员）编制的月度工资表：工号或身份证号、姓名、月份、出勤天数、应发工资、扣除、实发工资。"
            "金额不得为负，实发工资须等于应发工资减扣除；同一工人同一月份只登记一次，已登记的工资表不会被覆盖。"
            "导入后与考勤和约定工资核对：出勤天数不一致、应发低于考勤 × 约定工资的行会提示，但不阻止导入。"
        ),
        "template": "wages:payroll-template",
        "filename": gettext_lazy("工资表导入模板.xlsx"),
    },
    "payouts": {
        "title": gettext_lazy("导入代发记录"),
        "upload": gettext_lazy("银行代发文件（.xlsx 或 .csv）"),
        "intro": gettext_lazy(
            "工资专用账户的银行代发明细：流水号、身份证号或账号、姓名、金额、发放日期、工资所属月份。"
            "每个银行流水号只登记一次：同一文件重复导入不会重复写入，并列出已登记的流水。"
            "导入后立即重新检查该项目的欠薪情况，足额发放后相应预警自动解除。"
        ),
        "template": "wages:payout-template",
        "filename": gettext_lazy("代发记录导入模板.xlsx"),
    },
}


def _project(request, pk: int) -> Project:
    try:
        return intake.visible_project(request.user, pk)
    except Project.DoesNotExist:
        raise Http404 from None


def _project_url(project: Project) -> str | None:
    try:
        return reverse("wages:project-detail", args=[project.pk])
    except NoReverseMatch:
        return None


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（.xlsx 或 .csv）"))


def _import_page(request, pk: int, kind: str):
    project = _project(request, pk)
    may = intake.may_import(request.user, project)
    page = PAGES[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].label = page["upload"]
    if request.method == "POST":
        if not may:
            raise PermissionDenied(_("只有项目的总承包单位、分包单位或属地人社部门可以导入考勤、工资表和发放记录"))
        if form.is_valid():
            try:
                attachment = save_upload(
                    form.cleaned_data["file"],
                    user=request.user,
                    organization=project.general_contractor,
                    allowed=IMPORT_TYPES,
                )
                job = intake.start_intake(kind, project, attachment, request.user)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect("job-detail", pk=job.pk)
    return render(
        request,
        "wages/intake/import.html",
        {
            "title": page["title"],
            "page": page,
            "kind": kind,
            "project": project,
            "project_url": _project_url(project),
            "form": form,
            "may_import": may,
            "columns": intake.IMPORTERS[kind].columns,
            "recent": intake.intake_jobs(request.user, project, kinds=(kind,))[:10],
        },
    )


@login_required
def attendance_import(request, pk):
    return _import_page(request, pk, "attendance")


@login_required
def payroll_import(request, pk):
    return _import_page(request, pk, "payroll")


@login_required
def payout_import(request, pk):
    return _import_page(request, pk, "payouts")


def _template(kind: str) -> HttpResponse:
    response = HttpResponse(intake.template(kind), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(str(PAGES[kind]['filename']))}"
    return response


@login_required
def attendance_template(request):
    return _template("attendance")


@login_required
def payroll_template(request):
    return _template("payroll")


@login_required
def payout_template(request):
    return _template("payouts")


# --- one payroll row ----------------------------------------------------------------------------------

MONTH_INPUT = re.compile(r"^(\d{4})-(\d{1,2})$")


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_INPUT.match(value.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValidationError(_("月份无效，请写作 2026-04"))
        return date(int(match[1]), int(match[2]), 1)


def _amount(label):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2)


class PayrollForm(forms.Form):
    entry = forms.ModelChoiceField(label=gettext_lazy("工人"), queryset=None)
    month = MonthField(label=gettext_lazy("月份"))
    days = forms.DecimalField(
        label=gettext_lazy("出勤天数"),
        max_digits=3,
        decimal_places=1,
        required=False,
        help_text=gettext_lazy("留空则取考勤汇总的天数"),
    )
    gross = _amount(gettext_lazy("应发工资（元）"))
    deductions = _amount(gettext_lazy("扣除（元）"))
    net = _amount(gettext_lazy("实发工资（元）"))

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = project.roster.select_related("person")
        self.fields["entry"].label_from_instance = lambda e: f"{e.badge} · {e.person.name}"
        self.fields["deductions"].initial = Decimal("0.00")


@login_required
def payroll_entry(request, pk):
    """录入工资表: one worker's payroll for one month, with the import's checks."""
    project = _project(request, pk)
    if not intake.may_import(request.user, project):
        raise PermissionDenied(_("只有项目的总承包单位、分包单位或属地人社部门可以录入工资表"))
    form = PayrollForm(project, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payroll, created = intake.enter_payroll(
                project,
                request.user,
                entry=data["entry"],
                month=data["month"],
                days=data["days"],
                gross=data["gross"],
                deductions=data["deductions"],
                net=data["net"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("工资表已登记"))
            else:
                messages.info(request, _("该工资表已登记，内容相同，未重复写入"))
            return redirect(f"{reverse('wages:reconciliation', args=[project.pk])}?month={payroll.month:%Y-%m}")
    return render(
        request,
        "wages/intake/payroll_form.html",
        {
            "title": _("录入工资表"),
            "project": project,
            "project_url": _project_url(project),
            "form": form,
        },
    )


# --- reconciliation ---------------------------------------------------------------------------------


@login_required
def reconciliation(request, pk):
    """工资核对: one month's payroll against attendance × the agreed rate and the payouts."""
    project = _project(request, pk)
    months = intake.recent_months(project)
    month = None
    match = MONTH_INPUT.match(request.GET.get("month", ""))
    if match and 1 <= int(match[2]) <= 12:
        month = date(int(match[1]), int(match[2]), 1)
    month = month or (months[0] if months else timezone.localdate().replace(day=1))
    rows = intake.reconciliation(project, month)
    return render(
        request,
        "wages/intake/reconciliation.html",
        {
            "title": _("工资核对"),
            "project": project,
            "project_url": _project_url(project),
            "month": month,
            "months": sorted(set(months) | {month}, reverse=True),
            "rows": rows,
            "flagged": sum(1 for r in rows if r.flags),
            "may_import": intake.may_import(request.user, project),
        },
    )


# --- the worker's own wages -------------------------------------------------------------------------


def complaint_url() -> str | None:
    try:
        return reverse("wages:complaint-file")
    except NoReverseMatch:
        return None


@login_required
@never_cache
def my_wages(request):
    """我的工资: each project the worker is on, month by month (a 375 px phone page)."""
    projects = intake.my_wages(request.user)
    return render(
        request,
        "wages/intake/mine.html",
        {
            "title": _("我的工资"),
            "projects": projects,
            "complaint_url": complaint_url(),
            "is_worker": getattr(request.user, "person", None) is not None,
        },
    )
