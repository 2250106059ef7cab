"""Background jobs of the wages app (registered with @job_handler)."""

from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler

# --- intake: attendance, payroll and payout imports (services/intake.py) -------------------------


def _run_intake(kind: str, ctx) -> dict:
    """Validate the whole file, then write every row in `ctx.final()` or nothing; after an
    attendance or payout import the arrears check runs for the projects touched."""
    from functools import partial

    from hexie.core.imports import run_import

    from .services import intake

    project_id = ctx.params["project"]
    importer = partial(intake.IMPORTERS[kind], project_id=project_id, job_id=ctx.job.pk)
    result = run_import(importer, ctx)
    if kind in ("attendance", "payouts"):
        intake.after_import(result, result.get("projects") or [project_id])
    return result


@job_handler("wages.import_attendance")
def import_attendance(ctx: JobContext) -> dict:
    """考勤导入: params `attachment`, `project`."""
    return _run_intake("attendance", ctx)


@job_handler("wages.import_payroll")
def import_payroll(ctx: JobContext) -> dict:
    """工资表导入: params `attachment`, `project`."""
    return _run_intake("payroll", ctx)


@job_handler("wages.import_payouts")
def import_payouts(ctx: JobContext) -> dict:
    """代发记录导入: params `attachment`, `project`."""
    return _run_intake("payouts", ctx)


# --- detection: the daily arrears check (services/detection.py) ---------------------------------


@job_handler("wages.arrears_check")
def arrears_check(ctx: JobContext) -> dict:
    """欠薪预警: every detection rule over the supervised projects, the day after a missed payday at
    the latest. params: `on` (ISO date, default today), `project` (one project's id, optional). A
    second run the same day changes nothing."""
    from datetime import date

    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .services import detection

    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    projects = [ctx.params["project"]] if ctx.params.get("project") else None
    with ctx.final() as out:
        result = detection.check(on, projects=projects).summary()
        result["message"] = _("检查项目 %(projects)d 个，新发预警 %(opened)d 条，解除 %(resolved)d 条") % result
        out["result"] = result
    return out["result"]


# --- enforcement: the lists (services/listings.py) -----------------------------------------------


@job_handler("wages.listing_expiry")
def listing_expiry(ctx: JobContext) -> dict:
    """Daily: listings whose three years ended leave the lists and the public page (BL-17). params:
    `on` (ISO date, default today); a second run the same day removes nothing."""
    from datetime import date

    from django.utils import timezone

    from .services import listings

    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    with ctx.final() as out:
        removed = listings.expire_listings(on)
        out["result"] = {
            "on": on.isoformat(),
            "removed": removed,
            "message": _("列入期满移出名单 %(removed)d 个") % {"removed": removed},
        }
    return out["result"]
