"""Intake (数据采集): attendance, payroll and payout files into a project, as jobs, all or nothing.

Three importers on core's machinery (`hexie.core.imports`): the whole file is read and every row
checked first — its cells, the worker (by badge or ID number, on the project's real-name roster,
WPR-28), the statutory and arithmetic checks — and with any error nothing is written and the job's
result lists the errors per row and field in Chinese and English with a downloadable .xlsx report.

Attendance (考勤, the export of common site attendance machines): 工号/人员编号 or 身份证号, 姓名,
日期, 上班时间, 下班时间 — one row per day — or 打卡时间 with one row per punch; the punches of a
worker's day are merged (the first punch is the clock-in, the last the clock-out). A worker is on
one project a day: attendance on another project that day, already recorded or elsewhere in the
same file (a file may name the project of each row in 项目编号), is a row error; the database
constraint `attendance_one_project_a_day` is only the last guard. Rows already recorded with the
same times are unchanged, others are updated (an upsert: the machine's file is the truth), so
re-importing a file changes nothing. The months touched are rolled up into `WorkMonth` in SQL.

Payroll (工资表, WPR-15/31): worker, month, days, gross, deductions, net; amounts are never
negative and net = gross − deductions. One payroll row per worker and month: a re-imported
identical row is unchanged; a different one is a row error, never a silent overwrite (a payroll
once recorded is what the worker was told; a correction is a new conversation, not a re-upload).
Each row is reconciled with attendance (WorkMonth) and the agreed rate (`rules.expected_pay`):
days that differ and a gross below attendance × rate are warnings shown on the reconciliation
page and in the job's result, never refusals.

Payouts (代发, WPR-31): the bank's file from the special account: 流水号, 身份证号 or 账号, 姓名,
金额, 发放日期, 工资所属月份. The bank reference is unique: a file imported twice writes nothing
the second time and lists its rows as already recorded; a reference recorded with other data is
a row error. Amounts must be positive.

After every attendance and payout import the arrears check runs for the projects touched
(`services.detection.check_project`, when it exists), so paying arrears closes their warnings.

    job = start_intake("attendance", project, attachment, user)
"""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from hexie.core import crypto
from hexie.core.imports import (
    CellError,
    Column,
    Importer,
    Row,
    a_date,
    as_text,
    id_number,
    matching,
    template_workbook,
    text,
)
from hexie.core.jobs import start_job
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Attachment, Job
from hexie.core.scoping import scoped, user_scope

from .. import rules
from ..models import Attendance, Payout, Payroll, Project, RosterEntry, WorkMonth

logger = logging.getLogger(__name__)

KINDS = ("attendance", "payroll", "payouts")
JOB_KINDS = {kind: f"wages.import_{kind}" for kind in KINDS}
IMPORT_ROLES = {"hr", "legal_rep", "admin"}
MAX_MONEY = Decimal("999999999999.99")
CENT = Decimal("0.01")
WRITE_BATCH = 5_000
LISTED = 200  # references or warnings listed in a job's result


# --- who may import --------------------------------------------------------------------------------


def may_import(user, project: Project) -> bool:
    """The project's general contractor and subcontractors (their HR, legal representative or
    administrator — the wage officer's side, WPR-28/31) and the staff of the project's region.
    The construction unit sees the project but keeps no one's attendance or payroll."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if any(project.region_id.startswith(prefix) for prefix in user_scope(user).regions):
        return True
    orgs = {project.general_contractor_id, *project.subcontracts.values_list("subcontractor_id", flat=True)}
    return user.memberships.filter(organization_id__in=orgs, role__in=IMPORT_ROLES).exists()


def require_importer(user, project: Project) -> None:
    if not may_import(user, project):
        raise PermissionDenied(_("只有项目的总承包单位、分包单位或属地人社部门可以导入考勤、工资表和发放记录"))


def visible_project(user, pk: int) -> Project:
    """The project `pk` if `user` may see it (Project.DoesNotExist otherwise: a 404)."""
    return scoped(Project.objects.select_related("region", "general_contractor"), user).get(pk=pk)


# --- cell parsers ----------------------------------------------------------------------------------

TIME_RE = re.compile(r"^(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+)?(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?$")


def a_time(cell: Any) -> "time | datetime":
    """07:58, 7:58:03, 07：58, an Excel time cell, or a whole punch `2026-04-01 07:58:00` (a datetime)."""
    if isinstance(cell, datetime):
        return cell.replace(microsecond=0)
    if isinstance(cell, time):
        return cell.replace(microsecond=0)
    if isinstance(cell, timedelta) and timedelta(0) <= cell < timedelta(days=1):
        seconds = int(cell.total_seconds())
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if isinstance(cell, float) and 0 <= cell < 1:  # an Excel time as a fraction of a day
        seconds = round(cell * 86400)
        seconds = min(seconds, 86399)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    match = TIME_RE.match(as_text(cell))
    if match:
        year, month, day, hour, minute, second = match.groups()
        try:
            clock = time(int(hour), int(minute), int(second or 0))
            if year:
                return datetime.combine(date(int(year), int(month), int(day)), clock)
            return clock
        except ValueError:
            pass
    raise CellError(_("时间无效，请写作 07:58 或 07:58:03"), "invalid time; write 07:58 or 07:58:03")


MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?$")


def a_month(cell: Any) -> date:
    """2026-04, 2026/4, 2026年4月, 202604, 2026-04-01 or an Excel date: the first day of the month."""
    if isinstance(cell, datetime):
        return cell.date().replace(day=1)
    if isinstance(cell, date):
        return cell.replace(day=1)
    value = as_text(cell)
    match = MONTH_RE.match(value)
    if match is None and len(value) in (6, 8) and value.isdigit():
        match = re.match(r"(\d{4})(\d{2})", value)
    if match is not None and 1 <= int(match[2]) <= 12 and 1900 < int(match[1]) < 2200:
        return date(int(match[1]), int(match[2]), 1)
    raise CellError(_("月份无效，请写作 2026-04 或 2026年4月"), "invalid month; write 2026-04 or 2026年4月")


def _decimal(cell: Any) -> Decimal:
    value = as_text(cell).replace(",", "").replace("，", "").removeprefix("¥").removeprefix("￥").removesuffix("元")
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise CellError(
            _("应为金额（元），如 5000 或 5000.00"), "must be an amount in yuan, e.g. 5000 or 5000.00"
        ) from None
    if not amount.is_finite():
        raise CellError(_("应为金额（元），如 5000 或 5000.00"), "must be an amount in yuan, e.g. 5000 or 5000.00")
    return amount


def money(cell: Any) -> Decimal:
    """An amount in yuan, 0 or more, at most two decimal places: 5000, 5,000.00, ¥5000, 5000元."""
    amount = _decimal(cell)
    if amount < 0:
        raise CellError(_("金额不能为负数"), "the amount cannot be negative")
    if amount > MAX_MONEY:
        raise CellError(_("金额超出范围"), "the amount is out of range")
    if amount != amount.quantize(CENT):
        raise CellError(_("金额最多保留两位小数"), "at most two decimal places")
    return amount.quantize(CENT)


def positive_money(cell: Any) -> Decimal:
    amount = money(cell)
    if amount == 0:
        raise CellError(_("金额应大于 0"), "the amount must be more than 0")
    return amount


def work_days(cell: Any) -> Decimal:
    try:
        value = Decimal(as_text(cell))
    except InvalidOperation:
        raise CellError(_("应为天数，如 22 或 21.5"), "must be a number of days, e.g. 22 or 21.5") from None
    if not value.is_finite() or value < 0 or value > 31 or value != value.quantize(Decimal("0.1")):
        raise CellError(_("天数应在 0 到 31 之间，最多一位小数"), "days between 0 and 31, one decimal place")
    return value


def badge(cell: Any) -> str:
    value = as_text(cell)
    if len(value) > 32:
        raise CellError(_("工号过长，最多 32 个字符"), "the badge number is too long, at most 32 characters")
    return value


def badge_key(value: str) -> str:
    """Attendance machines and Excel drop leading zeros: 00123, 123 and 123.0 are one badge."""
    value = value.strip().upper()
    return (value.lstrip("0") or "0") if value.isdigit() else value


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def payday_of(project: Project, month: date) -> date:
    """The payday for the wages of `month`: the project's payday in the following month (次月发薪),
    the month's last day when the payday is past it, brought forward to a working day
    (`rules.wage_payday`, WPR-12/13, the arrears check's own rule, when present)."""
    wage_payday = getattr(rules, "wage_payday", None)
    if wage_payday is not None:
        from hexie.core.calendar import is_workday

        return wage_payday(month, project.payday, is_workday)
    following = next_month(month)
    last = (next_month(following) - timedelta(days=1)).day
    return following.replace(day=min(project.payday, last))


# --- the importers ---------------------------------------------------------------------------------

WORKER_COLUMNS = (
    Column("badge", N_("工号"), "badge", badge, example="B00001"),
    Column("id_number", N_("身份证号"), "id_number", id_number, example="370102199005170029", default=None),
    Column("name", N_("姓名"), "name", text(64), example="王丽"),
)

# Headers that attendance machines and banks write for the same column.
SYNONYMS = {
    "人员编号": "工号",
    "考勤号": "工号",
    "考勤号码": "工号",
    "工号/人员编号": "工号",
    "员工编号": "工号",
    "证件号码": "身份证号",
    "身份证号码": "身份证号",
    "考勤日期": "日期",
    "签到时间": "上班时间",
    "上班打卡": "上班时间",
    "签退时间": "下班时间",
    "下班打卡": "下班时间",
    "刷卡时间": "打卡时间",
    "时间": "打卡时间",
    "交易流水号": "流水号",
    "银行流水号": "流水号",
    "收款账号": "账号",
    "卡号": "账号",
    "交易金额": "金额",
    "发放金额": "金额",
    "实发金额": "金额",
    "交易日期": "发放日期",
    "所属月份": "工资所属月份",
    "工资月份": "月份",
}


@dataclass
class Worker:
    """The roster entry a row names."""

    entry: RosterEntry
    person_id: int = field(init=False)

    def __post_init__(self):
        self.person_id = self.entry.person_id


class ProjectImporter(Importer):
    """Rows of one project (the job's), workers found on its real-name roster."""

    def __init__(self, user, *, project_id: int, job_id: int | None = None):
        super().__init__(user)
        project = scoped(Project.objects.select_related("region"), user).filter(pk=project_id).first()
        if project is None:
            raise PermissionDenied(_("项目不存在或不在您的管理范围内"))
        require_importer(user, project)
        self.project = project
        self.job_id = job_id
        self.rosters: dict[int, tuple[dict, dict, list]] = {}

    def map_header(self, header: list):
        header = [SYNONYMS.get(re.sub(r"\s", "", str(h or "")), h) for h in header]
        return super().map_header(header)

    def mark_duplicates(self, rows: list[Row]) -> None:
        """A worker's key repeats legitimately (punches, months); each importer checks its own."""

    def load_rosters(self, project_ids) -> None:
        todo = [pk for pk in project_ids if pk not in self.rosters]
        if not todo:
            return
        for pk in todo:
            self.rosters[pk] = ({}, {}, [])
        for entry in RosterEntry.objects.filter(project_id__in=todo).select_related("person"):
            by_badge, by_hash, entries = self.rosters[entry.project_id]
            by_badge[badge_key(entry.badge)] = entry
            by_hash[entry.person.id_hash] = entry
            entries.append(entry)

    def identify(self, row: Row, project_id: int, *, account: str = "") -> RosterEntry | None:
        """The roster entry of the row's worker, or None with a row error: an unknown badge or ID
        number (not on the project's roster, WPR-28), the two naming different people, a name
        that is not the registered one."""
        by_badge, by_hash, entries = self.rosters[project_id]
        v = row.values
        col = self.column
        failed_cells = {h for h, _zh, _en in row.errors}
        entry = None
        if v.get("badge"):
            entry = by_badge.get(badge_key(v["badge"]))
            if entry is None:
                row.fail(
                    col("badge"),
                    _("工号“%(badge)s”不在本项目的实名制名册中，请先登记该工人") % {"badge": v["badge"]},
                    f"badge {v['badge']} is not on the project's real-name roster; enroll the worker first",
                )
                return None
        parsed = v.get("id_number")
        if parsed:
            found = by_hash.get(crypto.lookup_hash(parsed.number))
            if found is None:
                row.fail(
                    col("id_number"),
                    _("该身份证号的人员不在本项目的实名制名册中，请先登记该工人"),
                    "no worker with this ID number is on the project's real-name roster; enroll the worker first",
                )
                return None
            if entry is not None and found.pk != entry.pk:
                row.fail(
                    col("id_number"),
                    _("工号与身份证号不是名册中的同一人"),
                    "the badge number and the ID number belong to different workers on the roster",
                )
                return None
            entry = found
        if entry is None and account:
            entry = self._by_account(row, entries, account)
            if entry is None:
                return None
        if entry is None:
            if not failed_cells & {"工号", "身份证号", "账号"}:
                row.fail(None, _("须填写工号或身份证号"), "a badge number or an ID number is required")
            return None
        if v.get("name") and v["name"] != entry.person.name:
            row.fail(
                col("name"),
                _("姓名与实名制名册登记的“%(name)s”不一致") % {"name": entry.person.name},
                f"the name differs from the one on the roster ({entry.person.name})",
            )
            return None
        return entry

    def _by_account(self, row: Row, entries: list, account: str) -> RosterEntry | None:
        """The worker whose wage card (stored masked, e.g. 6222****1234) matches the full account."""
        digits = re.sub(r"\s", "", account)
        found = []
        for entry in entries:
            masked = entry.bank_account_masked.replace(" ", "")
            if not masked:
                continue
            head, _star, tail = masked.partition("*")
            tail = tail.lstrip("*")
            if masked == digits or ("*" in masked and digits.startswith(head) and digits.endswith(tail)):
                found.append(entry)
        if len(found) == 1:
            return found[0]
        column = self.column("account")
        if found:
            row.fail(
                column,
                _("该账号对应名册中多名工人，请填写身份证号"),
                "the account matches several workers; give the ID number",
            )
        else:
            row.fail(
                column,
                _("该账号不是本项目实名制名册中工人的工资卡"),
                "this account is not the wage card of a worker on the project's roster",
            )
        return None


class AttendanceImporter(ProjectImporter):
    kind = "attendance"
    title = gettext_lazy("考勤")
    key = "badge"
    columns = (
        *WORKER_COLUMNS,
        Column("day", N_("日期"), "date", a_date, example=date(2026, 4, 1), default=None, memo=True),
        Column("first_in", N_("上班时间"), "clock_in", a_time, example="07:58", default=None, memo=True),
        Column("last_out", N_("下班时间"), "clock_out", a_time, example="17:31", default=None, memo=True),
        Column("punch", N_("打卡时间"), "punch", a_time, default=None, memo=True),
        Column("project_code", N_("项目编号"), "project_code", text(32), memo=True),
    )

    def __init__(self, user, **kwargs):
        super().__init__(user, **kwargs)
        self.days: dict[tuple[int, date], dict] = {}  # (person, day) -> the merged day

    def _projects(self, rows: list[Row]) -> dict[str, Project]:
        """The projects the file's 项目编号 names, if the user may import into them."""
        codes = {r.values["project_code"] for r in rows if r.values["project_code"]} - {self.project.code}
        found = {self.project.code: self.project}
        for project in scoped(Project.objects.filter(code__in=codes), self.user):
            if may_import(self.user, project):
                found[project.code] = project
        return found

    def check(self, rows: list[Row]) -> None:
        col = self.column
        today = timezone.localdate()
        projects = self._projects(rows)
        self.load_rosters([p.pk for p in projects.values()])
        wanted: list[tuple[Row, int, RosterEntry, date, list, list]] = []
        for row in rows:
            v = row.values
            project = projects.get(v["project_code"] or self.project.code)
            if project is None:
                row.fail(
                    col("project_code"),
                    _("项目编号不存在或不在您的管理范围内"),
                    "no project with this code within your scope",
                )
                continue
            times = {}
            for name in ("first_in", "last_out", "punch"):
                value = v[name]
                if isinstance(value, datetime):
                    if v["day"] is None:
                        v["day"] = value.date()
                    elif value.date() != v["day"]:
                        row.fail(col(name), _("打卡时间与日期不是同一天"), "the punch is not on the row's date")
                    value = value.time()
                times[name] = value
            if v["day"] is None and not any(h == "日期" for h, _zh, _en in row.errors):
                row.fail(col("day"), _("必填"), "required")
            elif v["day"] is not None and v["day"] > today:
                row.fail(col("day"), _("考勤日期晚于今天"), "the date is after today")
            if times["first_in"] and times["last_out"] and times["last_out"] < times["first_in"]:
                row.fail(col("last_out"), _("下班时间早于上班时间"), "the clock-out is before the clock-in")
            entry = self.identify(row, project.pk)
            if entry is None or row.errors:
                continue
            if entry.left_on and v["day"] > entry.left_on:
                row.fail(
                    col("day"),
                    _("该工人已于 %(date)s 退场，不能再有考勤") % {"date": entry.left_on.isoformat()},
                    f"the worker left the site on {entry.left_on.isoformat()}",
                )
                continue
            ins = [t for t in (times["first_in"], times["punch"]) if t]
            outs = [t for t in (times["last_out"], times["punch"]) if t]
            wanted.append((row, project.pk, entry, v["day"], ins, outs))

        # One project a day, within the file ...
        days: dict[tuple[int, date], dict] = {}
        for row, project_id, entry, day, ins, outs in wanted:
            key = (entry.person_id, day)
            merged = days.get(key)
            if merged is None:
                days[key] = {"project": project_id, "row": row.number, "ins": list(ins), "outs": list(outs)}
            elif merged["project"] != project_id:
                row.fail(
                    col("project_code"),
                    _("同一工人同一天在文件中出现在两个项目（见第 %(n)d 行），一人一天只能在一个项目出勤")
                    % {"n": merged["row"]},
                    f"the file puts this worker on two projects on the same day (see row {merged['row']}); "
                    "a worker is on one project a day",
                )
            else:
                merged["ins"] += ins
                merged["outs"] += outs
        # ... and against what is recorded.
        existing: dict[tuple[int, date], Attendance] = {}
        if days:
            people = {person for person, _day in days}
            first, last = min(d for _p, d in days), max(d for _p, d in days)
            recorded = Attendance.objects.filter(day__gte=first, day__lte=last).only(
                "id", "project_id", "person_id", "day", "first_in", "last_out"
            )
            for queryset in matching(recorded, "person_id", people):
                for attendance in queryset:
                    existing[(attendance.person_id, attendance.day)] = attendance
        for row, project_id, entry, day, _ins, _outs in wanted:
            known = existing.get((entry.person_id, day))
            if known is not None and known.project_id != project_id and not row.errors:
                row.fail(
                    col("day"),
                    _("该工人当天已在其他项目有考勤记录，一人一天只能在一个项目出勤"),
                    "this worker already has attendance on another project that day; a worker is on one project a day",
                )
        for key, merged in days.items():
            every = sorted(set(merged["ins"]) | set(merged["outs"]))
            if len(every) >= 2:
                first_in, last_out = every[0], every[-1]
            elif every and merged["ins"]:
                first_in, last_out = every[0], None
            elif every:
                first_in, last_out = None, every[0]
            else:
                first_in = last_out = None
            merged.update(first_in=first_in, last_out=last_out, known=existing.get(key))
        self.days = days

    def write(self, rows: list[Row]) -> None:
        new, changed, unchanged = [], [], 0
        for (person_id, day), merged in self.days.items():
            known = merged["known"]
            if known is None:
                new.append(
                    Attendance(
                        project_id=merged["project"],
                        person_id=person_id,
                        day=day,
                        first_in=merged["first_in"],
                        last_out=merged["last_out"],
                        job_id=self.job_id,
                    )
                )
            elif (known.first_in, known.last_out) == (merged["first_in"], merged["last_out"]):
                unchanged += 1
            else:
                known.first_in, known.last_out, known.job_id = merged["first_in"], merged["last_out"], self.job_id
                changed.append(known)
        Attendance.objects.bulk_create(new, batch_size=WRITE_BATCH)
        Attendance.objects.bulk_update(changed, ["first_in", "last_out", "job_id"], batch_size=WRITE_BATCH)
        touched = {(a.project_id, a.day.replace(day=1)) for a in (*new, *changed)}
        roll_up(touched)
        self.stats = {
            "days": len(self.days),
            "created": len(new),
            "updated": len(changed),
            "unchanged": unchanged,
            "months": len(touched),
            "projects": sorted({project for project, _m in touched} | {self.project.pk}),
        }

    def summary(self) -> str:
        return (
            _("导入完成：考勤 %(days)d 人·天，新增 %(created)d 条，更新 %(updated)d 条，未变 %(unchanged)d 条")
            % self.stats
        )


def roll_up(touched: set[tuple[int, date]]) -> int:
    """Recount `WorkMonth` (days with attendance, hours between the first and last punch) for the
    (project, month) pairs touched, one aggregate query and one bulk upsert per project."""
    by_project: dict[int, set[date]] = defaultdict(set)
    for project_id, month in touched:
        by_project[project_id].add(month)
    span = ExpressionWrapper(F("last_out") - F("first_in"), output_field=DurationField())
    written = 0
    for project_id, months in by_project.items():
        start, end = min(months), next_month(max(months))
        totals = (
            Attendance.objects.filter(project_id=project_id, day__gte=start, day__lt=end)
            .annotate(month=TruncMonth("day"))
            .values("person_id", "month")
            .annotate(
                n=Count("id"),
                span=Sum(span, filter=Q(first_in__isnull=False, last_out__isnull=False, last_out__gt=F("first_in"))),
            )
        )
        rows = []
        for total in totals:
            month = total["month"]
            month = month.date() if isinstance(month, datetime) else month
            if month not in months:
                continue
            seconds = total["span"].total_seconds() if total["span"] else 0
            rows.append(
                WorkMonth(
                    project_id=project_id,
                    person_id=total["person_id"],
                    month=month,
                    days=Decimal(total["n"]),
                    hours=(Decimal(seconds) / 3600).quantize(Decimal("0.1")),
                )
            )
        WorkMonth.objects.bulk_create(
            rows,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["project", "person", "month"],
            update_fields=["days", "hours"],
        )
        written += len(rows)
    return written


class PayrollImporter(ProjectImporter):
    kind = "payroll"
    title = gettext_lazy("工资表")
    key = "badge"
    columns = (
        *WORKER_COLUMNS,
        Column("month", N_("月份"), "month", a_month, required=True, example="2026-04", default=None, memo=True),
        Column("days", N_("出勤天数"), "days", work_days, example="22", default=None),
        Column("gross", N_("应发工资"), "gross", money, required=True, example="6600.00", default=None),
        Column("deductions", N_("扣除"), "deductions", money, example="0", default=Decimal("0.00")),
        Column("net", N_("实发工资"), "net", money, required=True, example="6600.00", default=None),
    )
    COMPARED = ("days", "gross", "deductions", "net")

    def __init__(self, user, **kwargs):
        super().__init__(user, **kwargs)
        self.todo: list[Payroll] = []
        self.flags: list[dict] = []

    def check(self, rows: list[Row]) -> None:
        col = self.column
        this_month = timezone.localdate().replace(day=1)
        project = self.project
        self.load_rosters([project.pk])
        checked: list[tuple[Row, RosterEntry]] = []
        for row in rows:
            v = row.values
            if v["month"] and v["month"] > this_month:
                row.fail(col("month"), _("月份晚于本月"), "the month is after this month")
            if v["gross"] is not None and v["deductions"] is not None and v["net"] is not None:
                if v["deductions"] > v["gross"]:
                    row.fail(col("deductions"), _("扣除不能大于应发工资"), "deductions cannot exceed the gross wage")
                elif v["gross"] - v["deductions"] != v["net"]:
                    expected = v["gross"] - v["deductions"]
                    row.fail(
                        col("net"),
                        _("实发工资应等于应发工资减扣除：%(gross)s − %(deductions)s = %(expected)s 元")
                        % {"gross": v["gross"], "deductions": v["deductions"], "expected": expected},
                        f"net must equal gross minus deductions: {v['gross']} − {v['deductions']} = {expected}",
                    )
            entry = self.identify(row, project.pk)
            if entry is not None and not row.errors:
                checked.append((row, entry))
        seen: dict[tuple[int, date], int] = {}
        for row, entry in checked:
            key = (entry.person_id, row.values["month"])
            if key in seen:
                row.fail(
                    col("month"),
                    _("同一工人同一月份在文件中重复（见第 %(n)d 行）") % {"n": seen[key]},
                    f"the same worker and month appear twice in the file (see row {seen[key]})",
                )
            else:
                seen[key] = row.number
        people = {entry.person_id for _row, entry in checked}
        existing = {(p.person_id, p.month): p for p in Payroll.objects.filter(project=project, person_id__in=people)}
        work = {(w.person_id, w.month): w.days for w in WorkMonth.objects.filter(project=project, person_id__in=people)}
        for row, entry in checked:
            if row.errors:
                continue
            v = row.values
            key = (entry.person_id, v["month"])
            attended = work.get(key)
            if v["days"] is None:
                v["days"] = attended if attended is not None else Decimal("0.0")
            known = existing.get(key)
            if known is not None:
                if all(getattr(known, name) == v[name] for name in self.COMPARED):
                    row.unchanged = True
                    continue
                row.fail(
                    col("month"),
                    _("%(month)s 工资表已登记（应发 %(gross)s 元，实发 %(net)s 元），与文件不一致，不予覆盖")
                    % {"month": f"{v['month']:%Y-%m}", "gross": known.gross, "net": known.net},
                    f"a payroll for this worker and {v['month']:%Y-%m} is recorded (gross {known.gross}, net "
                    f"{known.net}) with other figures; a recorded payroll is never overwritten",
                )
                continue
            payroll = Payroll(
                project=project,
                person_id=entry.person_id,
                employer_id=entry.employer_id,
                month=v["month"],
                days=v["days"],
                gross=v["gross"],
                deductions=v["deductions"],
                net=v["net"],
                job_id=self.job_id,
            )
            self.todo.append(payroll)
            for flag in payroll_flags(payroll, entry, attended):
                if len(self.flags) < LISTED:
                    self.flags.append({"row": row.number, "name": entry.person.name, **flag})

    def write(self, rows: list[Row]) -> None:
        Payroll.objects.bulk_create(self.todo, batch_size=WRITE_BATCH)
        self.stats = {
            "created": len(self.todo),
            "unchanged": len(rows) - len(self.todo),
            "flagged": len({f["row"] for f in self.flags}),
            "warnings": self.flags,
        }

    def summary(self) -> str:
        return (
            _("导入完成：新增工资表 %(created)d 行，未变 %(unchanged)d 行；与考勤核对有 %(flagged)d 行需注意")
            % self.stats
        )


class PayoutImporter(ProjectImporter):
    kind = "payouts"
    title = gettext_lazy("工资发放")
    key = "reference"
    columns = (
        Column("reference", N_("流水号"), "bank_reference", text(64), required=True, example="20260515000123"),
        Column("badge", N_("工号"), "badge", badge),
        Column("id_number", N_("身份证号"), "id_number", id_number, example="370102199005170029", default=None),
        Column("account", N_("账号"), "account", text(32), example="6222020200112233445"),
        Column("name", N_("姓名"), "name", text(64), example="王丽"),
        Column("amount", N_("金额"), "amount", positive_money, required=True, example="6600.00", default=None),
        Column("paid_on", N_("发放日期"), "paid_on", a_date, required=True, example=date(2026, 5, 15), default=None),
        Column(
            "month", N_("工资所属月份"), "month", a_month, required=True, example="2026-04", default=None, memo=True
        ),
    )

    def __init__(self, user, **kwargs):
        super().__init__(user, **kwargs)
        self.todo: list[Payout] = []
        self.recorded: list[str] = []

    def mark_duplicates(self, rows: list[Row]) -> None:
        Importer.mark_duplicates(self, rows)  # a bank reference is one payment

    def check(self, rows: list[Row]) -> None:
        col = self.column
        today = timezone.localdate()
        project = self.project
        self.load_rosters([project.pk])
        references = [r.values["reference"] for r in rows if r.values["reference"]]
        existing: dict[str, Payout] = {}
        for queryset in matching(Payout.objects.all(), "bank_reference", references):
            existing.update((p.bank_reference, p) for p in queryset)
        for row in rows:
            v = row.values
            if v["paid_on"] and v["paid_on"] > today:
                row.fail(col("paid_on"), _("发放日期晚于今天"), "the payment date is after today")
            if v["paid_on"] and v["month"] and v["month"] > v["paid_on"].replace(day=1):
                row.fail(col("month"), _("工资所属月份晚于发放日期"), "the wage month is after the payment date")
            entry = self.identify(row, project.pk, account=v["account"])
            if entry is None or row.errors:
                continue
            known = existing.get(v["reference"])
            if known is not None:
                same = (known.project_id, known.person_id, known.amount, known.paid_on, known.month) == (
                    project.pk,
                    entry.person_id,
                    v["amount"],
                    v["paid_on"],
                    v["month"],
                )
                if same:
                    row.unchanged = True
                    self.recorded.append(v["reference"])
                else:
                    row.fail(
                        col("reference"),
                        _("该银行流水号已登记为另一笔发放，同一流水号只能登记一次"),
                        "this bank reference is already recorded for another payment; a reference is recorded once",
                    )
                continue
            self.todo.append(
                Payout(
                    project=project,
                    person_id=entry.person_id,
                    month=v["month"],
                    amount=v["amount"],
                    paid_on=v["paid_on"],
                    bank_reference=v["reference"],
                    job_id=self.job_id,
                )
            )

    def write(self, rows: list[Row]) -> None:
        Payout.objects.bulk_create(self.todo, batch_size=WRITE_BATCH)
        self.stats = {
            "created": len(self.todo),
            "unchanged": len(self.recorded),
            "amount": str(sum((p.amount for p in self.todo), Decimal("0.00"))),
            "already_recorded": self.recorded[:LISTED],
        }

    def summary(self) -> str:
        return (
            _("导入完成：新增发放 %(created)d 笔（%(amount)s 元），已登记过的 %(unchanged)d 笔未重复写入") % self.stats
        )


IMPORTERS = {"attendance": AttendanceImporter, "payroll": PayrollImporter, "payouts": PayoutImporter}


# --- jobs -------------------------------------------------------------------------------------------


def start_intake(kind: str, project: Project, attachment: Attachment, user) -> Job:
    """Start importing `attachment` (saved by `save_upload`) into `project` as a job of `user`."""
    if kind not in IMPORTERS:
        raise ValueError(f"unknown intake kind {kind!r}")
    require_importer(user, project)
    return start_job(JOB_KINDS[kind], {"attachment": attachment.pk, "project": project.pk}, user=user)


def intake_jobs(user, project: Project | None = None, kinds=KINDS):
    jobs = scoped(Job.objects.filter(kind__in=[JOB_KINDS[k] for k in kinds]), user)
    if project is not None:
        jobs = jobs.filter(params__project=project.pk)
    return jobs.order_by("-id")


def after_import(result: dict, project_ids, today: date | None = None) -> None:
    """Run the arrears check (W3's `detection.check_project`, when it exists) for the projects an
    import touched, after the import committed; a failing check never undoes an import."""
    if not result.get("valid") or not (result.get("created") or result.get("updated")):
        return
    try:
        from . import detection
    except ImportError:
        return
    check = getattr(detection, "check_project", None)
    if check is None:
        return
    today = today or timezone.localdate()
    for project in Project.objects.filter(pk__in=list(project_ids)):
        try:
            check(project, today)
        except Exception:  # logged: the import is recorded whatever the check does
            logger.exception("arrears check after an import of project %s failed", project.pk)


def template(kind: str) -> bytes:
    return template_workbook(IMPORTERS[kind])


# --- one payroll row entered by hand ---------------------------------------------------------------


def enter_payroll(
    project: Project,
    user,
    *,
    entry: RosterEntry,
    month: date,
    days: Decimal | None,
    gross: Decimal,
    deductions: Decimal,
    net: Decimal,
) -> tuple[Payroll, bool]:
    """Record one worker's payroll for one month (录入工资表): the same checks as the import.
    Returns (payroll, created); an identical row already recorded is returned unchanged."""
    require_importer(user, project)
    gross, deductions, net = (None if x is None else Decimal(x).quantize(CENT) for x in (gross, deductions, net))
    errors: dict[str, list] = defaultdict(list)
    if entry.project_id != project.pk:
        errors["entry"].append(_("该工人不在本项目的实名制名册中"))
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        errors["month"].append(_("月份晚于本月"))
    for name, value in (("gross", gross), ("deductions", deductions), ("net", net)):
        if value is None or value < 0:
            errors[name].append(_("金额不能为负数"))
    if days is not None and not (0 <= days <= 31):
        errors["days"].append(_("天数应在 0 到 31 之间，最多一位小数"))
    if not errors and deductions > gross:
        errors["deductions"].append(_("扣除不能大于应发工资"))
    elif not errors and gross - deductions != net:
        errors["net"].append(
            ValidationError(
                _("实发工资应等于应发工资减扣除：%(gross)s − %(deductions)s = %(expected)s 元"),
                params={"gross": gross, "deductions": deductions, "expected": gross - deductions},
            )
        )
    if errors:
        raise ValidationError(dict(errors))
    if days is None:
        days = (
            WorkMonth.objects.filter(project=project, person_id=entry.person_id, month=month)
            .values_list("days", flat=True)
            .first()
        ) or Decimal("0.0")
    with transaction.atomic():
        known = Payroll.objects.select_for_update().filter(project=project, person_id=entry.person_id, month=month)
        known = known.first()
        if known is not None:
            if (known.days, known.gross, known.deductions, known.net) == (days, gross, deductions, net):
                return known, False
            raise ValidationError(
                {
                    "month": ValidationError(
                        _("%(month)s 工资表已登记（应发 %(gross)s 元，实发 %(net)s 元），与填写的不一致，不予覆盖"),
                        params={"month": f"{month:%Y-%m}", "gross": known.gross, "net": known.net},
                    )
                }
            )
        payroll = Payroll.objects.create(
            project=project,
            person_id=entry.person_id,
            employer_id=entry.employer_id,
            month=month,
            days=days,
            gross=gross,
            deductions=deductions,
            net=net,
        )
    return payroll, True


# --- reconciliation (工资核对) ------------------------------------------------------------------------


def payroll_flags(payroll: Payroll, entry: RosterEntry, attended: Decimal | None) -> list[dict]:
    """Warnings of one payroll row against attendance and the agreed rate (never refusals)."""
    flags = []
    if attended is None:
        if payroll.days:
            flags.append(
                {
                    "code": "days",
                    "message": _("该月无考勤记录，工资表出勤 %(days)s 天") % {"days": payroll.days},
                    "message_en": f"no attendance recorded this month; the payroll says {payroll.days} days",
                }
            )
        return flags
    if payroll.days != attended:
        flags.append(
            {
                "code": "days",
                "message": _("工资表出勤 %(payroll)s 天，考勤记录 %(attended)s 天")
                % {"payroll": payroll.days, "attended": attended},
                "message_en": f"the payroll says {payroll.days} days, attendance {attended}",
            }
        )
    expected = rules.expected_pay(days_worked=attended, rate=entry.rate, rate_kind=entry.rate_kind)
    if payroll.gross < expected:
        flags.append(
            {
                "code": "below_rate",
                "message": _("应发 %(gross)s 元低于考勤 × 约定工资 %(expected)s 元（WPR-12）")
                % {"gross": payroll.gross, "expected": expected},
                "message_en": f"gross {payroll.gross} is below attendance × the agreed rate, {expected} (WPR-12)",
            }
        )
    return flags


@dataclass
class ReconRow:
    entry: RosterEntry
    attended: Decimal | None
    payroll: Payroll | None
    expected: Decimal
    paid: Decimal
    flags: list


def reconciliation(project: Project, month: date) -> list[ReconRow]:
    """Each worker with attendance or a payroll in `month`: attendance days, the payroll, what
    attendance × the agreed rate gives, what was paid, and the warnings."""
    month = month.replace(day=1)
    entries = {e.person_id: e for e in project.roster.select_related("person")}
    work = dict(WorkMonth.objects.filter(project=project, month=month).values_list("person_id", "days"))
    payrolls = {p.person_id: p for p in Payroll.objects.filter(project=project, month=month)}
    paid = dict(
        Payout.objects.filter(project=project, month=month)
        .values("person_id")
        .annotate(total=Sum("amount"))
        .values_list("person_id", "total")
    )
    rows = []
    for person_id in sorted(set(work) | set(payrolls), key=lambda p: entries[p].badge if p in entries else ""):
        entry = entries.get(person_id)
        if entry is None:
            continue
        attended = work.get(person_id)
        payroll = payrolls.get(person_id)
        expected = rules.expected_pay(days_worked=attended or Decimal(0), rate=entry.rate, rate_kind=entry.rate_kind)
        if payroll is None:
            flags = [
                {
                    "code": "missing",
                    "message": _("有考勤 %(days)s 天，无工资表") % {"days": attended},
                    "message_en": f"{attended} days of attendance, no payroll",
                }
            ]
        else:
            flags = payroll_flags(payroll, entry, attended)
        rows.append(ReconRow(entry, attended, payroll, expected, paid.get(person_id) or Decimal("0.00"), flags))
    return rows


def recent_months(project: Project, count: int = 12) -> list[date]:
    months = set(WorkMonth.objects.filter(project=project).values_list("month", flat=True).distinct())
    months |= set(Payroll.objects.filter(project=project).values_list("month", flat=True).distinct())
    return sorted(months, reverse=True)[:count]


# --- the project's panel ----------------------------------------------------------------------------


def panel(project: Project, user, today: date | None = None) -> dict:
    """What the project page shows of intake: the last imports, the attendance update rate over the
    last 30 days (the share of working days with attendance), last and this month's payroll
    against payouts."""
    from hexie.core.calendar import is_workday

    today = today or timezone.localdate()
    since = today - timedelta(days=29)
    recorded = set(
        Attendance.objects.filter(project=project, day__gte=since, day__lte=today).values_list("day", flat=True)
    )
    workdays = [since + timedelta(days=n) for n in range(30) if is_workday(since + timedelta(days=n))]
    start = max(since, project.starts_on)
    workdays = [d for d in workdays if d >= start]
    rate = round(100 * sum(1 for d in workdays if d in recorded) / len(workdays)) if workdays else None
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    months = []
    for month in (last_month, this_month):
        payroll = Payroll.objects.filter(project=project, month=month).aggregate(total=Sum("net"), n=Count("id"))
        payout = Payout.objects.filter(project=project, month=month).aggregate(total=Sum("amount"), n=Count("id"))
        attended = WorkMonth.objects.filter(project=project, month=month).count()
        months.append(
            {
                "month": month,
                "attended": attended,
                "payroll": payroll["total"] or Decimal("0.00"),
                "payroll_rows": payroll["n"],
                "paid": payout["total"] or Decimal("0.00"),
                "payouts": payout["n"],
                "payday": payday_of(project, month),
            }
        )
    last_day = Attendance.objects.filter(project=project).aggregate(last=Max("day"))["last"]
    return {
        "rate": rate,
        "last_day": last_day,
        "months": months,
        "jobs": list(intake_jobs(user, project)[:5]),
        "may_import": may_import(user, project),
    }


# --- the worker's own wages (我的工资) ------------------------------------------------------------------


@dataclass
class WageMonth:
    month: date
    days: Decimal | None
    net: Decimal | None
    paid: Decimal
    paid_on: date | None
    owed: Decimal | None  # None before the payday
    payday: date


@dataclass
class WageProject:
    entry: RosterEntry
    months: list[WageMonth]

    @property
    def owed(self) -> Decimal:
        return sum((m.owed or Decimal("0.00") for m in self.months), Decimal("0.00"))


def my_wages(user, today: date | None = None) -> list[WageProject]:
    """The user's own projects month by month: attendance, payroll net, paid and when, owed
    (`rules.owed`, once the month's payday has passed). Only the user's own person's rows."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return []
    today = today or timezone.localdate()
    own = {"person": person}
    entries = scoped(RosterEntry.objects.filter(**own), user).select_related("project__region", "employer")
    work = defaultdict(dict)
    for w in scoped(WorkMonth.objects.filter(**own), user):
        work[w.project_id][w.month] = w.days
    nets = defaultdict(dict)
    for p in scoped(Payroll.objects.filter(**own), user):
        nets[p.project_id][p.month] = p.net
    paid = defaultdict(lambda: defaultdict(lambda: [Decimal("0.00"), None]))
    for p in scoped(Payout.objects.filter(**own), user):
        slot = paid[p.project_id][p.month]
        slot[0] += p.amount
        slot[1] = max(slot[1], p.paid_on) if slot[1] else p.paid_on
    result = []
    for entry in entries:
        project = entry.project
        months = sorted(set(work[project.pk]) | set(nets[project.pk]) | set(paid[project.pk]), reverse=True)
        rows = []
        for month in months:
            days = work[project.pk].get(month)
            amount, paid_on = paid[project.pk][month] if month in paid[project.pk] else (Decimal("0.00"), None)
            payday = payday_of(project, month)
            owed = None
            if today > payday and days:
                minimum = minimum_wage(project.region_id, month) or Decimal("0")
                owed = rules.owed(
                    days_worked=days, rate=entry.rate, rate_kind=entry.rate_kind, paid=amount, minimum_monthly=minimum
                )
            rows.append(WageMonth(month, days, nets[project.pk].get(month), amount, paid_on, owed, payday))
        result.append(WageProject(entry, rows))
    return result
