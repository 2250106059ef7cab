"""The working-day calendar for statutory deadlines.

The official holiday schedule lives in the database (`CalendarDay`, `CalendarYear`), seeded from
chinese-calendar and extended by province staff each year. A year with no official schedule is
counted with weekends only and every deadline that touches it is marked provisional; it never fails.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .refcache import ReferenceCache


@dataclass(frozen=True)
class Deadline:
    date: date
    provisional: bool = False


@dataclass(frozen=True)
class CalendarData:
    official_years: frozenset[int]
    holidays: frozenset[date]
    workdays: frozenset[date]  # make-up working days on a weekend (调休上班)


def package_calendar() -> CalendarData:
    """The schedule shipped in chinese-calendar (used to seed the database)."""
    import chinese_calendar

    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    years = frozenset(range(min(d.year for d in holidays), max(d.year for d in holidays) + 1))
    return CalendarData(years, holidays, workdays)


def load_calendar() -> CalendarData:
    from django.db.utils import DatabaseError

    from .models import CalendarDay, CalendarYear

    try:
        years = frozenset(CalendarYear.objects.values_list("year", flat=True))
        if not years:
            return package_calendar()
        days = list(CalendarDay.objects.values_list("day", "kind"))
    except DatabaseError:  # tables not migrated yet (a fresh checkout running checks)
        return package_calendar()
    return CalendarData(
        years,
        frozenset(d for d, k in days if k == "holiday"),
        frozenset(d for d, k in days if k == "workday"),
    )


# Each process keeps the schedule for a minute (see hexie.core.refcache).
_schedule = ReferenceCache(load_calendar)


def calendar() -> CalendarData:
    return _schedule.get()


def invalidate() -> None:
    """Forget the cached schedule."""
    _schedule.invalidate()


def is_official_year(year: int) -> bool:
    return year in calendar().official_years


def is_workday(day: date) -> bool:
    data = calendar()
    if day.year in data.official_years:
        if day in data.workdays:
            return True
        if day in data.holidays:
            return False
    return day.weekday() < 5


def next_workday(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_period(start: date, days: int, kind: Literal["natural", "working"]) -> Deadline:
    """The last day of a period of `days` days after `start`.

    The start day is not counted (民法典第二百零一条). A natural-day period whose last day is a rest
    day ends on the next working day (第二百零三条). Working days skip weekends and statutory
    holidays and count make-up working days. `provisional` is True when any day used lies in a
    year with no official schedule.
    """
    if days < 0:
        raise ValueError("a period cannot be negative")
    data = calendar()
    used_years: set[int] = set()
    if kind == "natural":
        end = start + timedelta(days=days)
        used_years.add(end.year)
        while not is_workday(end):
            end += timedelta(days=1)
            used_years.add(end.year)
    elif kind == "working":
        end, counted = start, 0
        while counted < days:
            end += timedelta(days=1)
            used_years.add(end.year)
            counted += is_workday(end)
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    return Deadline(end, provisional=not used_years <= data.official_years)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count
