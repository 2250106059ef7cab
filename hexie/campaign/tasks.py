"""Campaign background work: the daily scheduling of three-year rechecks (复核).

Run it once a day: from Celery beat with the task "campaign.schedule_rechecks_daily", or from cron
with `hexie shell -c "from hexie.core.jobs import start_job; start_job('campaign.schedule_rechecks')"`.
Either way a `Job` row records what it opened.
"""

from datetime import date

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler, start_job

from .models import Recheck
from .services.namings import SCHEDULE_AHEAD_DAYS, open_recheck, rechecks_to_schedule


@job_handler("campaign.schedule_rechecks")
def schedule_rechecks(ctx: JobContext) -> dict:
    """Open a scheduled recheck, due on the naming's recheck date, for every active naming whose
    recheck falls due within 60 days and that has no open recheck. params: `on` (ISO date, default
    today). Running it twice on one day opens nothing the second time."""
    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    ctx.progress(0, rechecks_to_schedule(on).count(), force=True)
    with ctx.final() as out:
        opened = [open_recheck(naming, Recheck.Reason.SCHEDULED) for naming in rechecks_to_schedule(on)]
        out["result"] = {
            "on": on.isoformat(),
            "ahead_days": SCHEDULE_AHEAD_DAYS,
            "opened": len(opened),
            "message": _("新开复核 %(n)d 项") % {"n": len(opened)},
        }
    return out["result"]


@shared_task(name="campaign.schedule_rechecks_daily")
def schedule_rechecks_daily() -> int:
    """The Celery beat entry point: start the day's scheduling job."""
    return start_job("campaign.schedule_rechecks").pk
