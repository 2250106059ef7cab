"""Jobs: a user's own long actions (all of them for a superuser), with live progress."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from ..exports import Column
from ..models import Job
from ..scoping import scoped
from .generic import Choice, ScopedListView, Search

# htmx stops polling when a response carries this status (https://htmx.org/docs/#polling).
STOP_POLLING = 286


class JobList(ScopedListView):
    model = Job
    select_related = ("created_by",)
    filters = {"q": Search("kind", label=_("任务类型")), "status": Choice("status")}
    columns = [
        Column(_("编号"), "pk", kind="number", sort="id", link=True),
        Column(_("类型"), "kind", sort="kind"),
        Column(_("状态"), "status", sort="status"),
        Column(_("进度"), "percent", kind="number"),
        Column(_("发起人"), "created_by.username"),
        Column(_("创建时间"), "created_at", kind="datetime", sort="created_at"),
        Column(_("完成时间"), "finished_at", kind="datetime", sort="finished_at"),
    ]


def _job(request, pk: int) -> Job:
    return get_object_or_404(scoped(Job.objects.select_related("created_by"), request.user), pk=pk)


@login_required
def job_detail(request, pk: int):
    return render(request, "core/job_detail.html", {"job": _job(request, pk)})


@login_required
def job_progress(request, pk: int):
    """The progress card alone, polled by htmx every two seconds until the job has finished."""
    job = _job(request, pk)
    response = render(request, "core/partials/job_progress.html", {"job": job})
    if job.finished and request.htmx:
        response.status_code = STOP_POLLING
    return response
