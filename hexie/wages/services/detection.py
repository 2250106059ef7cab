"""The arrears check (欠薪预警): the pure rules of hexie/wages/rules.py over the platform's data, run
daily (the "wages.arrears_check" job) and after every import (`check_project`).

One set-based query gathers the worker-months — `WorkMonth` ⨝ `RosterEntry` ⨝ `Project` with the
sum of `Payout.amount` per (project, person, month) left-joined — and streams value tuples. The
arithmetic the rules will do is also written in SQL as a *conservative* filter: a row is sent to
Python only when what was paid is below the larger of attendance × rate and the highest minimum
wage of the table pro rata, unrounded, less 0.004 yuan. A row owes when the payouts (whole fen)
fall short of the amount rounded half up to the fen, i.e. by a fen at least, so it lies at least
0.005 below the unrounded amount: every row that can owe anything passes the filter, with a
thousandth of a yuan to spare for the database's decimal division, while a row paid exactly does
not; the rules (`rules.worker_month_findings`, `rules.owed`) then decide each candidate
exactly, in Decimal. A second grouped query gives each project-month's attendance (for WPR-28 and
the labor cost of a month with no allocation row).

Findings are aggregated per (project, kind, month) into `ArrearsWarning` rows written in bulk: a
new finding opens a warning (workers, amount, detail, deadline of 5 working days, assigned to the
project's grid member and the county labor-inspection office); an open one gets its figures
updated; an open one no longer found is resolved by the system (the arrears were paid); a closed
one found again is reopened. A newly opened (or reopened) wage-arrears warning sends the
"veto_event" hook (the campaign records it against the general contractor).

Payday (WPR-12/13): the wages of month M fall due on the project's payday in month M+1, moved to
the latest working day before it when it is a rest day (`rules.wage_payday`). The check finds a
missed payday the next day ("within a day").

The wage deposit's rate (WPR-32: 1–3 % of the contract amount, a provincial figure) is the setting
WAGES_DEPOSIT_RATE, default 0.02 — Shandong's figure is unconfirmed (RULES.md).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from hexie.core import calendar as workcal
from hexie.core import minimum_wage as mw
from hexie.core.bulk import among
from hexie.core.models import Organization
from hexie.core.registries import EVENTS
from hexie.core.rules import add_months

from .. import rules
from ..models import Allocation, ArrearsWarning, Deposit, Payout, Project, RosterEntry, WorkMonth

Kind = ArrearsWarning.Kind
Status = ArrearsWarning.Status
ZERO = Decimal("0.00")
DEADLINE_WORKING_DAYS = 5
DEFAULT_DEPOSIT_RATE = Decimal("0.02")  # WPR-32 (1–3 %); Shandong's figure unconfirmed
# Projects the check watches: building, stopped or finished but not yet closed (arrears can remain
# after completion: WPR-27 closes the special account only when none are left).
SUPERVISED = (Project.Status.ACTIVE, Project.Status.SUSPENDED, Project.Status.COMPLETED)
WAGE_KINDS = (Kind.UNPAID, Kind.UNDERPAID, Kind.BELOW_MINIMUM)
RULE_OF = {
    Kind.UNPAID: "WPR-12",
    Kind.UNDERPAID: "WPR-12",
    Kind.BELOW_MINIMUM: "MWR",
    Kind.ALLOCATION: "WPR-24",
    Kind.DEPOSIT: "WPR-32",
    Kind.ROSTER: "WPR-28",
}


def deposit_rate() -> Decimal:
    return Decimal(str(getattr(settings, "WAGES_DEPOSIT_RATE", DEFAULT_DEPOSIT_RATE)))


@dataclass
class Figures:
    """One warning's figures: workers, amount, and the finding messages behind them."""

    workers: int = 0
    amount: Decimal = ZERO
    messages: list[str] = field(default_factory=list)

    def add(self, amount: Decimal, message: str = "", workers: int = 1) -> None:
        self.workers += workers
        self.amount += amount
        if message and len(self.messages) < 3:
            self.messages.append(message)


@dataclass
class WorkerArrears:
    """One worker-month that owes wages (the bench compares these with its SQL baseline)."""

    project_id: int
    person_id: int
    month: date
    days: Decimal
    rate: Decimal
    rate_kind: str
    paid: Decimal
    due: Decimal
    minimum: Decimal
    owed: Decimal
    payday: date
    kinds: tuple[str, ...]


@dataclass
class CheckResult:
    today: date
    projects: int = 0
    worker_months: int = 0
    candidates: int = 0
    findings: dict = field(default_factory=dict)  # (project id, kind, month) -> Figures
    owed: dict = field(default_factory=dict)  # (project id, person id, month) -> Decimal
    opened: list = field(default_factory=list)
    updated: int = 0
    resolved: int = 0
    reopened: int = 0
    projects_filter: list | None = None  # the checked project ids, None for all supervised

    def summary(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "projects": self.projects,
            "worker_months": self.worker_months,
            "findings": len(self.findings),
            "opened": len(self.opened),
            "updated": self.updated,
            "resolved": self.resolved,
            "reopened": self.reopened,
            "workers_owed": len(self.owed),
            "amount_owed": str(sum(self.owed.values(), ZERO)),
        }


# --- reference data, cached per run ------------------------------------------------------------


class Calendars:
    """Paydays and minimum wages, computed once per (payday, month) and (region, month)."""

    def __init__(self):
        self._paydays: dict[tuple[int, date], date] = {}
        self._minimum: dict[tuple[str, date], Decimal] = {}

    def payday(self, day: int, month: date) -> date:
        key = (day, month)
        found = self._paydays.get(key)
        if found is None:
            found = self._paydays[key] = rules.wage_payday(month, day, workcal.is_workday)
        return found

    def minimum(self, region: str, month: date) -> Decimal:
        key = (region, month)
        found = self._minimum.get(key)
        if found is None:
            found = self._minimum[key] = mw.minimum_wage(region, month) or ZERO
        return found


def highest_minimum_wage() -> Decimal:
    """The highest monthly minimum wage of the whole table: the SQL filter's bound."""
    return max((row.monthly for rows in mw.table().values() for row in rows), default=ZERO)


def last_month_due(today: date) -> date:
    """The latest month whose wages may be due by `today` (the month before today's)."""
    return add_months(today.replace(day=1), -1)


# --- the set-based reads -----------------------------------------------------------------------


def _tables():
    q = connection.ops.quote_name
    return {
        "wm": q(WorkMonth._meta.db_table),
        "roster": q(RosterEntry._meta.db_table),
        "project": q(Project._meta.db_table),
        "payout": q(Payout._meta.db_table),
    }


def _in(column: str, ids: list[int] | None, params: list) -> str:
    if ids is None:
        return ""
    if connection.vendor == "postgresql":
        params.append(list(ids))
        return f" AND {column} = ANY(%s)"
    params.extend(ids)
    return f" AND {column} IN ({', '.join(['%s'] * len(ids)) or 'NULL'})"


def _expected_sql() -> str:
    """Attendance × the agreed rate, unrounded (rules.expected_pay before its rounding)."""
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    return (
        f"(CASE WHEN r.rate_kind = 'daily' THEN wm.days * r.rate "
        f"ELSE r.rate * {least}(wm.days / {rules.PAY_DAYS_PER_MONTH}, 1) END)"
    )


def _status_sql(params: list) -> str:
    params.extend(SUPERVISED)
    return f"pr.status IN ({', '.join(['%s'] * len(SUPERVISED))})"


def scan(today: date, project_ids: list[int] | None, *, months: tuple[date, date] | None = None) -> list:
    """The one set-based read: per project-month with attendance, of months whose payday may have
    passed, (project, month, payday day, region, worker-months, enrolled attending, unenrolled
    attending, labor cost, candidates). `candidates` lists (person, days, rate, rate kind, paid)
    of the enrolled worker-months with attendance whose payouts lie below the conservative bound
    and whose payday passed by the day of the month, as one JSON array per project-month.
    `months` narrows to (first, last) month."""
    t = _tables()
    postgres = connection.vendor == "postgresql"
    greatest, least = ("GREATEST", "LEAST") if postgres else ("MAX", "MIN")
    first, last = months or (None, last_month_due(today))
    floor = highest_minimum_wage()
    # The month before today's is due only on the projects whose payday (moved before a rest
    # day) already passed: those paydays, as a list of days of the month.
    due_days = [d for d in range(1, 32) if rules.wage_payday(last_month_due(today), d, workcal.is_workday) < today]
    # Parameters in the order they appear: the candidate filter (in the select list), the
    # payouts' projects, the window, the statuses, the projects.
    params: list = [last_month_due(today), *(due_days or [0]), floor]
    payout_where = ""
    if project_ids is not None:
        payout_where = "WHERE 1 = 1" + _in("project_id", project_ids, params)
    params.append(last)
    window = "wm.month <= %s"
    if first is not None:
        params.append(first)
        window += " AND wm.month >= %s"
    status = _status_sql(params)
    projects = _in("wm.project_id", project_ids, params)
    paid = "COALESCE(po.paid, 0)"
    enrolled = "wm.days > 0 AND r.id IS NOT NULL"
    candidate = (
        f"{enrolled} AND (wm.month < %s OR pr.payday IN ({', '.join(['%s'] * max(len(due_days), 1))})) "
        f"AND {paid} < {greatest}({_expected_sql()}, %s * {least}(wm.days / {rules.PAY_DAYS_PER_MONTH}, 1)) - 0.004"
    )
    row = f"wm.person_id, wm.days, r.rate, r.rate_kind, {paid}"
    gather = (
        f"json_agg(json_build_array({row})) FILTER (WHERE {candidate})::text"
        if postgres
        else f"json_group_array(json_array({row})) FILTER (WHERE {candidate})"
    )
    sql = (
        f"SELECT wm.project_id, wm.month, pr.payday, pr.region_id, COUNT(*), "
        f"SUM(CASE WHEN {enrolled} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN wm.days > 0 AND r.id IS NULL THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {enrolled} THEN {_expected_sql()} ELSE 0 END), {gather} "
        f"FROM {t['wm']} wm "
        f"JOIN {t['project']} pr ON pr.id = wm.project_id "
        f"LEFT JOIN {t['roster']} r ON r.project_id = wm.project_id AND r.person_id = wm.person_id "
        f"LEFT JOIN (SELECT project_id, person_id, month, SUM(amount) AS paid FROM {t['payout']} {payout_where} "
        f"GROUP BY project_id, person_id, month) po "
        f"ON po.project_id = wm.project_id AND po.person_id = wm.person_id AND po.month = wm.month "
        f"WHERE {window} AND {status}{projects} "
        f"GROUP BY wm.project_id, wm.month, pr.payday, pr.region_id"
    )
    loads = json.loads
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (project, _month(month), payday, region, count, int(attending or 0), int(unenrolled or 0),
             _decimal(cost), [tuple(c) for c in loads(found, parse_float=Decimal) if c] if found else [])
            for project, month, payday, region, count, attending, unenrolled, cost, found in cursor.fetchall()
        ]  # fmt: skip


def _decimal(value) -> Decimal:
    """Database numbers as Decimal (SQLite hands sums back as floats)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value or 0))


def _month(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def worker_arrears(today: date, project_ids: list[int] | None = None, *, months=None, cache=None, groups=None):
    """The worker-months that owe wages on `today`, decided by the pure rules (one `WorkerArrears`
    each, with its findings). Used by the check (over `groups` it already read) and by a
    warning's page (one project and month)."""
    cache = cache or Calendars()
    if groups is None:
        groups = scan(today, project_ids, months=months)
    for project_id, month, payday_day, region, *_counts, candidates in groups:
        if not candidates:
            continue
        payday = cache.payday(payday_day, month)
        if today <= payday:
            continue
        minimum = cache.minimum(region, month)
        for person_id, days, rate, rate_kind, paid in candidates:
            days, rate, paid = _decimal(days), _decimal(rate), rules.yuan(_decimal(paid))
            findings = rules.worker_month_findings(
                days_worked=days,
                rate=rate,
                rate_kind=rate_kind,
                paid=paid,
                payday=payday,
                today=today,
                minimum_monthly=minimum,
            )
            if not findings:
                continue
            due = rules.expected_pay(days_worked=days, rate=rate, rate_kind=rate_kind)
            floor = rules.minimum_pay(days_worked=days, minimum_monthly=minimum)
            owed = rules.owed(days_worked=days, rate=rate, rate_kind=rate_kind, paid=paid, minimum_monthly=minimum)
            if paid <= 0:
                kinds = (Kind.UNPAID,)
            else:
                shortfalls = ((Kind.UNDERPAID, paid < due), (Kind.BELOW_MINIMUM, paid < floor))
                kinds = tuple(k for k, short in shortfalls if short)
            yield (
                WorkerArrears(
                    project_id, person_id, month, days, rate, rate_kind, paid, due, floor, owed, payday, kinds
                ),
                findings,
            )


# --- the check ---------------------------------------------------------------------------------


def _project_findings(
    today: date, projects: dict[int, dict], result: CheckResult, cache: Calendars, groups: list
) -> None:
    """Allocation (WPR-24), deposit (WPR-32) and roster (WPR-28) findings of the checked projects."""
    ids = list(projects) if result.projects_filter is not None else None
    by_month = defaultdict(dict)  # project -> month -> (enrolled attending, unenrolled, labor cost)
    for project_id, month, _payday, _region, count, attending, unenrolled, cost, _candidates in groups:
        result.worker_months += count
        by_month[project_id][month] = (attending, unenrolled, cost)
    last = last_month_due(today)

    allocations: dict[tuple[int, date], tuple[Decimal, Decimal]] = {}
    query = Allocation.objects.filter(month__lte=last)
    if ids is not None:
        query = query.filter(among(Allocation, "project_id", ids))
    for project_id, month, scheduled, paid in query.values_list("project_id", "month", "scheduled", "paid"):
        allocations[(project_id, month)] = (scheduled, paid)

    deposits: dict[int, Decimal] = defaultdict(lambda: ZERO)
    query = Deposit.objects.filter(returned_on__isnull=True).exclude(expires_on__lt=today)
    if ids is not None:
        query = query.filter(among(Deposit, "project_id", ids))
    for project_id, amount, used in query.values_list("project_id", "amount", "used"):
        deposits[project_id] += amount - used

    empty_months: dict[int, list[date]] = {}
    rate = deposit_rate()
    for pk, p in projects.items():
        first = p["starts_on"].replace(day=1)
        end = min(last, (p["completed_on"] or last).replace(day=1))
        months, month = [], first
        while month <= end:
            months.append(month)
            month = add_months(month, 1)
        seen = by_month.get(pk, {})
        # WPR-24: each month with attendance or a scheduled allocation.
        for month in months:
            payday = cache.payday(p["payday"], month)
            row = allocations.get((pk, month))
            if row is not None:
                scheduled, allocated = row
            elif month in seen and seen[month][2] > 0:
                scheduled, allocated = rules.yuan(seen[month][2]), ZERO
            else:
                continue
            for finding in rules.allocation_findings(
                month=month, allocated=allocated, scheduled=scheduled, due_on=payday, today=today
            ):
                result.findings.setdefault((pk, Kind.ALLOCATION, month), Figures()).add(
                    max(scheduled - allocated, ZERO), finding.message, workers=0
                )
        # WPR-32: once per project, filed under its first month.
        if p["starts_on"] <= today:
            for finding in rules.deposit_findings(
                contract_amount=p["contract_amount"], deposited=deposits[pk], rate=rate, exempt=p["deposit_exempt"]
            ):
                required = rules.yuan(p["contract_amount"] * rate)
                result.findings.setdefault((pk, Kind.DEPOSIT, first), Figures()).add(
                    max(required - deposits[pk], ZERO), finding.message, workers=0
                )
        # WPR-28: unenrolled attendance; an active project's roster with nobody attending.
        for month in months:
            if month in seen:
                attending, unenrolled, _cost = seen[month]
                if unenrolled:
                    for finding in rules.roster_findings(
                        enrolled=1, attending=attending, unenrolled_attending=unenrolled
                    ):
                        if finding.level == rules.ERROR:
                            result.findings.setdefault((pk, Kind.ROSTER, month), Figures()).add(
                                ZERO, finding.message, workers=unenrolled
                            )
                continue
            if p["status"] == Project.Status.ACTIVE and cache.payday(p["payday"], month) < today:
                empty_months.setdefault(pk, []).append(month)
    if empty_months:
        spans = defaultdict(list)
        query = RosterEntry.objects.filter(among(RosterEntry, "project_id", list(empty_months)))
        for project_id, enrolled_on, left_on in query.values_list("project_id", "enrolled_on", "left_on"):
            spans[project_id].append((enrolled_on, left_on))
        for pk, months in empty_months.items():
            for month in months:
                month_end = add_months(month, 1)
                enrolled = sum(
                    1 for start, left in spans.get(pk, ()) if start < month_end and (not left or left >= month)
                )
                for finding in rules.roster_findings(enrolled=enrolled, attending=0, unenrolled_attending=0):
                    result.findings.setdefault((pk, Kind.ROSTER, month), Figures()).add(
                        ZERO, finding.message, workers=0
                    )


def inspection_offices(regions: set[str]) -> dict[str, int]:
    """{region code: the labor-inspection office (the county's 人社部门, else the city's)}."""
    prefixes = {code[:6] for code in regions} | {code[:4] + "00" for code in regions}
    offices = dict(
        Organization.objects.filter(kind=Organization.Kind.GOVERNMENT, region_id__in=prefixes)
        .order_by("id")
        .values_list("region_id", "pk")
    )
    return {code: offices.get(code[:6]) or offices.get(code[:4] + "00") for code in regions}


def _detail(kind: str, month: date, figures: Figures) -> str:
    head = {
        Kind.UNPAID: _("%(month)s工资：%(workers)d名工人发薪日已过未发放，应发合计%(amount)s元"),
        Kind.UNDERPAID: _("%(month)s工资：%(workers)d名工人实发低于考勤×约定工资，少发合计%(amount)s元"),
        Kind.BELOW_MINIMUM: _("%(month)s工资：%(workers)d名工人实发低于最低工资标准，差额合计%(amount)s元"),
        Kind.ALLOCATION: _("%(month)s人工费用未足额拨付，差额%(amount)s元"),
        Kind.DEPOSIT: _("工资保证金未足额存储，差额%(amount)s元"),
        Kind.ROSTER: _("%(month)s实名制登记不全"),
    }[kind] % {"month": f"{month:%Y-%m}", "workers": figures.workers, "amount": rules.yuan(figures.amount)}
    return "\n".join([head, *figures.messages])


def _wage_findings(today: date, result: CheckResult, cache: Calendars, groups: list) -> None:
    for row, findings in worker_arrears(today, cache=cache, groups=groups):
        result.candidates += 1
        result.owed[(row.project_id, row.person_id, row.month)] = row.owed
        for kind in row.kinds:
            shortfall = {
                Kind.UNPAID: row.owed,
                Kind.UNDERPAID: row.due - row.paid,
                Kind.BELOW_MINIMUM: row.minimum - row.paid,
            }[kind]
            message = next((f.message for f in findings if (f.code == "MWR") == (kind == Kind.BELOW_MINIMUM)), "")
            result.findings.setdefault((row.project_id, kind, row.month), Figures()).add(shortfall, message)


def _apply(today: date, projects: dict[int, dict], result: CheckResult) -> None:
    """Write the findings: open, update, resolve, reopen (bulk where the workflow allows)."""
    ids = list(projects)
    existing = {}
    query = ArrearsWarning.objects.all()
    if result.projects_filter is not None:
        query = query.filter(among(ArrearsWarning, "project_id", ids))
    for warning in query:
        existing[(warning.project_id, warning.kind, warning.month)] = warning
    offices = inspection_offices({p["region_id"] for p in projects.values()})
    deadline = workcal.add_period(today, DEADLINE_WORKING_DAYS, "working")
    new, changed, reopened = [], [], []
    for key, figures in result.findings.items():
        project_id, kind, month = key
        amount, detail = rules.yuan(figures.amount), _detail(kind, month, figures)
        warning = existing.pop(key, None)
        if warning is None:
            p = projects[project_id]
            new.append(
                ArrearsWarning(
                    project_id=project_id,
                    kind=kind,
                    month=month,
                    rule=RULE_OF[kind],
                    workers=figures.workers,
                    amount=amount,
                    detail=detail,
                    opened_on=today,
                    deadline=deadline.date,
                    deadline_provisional=deadline.provisional,
                    assigned_to_id=p["grid_member_id"],
                    inspection_id=offices.get(p["region_id"]),
                )
            )
            continue
        if warning.status == Status.CLOSED:
            reopened.append((warning, figures.workers, amount, detail))
        elif (warning.workers, warning.amount, warning.detail) != (figures.workers, amount, detail):
            warning.workers, warning.amount, warning.detail = figures.workers, amount, detail
            changed.append(warning)
    # Whatever is left and still open was not found again: the arrears were paid (or corrected).
    gone = [w for w in existing.values() if w.status != Status.CLOSED and w.project_id in projects]
    with transaction.atomic():
        ArrearsWarning.objects.bulk_create(new, batch_size=1000)
        if any(w.pk is None for w in new):  # a backend that returns no ids from a bulk insert
            lookup = {
                (w.project_id, w.kind, w.month): w.pk
                for w in ArrearsWarning.objects.filter(opened_on=today, status=Status.OPEN).only(
                    "id", "project_id", "kind", "month"
                )
            }
            for w in new:
                w.pk = w.pk or lookup.get((w.project_id, w.kind, w.month))
        ArrearsWarning.objects.bulk_update(changed, ["workers", "amount", "detail"], batch_size=1000)
        result.updated = len(changed)
        for warning in gone:
            warning.closed_on = today
            ArrearsWarning.workflow.apply(warning, "resolve", None, note=_("复查未再发现，视为已支付或已改正"))
        result.resolved = len(gone)
        for warning, workers, amount, detail in reopened:
            warning.workers, warning.amount, warning.detail = workers, amount, detail
            warning.closed_on = None
            warning.opened_on = today
            warning.deadline, warning.deadline_provisional = deadline.date, deadline.provisional
            ArrearsWarning.workflow.apply(warning, "reopen", None, note=_("再次发现，重新预警"))
        result.reopened = len(reopened)
        result.opened = new
        vetoing = [w for w in [*new, *(w for w, *_rest in reopened)] if w.kind in WAGE_KINDS]
        contractor_of = {pk: p["general_contractor_id"] for pk, p in projects.items()}
        organizations = Organization.objects.in_bulk({contractor_of[w.project_id] for w in vetoing})
        for warning in vetoing:
            _send_veto(warning, organizations[contractor_of[warning.project_id]], today)


def _send_veto(warning: ArrearsWarning, organization: Organization, today: date) -> None:
    """The campaign's veto hook: a wage-arrears warning against the general contractor."""
    EVENTS.send(
        "veto_event",
        organization=organization,
        kind="wage_arrears",
        occurred_on=today,
        description=_detail(warning.kind, warning.month, Figures(warning.workers, warning.amount)),
        source=f"wages:warning:{warning.pk}",
    )


PROJECT_FIELDS = (
    "pk",
    "region_id",
    "payday",
    "starts_on",
    "completed_on",
    "status",
    "contract_amount",
    "deposit_exempt",
    "grid_member_id",
    "general_contractor_id",
)


def check(today: date, *, projects=None) -> CheckResult:
    """Run every detection rule over the supervised projects (or the given ones: a queryset or
    ids) on `today`, and bring the warnings in line with the findings. Running it twice the same
    day changes nothing the second time."""
    query = Project.objects.filter(status__in=SUPERVISED)
    if projects is not None:
        ids = [getattr(p, "pk", p) for p in projects] if not hasattr(projects, "values_list") else None
        query = query.filter(pk__in=ids) if ids is not None else query.filter(pk__in=projects.values("pk"))
    rows = {row["pk"]: row for row in query.values(*PROJECT_FIELDS)}
    result = CheckResult(today=today, projects=len(rows))
    result.projects_filter = None if projects is None else list(rows)
    cache = Calendars()
    ids = result.projects_filter
    if ids == []:
        return result
    groups = scan(today, ids)
    _wage_findings(today, result, cache, groups)
    _project_findings(today, rows, result, cache, groups)
    _apply(today, rows, result)
    return result


def check_project(project, today: date | None = None) -> CheckResult:
    """The check for one project (after every import)."""
    from django.utils import timezone

    return check(today or timezone.localdate(), projects=[getattr(project, "pk", project)])


def owed_workers(warning: ArrearsWarning, today: date | None = None) -> list[WorkerArrears]:
    """The workers a wage warning is about, computed now from the same query restricted to the
    warning's project and month (empty for the other kinds, and once the arrears are paid)."""
    from django.utils import timezone

    if warning.kind not in WAGE_KINDS:
        return []
    today = today or timezone.localdate()
    return [
        row
        for row, _findings in worker_arrears(today, [warning.project_id], months=(warning.month, warning.month))
        if warning.kind in row.kinds
    ]
