"""Project pages (在建工程项目): the scoped list and its export, registering and editing a project,
the detail (contracting chain, roster with its rates, special account, allocations against the
schedule, deposits, the rights-information board, and the arrears and intake panels), and one form
per action. Views parse, call one service, render; a project outside the user's scope is a 404."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.attachments import XLSX
from hexie.core.exports import Column
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, Filter, RegionPrefix, ScopedListView, Search

from .. import forms as wage_forms
from ..models import Deposit, Project, RosterEntry
from ..services import accounts
from ..services import projects as service

ROSTER_PAGE = 50


def _project(request, pk: int) -> Project:
    return get_object_or_404(service.visible_projects(request.user), pk=pk)


def _link(row):
    return format_html('<a href="{}">{}</a>', row.get_absolute_url(), row.code)


def _member_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


class GridMemberFilter(Filter):
    """`grid_member`: the projects a grid member of the user's counties is responsible for."""

    def form_field(self, view):
        members = service.grid_member_choices(view.request.user)
        choices = [(str(u.pk), u.get_full_name() or u.username) for u in members[:300]]
        if not choices:
            return None
        return forms.ChoiceField(label=gettext_lazy("责任网格员"), required=False, choices=[("", _("全部")), *choices])

    def apply(self, queryset, value):
        return queryset.filter(grid_member_id=value) if value else queryset


COLUMNS = [
    Column(gettext_lazy("项目编号"), _link, sort="code", export=False),
    Column(gettext_lazy("项目名称"), "name", sort="name"),
    Column(gettext_lazy("所在地区"), "region.name", sort="region__code"),
    Column(gettext_lazy("建设单位"), "construction_unit.name"),
    Column(gettext_lazy("施工总承包单位"), "general_contractor.name"),
    Column(gettext_lazy("合同金额（元）"), "contract_amount", kind="money", sort="contract_amount"),
    Column(gettext_lazy("开工日期"), "starts_on", kind="date", sort="starts_on"),
    Column(gettext_lazy("计划竣工日期"), "ends_on", kind="date", sort="ends_on"),
    Column(gettext_lazy("发薪日"), "payday", kind="number"),
    Column(
        gettext_lazy("责任网格员"),
        lambda p: (p.grid_member.get_full_name() or p.grid_member.username) if p.grid_member else "",
    ),
    Column(gettext_lazy("告示牌"), "notice_board", kind="bool"),
    Column(gettext_lazy("状态"), "status", sort="status"),
]


class ProjectList(ScopedListView):
    """The labor office sees its region's projects; a company the projects of its chain."""

    model = Project
    template_name = "wages/project_list.html"
    title = gettext_lazy("在建工程项目")
    select_related = ("region", "construction_unit", "general_contractor", "grid_member")
    filters = {
        "q": Search("code", "name", "address", "construction_unit__name", "general_contractor__name"),
        "region": RegionPrefix("region__code"),
        "status": Choice("status"),
        "grid_member": GridMemberFilter(),
    }
    columns = COLUMNS
    export_columns = [Column(gettext_lazy("项目编号"), "code"), *COLUMNS[1:]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = service.may_create(self.request.user)
        return context


# --- create and edit ------------------------------------------------------------------------------


@login_required
def project_create(request):
    allowed = service.may_create(request.user)
    if request.method == "POST" and not allowed:
        raise PermissionDenied(_("只有人社部门工作人员可以登记在建工程项目"))
    form = wage_forms.ProjectForm(request.POST or None, user=request.user) if allowed else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            project = service.create_project(request.user, **form.values())
        except ValidationError as error:
            wage_forms.apply_errors(form, error)
        else:
            messages.success(request, _("已登记项目 %(code)s") % {"code": project.code})
            return redirect(project)
    intro = "" if allowed else _("只有项目所在地人社部门的工作人员可以登记在建工程项目。")
    return render(request, "wages/form.html", {"title": _("登记在建工程项目"), "form": form, "intro": intro})


@login_required
def project_edit(request, pk: int):
    project = _project(request, pk)
    if not service.may_manage(request.user, project):
        raise PermissionDenied(_("只有人社部门工作人员可以修改项目"))
    initial = wage_forms.ProjectForm.initial_for(project)
    form = wage_forms.ProjectForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.values().items() if k in form.changed_data}
        try:
            service.update_project(request.user, project, **changes)
        except ValidationError as error:
            wage_forms.apply_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect(project)
    return render(request, "wages/form.html", {"title": _("修改项目"), "form": form, "project": project})


@login_required
def project_board(request, pk: int):
    """The wage officer and the rights-information board (WPR-28, WPR-34)."""
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有人社部门或施工总承包单位可以修改劳资专管员和告示牌"))
    initial = {
        "wage_officer": project.wage_officer,
        "wage_officer_phone": project.wage_officer_phone,
        "notice_board": project.notice_board,
    }
    form = wage_forms.BoardForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.update_board(
                request.user,
                project,
                wage_officer=data["wage_officer"],
                wage_officer_phone=data["wage_officer_phone"],
                posted=data["notice_board"],
                photo=data.get("photo"),
            )
        except ValidationError as error:
            wage_forms.apply_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect(project)
    context = {"title": _("劳资专管员与维权信息告示牌"), "form": form, "project": project, "multipart": True}
    return render(request, "wages/form.html", context)


@login_required
@require_POST
def project_status(request, pk: int):
    project = _project(request, pk)
    form = wage_forms.StatusForm(request.POST)
    if not service.may_manage(request.user, project):
        raise PermissionDenied(_("只有人社部门工作人员可以变更项目状态"))
    if form.is_valid():
        try:
            service.change_status(request.user, project, form.cleaned_data["status"], on=form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("项目状态已变更"))
    else:
        messages.error(request, _("请选择状态"))
    return redirect(project)


# --- detail -----------------------------------------------------------------------------------------


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    user = request.user
    today = timezone.localdate()
    rates = service.project_rates(project, today)
    roster = project.roster.select_related("person", "employer").order_by("left_on", "badge")
    account = getattr(project, "special_account", None)
    allocations = accounts.allocation_table(project, today)
    deposits = list(project.deposits.order_by("deposited_on", "pk"))
    moves = [(s, Project.Status(s).label) for s in service.STATUS_MOVES[project.status]]
    context = {
        "title": project.name,
        "object": project,
        "project": project,
        "manage": service.may_manage(user, project),
        "keep": service.may_keep(user, project),
        "enroll": bool(service.chain_employers(user, project)),
        "chain": service.chain(project),
        "rates": rates,
        "roster": roster[:20],
        "roster_total": roster.count(),
        "account": account,
        "allocations": allocations,
        "allocation_totals": {
            "scheduled": sum((r["scheduled"] for r in allocations if r["due"]), start=0),
            "paid": sum((r["paid"] for r in allocations), start=0),
            "short": sum((r["short"] for r in allocations), start=0),
        },
        "deposits": deposits,
        "deposit_balance": accounts.deposit_balance(project),
        "moves": sorted(moves),
        "today": today,
        "close_findings": accounts.account_close_findings(
            completed_on=project.completed_on,
            notice_on=account.close_notice_on if account else None,
            on=today,
            open_warnings=accounts._open_warnings(project),
        )
        if account and not account.closed_on
        else [],
    }
    return render(request, "wages/project_detail.html", context)


@login_required
def project_roster(request, pk: int):
    """The whole roster, paginated."""
    project = _project(request, pk)
    entries = scoped(RosterEntry.objects.filter(project=project), request.user).select_related("person", "employer")
    page = Paginator(entries.order_by("left_on", "badge"), ROSTER_PAGE).get_page(request.GET.get("page"))
    context = {
        "title": _("实名制花名册"),
        "project": project,
        "page_obj": page,
        "rates": service.project_rates(project),
        "enroll": bool(service.chain_employers(request.user, project)),
    }
    return render(request, "wages/roster.html", context)


# --- the chain and the roster ------------------------------------------------------------------------


def _action_page(request, project, form, title, run, success, *, multipart=False, intro=""):
    """GET shows `form`; a valid POST runs `run(cleaned_data)` (a service call) and redirects."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            wage_forms.apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(project)
    context = {"title": title, "form": form, "project": project, "multipart": multipart, "intro": intro}
    return render(request, "wages/form.html", context)


@login_required
def subcontract_add(request, pk: int):
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有人社部门或施工总承包单位可以登记分包单位"))
    form = wage_forms.SubcontractForm(request.POST or None, project=project)

    def run(data):
        service.add_subcontract(
            request.user,
            project,
            subcontractor=data["subcontractor"],
            kind=data["kind"],
            parent=data["parent"] or None,
            amount=data["amount"],
        )

    return _action_page(request, project, form, _("登记分包单位"), run, _("已登记分包单位"))


@login_required
def roster_enroll(request, pk: int):
    project = _project(request, pk)
    if not service.chain_employers(request.user, project):
        raise PermissionDenied(_("只有人社部门或项目分包链中的单位可以进行实名登记"))
    form = wage_forms.EnrollForm(
        request.POST or None, user=request.user, project=project, initial={"enrolled_on": timezone.localdate()}
    )

    def run(data):
        service.enroll(request.user, project, **{**data, "employer": int(data["employer"])})

    return _action_page(request, project, form, _("实名登记"), run, _("已完成实名登记"))


def _entry(request, pk: int) -> RosterEntry:
    """A roster entry of a project the user sees (a worker does not manage their own entry)."""
    return get_object_or_404(
        scoped(RosterEntry.objects.select_related("project", "person"), request.user).filter(
            project__in=service.visible_projects(request.user)
        ),
        pk=pk,
    )


@login_required
def roster_leave(request, pk: int):
    entry = _entry(request, pk)
    project = entry.project
    if entry.employer_id not in service.chain_employers(request.user, project):
        raise PermissionDenied(_("只能登记本单位工人退场"))
    form = wage_forms.LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})

    def run(data):
        service.leave(request.user, entry, data["left_on"])

    title = _("登记退场：%(name)s") % {"name": entry.person.name}
    return _action_page(request, project, form, title, run, _("已登记退场"))


@login_required
def roster_edit(request, pk: int):
    """Complete a registration: the signed contract, the wage card, the trade and the rate."""
    entry = _entry(request, pk)
    project = entry.project
    if entry.employer_id not in service.chain_employers(request.user, project):
        raise PermissionDenied(_("只能修改本单位工人的实名登记"))
    initial = {
        "trade": entry.trade,
        "rate": entry.rate,
        "rate_kind": entry.rate_kind,
        "contract_signed": entry.contract_signed,
    }
    form = wage_forms.EntryForm(request.POST or None, initial=initial)

    def run(data):
        changes = {k: v for k, v in data.items() if k != "bank_account" or v}
        service.update_entry(request.user, entry, **changes)

    title = _("修改实名登记：%(name)s") % {"name": entry.person.name}
    return _action_page(request, project, form, title, run, _("已保存"))


@login_required
def roster_import(request, pk: int):
    project = _project(request, pk)
    if not service.chain_employers(request.user, project):
        raise PermissionDenied(_("只有人社部门或项目分包链中的单位可以导入花名册"))
    form = wage_forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = service.start_roster_import(request.user, project, form.cleaned_data["file"])
        except ValidationError as error:
            wage_forms.apply_errors(form, error)
        else:
            return redirect("job-detail", pk=job.pk)
    context = {
        "title": _("导入实名制花名册"),
        "form": form,
        "project": project,
        "recent": service.roster_jobs(request.user, project)[:10],
        "columns": service.RosterImporter.columns,
    }
    return render(request, "wages/roster_import.html", context)


@login_required
def roster_template(request):
    response = HttpResponse(service.roster_template(), content_type=XLSX)
    filename = _("实名制花名册导入模板.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- special account, allocations, deposits -----------------------------------------------------------


@login_required
def account_open(request, pk: int):
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有施工总承包单位或人社部门可以登记工资专用账户"))
    form = wage_forms.AccountForm(request.POST or None, initial={"opened_on": timezone.localdate()})

    def run(data):
        accounts.open_account(request.user, project, **data)

    intro = _("施工总承包单位应在工程所在地的银行为项目开设农民工工资专用账户（WPR-26）。")
    return _action_page(request, project, form, _("登记工资专用账户"), run, _("已登记工资专用账户"), intro=intro)


def _account(request, pk: int):
    project = _project(request, pk)
    account = getattr(project, "special_account", None)
    if account is None:
        messages.error(request, _("本项目尚未登记工资专用账户"))
    return project, account


@login_required
@require_POST
def account_notice(request, pk: int):
    project, account = _account(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有施工总承包单位或人社部门可以发布销户公示"))
    form = wage_forms.DayForm(request.POST)
    if account is not None and form.is_valid():
        try:
            accounts.give_close_notice(request.user, account, form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已发布销户公示"))
    return redirect(project)


@login_required
@require_POST
def account_close(request, pk: int):
    project, account = _account(request, pk)
    if not service.may_manage(request.user, project):
        raise PermissionDenied(_("只有人社部门工作人员可以确认工资专用账户销户"))
    form = wage_forms.DayForm(request.POST)
    if account is not None and form.is_valid():
        try:
            accounts.close_account(request.user, account, form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("工资专用账户已销户"))
    return redirect(project)


@login_required
@require_POST
def allocation_schedule(request, pk: int):
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有人社部门或施工总承包单位可以生成拨付计划"))
    created = accounts.build_schedule(request.user, project)
    messages.success(request, _("已生成拨付计划 %(n)d 个月") % {"n": created})
    return redirect(project)


@login_required
def allocation_plan(request, pk: int):
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有人社部门或施工总承包单位可以修改拨付计划"))
    form = wage_forms.ScheduleForm(request.POST or None)

    def run(data):
        accounts.set_scheduled(request.user, project, **data)

    intro = _("按合同约定录入某月应拨人工费用；未录入的月份按合同金额×人工费用占比平均分摊。")
    return _action_page(request, project, form, _("录入应拨金额"), run, _("已保存"), intro=intro)


@login_required
def allocation_record(request, pk: int):
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有人社部门或施工总承包单位可以登记人工费用拨付"))
    form = wage_forms.AllocationForm(request.POST or None, initial={"paid_on": timezone.localdate()})

    def run(data):
        accounts.record_allocation(request.user, project, **data)

    success = _("已登记拨付（同一流水号重复登记不会重复计入）")
    return _action_page(request, project, form, _("登记人工费用拨付"), run, success)


@login_required
def deposit_record(request, pk: int):
    project = _project(request, pk)
    if not service.may_keep(request.user, project):
        raise PermissionDenied(_("只有施工总承包单位或人社部门可以登记工资保证金"))
    form = wage_forms.DepositForm(request.POST or None, initial={"deposited_on": timezone.localdate()})

    def run(data):
        accounts.record_deposit(request.user, project, **data)

    return _action_page(request, project, form, _("登记工资保证金"), run, _("已登记工资保证金"))


def _deposit(request, pk: int) -> Deposit:
    return get_object_or_404(
        scoped(Deposit.objects.select_related("project"), request.user).filter(
            project__in=service.visible_projects(request.user)
        ),
        pk=pk,
    )


@login_required
def deposit_use(request, pk: int):
    deposit = _deposit(request, pk)
    project = deposit.project
    if not service.may_manage(request.user, project):
        raise PermissionDenied(_("只有人社部门工作人员可以动用工资保证金"))
    form = wage_forms.UseDepositForm(request.POST or None)

    def run(data):
        accounts.use_deposit(request.user, deposit, data["amount"])

    intro = _("保证金余额 %(left)s 元，用于支付被拖欠的农民工工资。") % {"left": deposit.amount - deposit.used}
    return _action_page(request, project, form, _("动用工资保证金"), run, _("已登记动用"), intro=intro)


@login_required
@require_POST
def deposit_return(request, pk: int):
    deposit = _deposit(request, pk)
    project = deposit.project
    if not service.may_manage(request.user, project):
        raise PermissionDenied(_("只有人社部门工作人员可以退还工资保证金"))
    form = wage_forms.DayForm(request.POST)
    if form.is_valid():
        try:
            accounts.return_deposit(request.user, deposit, form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已退还工资保证金"))
    return redirect(reverse("wages:project-detail", args=[project.pk]))
