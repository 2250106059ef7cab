"""The statutory clocks of a case (办案期限), read from the case row: the deadlines the workflow
stamped (`*_deadline` fields, each with its period in `rules.PERIODS`) and the parties' windows
after an award is served (LDMAL-48/49/50), with their article, day kind and whether the holiday
schedule they used was official.

    case_clocks(case, today) -> [Clock]     # what the case page shows
    overdue_q(today) -> Q                   # the same "overdue" as a filter, for lists and statistics

A clock is *running* while the case stands in the statuses it belongs to and its date is set: a
clock whose duty is done is cleared (the workflow clears its transitions' clocks; the arbitration
services clear the respondent's copy when the acceptance notice is served on the respondent, the
tribunal notice when the tribunal is composed, the defence when it is submitted), so `case_clocks`
and `overdue_q` read the same fields and agree; a fixture or a late correction that left a date
behind a status is not shown either.
Duties of the handling organization (reply, mediation, acceptance, service on the respondent,
tribunal notice, award) are *overdue* once their last day has passed; a party's own window (the
defence, a suit) merely *lapses*. A clock whose last day is within `SOON_WORKING_DAYS` working
days is *soon* (reminded by the daily job, tasks.py).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexie.core.calendar import working_days_between

from .. import rules
from ..models import DisputeCase

S = DisputeCase.Status
SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class FieldClock:
    field: str  # DisputeCase date field
    period: str  # rules.PERIODS key
    statuses: tuple[str, ...]  # the clock runs while the case is in one of these
    duty: bool  # the handling organization's own duty (overdue) or a party's window (lapses)


FIELD_CLOCKS = (
    FieldClock("internal_deadline", "internal_reply", (S.INTERNAL,), True),
    FieldClock("mediation_deadline", "mediation", (S.MEDIATING,), True),
    FieldClock("acceptance_deadline", "acceptance", (S.ARB_REVIEW,), True),
    FieldClock("respondent_copy_deadline", "respondent_copy", DisputeCase.ARBITRATION_OPEN, True),
    FieldClock("defence_deadline", "defence", DisputeCase.ARBITRATION_OPEN, False),
    FieldClock("tribunal_deadline", "tribunal_notice", DisputeCase.ARBITRATION_OPEN, True),
    FieldClock("award_deadline", "award", DisputeCase.ARBITRATION_RUNNING, True),
)

# After service (LDMAL-48..50): which windows run for which kind of award, and whose they are.
SUIT_WINDOWS = {
    DisputeCase.Finality.FINAL: ("worker_lawsuit", "set_aside"),
    DisputeCase.Finality.NON_FINAL: ("nonfinal_lawsuit",),
    DisputeCase.Finality.PARTIAL: ("worker_lawsuit", "nonfinal_lawsuit", "set_aside"),
}
WINDOW_HOLDER = {
    "worker_lawsuit": _("劳动者"),
    "set_aside": _("用人单位"),
    "nonfinal_lawsuit": _("双方当事人"),
}


@dataclass(frozen=True)
class Clock:
    key: str  # the period's name in rules.PERIODS
    label: str
    last_day: date
    article: str
    kind: str  # "natural" or "working"
    provisional: bool  # a year used has no official holiday schedule (暂定)
    days_left: int | None  # in the period's own kind of days; negative: natural days past; None suspended
    state: str  # "running", "soon", "overdue", "lapsed" or "suspended"
    duty: bool
    holder: str = ""  # whose window (suit windows only)

    @property
    def kind_label(self) -> str:
        return str(_("工作日") if self.kind == "working" else _("自然日"))

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def alarm(self) -> bool:
        return self.state == "overdue"


def _state(last_day: date, today: date, *, duty: bool, kind: str) -> tuple[int, str]:
    if last_day < today:
        return -(today - last_day).days, "overdue" if duty else "lapsed"
    working_left = working_days_between(today, last_day)
    days_left = working_left if kind == "working" else (last_day - today).days
    return days_left, "soon" if working_left <= SOON_WORKING_DAYS else "running"


def suit_windows(case: DisputeCase) -> list[tuple[str, rules.Period, date, bool]]:
    """(period name, period, last day, provisional) of the suit windows that run after the award
    was served on `served_on` (LDMAL-48: the worker, 15 days; LDMAL-49: the employer's set-aside
    of a final award, 30 days; LDMAL-50: either party on a non-final award, 15 days)."""
    if not case.served_on:
        return []
    names = SUIT_WINDOWS.get(case.finality or DisputeCase.Finality.NON_FINAL, ())
    found = []
    for name in names:
        d = rules.deadline(name, case.served_on)
        found.append((name, rules.PERIODS[name], d.date, d.provisional))
    return found


def case_clocks(case: DisputeCase, today: date | None = None) -> list[Clock]:
    """Every running statutory clock of `case` on `today`, soonest first."""
    today = today or timezone.localdate()
    clocks = []
    for fc in FIELD_CLOCKS:
        last_day = getattr(case, fc.field)
        if last_day is None or case.status not in fc.statuses:
            continue
        p = rules.PERIODS[fc.period]
        label = str(_(p.label))
        if fc.field == "award_deadline" and case.award_extended:
            label = str(_("裁决期限（已延长十五日）"))
        provisional = bool(getattr(case, f"{fc.field}_provisional", False))
        if case.status == S.SUSPENDED:
            days_left, state = None, "suspended"
        else:
            days_left, state = _state(last_day, today, duty=fc.duty, kind=p.kind)
        clocks.append(Clock(fc.period, label, last_day, p.article, p.kind, provisional, days_left, state, fc.duty))
    if case.status == S.SERVED:
        for name, p, last_day, provisional in suit_windows(case):
            days_left, state = _state(last_day, today, duty=False, kind=p.kind)
            clocks.append(
                Clock(
                    name, str(_(p.label)), last_day, p.article, p.kind, provisional, days_left, state, False,
                    str(WINDOW_HOLDER[name]),
                )
            )  # fmt: skip
    return sorted(clocks, key=lambda c: (c.last_day, c.key))


def overdue_q(today: date, prefix: str = "") -> Q:
    """Cases with a duty clock running past its last day on `today` (the alarm of `case_clocks`), as
    a filter on DisputeCase (or on a model reaching it through `prefix`, e.g. "case__")."""
    q = Q()
    for fc in FIELD_CLOCKS:
        if not fc.duty:
            continue
        statuses = tuple(s for s in fc.statuses if s != S.SUSPENDED)
        q |= Q(**{f"{prefix}status__in": statuses, f"{prefix}{fc.field}__lt": today})
    return q


def due_soon_q(today: date) -> Q:
    """Cases with a clock (duty or not) ending within the next fortnight: the daily job's
    candidates for a reminder (`case_clocks` then decides which are `soon`)."""
    horizon = today + timedelta(days=14)
    q = Q()
    for fc in FIELD_CLOCKS:
        statuses = tuple(s for s in fc.statuses if s != S.SUSPENDED)
        q |= Q(**{"status__in": statuses, f"{fc.field}__gte": today, f"{fc.field}__lte": horizon})
    # suit windows: served within the longest window (30 days, set-aside) plus the horizon
    q |= Q(status=S.SERVED, served_on__gte=today - timedelta(days=45))
    return q


def suit_windows_lapsed(case: DisputeCase, today: date) -> bool:
    """Every suit window of the served award has ended before `today`."""
    windows = suit_windows(case)
    return bool(windows) and all(last_day < today for _n, _p, last_day, _pr in windows)
