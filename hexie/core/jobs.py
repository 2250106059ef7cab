"""Long actions as jobs: one `Job` row records progress whether a Celery worker or this process runs it.

    @job_handler("core.import_workers")          # in the app's tasks.py, found automatically
    def import_workers(ctx: JobContext) -> dict:
        rows = read_rows(ctx.params["attachment"])
        for done, row in enumerate(rows, 1):
            check(row)
            ctx.progress(done, len(rows))
        with ctx.final() as out:                 # every write of the job, in one transaction
            save(rows)
            out["result"] = {"rows": len(rows)}
        return out["result"]

    job = start_job("core.import_workers", {"attachment": 12}, user=request.user)

With CELERY_BROKER_URL set (JOBS_MODE "celery") the job goes to a worker; otherwise it runs in a
thread of this process ("thread", the default for a server) or at once ("sync", tests and the CLI).

Exactly once: a handler does its writes inside `ctx.final()`, the same transaction that marks the
job done. A worker killed half-way leaves nothing written; the broker hands the message (acks_late)
to the next worker, which runs the job again from the start (attempts + 1); a job already done or
failed is never rerun. When a message comes back while its first run is still alive (a visibility
timeout shorter than the job), only the newest attempt may commit: the older one finds its claim
gone in `final()` and rolls back.
"""

import logging
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from .models import Job

logger = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[["JobContext"], dict]] = {}
_discovered = False


class JobSuperseded(Exception):
    """A newer attempt of the same job took it over; this attempt's writes are rolled back."""


def job_handler(kind: str):
    def register(func: Callable[["JobContext"], dict]):
        if kind in HANDLERS and HANDLERS[kind] is not func:
            raise ValueError(f"job kind {kind!r} registered twice")
        HANDLERS[kind] = func
        return func

    return register


def discover_handlers() -> None:
    """Import every Hexie app's `tasks` module, where its job handlers are registered."""
    global _discovered
    if _discovered:
        return
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("hexie.") and module_has_submodule(app_config.module, "tasks"):
            import_module(f"{app_config.name}.tasks")
    _discovered = True


class JobContext:
    """What a handler gets: the job, its params, and a throttled progress reporter."""

    def __init__(self, job: Job):
        self.job = job
        self.params = job.params
        self._last_write = 0.0
        self._in_final = False
        self._finished_inside = False

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        """Record progress, at most a few times a second. Skipped inside `final()`, whose
        transaction nobody else sees before it commits the job done."""
        now = time.monotonic()
        if not force and now - self._last_write < 0.3 and (total is None or done < total):
            return
        if self._in_final:
            return
        self._last_write = now
        fields = {"progress": done}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self.job.progress = done
        if total is not None:
            self.job.total = total

    @contextmanager
    def final(self):
        """The job's one writing transaction: its effect and the job's DONE commit together.

        The job is claimed first (status DONE, only if this is still its newest running
        attempt), so the rows a handler writes here commit at most once per job."""
        with transaction.atomic():
            claimed = Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING, attempts=self.job.attempts).update(
                status=Job.Status.DONE,
                finished_at=timezone.now(),
                progress=Greatest(F("progress"), F("total")),
            )
            if not claimed:
                raise JobSuperseded(self.job.pk)
            holder: dict = {}
            self._in_final = True
            try:
                yield holder
            finally:
                self._in_final = False
            Job.objects.filter(pk=self.job.pk).update(result=holder.get("result", {}))
        self._finished_inside = True
        self.job.refresh_from_db()


def run_job(job_id: int) -> Job:
    """Run one job to its end (called by the Celery task, a thread, or directly)."""
    discover_handlers()
    # Claim by writing first: the row lock (PostgreSQL) or the write lock (SQLite) is taken at once.
    with transaction.atomic():
        claimed = (
            Job.objects.filter(pk=job_id)
            .exclude(status__in=[Job.Status.DONE, Job.Status.FAILED])
            .update(status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, error="")
        )
        job = Job.objects.get(pk=job_id)
    if not claimed:
        return job  # redelivered after it finished: never twice
    ctx = JobContext(job)
    try:
        handler = HANDLERS.get(job.kind)
        if handler is None:
            raise LookupError(_("没有处理“%(kind)s”类任务的程序") % {"kind": job.kind})
        result = handler(ctx)
        if not ctx._finished_inside:
            with ctx.final() as out:
                out["result"] = result or {}
    except JobSuperseded:
        logger.warning("job %s attempt %s superseded by a newer attempt", job_id, job.attempts)
    except Exception as exc:  # a job's failure is recorded for its owner, not raised into a worker
        logger.exception("job %s failed", job_id)
        _record_failure(job, exc)
    job.refresh_from_db()
    return job


def _record_failure(job: Job, exc: Exception) -> None:
    """FAILED with the error, unless a newer attempt has taken the job over meanwhile."""
    result = {"traceback": traceback.format_exc(limit=5)} if settings.DEBUG else {}
    Job.objects.filter(pk=job.pk, attempts=job.attempts).exclude(status=Job.Status.DONE).update(
        status=Job.Status.FAILED,
        finished_at=timezone.now(),
        error=str(exc) or exc.__class__.__name__,
        result=result,
    )


def _run_in_thread(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        connections.close_all()  # this thread's own connections


def _send_to_worker(job: Job) -> None:
    from .tasks import run_job_task

    try:
        run_job_task.apply_async((job.pk,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    except Exception as exc:  # the broker is down: say so on the job instead of leaving it queued forever
        logger.exception("job %s could not be queued", job.pk)
        _record_failure(job, RuntimeError(_("任务队列不可用：%(error)s") % {"error": exc}))


def start_job(kind: str, params: dict | None = None, *, user=None, total: int = 0) -> Job:
    """Create the Job row and hand it to whoever runs jobs here; returns at once unless "sync".

    The job is handed over when the caller's transaction commits, so a worker never looks for a
    row that does not exist yet (or never will, when the caller rolls back)."""
    discover_handlers()
    if kind not in HANDLERS:
        raise KeyError(f"no job handler for {kind!r}")
    job = Job.objects.create(kind=kind, params=params or {}, total=total, created_by=user)
    mode = settings.JOBS_MODE
    if mode == "celery":
        transaction.on_commit(lambda: _send_to_worker(job))
    elif mode == "thread":
        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())
    elif mode == "sync":
        run_job(job.pk)
        job.refresh_from_db()
    else:
        raise ValueError(f"unknown JOBS_MODE {mode!r} (celery, thread or sync)")
    return job


def start_daily_jobs() -> list[Job]:
    """Start every job kind registered in DAILY_JOBS: by Celery beat ("hexie.run_daily", 02:00
    Asia/Shanghai) or by cron with `hexie daily` where no broker runs."""
    from .registries import DAILY_JOBS

    return [start_job(entry.key) for entry in sorted(DAILY_JOBS, key=lambda e: e.key)]
