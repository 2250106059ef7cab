"""Dispute statistics (劳动争议案件统计): a handful of aggregate queries over the case rows' own
columns (region, industry, cause, dates, outcome, clocks) — never a loop over rows.

Definitions, for a case queryset (already scoped) and a date range [start, end]:
- **filed** (收案): cases with `filed_on` in the range; counted by cause, industry, region (one level
  below the chosen prefix, for the drill-down) and month; `collective` those of kind collective.
- **mediation success rate** (调解成功率) = mediated / (mediated + mediation failed), by the case's
  `mediation_result` (agreed / failed, set when mediation ends and kept when arbitration later
  sets `outcome`), over the cases filed in the range.
- **closure rate** (仲裁结案率) = arbitration cases closed in the range (outcome in
  `DisputeCase.ARBITRATION_CLOSED`: award, settlement, withdrawal; `closed_on` in the range) /
  cases accepted in the range (`accepted_on`), as the commissions report it (cases accepted
  earlier and closed in the range count, so it may exceed 100 %).
- **average days to close** (平均结案天数): natural days from filing to `closed_on`, over the cases
  closed in the range (any outcome).
- **overdue** (超期案件): cases with a duty clock past its last day on `on` (services/deadlines.py
  `overdue_q`), whatever their filing date.
- **court consistency rate** (裁审一致率): court outcomes decided in the range consistent with the
  award (upheld, set-aside refused) / decided (services/court.py).
- **disputes per 100 workers** (每百名职工争议案件数) = filed / headcount of the enterprises of the
  area × 100; None without a headcount.
Rates are percents with two places, None when the denominator is 0.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Industry, Organization, Region
from hexie.core.scoping import scoped, user_scope

from ..models import ClaimKind, CourtOutcome, DisputeCase

NEXT_LEVEL = {0: 2, 2: 4, 4: 6, 6: 9, 9: 9}  # a region prefix's length -> its areas' one level down
Kind = DisputeCase.Kind
MediationResult = DisputeCase.MediationResult


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class DayNumber(Func):
    """A date as a day number, so that a difference of two is a whole number of days on every backend."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra)


class MonthKey(Func):
    """ "YYYY-MM" of a date (a plain text key on both backends, no per-row Python function)."""

    output_field = CharField()
    template = "to_char(%(expressions)s, 'YYYY-MM')"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)


class Rates:
    """The two rates of a row of counts (the totals or one group's)."""

    mediated: int
    mediation_failed: int
    accepted: int
    arbitration_closed: int

    @property
    def mediation_success_rate(self) -> Decimal | None:
        return percent(self.mediated, self.mediated + self.mediation_failed)

    @property
    def closure_rate(self) -> Decimal | None:
        return percent(self.arbitration_closed, self.accepted)


@dataclass
class Row(Rates):
    key: str
    label: str = ""
    filed: int = 0
    mediated: int = 0
    mediation_failed: int = 0
    accepted: int = 0
    arbitration_closed: int = 0
    drill: bool = False

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "filed": self.filed,
            "mediated": self.mediated,
            "mediation_failed": self.mediation_failed,
            "mediation_success_rate": self.mediation_success_rate,
            "accepted": self.accepted,
            "arbitration_closed": self.arbitration_closed,
            "closure_rate": self.closure_rate,
        }


@dataclass
class Statistics(Rates):
    start: date
    end: date
    on: date
    prefix: str = ""
    filed: int = 0
    collective: int = 0
    mediated: int = 0
    mediation_failed: int = 0
    accepted: int = 0
    arbitration_closed: int = 0
    closed: int = 0
    closed_days: int = 0
    overdue: int = 0
    court_consistent: int = 0
    court_decided: int = 0
    headcount: int = 0
    by_cause: list[Row] = field(default_factory=list)
    by_industry: list[Row] = field(default_factory=list)
    by_region: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)

    @property
    def average_days_to_close(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(self.closed_days) / self.closed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def consistency_rate(self) -> Decimal | None:
        return percent(self.court_consistent, self.court_decided)

    @property
    def per_100_workers(self) -> Decimal | None:
        if not self.headcount:
            return None
        return (Decimal(100) * self.filed / self.headcount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def figures(self) -> dict:
        """The headline figures (cards, export, API, the bench's comparison)."""
        return {
            "filed": self.filed,
            "collective": self.collective,
            "mediated": self.mediated,
            "mediation_failed": self.mediation_failed,
            "mediation_success_rate": self.mediation_success_rate,
            "accepted": self.accepted,
            "arbitration_closed": self.arbitration_closed,
            "closure_rate": self.closure_rate,
            "closed": self.closed,
            "average_days_to_close": self.average_days_to_close,
            "overdue": self.overdue,
            "court_consistent": self.court_consistent,
            "court_decided": self.court_decided,
            "consistency_rate": self.consistency_rate,
            "headcount": self.headcount,
            "per_100_workers": self.per_100_workers,
        }


def _between(path: str, start: date, end: date) -> Q:
    return Q(**{f"{path}__gte": start, f"{path}__lte": end})


def row_counts(start: date, end: date) -> dict:
    """The per-group counts of a Row, as aggregate expressions (for `.annotate`)."""
    filed = _between("filed_on", start, end)
    return {
        "filed": Count("pk", filter=filed),
        "mediated": Count("pk", filter=filed & Q(mediation_result=MediationResult.AGREED)),
        "mediation_failed": Count("pk", filter=filed & Q(mediation_result=MediationResult.FAILED)),
        "accepted": Count("pk", filter=_between("accepted_on", start, end)),
        "arbitration_closed": Count(
            "pk", filter=_between("closed_on", start, end) & Q(outcome__in=DisputeCase.ARBITRATION_CLOSED)
        ),
    }


FLAGS = ("filed", "mediated", "mediation_failed", "accepted", "arbitration_closed")
TOTAL_ONLY = ("collective", "closed", "closed_days", "overdue")
GROUPS = ("cause", "industry", "region", "month")


def _flag(condition: Q, then=None) -> Case:
    return Case(
        When(condition, then=then if then is not None else Value(1)), default=Value(0), output_field=IntegerField()
    )


def case_figures(base: QuerySet, *, start: date, end: date, on: date, length: int) -> tuple[dict, dict]:
    """(totals, {group: [Row]}) over `base` in ONE statement that reads the case table once. The ORM
    compiles a narrow row per case: its group keys (NULL outside the group's cases: groups list the
    cases filed, accepted or closed in the range, months the cases filed in it) and 0/1 flags. On
    PostgreSQL one aggregate sums them with GROUPING SETS (the totals and each grouping); SQLite,
    which has none, materializes the narrow rows and sums them once per grouping (UNION ALL)."""
    from .deadlines import overdue_q

    filed = _between("filed_on", start, end)
    accepted = _between("accepted_on", start, end)
    closed = _between("closed_on", start, end)
    in_range = filed | accepted | closed

    def key(condition: Q, expression) -> Case:
        return Case(When(condition, then=expression), default=Value(None), output_field=CharField())

    narrow = base.annotate(
        g_cause=key(in_range, F("cause")),
        g_industry=key(in_range, F("industry")),
        g_region=key(in_range, Substr("region_id", 1, length)),
        g_month=key(filed, MonthKey("filed_on")),
        f_filed=_flag(filed),
        f_mediated=_flag(filed & Q(mediation_result=MediationResult.AGREED)),
        f_mediation_failed=_flag(filed & Q(mediation_result=MediationResult.FAILED)),
        f_accepted=_flag(accepted),
        f_arbitration_closed=_flag(closed & Q(outcome__in=DisputeCase.ARBITRATION_CLOSED)),
        f_collective=_flag(filed & Q(kind=Kind.COLLECTIVE)),
        f_closed=_flag(closed),
        f_closed_days=_flag(closed, DayNumber("closed_on") - DayNumber("filed_on")),
        f_overdue=_flag(overdue_q(on)),
    ).values(*(f"g_{g}" for g in GROUPS), *(f"f_{n}" for n in (*FLAGS, *TOTAL_ONLY)))
    inner, params = narrow.query.sql_with_params()
    q = connection.ops.quote_name
    keys = [q(f"g_{g}") for g in GROUPS]
    sums = ", ".join(f"SUM({q('f_' + n)})" for n in (*FLAGS, *TOTAL_ONLY))
    if connection.vendor == "postgresql":
        sets = ", ".join(["()", *(f"({k})" for k in keys)])
        sql = (
            f"SELECT GROUPING({', '.join(keys)}), {', '.join(keys)}, {sums} "
            f"FROM ({inner}) n GROUP BY GROUPING SETS ({sets})"
        )
        # GROUPING() sets a bit for each key left out, the first key the highest: a set of one key
        # leaves all bits but its own
        full = (1 << len(GROUPS)) - 1
        which = {full: "total", **{full ^ (1 << (len(GROUPS) - 1 - i)): g for i, g in enumerate(GROUPS)}}
    else:
        branches = [f"SELECT 0, '', {sums} FROM t"]
        for i, k in enumerate(keys, start=1):
            branches.append(f"SELECT {i}, {k}, {sums} FROM t WHERE {k} IS NOT NULL GROUP BY {k}")
        sql = f"WITH t AS MATERIALIZED ({inner}) " + " UNION ALL ".join(branches)
        which = {0: "total", **{i: g for i, g in enumerate(GROUPS, start=1)}}
    totals: dict = dict.fromkeys((*FLAGS, *TOTAL_ONLY), 0)
    groups: dict[str, list[Row]] = {g: [] for g in GROUPS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for found in cursor.fetchall():
            group = which[found[0]]
            values = found[-len(FLAGS) - len(TOTAL_ONLY) :]
            counts = dict(zip((*FLAGS, *TOTAL_ONLY), (int(v or 0) for v in values), strict=True))
            if group == "total":
                totals = counts
                continue
            group_key = found[1 + GROUPS.index(group)] if connection.vendor == "postgresql" else found[1]
            if group_key is None:
                continue  # the cases outside this grouping (PostgreSQL's sets keep them as NULL)
            groups[group].append(Row(key=str(group_key), **{n: counts[n] for n in FLAGS}))
    for rows in groups.values():
        rows.sort(key=lambda r: r.key)
    return totals, groups


def compute(
    cases: QuerySet,
    *,
    start: date,
    end: date,
    on: date | None = None,
    prefix: str = "",
    enterprises: QuerySet | None = None,
) -> Statistics:
    """The statistics page's figures for `cases` (scoped by the caller) in [start, end]: one
    statement over the cases, one over their court outcomes, one for the headcount (`enterprises`,
    default: the enterprises of the `prefix` area) and one for the region names."""
    from .court import consistency_counts

    on = on or timezone.localdate()
    base = cases.order_by()
    if prefix:
        base = base.filter(region__code__startswith=prefix)
    stats = Statistics(start=start, end=end, on=on, prefix=prefix)
    totals, groups = case_figures(base, start=start, end=end, on=on, length=NEXT_LEVEL.get(len(prefix), 9))
    for name, value in totals.items():
        setattr(stats, name, value)
    for group, rows in groups.items():
        setattr(stats, f"by_{group}", rows)
    court = CourtOutcome.objects.filter(_between("decided_on", start, end), case__in=base.values("pk"))
    stats.court_consistent, stats.court_decided = consistency_counts(court)
    if enterprises is None:
        enterprises = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)
        if prefix:
            enterprises = enterprises.filter(region__code__startswith=prefix)
    stats.headcount = enterprises.order_by().aggregate(n=Sum("headcount"))["n"] or 0
    _label(stats, prefix)
    return stats


def _label(stats: Statistics, prefix: str) -> None:
    causes = dict(ClaimKind.choices)
    for row in stats.by_cause:
        row.label = str(causes.get(row.key, row.key))
    industries = dict(Industry.choices)
    for row in stats.by_industry:
        row.label = str(industries.get(row.key, _("未填行业")))
    for row in stats.by_month:
        row.label = row.key
    length = NEXT_LEVEL.get(len(prefix), 9)
    codes = {row.key: row.key.ljust(6, "0") for row in stats.by_region}
    names = dict(Region.objects.filter(code__in=set(codes.values())).values_list("code", "name"))
    for row in stats.by_region:
        name = names.get(codes[row.key], row.key)
        own_level = len(row.key) < length or (bool(prefix) and row.key == prefix.ljust(length, "0"))
        row.label = _("%(name)s（本级）") % {"name": name} if own_level else name
        row.drill = not own_level and len(row.key) < 9 and row.key != prefix


def region_prefix_of(user) -> str:
    """The widest region prefix of a staff user ("" for the whole province or for users with none)."""
    scope = user_scope(user)
    if scope.everything or not scope.regions:
        return ""
    return min(scope.regions, key=len)


def default_range(on: date | None = None) -> tuple[date, date]:
    """The year so far (1 January to today)."""
    on = on or timezone.localdate()
    return date(on.year, 1, 1), on


def user_statistics(user, *, start: date, end: date, region: str = "", on: date | None = None) -> Statistics:
    """`compute` over the cases `user` may see; `region` narrows to a prefix inside it (ignored
    when outside the user's own regions). The headcount is that of the enterprises `user` may see."""
    own = region_prefix_of(user)
    scope = user_scope(user)
    prefix = region if region and (scope.everything or region.startswith(own) and own) else own
    cases = scoped(DisputeCase.objects.all(), user)
    if scope.is_staff_scope:
        enterprises = None
    else:
        enterprises = scoped(Organization.objects.filter(kind=Organization.Kind.ENTERPRISE), user)
        if not (scope.organizations or scope.service_regions):
            enterprises = enterprises.none()
    return compute(cases, start=start, end=end, on=on, prefix=prefix, enterprises=enterprises)
