"""What the disputes module offers the others through the core registries (registered in
`DisputesConfig.register_statistics()`), in the shapes the contracts module uses:

- INDICATORS "disputes.per_100_workers": f(organization, on_date) -> Decimal or None: labor-dispute
  cases filed in the twelve months up to `on_date` per 100 workers (每百名职工劳动争议案件数). An
  enterprise gets its own cases over its headcount; an industrial park or a township office the
  cases of the enterprises of its region over their headcount. None when there is no headcount
  (no data, not 0). `.many(organizations, on_date) -> {id: value}` for a batch: one query per chunk
  of enterprises and one per length of area prefix.
- KPIS "disputes.mediation_success_rate" and "disputes.closure_rate": f(region_prefix, on_date) ->
  percent or None over the twelve months up to `on_date` (definitions in services/statistics.py).
- RISK_SIGNALS "disputes.cases": f(region_prefix, on_date) -> [(enterprise id, cases, collective
  cases)] filed in the twelve months up to `on_date`, for enterprises with any, most first.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from hexie.core.bulk import among
from hexie.core.models import Organization, Region
from hexie.core.rules import add_months

from .models import DisputeCase
from .services.statistics import percent, row_counts

AREA_KINDS = (Organization.Kind.INDUSTRIAL_PARK, Organization.Kind.TOWNSHIP_OFFICE)
WINDOW_MONTHS = 12


def window(on_date: date) -> tuple[date, date]:
    """The twelve months up to and including `on_date`."""
    return add_months(on_date, -WINDOW_MONTHS) + timedelta(days=1), on_date


def _chunks(ids: list, size: int = 900):
    size = max(len(ids), 1) if connection.vendor == "postgresql" else size
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _per_100(cases: int, headcount: int | None) -> Decimal | None:
    if not headcount:
        return None
    return (Decimal(100) * cases / headcount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def per_100_workers_many(ids: list[int], on_date: date) -> dict[int, Decimal]:
    """{organization id: cases per 100 workers} for enterprises and parks or township offices;
    units without a headcount are left out (no data)."""
    start, end = window(on_date)
    filed = Q(filed_on__gte=start, filed_on__lte=end)
    units = list(
        Organization.objects.filter(pk__in=ids).values_list("pk", "kind", "region_id", "region__level", "headcount")
    )
    values: dict[int, Decimal] = {}
    enterprises = {pk: headcount for pk, kind, _r, _l, headcount in units if kind == Organization.Kind.ENTERPRISE}
    for part in _chunks([pk for pk, headcount in enterprises.items() if headcount]):
        counts = dict(
            DisputeCase.objects.filter(filed, among(DisputeCase, "enterprise_id", part))
            .order_by()
            .values("enterprise_id")
            .annotate(n=Count("pk"))
            .values_list("enterprise_id", "n")
        )
        for pk in part:
            values[pk] = _per_100(counts.get(pk, 0), enterprises[pk])
    areas: dict[int, dict[str, list[int]]] = {}
    for pk, kind, region, level, _h in units:
        if kind in AREA_KINDS:
            prefix = region[: Region.PREFIX_LENGTH[level]]
            areas.setdefault(len(prefix), {}).setdefault(prefix, []).append(pk)
    for length, by_prefix in areas.items():
        where = Q()
        for prefix in by_prefix:
            where |= Q(region__code__startswith=prefix)
        key = Substr("region_id", 1, length)
        headcounts = dict(
            Organization.objects.filter(where, kind=Organization.Kind.ENTERPRISE)
            .annotate(area=key)
            .order_by()
            .values("area")
            .annotate(n=Sum("headcount"))
            .values_list("area", "n")
        )
        enterprise_where = Q()
        for prefix in by_prefix:
            enterprise_where |= Q(enterprise__region__code__startswith=prefix)
        cases = dict(
            DisputeCase.objects.filter(filed, enterprise_where)
            .annotate(area=Substr("enterprise__region_id", 1, length))
            .order_by()
            .values("area")
            .annotate(n=Count("pk"))
            .values_list("area", "n")
        )
        for prefix, pks in by_prefix.items():
            value = _per_100(cases.get(prefix, 0), headcounts.get(prefix))
            if value is not None:
                for pk in pks:
                    values[pk] = value
    return {pk: value for pk, value in values.items() if value is not None}


def per_100_workers(organization, on_date: date) -> Decimal | None:
    """每百名职工劳动争议案件数: see the module docstring."""
    org_id = getattr(organization, "pk", organization)
    return per_100_workers_many([org_id], on_date).get(org_id)


per_100_workers.many = lambda organizations, on_date: per_100_workers_many(
    [getattr(o, "pk", o) for o in organizations], on_date
)


def _region_counts(region_prefix: str, on_date: date) -> dict:
    start, end = window(on_date)
    return (
        DisputeCase.objects.filter(region__code__startswith=region_prefix)
        .order_by()
        .aggregate(**row_counts(start, end))
    )


def mediation_success_rate(region_prefix: str, on_date: date) -> Decimal | None:
    """KPI: mediated / (mediated + mediation failed) over the cases filed in the window (percent)."""
    counts = _region_counts(region_prefix, on_date)
    return percent(counts["mediated"], counts["mediated"] + counts["mediation_failed"])


def closure_rate(region_prefix: str, on_date: date) -> Decimal | None:
    """KPI: arbitration cases closed in the window / accepted in the window (percent)."""
    counts = _region_counts(region_prefix, on_date)
    return percent(counts["arbitration_closed"], counts["accepted"])


def dispute_cases(region_prefix: str, on_date: date) -> list[tuple[int, int, int]]:
    """Risk signal: (enterprise id, cases, collective cases) filed in the window against the
    enterprises of a region, most cases first."""
    start, end = window(on_date)
    rows = (
        DisputeCase.objects.filter(
            enterprise__region__code__startswith=region_prefix, filed_on__gte=start, filed_on__lte=end
        )
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"), collective=Count("pk", filter=Q(kind=DisputeCase.Kind.COLLECTIVE)))
        .values_list("enterprise_id", "n", "collective")
    )
    return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from hexie.core.registries import INDICATORS, KPIS, RISK_SIGNALS

    INDICATORS.register("disputes.per_100_workers", per_100_workers, label=_("每百名职工劳动争议案件数"), unit="件")
    KPIS.register("disputes.mediation_success_rate", mediation_success_rate, label=_("劳动争议调解成功率"), unit="%")
    KPIS.register("disputes.closure_rate", closure_rate, label=_("劳动人事争议仲裁结案率"), unit="%")
    RISK_SIGNALS.register("disputes.cases", dispute_cases, label=_("近十二个月劳动争议案件"), article="LDMAL-1")
