"""Jobs in this process: at once ("sync") and in a thread after commit ("thread").

The recount of headcounts (core.recount_headcount) is the job under test; a few handlers defined
here play a failing job, a job that waits to be watched, and a job redelivered while running."""

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hexie.core.jobs import job_handler, run_job, start_job
from hexie.core.models import Job, Organization, TimelineEntry

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PROBE_GO = threading.Event()


def effects(job: Job) -> int:
    """How many times a job's effect committed: each run's final() writes one timeline entry."""
    return TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Job), object_id=str(job.pk)
    ).count()


def wait_for(job: Job, predicate, *, seconds: float = 60) -> Job:
    """Poll the Job row (a thread or a worker runs it) until `predicate(job)` holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if predicate(job):
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job.pk} stuck: {job.status} {job.progress}/{job.total} {job.error}")


@job_handler("tests.fails_in_final")
def fails_in_final(ctx):
    with ctx.final():
        TimelineEntry.objects.create(subject=ctx.job, action="tests.effect", to_status="done")
        raise ValueError("第 3 行：身份证号校验位错误")


@job_handler("tests.progress_probe")
def progress_probe(ctx):
    ctx.progress(1, 3, force=True)
    if not PROBE_GO.wait(60):
        raise TimeoutError("the test never let the probe go on")
    with ctx.final() as out:
        out["result"] = {"probed": True}
    return out["result"]


@job_handler("tests.redelivered_while_running")
def redelivered_while_running(ctx):
    """Attempt 1 is overtaken by a redelivery (attempt 2) that finishes first."""
    if ctx.job.attempts == 1:
        overtaking = run_job(ctx.job.pk)
        assert overtaking.attempts == 2 and overtaking.status == Job.Status.DONE
    with ctx.final() as out:
        TimelineEntry.objects.create(subject=ctx.job, action="tests.effect", to_status="done")
        out["result"] = {"attempt": ctx.job.attempts}
    return out["result"]


def test_sync_recount_sets_headcounts_within_the_starters_scope(world):
    job = start_job("core.recount_headcount", user=world.hr_a)

    assert job.status == Job.Status.DONE and job.attempts == 1 and job.error == ""
    assert job.result == {"enterprises": 1, "changed": 1}
    assert (job.progress, job.total, job.percent) == (1, 1, 100)
    world.enterprise_a.refresh_from_db()
    world.enterprise_b.refresh_from_db()
    assert world.enterprise_a.headcount == 2  # Alice and Carol
    assert world.enterprise_b.headcount == 150  # outside hr_a's scope: untouched
    assert effects(job) == 1


def test_recount_counts_only_active_employments(world):
    world.carol_job.end = timezone.localdate() - timedelta(days=1)
    world.carol_job.save()
    world.alice_job.end = timezone.localdate()  # last day today: still employed
    world.alice_job.save()

    job = start_job("core.recount_headcount", user=world.city)

    assert job.result == {"enterprises": 2, "changed": 2}
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 1
    assert Organization.objects.get(pk=world.enterprise_b.pk).headcount == 1
    assert Organization.objects.get(pk=world.enterprise_qd.pk).headcount == 80  # Qingdao: not the city's


def test_recount_restricted_to_named_organizations(world):
    job = start_job("core.recount_headcount", {"organizations": [world.enterprise_b.pk]}, user=world.province)

    assert job.result == {"enterprises": 1, "changed": 1}
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 320


def test_worker_outside_any_office_recounts_nothing(world):
    job = start_job("core.recount_headcount", user=world.alice)

    assert job.status == Job.Status.DONE and job.result == {"enterprises": 0, "changed": 0}
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 320


def test_failed_job_records_its_error_and_writes_nothing(world):
    job = start_job("tests.fails_in_final", user=world.hr_a)

    assert job.status == Job.Status.FAILED
    assert job.error == "第 3 行：身份证号校验位错误"
    assert job.finished_at is not None
    assert effects(job) == 0


def test_unknown_kind_is_refused_at_start_and_fails_when_run(world):
    with pytest.raises(KeyError):
        start_job("tests.no_such_kind")
    job = Job.objects.create(kind="tests.no_such_kind")

    run_job(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "tests.no_such_kind" in job.error


def test_redelivery_of_a_finished_job_is_a_noop(world):
    job = start_job("core.recount_headcount", user=world.hr_a)
    Organization.objects.filter(pk=world.enterprise_a.pk).update(headcount=999)

    again = run_job(job.pk)

    assert again.status == Job.Status.DONE and again.attempts == 1
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 999  # not recounted
    assert effects(job) == 1


def test_redelivery_of_a_failed_job_is_a_noop(world):
    job = start_job("tests.fails_in_final")

    again = run_job(job.pk)

    assert again.status == Job.Status.FAILED and again.attempts == 1


def test_redelivery_while_running_commits_the_effect_once(world):
    job = start_job("tests.redelivered_while_running")

    assert job.status == Job.Status.DONE
    assert job.attempts == 2 and job.result == {"attempt": 2}
    assert effects(job) == 1


@transactional
def test_thread_mode_runs_after_commit(world, settings):
    settings.JOBS_MODE = "thread"

    job = start_job("core.recount_headcount", {"slow_ms": 20}, user=world.lixia)
    job = wait_for(job, lambda j: j.finished)

    assert job.status == Job.Status.DONE and job.attempts == 1
    assert (job.progress, job.total) == (1, 1)
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 2
    assert effects(job) == 1


@transactional
def test_thread_mode_progress_is_visible_while_running(world, settings):
    settings.JOBS_MODE = "thread"
    PROBE_GO.clear()

    job = start_job("tests.progress_probe", user=world.hr_a)
    try:
        running = wait_for(job, lambda j: j.progress == 1)
        assert (running.status, running.total, running.percent) == (Job.Status.RUNNING, 3, 33)
    finally:
        PROBE_GO.set()
    job = wait_for(job, lambda j: j.finished)

    assert job.status == Job.Status.DONE and job.result == {"probed": True}
    assert job.progress == 3


@transactional
def test_thread_mode_failure_is_recorded(world, settings):
    settings.JOBS_MODE = "thread"

    job = wait_for(start_job("tests.fails_in_final"), lambda j: j.finished)

    assert job.status == Job.Status.FAILED and "身份证号" in job.error
    assert effects(job) == 0
