"""Long actions as jobs: one `Job` row records progress whether a Celery worker or this process runs it.

    @job_handler("core.import_workers")
    def import_workers(ctx: JobContext) -> dict: ...

    job = start_job("core.import_workers", {"attachment": 12}, user=request.user)

With CELERY_BROKER_URL set (JOBS_MODE "celery") the job goes to a worker; otherwise it runs in a
thread of this process ("thread", the default for a server) or at once ("sync", tests and the CLI).

Exactly once: a handler does its writes inside `ctx.final()`, the same transaction that marks the
job done. A worker killed half-way leaves nothing written; the broker hands the message (acks_late)
to the next worker, which runs the job again from the start; a job already done is never rerun.
"""

import logging
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[["JobContext"], dict]] = {}


def job_handler(kind: str):
    def register(func: Callable[["JobContext"], dict]):
        if kind in HANDLERS and HANDLERS[kind] is not func:
            raise ValueError(f"job kind {kind!r} registered twice")
        HANDLERS[kind] = func
        return func

    return register


class JobContext:
    """What a handler gets: the job, its params, and a throttled progress reporter."""

    def __init__(self, job: Job):
        self.job = job
        self.params = job.params
        self._last_write = 0.0
        self._finished_inside = False

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        """Record progress, at most a few times a second. Skipped inside `final()` on SQLite,
        whose single writer is then busy with the job's own transaction."""
        now = time.monotonic()
        if not force and now - self._last_write < 0.3 and (total is None or done < total):
            return
        if connection.in_atomic_block and connection.vendor == "sqlite":
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
        """The job's one writing transaction: its result and the job's DONE commit together."""
        with transaction.atomic():
            holder: dict = {}
            yield holder
            _mark_done(self.job, holder.get("result", {}))
            self._finished_inside = True


def _mark_done(job: Job, result: dict) -> None:
    job.status, job.result, job.finished_at = Job.Status.DONE, result, timezone.now()
    job.progress = max(job.progress, job.total)
    job.save(update_fields=["status", "result", "finished_at", "progress"])


def run_job(job_id: int) -> Job:
    """Run one job to its end (called by the Celery task, a thread, or directly)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.finished:
            return job  # redelivered after it finished: never twice
        job.status, job.started_at, job.attempts, job.error = Job.Status.RUNNING, timezone.now(), job.attempts + 1, ""
        job.save(update_fields=["status", "started_at", "attempts", "error"])
    ctx = JobContext(job)
    try:
        result = HANDLERS[job.kind](ctx)
        if not ctx._finished_inside:
            _mark_done(job, result or {})
    except Exception as exc:  # a job's failure is recorded for its owner, not raised into a worker
        logger.exception("job %s failed", job_id)
        job.status, job.finished_at = Job.Status.FAILED, timezone.now()
        job.error = str(exc) or exc.__class__.__name__
        job.result = {"traceback": traceback.format_exc(limit=5)} if settings.DEBUG else {}
        job.save(update_fields=["status", "finished_at", "error", "result"])
    return job


def _run_in_thread(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def start_job(kind: str, params: dict | None = None, *, user=None, total: int = 0) -> Job:
    """Create the Job row and hand it to whoever runs jobs here; returns at once unless "sync"."""
    if kind not in HANDLERS:
        raise KeyError(f"no job handler for {kind!r}")
    job = Job.objects.create(kind=kind, params=params or {}, total=total, created_by=user)
    mode = settings.JOBS_MODE
    if mode == "celery":
        from .tasks import run_job_task

        transaction.on_commit(lambda: run_job_task.delay(job.pk))
    elif mode == "thread":
        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())
    else:
        run_job(job.pk)
        job.refresh_from_db()
    return job
