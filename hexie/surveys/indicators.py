"""The computed indicator this module offers the campaign (through hexie.core.registries.INDICATORS)."""

from datetime import date
from decimal import Decimal

from hexie.core.models import Organization

from . import rules
from .models import Survey


def satisfaction_rate(organization: Organization, on_date: date) -> Decimal | None:
    """职工满意度: the overall satisfaction rate (percent, 0.00-100.00) of the enterprise's latest
    open or closed survey that opened on or before `on_date` and has at least rules.MIN_RESPONSES
    answers; None when there is none. One query."""
    survey = (
        Survey.objects.filter(
            enterprise=organization, status__in=[Survey.Status.OPEN, Survey.Status.CLOSED], opens_on__lte=on_date
        )
        .with_totals()
        .filter(response_count__gte=rules.MIN_RESPONSES)
        .order_by("-opens_on", "-pk")
        .first()
    )
    return survey.summary().overall_rate if survey else None
