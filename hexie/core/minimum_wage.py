"""The minimum wage (最低工资标准) in force in a region on a day, and the MWR annex hourly formula.

Rows live in `MinimumWage`, edited by province staff. A row applies to its region and every region
below it unless a more specific region has a row in force on that day. The whole table is small:
each process keeps it for a minute (hexie.core.refcache), and the process that saves or deletes a
row forgets it at once (watched in `CoreConfig.ready`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .refcache import ReferenceCache

CENT = Decimal("0.01")
# MWR annex: average monthly working days (20.92) and hours a day (8).
MONTHLY_WORKDAYS = Decimal("20.92")
HOURS_PER_DAY = Decimal("8")


@dataclass(frozen=True)
class Standard:
    """One row of the table: `prefix` is its region's prefix (37, 3705, 370502, or a township)."""

    region_code: str
    prefix: str
    tier: int
    monthly: Decimal
    hourly: Decimal
    effective_from: date
    source: str
    confirmed: bool


def load_table() -> "dict[str, list[Standard]]":
    """Rows by region prefix, latest first."""
    from django.db.utils import DatabaseError

    from .models import MinimumWage, Region

    table: dict[str, list[Standard]] = {}
    try:
        rows = list(
            MinimumWage.objects.order_by("-effective_from").values_list(
                "region_id", "region__level", "tier", "monthly", "hourly", "effective_from", "source", "confirmed"
            )
        )
    except DatabaseError:  # table not migrated yet
        return table
    for code, level, tier, monthly, hourly, effective_from, source, confirmed in rows:
        prefix = code[: Region.PREFIX_LENGTH[level]]
        table.setdefault(prefix, []).append(
            Standard(code, prefix, tier, monthly, hourly, effective_from, source, confirmed)
        )
    return table


_table = ReferenceCache(load_table)


def table() -> "dict[str, list[Standard]]":
    return _table.get()


def invalidate() -> None:
    """Forget the cached table."""
    _table.invalidate()


def standard_on(region_code: str, on_date: date) -> Standard | None:
    """The row in force in `region_code` on `on_date`: of the regions containing it that have a row
    effective by then (township → county → city → province), the most specific one; within it the
    latest `effective_from` on or before the day. None when no row is in force yet."""
    rows = table()
    for length in range(len(region_code), 1, -1):
        for row in rows.get(region_code[:length], ()):
            if row.effective_from <= on_date:
                return row
    return None


def minimum_wage(region_code: str, on_date: date, *, hourly: bool = False) -> Decimal | None:
    """The monthly (or, with `hourly=True`, the hourly) minimum wage in yuan, or None."""
    row = standard_on(region_code, on_date)
    if row is None:
        return None
    return row.hourly if hourly else row.monthly


def hourly_from_monthly(
    monthly: Decimal,
    employer_pension_rate: Decimal,
    employer_medical_rate: Decimal,
    adjustment: Decimal = Decimal("0"),
) -> Decimal:
    """The MWR annex hourly standard: monthly ÷ 20.92 ÷ 8 × (1 + employer pension + medical rates)
    × (1 + adjustment factor), rounded half up to the fen. Rates are fractions (0.16 for 16%)."""
    value = (
        Decimal(monthly)
        / MONTHLY_WORKDAYS
        / HOURS_PER_DAY
        * (1 + Decimal(employer_pension_rate) + Decimal(employer_medical_rate))
        * (1 + Decimal(adjustment))
    )
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
