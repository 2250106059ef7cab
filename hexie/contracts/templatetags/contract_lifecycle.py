"""`{% lifecycle_state contract as lifecycle %}`: what the lifecycle panel on a contract's page
shows — how it ended, what it replaced or was replaced by, its expiry, and which of change, renew
and end the viewer may do."""

from datetime import timedelta

from django import template
from django.utils import timezone

from ..models import LaborContract, Termination, TermKind
from ..services import lifecycle

register = template.Library()
Status = LaborContract.Status


@register.simple_tag(takes_context=True)
def lifecycle_state(context, contract: LaborContract) -> dict:
    user = context.get("user")
    manager = user is not None and lifecycle.may_manage(user, contract)
    in_force = contract.status == Status.IN_FORCE
    today = timezone.localdate()
    termination = Termination.objects.filter(contract=contract).first()
    successor = LaborContract.objects.filter(supersedes=contract).only("pk", "number", "status", "change_kind").first()
    renewable = contract.term_kind == TermKind.FIXED and contract.status in (Status.IN_FORCE, Status.EXPIRED)
    return {
        "termination": termination,
        "reason": lifecycle.reason_label(termination.reason) if termination else "",
        "successor": successor,
        "expiring": in_force and contract.end is not None and today <= contract.end <= today + timedelta(days=30),
        "days_left": (contract.end - today).days if contract.end else None,
        "may_change": manager and in_force,
        "may_renew": manager and renewable,
        "may_end": manager and in_force,
    }
