"""Arrears warning pages (欠薪预警): the scoped list with its filters and .xlsx export, a warning's
detail with its figures and the workers owed (computed now from the check's own query), the
inspection's actions (handle, resolve with a note), the project page's arrears panel (loaded by
htmx) and running the check for one project. Views parse, call one service, render; a warning or
project outside the user's scope is a 404."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.exports import Column
from hexie.core.views.generic import Choice, Filter, RegionPrefix, ScopedListView, Search
from hexie.core.workflow import TransitionError

from ..models import ArrearsWarning
from ..services import detection
from ..services import projects as project_service
from ..services import warnings as service


class MonthFilter(Filter):
    """`month`: the warnings of one wage month (YYYY-MM)."""

    def form_field(self, view):
        return forms.CharField(
            label=gettext_lazy("月份"),
            required=False,
            max_length=7,
            widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        )

    def apply(self, queryset, value):
        try:
            month = date.fromisoformat(f"{value.strip()}-01")
        except ValueError:
            return queryset.none()
        return queryset.filter(month=month)


def _link(row):
    return format_html('<a href="{}">{}</a>', row.get_absolute_url(), row.get_kind_display())


def _person(user):
    return (user.get_full_name() or user.username) if user else ""


COLUMNS = [
    Column(gettext_lazy("类型"), _link, sort="kind", export=False),
    Column(gettext_lazy("工程项目"), "project.name", sort="project__code"),
    Column(gettext_lazy("所在地区"), "project.region.name", sort="project__region__code"),
    Column(gettext_lazy("施工总承包单位"), "project.general_contractor.name"),
    Column(gettext_lazy("月份"), lambda w: f"{w.month:%Y-%m}", sort="month"),
    Column(gettext_lazy("依据"), "rule"),
    Column(gettext_lazy("涉及人数"), "workers", kind="number", sort="workers"),
    Column(gettext_lazy("涉及金额（元）"), "amount", kind="money", sort="amount"),
    Column(gettext_lazy("发现日期"), "opened_on", kind="date", sort="opened_on"),
    Column(gettext_lazy("处置期限"), "deadline", kind="date", sort="deadline"),
    Column(gettext_lazy("网格员"), lambda w: _person(w.assigned_to)),
    Column(gettext_lazy("状态"), "status", sort="status"),
]


class WarningList(ScopedListView):
    """The labor office sees its region's warnings; a company those of its own projects."""

    model = ArrearsWarning
    template_name = "wages/arrears/warning_list.html"
    title = gettext_lazy("欠薪预警")
    select_related = ("project__region", "project__general_contractor", "assigned_to")
    filters = {
        "q": Search("project__code", "project__name", "project__general_contractor__name"),
        "kind": Choice("kind"),
        "status": Choice("status"),
        "region": RegionPrefix("project__region__code"),
        "month": MonthFilter(),
    }
    columns = COLUMNS
    export_columns = [Column(gettext_lazy("类型"), "kind"), Column(gettext_lazy("情况"), "detail"), *COLUMNS[1:]]


def _warning(request, pk: int) -> ArrearsWarning:
    return get_object_or_404(service.visible_warnings(request.user), pk=pk)


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("handle", "handle"), ("resolve", "resolve")], widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=1000)


@login_required
def warning_detail(request, pk: int):
    warning = _warning(request, pk)
    today = timezone.localdate()
    workers = detection.owed_workers(warning, today) if warning.status != ArrearsWarning.Status.CLOSED else []
    names = dict(warning.project.roster.filter(person_id__in=[w.person_id for w in workers]).values_list(
        "person_id", "person__name"
    ))  # fmt: skip
    context = {
        "title": str(warning),
        "object": warning,
        "workers": [(names.get(w.person_id, ""), w) for w in workers],
        "moves": {t.action for t in service.available_actions(request.user, warning)},
        "timeline": warning.timeline_with_labels,
        "today": today,
    }
    return render(request, "wages/arrears/warning_detail.html", context)


@login_required
@require_POST
def warning_action(request, pk: int):
    warning = _warning(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效"))
        return redirect(warning)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "handle":
            service.handle(warning, request.user, note)
        else:
            service.resolve(warning, request.user, note)
    except (ValidationError, TransitionError) as error:
        messages.error(request, "；".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("已开始处置") if action == "handle" else _("已解除预警"))
    return redirect(warning)


@login_required
def project_arrears(request, pk: int):
    """The project page's arrears panel (htmx)."""
    project = get_object_or_404(project_service.visible_projects(request.user), pk=pk)
    context = {"project": project, **service.project_panel(project, request.user)}
    return render(request, "wages/arrears/panel_body.html", context)


@login_required
@require_POST
def project_check(request, pk: int):
    project = get_object_or_404(project_service.visible_projects(request.user), pk=pk)
    result = service.run_check(project, request.user)
    messages.success(
        request,
        _("已完成欠薪检查：新发预警 %(opened)d 条，更新 %(updated)d 条，解除 %(resolved)d 条，重新预警 %(reopened)d 条")
        % {
            "opened": len(result.opened),
            "updated": result.updated,
            "resolved": result.resolved,
            "reopened": result.reopened,
        },
    )
    return redirect(project)
