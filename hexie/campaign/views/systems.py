"""Indicator systems: the list, the tree, and for province staff clone, edit and publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hexie.core.models import TimelineEntry
from hexie.core.registries import INDICATORS
from hexie.core.scoping import scoped

from ..forms_systems import IndicatorForm, SystemForm
from ..models import Indicator, IndicatorSystem
from ..services import systems as service


def _visible(request, pk: int) -> IndicatorSystem:
    return get_object_or_404(service.visible_systems(request.user), pk=pk)


def _editable(request, pk: int) -> IndicatorSystem:
    system = _visible(request, pk)
    if not service.may_edit(request.user, system):
        raise PermissionDenied(_("只有本省三方办工作人员可以编辑指标体系草稿；已发布的版本请复制后编辑"))
    return system


def _editable_indicator(request, pk: int) -> Indicator:
    indicator = get_object_or_404(scoped(Indicator.objects.select_related("system"), request.user), pk=pk)
    _editable(request, indicator.system_id)
    return indicator


def _tree(system: IndicatorSystem) -> list[tuple[Indicator, int]]:
    """(indicator, depth) in display order: each group followed by its children."""
    nodes = list(system.indicators.order_by("order", "pk"))
    children: dict[int | None, list[Indicator]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    rows: list[tuple[Indicator, int]] = []

    def walk(parent, depth):
        for node in children.get(parent, []):
            node.key_registered = not node.computed_key or node.computed_key in INDICATORS
            rows.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return rows


def _timeline(system: IndicatorSystem):
    return TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(system), object_id=str(system.pk)
    ).select_related("actor")


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def system_list(request):
    systems = service.visible_systems(request.user).order_by("subject_kind", "code", "-version")
    return render(
        request,
        "campaign/system_list.html",
        {
            "title": _("评价指标体系"),
            "systems": systems,
            "may_manage": service.may_manage_systems(request.user),
        },
    )


@login_required
def system_detail(request, pk: int):
    system = _visible(request, pk)
    plan = service.scoring_plan(system)
    return render(
        request,
        "campaign/system_detail.html",
        {
            "title": str(system),
            "system": system,
            "rows": _tree(system),
            "max_total": plan.max_total,
            "may_manage": service.may_manage_systems(request.user),
            "may_edit": service.may_edit(request.user, system),
            "problems": [] if system.frozen else service.check_system(system),
            "timeline": _timeline(system),
        },
    )


@login_required
@require_POST
def system_clone(request, pk: int):
    system = _visible(request, pk)
    clone = service.clone_system(system, request.user)
    messages.success(request, _("已复制为第%(version)s版草稿，可以编辑") % {"version": clone.version})
    return redirect("campaign:system-edit", pk=clone.pk)


@login_required
def system_edit(request, pk: int):
    system = _editable(request, pk)
    form = SystemForm.for_system(system, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_system(request.user, system, form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("campaign:system-edit", pk=system.pk)
    return render(
        request,
        "campaign/system_edit.html",
        {
            "title": _("编辑指标体系"),
            "system": system,
            "form": form,
            "rows": _tree(system),
            "problems": service.check_system(system),
        },
    )


@login_required
@require_POST
def system_publish(request, pk: int):
    system = _editable(request, pk)
    try:
        service.publish_system(system, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("campaign:system-edit", pk=system.pk)
    messages.success(request, _("已发布第%(version)s版，发布后不能再修改") % {"version": system.version})
    return redirect(system.get_absolute_url())


def _indicator_page(request, system, indicator=None):
    form = IndicatorForm(system, request.POST if request.method == "POST" else None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_indicator(request.user, system, form.service_data(), indicator)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("指标已保存"))
            return redirect("campaign:system-edit", pk=system.pk)
    return render(
        request,
        "campaign/system_indicator_form.html",
        {
            "title": _("编辑指标") if indicator else _("新增指标"),
            "system": system,
            "indicator": indicator,
            "form": form,
        },
    )


@login_required
def indicator_add(request, pk: int):
    return _indicator_page(request, _editable(request, pk))


@login_required
def indicator_edit(request, pk: int):
    indicator = _editable_indicator(request, pk)
    return _indicator_page(request, indicator.system, indicator)


@login_required
@require_POST
def indicator_delete(request, pk: int):
    indicator = _editable_indicator(request, pk)
    system = indicator.system
    service.delete_indicator(request.user, indicator)
    messages.success(request, _("已删除指标 %(code)s 及其下级指标") % {"code": indicator.code})
    return redirect("campaign:system-edit", pk=system.pk)
