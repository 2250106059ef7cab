"""Arrears warnings (欠薪预警) in people's hands: who sees them, who handles and resolves them, and
running the check for one project on demand. The check itself (opening, updating, the system's
resolving and reopening) is services/detection.py.

Who acts: the labor office of the project's region (staff, administrators) and the grid members
serving it — "assigned to the grid member and the labor inspection team". The project's companies
see their own project's warnings (the model's scope) but act on them only by paying. Resolving by
hand needs a note; if the next check still finds the arrears it reopens the warning.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.scoping import roles_on, scoped

from ..models import INSPECTORS, ArrearsWarning, Project
from . import detection
from .projects import is_labor_office


def visible_warnings(user) -> QuerySet:
    return scoped(
        ArrearsWarning.objects.select_related(
            "project__region", "project__general_contractor", "assigned_to", "inspection"
        ),
        user,
    )


def acting_roles(user, obj) -> set[str]:
    """The inspection roles `user` holds over a warning or a project: the labor office's staff of
    its region (not the union's or the federations'), the grid members serving it, a superuser."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {"admin"}
    project = obj if isinstance(obj, Project) else obj.project
    roles = roles_on(user, obj) & INSPECTORS
    if not is_labor_office(user, project.region_id):
        roles -= {"staff", "admin"}
    return roles


def may_act(user, warning: ArrearsWarning) -> bool:
    return bool(acting_roles(user, warning))


def available_actions(user, warning: ArrearsWarning) -> list:
    roles = acting_roles(user, warning)
    return [t for t in ArrearsWarning.workflow.transitions if warning.status in t.sources and t.roles & roles]


def handle(warning: ArrearsWarning, user, note: str = "") -> ArrearsWarning:
    """开始处置: an inspector takes the warning up."""
    roles = acting_roles(user, warning)
    if not roles:
        raise PermissionDenied(_("只有劳动保障监察人员或网格员可以处置欠薪预警"))
    with transaction.atomic():
        ArrearsWarning.workflow.apply(warning, "handle", user, note=(note or "").strip(), roles=roles)
    return warning


def resolve(warning: ArrearsWarning, user, note: str, on: date | None = None) -> ArrearsWarning:
    """解除预警 by hand, with the reason (paid off the platform, a wrong record…)."""
    roles = acting_roles(user, warning)
    if not roles:
        raise PermissionDenied(_("只有劳动保障监察人员或网格员可以解除欠薪预警"))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("手工解除预警须说明理由")}, code="note_required")
    with transaction.atomic():
        warning.closed_on = on or timezone.localdate()
        ArrearsWarning.workflow.apply(warning, "resolve", user, note=note, roles=roles)
    return warning


def run_check(project: Project, user, today: date | None = None) -> detection.CheckResult:
    """The check for one project, on demand (the labor office or the grid member)."""
    if not acting_roles(user, project):
        raise PermissionDenied(_("只有劳动保障监察人员或网格员可以运行欠薪检查"))
    return detection.check_project(project, today or timezone.localdate())


def project_panel(project: Project, user) -> dict:
    """The arrears panel of a project page: its warnings, open ones first, and the figures."""
    rows = []
    if scoped(Project.objects.filter(pk=project.pk), user).exists():
        rows = list(ArrearsWarning.objects.filter(project=project).order_by("-month", "kind")[:50])
        rows = sorted(rows, key=lambda w: w.status == ArrearsWarning.Status.CLOSED)[:20]  # open ones first
    open_rows = [w for w in rows if w.status != ArrearsWarning.Status.CLOSED]
    return {
        "warnings": rows,
        "open_count": len(open_rows),
        "open_amount": sum((w.amount for w in open_rows if w.kind in detection.WAGE_KINDS), start=0),
        "may_check": bool(acting_roles(user, project)),
    }
