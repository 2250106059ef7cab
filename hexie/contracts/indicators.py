"""What the contracts module offers the others through the core registries (registered in
`ContractsConfig.ready()`): the signing-rate indicator the campaign scores, a KPI and a risk signal.

- INDICATORS "contracts.signing_rate": f(organization, on_date) -> percent (Decimal, 0.00–100.00) or
  None for no data; `.many(organizations, on_date) -> {id: percent}` for a batch. An enterprise
  gets its own rate; an industrial park or a township office the rate over the enterprises of its
  region (its region code's prefix). Only enterprises that keep their contracts on the platform
  count: one with no labor-contract record at all (not even a paper one registered) has no data,
  not a rate of 0 — absence of a record is not proof of absence — so the campaign falls back to
  the self-reported rate and its evidence. The campaign's SIGNING_RATE scoring ("linear", target
  100) reads the percent as it is.
- KPIS "contracts.signing_rate": f(region_prefix, on_date) -> percent or None over a region: the
  platform's coverage as the statistics pages show it (every enterprise's employments).
- RISK_SIGNALS "contracts.unsigned_past_month": f(region_prefix, on_date) -> [(enterprise id, count)]
  of enterprises with workers unsigned more than a month after starting (LCL-10, LCL-82).
"""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr

from hexie.core.bulk import among
from hexie.core.models import Employment, Organization, Region

from .models import Kind, LaborContract
from .services.statistics import employment_counts, percent

AREA_KINDS = (Organization.Kind.INDUSTRIAL_PARK, Organization.Kind.TOWNSHIP_OFFICE)


def _chunks(ids: list, size: int = 900):
    size = max(len(ids), 1) if connection.vendor == "postgresql" else size
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _on_the_platform() -> Exists:
    """The employment's enterprise has labor-contract records on the platform (any status)."""
    return Exists(LaborContract.objects.filter(enterprise_id=OuterRef("enterprise_id"), kind=Kind.LABOR))


def signing_rates(ids: list[int], on_date: date) -> dict[int, Decimal]:
    """{organization id: signing rate} for enterprises (their own employments) and parks or
    township offices (the enterprises of their region); one query per chunk of enterprises and one
    per length of area prefix. Units with nobody employed are left out (no data)."""
    units = list(Organization.objects.filter(pk__in=ids).values_list("pk", "kind", "region_id", "region__level"))
    rates: dict[int, Decimal] = {}
    enterprises = [pk for pk, kind, _r, _l in units if kind == Organization.Kind.ENTERPRISE]
    for part in _chunks(enterprises):
        where = among(Employment, "enterprise_id", part) & Q(_on_the_platform())
        counts = employment_counts(where, F("enterprise_id"), on_date)
        rates.update({pk: percent(row["signed"], row["employed"]) for pk, row in counts.items() if row["employed"]})
    areas: dict[int, dict[str, list[int]]] = {}
    for pk, kind, region, level in units:
        if kind in AREA_KINDS:
            prefix = region[: Region.PREFIX_LENGTH[level]]
            areas.setdefault(len(prefix), {}).setdefault(prefix, []).append(pk)
    for length, by_prefix in areas.items():
        key = Substr("enterprise__region_id", 1, length)
        where = Q()
        for prefix in by_prefix:
            where |= Q(enterprise__region__code__startswith=prefix)
        where &= Q(_on_the_platform())
        for prefix, row in employment_counts(where, key, on_date).items():
            if prefix in by_prefix and row["employed"]:
                for pk in by_prefix[prefix]:
                    rates[pk] = percent(row["signed"], row["employed"])
    return rates


def signing_rate(organization, on_date: date) -> Decimal | None:
    """劳动合同签订率 (percent): see the module docstring."""
    org_id = getattr(organization, "pk", organization)
    return signing_rates([org_id], on_date).get(org_id)


signing_rate.many = lambda organizations, on_date: signing_rates([getattr(o, "pk", o) for o in organizations], on_date)


def region_signing_rate(region_prefix: str, on_date: date) -> Decimal | None:
    """KPI: the signing rate over the enterprises of a region (prefix "" for everything)."""
    counts = employment_counts(Q(enterprise__region__code__startswith=region_prefix), F("enterprise__kind"), on_date)
    row = counts.get(Organization.Kind.ENTERPRISE)
    return percent(row["signed"], row["employed"]) if row else None


def unsigned_past_month(region_prefix: str, on_date: date) -> list[tuple[int, int]]:
    """Risk signal: (enterprise id, workers employed more than a month without a contract in force)
    for the enterprises of a region that have any, most first."""
    counts = employment_counts(Q(enterprise__region__code__startswith=region_prefix), F("enterprise_id"), on_date)
    rows = [(pk, row["unsigned_past_month"]) for pk, row in counts.items() if row["unsigned_past_month"]]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from hexie.core.registries import INDICATORS, KPIS, RISK_SIGNALS

    INDICATORS.register("contracts.signing_rate", signing_rate, label=_("劳动合同签订率"), unit="%")
    KPIS.register("contracts.signing_rate", region_signing_rate, label=_("劳动合同签订率"), unit="%")
    RISK_SIGNALS.register(
        "contracts.unsigned_past_month", unsigned_past_month, label=_("入职超过一个月未签订劳动合同"), article="LCL-10"
    )
