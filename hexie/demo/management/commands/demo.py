"""`hexie demo --scale S|M --seed N [--reset]`: seed the synthetic demo province."""

import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils.translation import gettext as _
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hexie.core.console import console
from hexie.demo import generator

CONSOLE_SMS = "hexie.core.senders.ConsoleSmsSender"


@contextmanager
def quiet(logger_name: str):
    logger = logging.getLogger(logger_name)
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = False


class RichReporter(generator.Reporter):
    """One rich progress bar per phase of the generator."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = None

    def phase(self, label: str, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[self.task].total)
        self.task = self.progress.add_task(label, total=total)

    def advance(self, amount: int) -> None:
        self.progress.advance(self.task, amount)

    def finish(self) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[self.task].total)


class Command(BaseCommand):
    help = _("生成演示用的合成省份数据（山东省真实区划、机构、企业、职工与演示账号）")

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="S",
            type=str.upper,
            choices=sorted(generator.SCALES),
            help=_("规模：S（演示，2,000 家企业、50,000 名职工）或 M（基准测试，10 万家企业、200 万名职工）"),
        )
        parser.add_argument("--seed", type=int, default=2026, help=_("随机种子：相同种子生成相同数据"))
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset", action="store_true", help=_("先删除现有的组织、人员、用工及其关联业务数据和演示账号")
        )
        mode.add_argument("--keep", action="store_true", help=_("数据库中已有数据时保留现有数据，不再生成"))

    def handle(self, *args, scale, seed, reset, keep, **options):
        started = time.perf_counter()
        existing = generator.has_data()
        if existing and keep:
            console.print(_("数据库中已有数据，按 --keep 保留，未重新生成。"))
            self.print_accounts(generator.demo_accounts())
            return
        if existing and not reset:
            raise CommandError(
                _(
                    "数据库中已有组织、人员或演示账号。如需重新生成演示数据，请加 --reset"
                    "（将删除全部组织、人员、用工及其关联业务数据）。"
                )
            )
        # One transaction: a failed run leaves the previous data as it was. The texts the services
        # send (signing codes, notices) go to the console sender's outbox, never to a phone, and
        # are not printed among the progress bars.
        with override_settings(SMS_SENDER=CONSOLE_SMS), quiet("hexie.sms"), transaction.atomic():
            if existing:
                with console.status(_("正在删除现有演示数据…")):
                    generator.reset()
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                reporter = RichReporter(progress)
                summary = generator.generate(scale, seed, reporter)
                reporter.finish()
        elapsed = time.perf_counter() - started

        counts = summary.counts
        console.print(
            _(
                "规模 %(scale)s，种子 %(seed)s：%(regions)s 个区划，%(offices)s 个机构，"
                "%(enterprises)s 家企业，%(people)s 名人员，%(employments)s 条用工记录，"
                "用时 %(seconds).1f 秒。"
            )
            % {
                "scale": summary.scale,
                "seed": summary.seed,
                "seconds": elapsed,
                **{k: f"{v:,}" for k, v in counts.items()},
            }
        )
        if "paper_contracts" in counts:
            console.print(
                _(
                    "劳动合同：%(paper_contracts)s 份纸质合同备案，%(signed_contracts)s 份电子签署样本，"
                    "%(terminations)s 份解除或终止；集体合同 %(collective_contracts)s 份。"
                )
                % {k: f"{v:,}" for k, v in counts.items()}
            )
        if "applications" in counts:
            console.print(
                _(
                    "创建活动：%(rounds)s 个批次，%(applications)s 份申报，%(namings)s 个命名单位；"
                    "满意度测评 %(surveys)s 项。"
                )
                % {k: f"{v:,}" for k, v in counts.items()}
            )

        if "disputes" in counts:
            console.print(
                _(
                    "劳动争议：%(disputes)s 件案件，覆盖全部 %(dispute_states)s 种状态，"
                    "流程记录 %(dispute_timeline)s 条；经真实服务办理的样本文书 %(dispute_documents)s 份"
                    "（调解协议书、仲裁裁决书等）。"
                )
                % {k: f"{v:,}" for k, v in counts.items()}
            )

        if "wage_projects" in counts:
            console.print(
                _(
                    "欠薪监管：%(wage_projects)s 个在建项目，实名登记 %(wage_workers)s 名工人，"
                    "工资发放 %(wage_payouts)s 笔；%(wage_arrears_projects)s 个项目存在欠薪情形，"
                    "每日欠薪检查应产生 %(wage_expected_warnings)s 条预警；投诉 %(wage_complaints)s 件，"
                    "名单 %(wage_listings)s 个。"
                )
                % {k: f"{v:,}" for k, v in counts.items()}
            )

        self.print_accounts(summary.users)

    def print_accounts(self, users: list[generator.DemoUser]) -> None:
        if not users:
            return
        table = Table(title=_("演示账号（密码均为 %(password)s）") % {"password": generator.PASSWORD})
        for header in (_("用户名"), _("角色"), _("所在机构"), _("可见范围")):
            table.add_column(header)
        for user in users:
            table.add_row(user.username, user.role, user.organization, user.scope)
        console.print(table)
        console.print("[bold red]" + _("警告：以上账号和密码仅供演示，切勿用于生产环境。") + "[/bold red]")
