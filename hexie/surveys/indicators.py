"""The computed indicator this module offers the campaign (through hexie.core.registries.INDICATORS)."""

from datetime import date
from decimal import Decimal
from functools import reduce
from operator import add

from django.db.models import Count, Q

from hexie.core.bulk import among
from hexie.core.models import Organization

from . import rules
from .models import Survey


def satisfaction_rate(organization: Organization, on_date: date) -> Decimal | None:
    """职工满意度: the overall satisfaction rate (percent, 0.00-100.00) of the enterprise's latest
    open or closed survey that opened on or before `on_date` and has at least rules.MIN_RESPONSES
    answers; None when there is none. One query."""
    return satisfaction_rates([organization], on_date).get(organization.pk)


def satisfaction_rates(organizations: list, on_date: date, chunk: int = 2000) -> dict[int, Decimal]:
    """`satisfaction_rate` for many enterprises (Organization rows or ids) at once, one query per
    `chunk` of them: {organization id: rate}, leaving out those without a result. The campaign
    finds it as `satisfaction_rate.many`."""
    ids = [getattr(o, "pk", o) for o in organizations]
    satisfied = reduce(
        add,
        (
            Count("responses", filter=Q(**{f"responses__{key}__gte": rules.SATISFIED_FROM}))
            for key in rules.DIMENSION_KEYS
        ),
    )
    rows = (
        Survey.objects.filter(status__in=[Survey.Status.OPEN, Survey.Status.CLOSED], opens_on__lte=on_date)
        .annotate(n=Count("responses"), satisfied=satisfied)
        .filter(n__gte=rules.MIN_RESPONSES)
        .order_by("enterprise_id", "-opens_on", "-pk")
        .values_list("enterprise_id", "n", "satisfied")
    )
    answers_per_response = len(rules.DIMENSION_KEYS)
    rates: dict[int, Decimal] = {}
    for i in range(0, len(ids), chunk):
        for enterprise_id, n, satisfied_answers in rows.filter(among(Survey, "enterprise_id", ids[i : i + chunk])):
            if enterprise_id not in rates:  # the first of each enterprise is its latest
                rates[enterprise_id] = rules.percent(satisfied_answers, n * answers_per_response)
    return rates


satisfaction_rate.many = satisfaction_rates
