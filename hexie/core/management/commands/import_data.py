"""`manage.py import_data <organizations|workers> <path> --user <username>`: import a spreadsheet.

The file goes through the same checks as an upload (size, type, content), then the import job
runs as that user, within that user's scope, with a progress bar. Nothing is written when any
row has an error; the errors are printed and the .xlsx error report is saved under MEDIA_ROOT.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hexie.core.attachments import XLSX, save_upload
from hexie.core.console import console, follow_job
from hexie.core.imports import IMPORTERS, start_import
from hexie.core.models import Attachment, Job


class Command(BaseCommand):
    help = _("从 .xlsx 或 .csv 文件导入组织或职工（全部校验通过才写入）")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help=_("以该用户的身份和管理范围导入"))

    def handle(self, *args, kind, path, user, **options):
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(_("用户 %(username)s 不存在或已停用") % {"username": user})
        if not path.is_file():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        with path.open("rb") as stream:
            try:
                attachment = save_upload(
                    File(stream, name=path.name), user=account, allowed={XLSX: ".xlsx", "text/csv": ".csv"}
                )
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from None
        job = follow_job(start_import(kind, attachment, account))
        if job.status == Job.Status.FAILED:
            raise CommandError(job.error)
        result = job.result
        for error in result.get("errors", [])[:20]:
            where = _("第 %(row)s 行") % {"row": error["row"]} if error["row"] else _("文件")
            console.print(f"[red]{where}[/red] {error['column']}：{error['message']}（{error['message_en']}）")
        if result.get("report"):
            report = Attachment.objects.get(pk=result["report"])
            try:
                where = report.file.path
            except NotImplementedError:  # object storage has no local path
                where = report.file.name
            console.print(_("错误报告：%(path)s") % {"path": where})
        if not result.get("valid"):
            raise CommandError(result["message"])
        console.print(f"[green]{result['message']}[/green]")
