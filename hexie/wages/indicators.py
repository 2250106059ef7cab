"""What the arrears check offers the other modules through the core registries (registered in
`WagesConfig.register_detection()`):

- RISK_SIGNALS "wages.arrears": f(region_prefix, on_date) -> [(enterprise id, count)] of general
  contractors with wage-arrears warnings open on `on_date` (unpaid, underpaid or below the minimum
  wage; one per project, kind and month), most first. The general contractor answers for the
  wages on its project, whoever in the chain hired the worker (WPR-30), so the signal names it.
- The campaign's veto: not a registry entry but the "veto_event" hook services/detection.py sends
  for each wage-arrears warning it opens or reopens (kind "wage_arrears", source
  "wages:warning:<id>"); the campaign records it against the general contractor.
"""

from datetime import date

from django.db.models import Count, Q

from .models import ArrearsWarning

WAGE_KINDS = (ArrearsWarning.Kind.UNPAID, ArrearsWarning.Kind.UNDERPAID, ArrearsWarning.Kind.BELOW_MINIMUM)


def open_on(on_date: date) -> Q:
    """Warnings open on `on_date`: opened by then and not closed by then."""
    return Q(opened_on__lte=on_date) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on_date))


def arrears_signal(region_prefix: str, on_date: date) -> list[tuple[int, int]]:
    """Risk signal: (general contractor id, open wage-arrears warnings) in a region ("" for all)."""
    rows = (
        ArrearsWarning.objects.filter(open_on(on_date), kind__in=WAGE_KINDS)
        .filter(project__region__code__startswith=region_prefix)
        .values_list("project__general_contractor_id")
        .annotate(n=Count("id"))
    )
    return sorted(((pk, n) for pk, n in rows), key=lambda r: (-r[1], r[0]))


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from hexie.core.registries import RISK_SIGNALS

    RISK_SIGNALS.register("wages.arrears", arrears_signal, label=_("拖欠农民工工资预警"), article="WPR-12")
