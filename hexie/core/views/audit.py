"""The audit log (django-auditlog): who changed what, when and from where. Province staff only."""

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..forms import AuditFilterForm
from .calendar import is_province_staff


@login_required
def audit_log(request):
    if not is_province_staff(request.user):
        raise PermissionDenied(_("只有省级三方办工作人员可以查看审计日志"))
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk"))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page_obj": page})
