"""The holiday calendar (节假日安排): everyone reads it; staff of a provincial tripartite office
(or a superuser) add and remove days and mark a year's schedule official."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import CalendarDayForm, CalendarYearForm
from ..models import CalendarDay, CalendarYear
from ..scoping import user_scope


def is_province_staff(user) -> bool:
    """A superuser, or staff of an office whose region is a whole province (a 2-digit prefix)."""
    scope = user_scope(user)
    return scope.everything or any(len(prefix) == 2 for prefix in scope.regions)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@login_required
def calendar_page(request):
    year = _year(request)
    editor = is_province_staff(request.user)
    day_form = CalendarDayForm(initial={"kind": CalendarDay.Kind.HOLIDAY, "day": f"{year}-01-01"})
    year_form = CalendarYearForm(initial={"year": year})
    if request.method == "POST":
        if not editor:
            raise PermissionDenied(_("只有省级三方办工作人员可以维护节假日安排"))
        if request.POST.get("action") == "official":
            year_form = CalendarYearForm(request.POST)
            if year_form.is_valid():
                year_form.save()
                messages.success(request, _("%(year)s 年的节假日安排已标记为正式") % {"year": year})
                return redirect(f"{reverse('calendar')}?year={year}")
        else:
            day_form = CalendarDayForm(request.POST)
            if day_form.is_valid():
                day = day_form.save()
                messages.success(request, _("已添加 %(day)s") % {"day": day})
                return redirect(f"{reverse('calendar')}?year={day.day.year}")
    days = CalendarDay.objects.filter(day__year=year)
    years = (
        CalendarDay.objects.annotate(y=ExtractYear("day"))
        .order_by("-y")
        .values("y")
        .annotate(
            holidays=Count("pk", filter=Q(kind=CalendarDay.Kind.HOLIDAY)),
            workdays=Count("pk", filter=Q(kind=CalendarDay.Kind.WORKDAY)),
        )
    )
    official = set(CalendarYear.objects.values_list("year", flat=True))
    context = {
        "year": year,
        "days": days,
        "year_rows": [{**row, "official": row["y"] in official} for row in years[:12]],
        "is_official": year in official,
        "official_source": CalendarYear.objects.filter(year=year).values_list("source", flat=True).first(),
        "editor": editor,
        "day_form": day_form,
        "year_form": year_form,
        "previous_year": year - 1,
        "next_year": year + 1,
    }
    return render(request, "core/calendar.html", context)


@login_required
@require_POST
def calendar_day_delete(request, pk: int):
    if not is_province_staff(request.user):
        raise PermissionDenied(_("只有省级三方办工作人员可以维护节假日安排"))
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.day.year
    day.delete()
    messages.success(request, _("已删除 %(day)s") % {"day": day})
    return redirect(f"{reverse('calendar')}?year={year}")
