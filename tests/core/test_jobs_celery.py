"""Jobs on real Celery workers over Redis: a worker killed mid-job, the job redelivered to a new
worker, and its effect committed exactly once.

Runs only when Redis answers at 127.0.0.1:6379. Each run uses its own queue, so messages left by
other runs never reach these workers. The workers reach this test's database (the per-run SQLite
file, or the PostgreSQL test database) through DATABASE_URL.
"""

import os
import signal
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from hexie.celery import app as celery_app
from hexie.core.jobs import start_job
from hexie.core.models import Job, Organization
from tests.world import make_org

from .test_jobs import effects, wait_for

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
VISIBILITY_TIMEOUT = 5
ENTERPRISES = 12
SLOW_MS = 300


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def worker_database_url() -> str:
    """DATABASE_URL of the database this test runs on (the test database, not the main one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.skip(f"no worker database URL for {connection.vendor}")


@contextmanager
def broker(url: str):
    """Point this process's Celery app at `url` (the settings were read before the test began)."""
    saved = celery_app.conf.broker_url

    def drop_pool():  # what Celery itself does after a fork; kombu keeps the pools per URL
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    drop_pool()
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        drop_pool()
        celery_app.conf.broker_url = saved


class Workers:
    """`celery -A hexie worker` subprocesses, each in its own process group."""

    def __init__(self, queue: str, log_dir: Path):
        self.queue, self.log_dir, self.procs = queue, log_dir, []
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
            "HEXIE_JOB_QUEUE": queue,
            "HEXIE_JOB_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "HEXIE_JOBS_MODE": "celery",
        }

    def start(self) -> subprocess.Popen:
        n = len(self.procs) + 1
        log = open(self.log_dir / f"worker-{n}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hexie", "worker", "--pool=solo", "--concurrency=1",
             "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel=INFO",
             "-Q", self.queue, "-n", f"{self.queue}-{n}@%h"],
            cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        proc.log = log
        self.procs.append(proc)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)  # the worker and any child it started
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.log.close()

    def stop_all(self) -> None:
        for proc in self.procs:
            self.kill(proc, signal.SIGTERM)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("worker-*.log")))


def delete_queue(queue: str) -> None:
    import redis

    redis.Redis(*REDIS).delete(queue)


@pytest.mark.redis
@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_worker_job_is_redelivered_and_committed_once(world, settings, tmp_path):
    import random

    rng = random.Random(7)
    extra = [
        make_org(rng, f"济南测试企业{i:02d}有限公司", "enterprise", "370102", headcount=7) for i in range(ENTERPRISES)
    ]
    before = dict(Organization.objects.filter(kind="enterprise").values_list("pk", "headcount"))
    queue = f"hexie-test-{uuid.uuid4().hex[:12]}"
    settings.JOBS_MODE = "celery"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    workers = Workers(queue, tmp_path)
    try:
        with broker(workers.env["CELERY_BROKER_URL"]):
            first = workers.start()
            job = start_job("core.recount_headcount", {"slow_ms": SLOW_MS}, user=world.admin)
            try:
                job = wait_for(job, lambda j: j.status == Job.Status.RUNNING and j.progress > 0, seconds=90)
            except AssertionError:
                raise AssertionError(workers.logs()) from None

            workers.kill(first)

            job.refresh_from_db()
            assert job.status == Job.Status.RUNNING and job.attempts == 1
            assert 0 < job.progress < job.total == ENTERPRISES + 3
            assert effects(job) == 0
            assert dict(Organization.objects.filter(kind="enterprise").values_list("pk", "headcount")) == before

            workers.start()
            try:
                job = wait_for(job, lambda j: j.finished, seconds=90)
            except AssertionError:
                raise AssertionError(workers.logs()) from None
    finally:
        workers.stop_all()
        delete_queue(queue)

    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 2
    assert job.result == {"enterprises": ENTERPRISES + 3, "changed": ENTERPRISES + 3}
    assert effects(job) == 1
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 2
    assert set(Organization.objects.filter(pk__in=[o.pk for o in extra]).values_list("headcount", flat=True)) == {0}


@pytest.mark.django_db
def test_unreachable_broker_fails_the_job_instead_of_leaving_it_queued(
    world, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_MODE = "celery"
    settings.CELERY_TASK_DEFAULT_QUEUE = f"hexie-test-{uuid.uuid4().hex[:12]}"

    with broker("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        job = start_job("core.recount_headcount", user=world.hr_a)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("任务队列不可用")
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 320
