"""`{% signing_state contract as signing %}`: what the signing panel on a contract's page shows —
its signatures, a signing queued while the TSA is down, and whether the viewer may seal."""

from django import template

from ..models import LaborContract
from ..services import signing

register = template.Library()


@register.simple_tag(takes_context=True)
def signing_state(context, contract: LaborContract) -> dict:
    user = context.get("user")
    return {
        "signatures": list(contract.signatures.all()),
        "pending": signing.pending_signing(contract),
        "queued_message": signing.QUEUED_MESSAGE,
        "may_seal": contract.status == LaborContract.Status.AWAITING_SEAL and signing.may_seal(contract, user),
    }
