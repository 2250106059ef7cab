"""Surveys' daily job: close the surveys whose answering period has ended."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler

from .models import Survey


@job_handler("surveys.close_expired")
def close_expired(ctx: JobContext) -> dict:
    """结束到期测评: every open survey whose `closes_on` has passed is closed by the system clock,
    so its results count as final. params: `on` (ISO date, default today)."""
    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    with ctx.final() as out:
        expired = list(Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=on))
        for survey in expired:
            Survey.workflow.apply(survey, "close", None, note=_("测评期限已过，系统自动结束"))
        out["result"] = {
            "on": on.isoformat(),
            "closed": len(expired),
            "message": _("自动结束测评 %(n)d 项") % {"n": len(expired)},
        }
    return out["result"]
