"""Computed indicators (计算指标) read from core data and from the campaign's own veto events.

Each function takes `(organization, on_date)` and returns a number, a bool, or None for "no data";
each also offers `.many(organizations, on_date) -> {organization id: value}` so scoring many
assessments reads the database once per batch, not once per unit. `organizations` may be
Organization objects or their ids. They are registered in `CampaignConfig.ready()` under the keys
below; other modules register theirs ("contracts.signing_rate", "surveys.satisfaction_rate"…) in
their own `ready()`, and the campaign never imports them.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q

from hexie.core.bulk import among
from hexie.core.models import Employment, Organization

from .models import VetoEvent

VETO_WINDOW_DAYS = 365  # a veto event counts for 12 months (HOP: 创建期内未发生…; provinces use one year)


def _ids(organizations: Iterable) -> list[int]:
    return [getattr(o, "pk", o) for o in organizations]


def _chunks(ids: list[int]):
    """Ids in slices for IN (...) lists: under SQLite's variable limit; whole on PostgreSQL, where
    `among` passes them as one array parameter."""
    size = 900 if connection.vendor != "postgresql" else max(len(ids), 1)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def batch(many):
    """Make the single-unit function of a batch function `many(ids, on_date) -> dict`."""

    def one(organization, on_date: date):
        org_id = getattr(organization, "pk", organization)
        return many([org_id], on_date).get(org_id)

    one.many = lambda organizations, on_date: many(_ids(organizations), on_date)
    one.__doc__ = many.__doc__
    one.__name__ = many.__name__
    return one


@batch
def mediation_committee_present(ids: list[int], on_date: date) -> dict:
    """True when an organization of kind "mediation" has the enterprise as its parent (企业劳动争议调解
    委员会, LDMAL-10). Absence of a record is not proof of absence, so an enterprise with none
    registered gets None ("no data"), and the indicator may fall back to its evidence."""
    found: dict[int, bool] = {}
    for part in _chunks(ids):
        rows = Organization.objects.filter(
            among(Organization, "parent_id", part), kind=Organization.Kind.MEDIATION_COMMITTEE
        )
        found.update(dict.fromkeys(rows.values_list("parent_id", flat=True).distinct(), True))
    return found


@batch
def employment_headcount(ids: list[int], on_date: date) -> dict:
    """The number of people employed on `on_date` by the platform's employment records; None when
    the unit has no records at all."""
    counts: dict[int, int] = {}
    active = Q(employments__start__lte=on_date) & (Q(employments__end__isnull=True) | Q(employments__end__gte=on_date))
    for part in _chunks(ids):
        rows = (
            Organization.objects.filter(among(Organization, "id", part), employments__isnull=False)
            .annotate(n=Count("employments", filter=active))
            .values_list("pk", "n")
        )
        counts.update(rows)
    return counts


@batch
def dispatch_share(ids: list[int], on_date: date) -> dict:
    """Dispatched workers as a percentage of the workforce on `on_date` (DR-4: at most 10%)."""
    shares: dict[int, float] = {}
    active = Q(start__lte=on_date) & (Q(end__isnull=True) | Q(end__gte=on_date))
    for part in _chunks(ids):
        rows = (
            Employment.objects.filter(active, among(Employment, "enterprise_id", part))
            .values("enterprise_id")
            .annotate(total=Count("id"), dispatched=Count("id", filter=Q(kind=Employment.Kind.DISPATCH)))
        )
        for row in rows:
            if row["total"]:
                shares[row["enterprise_id"]] = round(100 * row["dispatched"] / row["total"], 2)
    return shares


def veto_event_indicator(kind: str):
    """True when a veto event of `kind` occurred to the unit in the 12 months up to `on_date`,
    False otherwise (the platform's record is complete for its own events)."""

    def many(ids: list[int], on_date: date) -> dict:
        since = on_date - timedelta(days=VETO_WINDOW_DAYS)
        result = dict.fromkeys(ids, False)
        for part in _chunks(ids):
            hits = VetoEvent.objects.filter(
                among(VetoEvent, "organization_id", part), kind=kind, occurred_on__gt=since, occurred_on__lte=on_date
            ).values_list("organization_id", flat=True)
            result.update(dict.fromkeys(hits, True))
        return result

    many.__name__ = f"veto_event_{kind}"
    many.__doc__ = veto_event_indicator.__doc__
    return batch(many)


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from hexie.core.registries import INDICATORS

    INDICATORS.register(
        "core.mediation_committee_present", mediation_committee_present, label=_("已建立企业劳动争议调解委员会")
    )
    INDICATORS.register("core.employment_headcount", employment_headcount, label=_("在岗职工人数"))
    INDICATORS.register("core.dispatch_share", dispatch_share, label=_("劳务派遣用工比例（%）"))
    for kind, label in VetoEvent.Kind.choices:
        INDICATORS.register(f"campaign.veto_event.{kind}", VETO_FUNCTIONS[kind], label=label)


VETO_FUNCTIONS = {kind: veto_event_indicator(kind) for kind in VetoEvent.Kind.values}
