from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hexie.core.console import follow_job
from hexie.core.jobs import start_daily_jobs
from hexie.core.models import Job


class Command(BaseCommand):
    help = _("运行每日任务（到期复核、到期测评等）；没有 Celery beat 时由 cron 每天调用一次")

    def handle(self, *args, **options):
        failed = 0
        for job in start_daily_jobs():
            job = follow_job(job)
            failed += job.status == Job.Status.FAILED
            self.stdout.write(f"{job.kind}: {job.result.get('message', job.get_status_display())}")
        if failed:
            raise SystemExit(1)
