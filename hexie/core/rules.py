"""What every module's pure rules share: the `Finding` they return and exact month arithmetic.

A rule (`hexie/<app>/rules.py`) is a plain function over plain values that returns findings; an
"error" blocks the action, a "warning" is shown to the people involved (DESIGN.md, "Stable entry
points").
"""

import calendar
from datetime import date, timedelta
from typing import Literal, NamedTuple

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"


class Finding(NamedTuple):
    """One breach or risk: `code` is the rule code from RULES.md (e.g. "LCL-19"), `level` "error" or
    "warning", `message` Chinese and citing the article."""

    code: str
    level: Literal["error", "warning"]
    message: str


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the last day of the month when that month is shorter
    (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_end(start: date, months: int) -> date:
    """The last day of a period of `months` months that starts on (and counts) `start`.

    Civil Code art. 203 (《民法典》第二百零三条): a period counted in months ends on the day of the last
    month that corresponds to its starting point, or on the month's last day when there is no such
    day. Counting `start` itself as the first day, the period therefore ends the day before the
    corresponding day: 2024-03-01 + 1 month ends 2024-03-31, 2024-01-15 + 1 month ends 2024-02-14,
    and 2025-01-31 + 1 month ends 2025-02-28 (February has no 31st).
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if start.day > calendar.monthrange(year, month)[1]:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, start.day) - timedelta(days=1)


def full_months(start: date, end: date) -> int:
    """How many whole months the days `start`..`end` (both counted) cover, by `months_end`."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and months_end(start, months) > end:
        months -= 1
    while months_end(start, months + 1) <= end:
        months += 1
    return months
