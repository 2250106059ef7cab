"""Core background work: the Celery task that runs any job, and the core job handlers."""

import time

from celery import shared_task
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .jobs import JobContext, job_handler, run_job, start_daily_jobs
from .models import Employment, Job, Organization, TimelineEntry
from .scoping import scoped

RECOUNT_CHUNK = 500
MAX_PAUSE_MS = 1000


@shared_task(name="hexie.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> None:
    """Run one job on a worker. The message is acknowledged only when the job has ended, so a
    worker that dies mid-way leaves it to the broker to hand to another worker."""
    run_job(job_id)


@shared_task(name="hexie.run_daily")
def run_daily_task() -> list[int]:
    """Celery beat's daily entry point (see CELERY_BEAT_SCHEDULE): start the day's jobs."""
    return [job.pk for job in start_daily_jobs()]


@job_handler("core.recount_headcount")
def recount_headcount(ctx: JobContext) -> dict:
    """职工人数重算: set each enterprise's headcount to the number of people actively employed
    there today (no end date, or an end date not yet passed), within the starter's scope.

    params: `organizations` (optional list of ids to restrict to); `slow_ms` (optional pause
    after each enterprise, at most one second, to leave room for other work on a busy database).
    All headcounts and one timeline entry for the job are written together in `ctx.final()`.
    """
    user = ctx.job.created_by
    enterprises = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)
    if user is not None:
        enterprises = scoped(enterprises, user)
    if ctx.params.get("organizations"):
        enterprises = enterprises.filter(pk__in=ctx.params["organizations"])
    pause = min(max(int(ctx.params.get("slow_ms", 0)), 0), MAX_PAUSE_MS) / 1000
    today = timezone.localdate()
    rows = list(enterprises.order_by("pk").values_list("pk", "headcount"))
    ctx.progress(0, len(rows), force=True)

    changed: dict[int, int] = {}
    for start in range(0, len(rows), RECOUNT_CHUNK):
        chunk = rows[start : start + RECOUNT_CHUNK]
        counts = dict(
            Employment.objects.filter(enterprise_id__in=[pk for pk, _old in chunk])
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .values("enterprise_id")
            .annotate(people=Count("person_id", distinct=True))
            .values_list("enterprise_id", "people")
        )
        for done, (pk, old) in enumerate(chunk, start + 1):
            if counts.get(pk, 0) != old:
                changed[pk] = counts.get(pk, 0)
            if pause:
                time.sleep(pause)
            ctx.progress(done)

    with ctx.final() as out:
        for org in Organization.objects.filter(pk__in=changed):
            org.headcount = changed[org.pk]
            org.save(update_fields=["headcount"])  # one audit-log entry per changed enterprise
        TimelineEntry.objects.create(
            subject=ctx.job,
            action="recount_headcount",
            from_status=Job.Status.RUNNING,
            to_status=Job.Status.DONE,
            actor=user,
            note=_("重算 %(total)d 家企业职工人数，更新 %(changed)d 家")
            % {"total": len(rows), "changed": len(changed)},
        )
        out["result"] = {"enterprises": len(rows), "changed": len(changed)}
    return out["result"]
