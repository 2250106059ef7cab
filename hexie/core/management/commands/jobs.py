"""`hexie jobs`: list unfinished jobs; `--follow ID` shows one with a progress bar;
`--resume` runs again the jobs an in-process runner left unfinished.

Jobs run in a server's threads ("thread" mode) stop with the server; nothing hands them on, so
`hexie jobs --resume` runs those queued or running for longer than --stale-minutes here, one by
one. A resumed job starts from the beginning (its writes are all in one final transaction) and,
should its old runner still be alive after all, only the newest attempt commits. On Celery the
broker hands a dead worker's job to another worker by itself.
"""

import threading
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.table import Table

from hexie.core.console import console, follow_job
from hexie.core.jobs import discover_handlers, run_job
from hexie.core.models import Job


class Command(BaseCommand):
    help = _("查看、跟踪或续跑后台任务")

    def add_arguments(self, parser):
        parser.add_argument("--follow", type=int, metavar="ID", help=_("显示该任务的进度直到结束"))
        parser.add_argument("--resume", action="store_true", help=_("在本进程中重新运行中断的任务"))
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=30,
            help=_("排队或运行超过这么多分钟未结束的任务视为中断（默认 30）"),
        )

    def handle(self, *args, follow, resume, stale_minutes, **options):
        if follow is not None:
            job = Job.objects.filter(pk=follow).first()
            if job is None:
                raise CommandError(_("任务 %(id)s 不存在") % {"id": follow})
            self.report(follow_job(job))
            return
        unfinished = Job.objects.exclude(status__in=[Job.Status.DONE, Job.Status.FAILED]).order_by("created_at")
        if not resume:
            self.show(unfinished)
            return
        since = timezone.now() - timedelta(minutes=stale_minutes)
        stale = [job for job in unfinished if (job.started_at or job.created_at) < since]
        if not stale:
            self.stdout.write(_("没有中断的任务"))
            return
        discover_handlers()
        for job in stale:
            runner = threading.Thread(target=self.run_and_close, args=(job.pk,))
            runner.start()
            self.report(follow_job(job))
            runner.join()

    @staticmethod
    def run_and_close(job_id: int) -> None:
        try:
            run_job(job_id)
        finally:
            connection.close()  # the runner thread's own connection

    def show(self, jobs) -> None:
        table = Table(_("编号"), _("类型"), _("状态"), _("进度"), _("尝试次数"), _("创建时间"))
        for job in jobs:
            table.add_row(
                str(job.pk), job.kind, job.get_status_display(), f"{job.progress}/{job.total}",
                str(job.attempts), timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M"),
            )  # fmt: skip
        console.print(table if table.row_count else _("没有未结束的任务"))

    def report(self, job: Job) -> None:
        if job.status == Job.Status.FAILED:
            raise CommandError(_("任务 %(id)s 失败：%(error)s") % {"id": job.pk, "error": job.error})
        self.stdout.write(_("任务 %(id)s 已完成：%(result)s") % {"id": job.pk, "result": job.result})
