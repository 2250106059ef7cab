"""Contracts background work, run as jobs (hexie.core.jobs)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler


@job_handler("contracts.collective_clock")
def collective_clock(ctx: JobContext) -> dict:
    """集体合同审查时钟: a submitted collective contract with no objection within the 15 days takes
    effect the day after the review deadline (LCL-54); an effective one past its end expires.
    params: `on` (ISO date, default today). A second run the same day changes nothing."""
    from .services import collective

    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    with ctx.final() as out:
        result = collective.run_collective_clock(on)
        result["message"] = _("集体合同生效 %(effective)d 份，到期 %(expired)d 份") % {
            "effective": result["took_effect"],
            "expired": result["expired"],
        }
        out["result"] = result
    return out["result"]
