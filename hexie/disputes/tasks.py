"""Background jobs of the disputes app (registered with @job_handler)."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.jobs import JobContext, job_handler

OVERDUE_LISTED = 200  # the job result lists at most this many overdue cases (all are counted)


@job_handler("disputes.deadlines")
def deadlines(ctx: JobContext) -> dict:
    """办案期限日常检查. params: `on` (ISO date, default today).

    - reminders: each case with a clock ending within two working days gets one recorded
      reminder a day (a timeline entry "remind" the handling organization sees on the case, and
      `reminded_on`); a second run the same day records nothing;
    - alarms: cases with a duty clock past its last day, counted and listed in the result;
    - served awards whose suit windows (LDMAL-48/49/50) all lapsed with no court record become
      effective (the system's move "close");
    - unanswered internal complaints escalate (the mediation part's `escalate_lapsed_internal`).
    """
    on = date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else timezone.localdate()
    with ctx.final() as out:
        result = run_deadlines(on)
        result["message"] = _("期限提醒 %(reminded)d 件，超期 %(overdue)d 件，裁决生效 %(closed)d 件") % {
            "reminded": result["reminded"],
            "overdue": result["overdue"],
            "closed": result["closed"],
        }
        out["result"] = result
    return out["result"]


def run_deadlines(on: date) -> dict:
    """The daily clock, inside the caller's transaction (see `deadlines`)."""
    from hexie.core.models import TimelineEntry
    from hexie.core.workflow import SYSTEM

    from .models import CourtOutcome, DisputeCase
    from .services.deadlines import case_clocks, due_soon_q, overdue_q, suit_windows_lapsed

    # first the mediation part's escalation of unanswered internal complaints (no alarm for them then)
    escalated = 0
    try:
        from .services import mediation
    except ImportError:
        mediation = None
    escalate = getattr(mediation, "escalate_lapsed_internal", None)
    if escalate is not None:
        found = escalate(on)
        escalated = found if isinstance(found, int) else len(found or ())

    content_type = ContentType.objects.get_for_model(DisputeCase)
    reminded = 0
    candidates = DisputeCase.objects.filter(due_soon_q(on)).exclude(reminded_on=on).order_by("pk")
    entries, stamped = [], []
    for case in candidates.iterator(chunk_size=500):
        soon = [c for c in case_clocks(case, on) if c.state == "soon"]
        if not soon:
            continue
        note = _("期限提醒：") + "；".join(
            _("%(label)s（%(article)s）将于%(day)s届满%(flag)s")
            % {
                "label": c.label,
                "article": c.article,
                "day": c.last_day.isoformat(),
                "flag": _("（暂定）") if c.provisional else "",
            }
            for c in soon
        )
        entries.append(
            TimelineEntry(
                content_type=content_type,
                object_id=str(case.pk),
                action="remind",
                from_status=case.status,
                to_status=case.status,
                actor=None,
                actor_role=SYSTEM,
                note=note,
                deadline=soon[0].last_day,
                deadline_provisional=soon[0].provisional,
            )
        )
        stamped.append(case.pk)
    TimelineEntry.objects.bulk_create(entries)
    DisputeCase.objects.filter(pk__in=stamped).update(reminded_on=on)
    reminded = len(stamped)

    overdue_cases = DisputeCase.objects.filter(overdue_q(on)).order_by("pk")
    overdue_count = overdue_cases.count()
    listed = []
    for case in overdue_cases[:OVERDUE_LISTED]:
        late = [c for c in case_clocks(case, on) if c.alarm]
        listed.append(
            {
                "id": case.pk,
                "number": str(case),
                "status": case.status,
                "clocks": [{"key": c.key, "article": c.article, "last_day": c.last_day.isoformat()} for c in late],
            }
        )

    closed = 0
    lapsed = DisputeCase.objects.filter(
        status=DisputeCase.Status.SERVED, served_on__isnull=False, served_on__lt=on - timedelta(days=15)
    ).exclude(Exists(CourtOutcome.objects.filter(case_id=OuterRef("pk"))))
    for case in lapsed.order_by("pk"):
        if not suit_windows_lapsed(case, on):
            continue
        DisputeCase.workflow.apply(case, "close", None, note=_("起诉和申请撤销期限届满，当事人未起诉，裁决生效"))
        if case.closed_on is None:
            DisputeCase.objects.filter(pk=case.pk).update(closed_on=case.awarded_on or on)
        closed += 1

    return {
        "on": on.isoformat(),
        "reminded": reminded,
        "overdue": overdue_count,
        "overdue_cases": listed,
        "closed": closed,
        "escalated": escalated,
    }
