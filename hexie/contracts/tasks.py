"""Contracts background work, run as jobs (hexie.core.jobs)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler


@job_handler("contracts.expiry_reminders")
def expiry_reminders(ctx: JobContext) -> dict:
    """到期提醒: text each worker whose contract ends within 30 days (once per contract) and list it
    for the enterprise; move contracts past their end to EXPIRED (LCL-44-1). params: `on` (ISO date,
    default today). A second run the same day sends and moves nothing."""
    from .services import lifecycle

    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    with ctx.final() as out:
        reminded = lifecycle.remind_expiry(on)
        expired = lifecycle.expire_contracts(on)
        out["result"] = {
            "on": on.isoformat(),
            "reminded": reminded,
            "expired": expired,
            "message": _("到期提醒 %(reminded)d 份，期满终止 %(expired)d 份")
            % {"reminded": reminded, "expired": expired},
        }
    return out["result"]


@job_handler("contracts.sign")
def sign_queued(ctx: JobContext) -> dict:
    """补签: complete a signing queued while the time-stamping service was down (services/signing.py)."""
    from .services import signing

    return signing.complete_queued_signing(ctx)


@job_handler("contracts.resume_signings")
def resume_signings(ctx: JobContext) -> dict:
    """Daily: queue again the signings whose job gave up while the time-stamping service was down."""
    from .services import signing

    return signing.resume_signings(ctx)


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


@job_handler("contracts.batch_issue")
def batch_issue(ctx: JobContext) -> dict:
    """批量发起: validate a whole roster, then create and issue every contract in `ctx.final()`, or
    nothing (services/batch.py). params: `attachment`, `enterprise`, `template`."""
    from functools import partial

    from hexie.core.imports import run_import

    from .services.batch import RosterImporter

    importer = partial(
        RosterImporter, enterprise_id=ctx.params["enterprise"], template_id=ctx.params["template"], job_id=ctx.job.pk
    )
    return run_import(importer, ctx)
