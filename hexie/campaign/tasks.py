"""Campaign background work: the daily scheduling of three-year rechecks (复核).

It is one of the daily jobs (registered in DAILY_JOBS by the app's ready()): Celery beat runs them
at 02:00, or cron runs `hexie daily`. Either way a `Job` row records what it opened.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler

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
