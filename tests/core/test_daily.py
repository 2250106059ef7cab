"""The daily jobs: each module registers its kinds; `hexie daily` (cron) and Celery beat start them."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from hexie.core.jobs import start_daily_jobs
from hexie.core.models import Job
from hexie.core.registries import DAILY_JOBS
from hexie.surveys.models import Survey
from tests.surveys.test_surveys import open_survey


def test_the_modules_register_their_daily_jobs():
    assert {"campaign.schedule_rechecks", "surveys.close_expired"} <= set(DAILY_JOBS.keys())


def test_daily_jobs_run_and_close_a_survey_past_its_end(world):
    survey = open_survey(world)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    jobs = start_daily_jobs()
    assert {job.kind for job in jobs} == set(DAILY_JOBS.keys())
    assert all(job.status == Job.Status.DONE for job in jobs)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    entry = survey.timeline.last()
    assert entry.action == "close" and entry.actor is None and entry.actor_role == "system"


def test_the_daily_command_runs_every_daily_job(world, capsys):
    call_command("daily")
    assert "surveys.close_expired" in capsys.readouterr().out
    assert Job.objects.filter(kind="campaign.schedule_rechecks", status=Job.Status.DONE).count() == 1


def test_celery_beat_schedules_the_daily_task(settings):
    assert settings.CELERY_BEAT_SCHEDULE["hexie-daily"]["task"] == "hexie.run_daily"
