"""`{% signing_state contract as signing %}`: what the signing panel on a contract's page shows —
its signatures, a signing queued while the TSA is down, and whether the viewer may seal."""

from django import template

from ..models import LaborContract
from ..services import signing

register = template.Library()


@register.simple_tag(takes_context=True)
def signing_state(context, contract: LaborContract) -> dict:
    user = context.get("user")
    pending = signing.pending_signing(contract)
    awaiting_seal = contract.status == LaborContract.Status.AWAITING_SEAL
    return {
        "signatures": list(contract.signatures.all()),
        "pending": pending,
        "queued_message": signing.QUEUED_MESSAGE,
        # a seal job still trying blocks a second one; a job that gave up leaves HR free to seal again
        "may_seal": awaiting_seal and (pending is None or pending.finished) and signing.may_seal(contract, user),
    }
