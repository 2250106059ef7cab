"""Court linkage (裁审衔接): a party's suit on a served award or an employer's application to set
a final award aside (LDMAL-48/49/50), the court's result, and the consistency rate.

    record_suit(case, user, court=..., kind=..., plaintiff=..., filed_on=...)   SERVED -> IN_COURT
    record_court_result(outcome, user, result=..., decided_on=...)              IN_COURT -> COURT_DECIDED
    consistency_rate(queryset)                                                  裁审一致率 (percent)

Rules (RULES.md LDMAL rows):
- LDMAL-47/48: a final award binds the employer; the worker may sue within 15 days of receipt.
- LDMAL-49: the employer may apply to the intermediate court to set a final award aside within
  30 days; it may not sue on it.
- LDMAL-50: on a non-final award either party may sue within 15 days of receipt.
A filing after its window is recorded (the court decides whether to hear it) with a warning in
its note; a filing the law does not open at all is refused.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Organization
from hexie.core.scoping import roles_on

from .. import rules
from ..models import COURT, CourtOutcome, DisputeCase
from .statistics import percent

Kind = CourtOutcome.Kind
Result = CourtOutcome.Result
Side = DisputeCase.ApplicantSide
Finality = DisputeCase.Finality

LAWSUIT_RESULTS = (Result.UPHELD, Result.MODIFIED, Result.REVERSED, Result.WITHDRAWN)
SET_ASIDE_RESULTS = (Result.SET_ASIDE, Result.SET_ASIDE_REFUSED, Result.WITHDRAWN)


def window_for(case: DisputeCase, kind: str, plaintiff: str) -> str:
    """The rules.PERIODS name of the window `plaintiff` files `kind` in, or raise ValidationError
    when the law gives that party no such remedy on this award."""
    finality = case.finality or Finality.NON_FINAL
    if kind == Kind.SET_ASIDE:
        if plaintiff != Side.ENTERPRISE:
            raise ValidationError(
                {
                    "kind": _(
                        "申请撤销终局裁决是用人单位的救济途径；劳动者不服终局裁决的，应当向人民法院起诉（第四十八条）"
                    )
                }
            )
        if finality == Finality.NON_FINAL:
            raise ValidationError({"kind": _("非终局裁决不能申请撤销，当事人不服的可以向人民法院起诉（第五十条）")})
        return "set_aside"
    if plaintiff == Side.WORKER:
        return "worker_lawsuit" if finality == Finality.FINAL else "nonfinal_lawsuit"
    if finality == Finality.FINAL:
        raise ValidationError(
            {
                "plaintiff": _(
                    "终局裁决对用人单位发生法律效力，用人单位不能起诉，只能自收到裁决书之日起三十日内"
                    "向中级人民法院申请撤销（第四十七条、第四十九条）"
                )
            }
        )
    return "nonfinal_lawsuit"


def may_record_suit(user, case: DisputeCase) -> bool:
    if user is None or case.status != DisputeCase.Status.SERVED:
        return False
    return bool(DisputeCase.workflow.find(case, "sue").roles & roles_on(user, case))


def may_record_result(user, outcome: CourtOutcome) -> bool:
    if user is None or outcome.result != Result.PENDING or outcome.case.status != DisputeCase.Status.IN_COURT:
        return False
    return bool(COURT & roles_on(user, outcome.case))


def record_suit(
    case: DisputeCase,
    user,
    *,
    court: Organization,
    kind: str,
    plaintiff: str,
    filed_on: date,
    court_case_number: str = "",
) -> CourtOutcome:
    """A party sued on (or applied to set aside) the served award of `case`: record it and move the
    case into court. Recorded by the court liaison or the arbitration commission."""
    if case.status != DisputeCase.Status.SERVED:
        raise ValidationError(_("只有已送达的裁决才能记录起诉或撤销申请"))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("请选择起诉类型")})
    if plaintiff not in Side.values:
        raise ValidationError({"plaintiff": _("请选择起诉方")})
    if court is None or court.kind != Organization.Kind.COURT:
        raise ValidationError({"court": _("请选择人民法院")})
    if not case.served_on:
        raise ValidationError(_("裁决书送达日期未记录，无法计算起诉期限"))
    if filed_on < case.served_on:
        raise ValidationError({"filed_on": _("起诉日期不能早于裁决书送达日期")})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("起诉日期不能晚于今天")})
    window = window_for(case, kind, plaintiff)
    period = rules.PERIODS[window]
    last = rules.deadline(window, case.served_on)
    note = ""
    if filed_on > last.date:
        note = _("逾期：%(label)s（%(article)s）自%(served)s送达起算，已于%(last)s届满，由人民法院审查是否受理") % {
            "label": _(period.label),
            "article": period.article,
            "served": case.served_on.isoformat(),
            "last": last.date.isoformat(),
        }
    with transaction.atomic():
        DisputeCase.workflow.apply(
            case,
            "sue",
            user,
            note=_("%(side)s%(kind)s，%(court)s%(number)s")
            % {
                "side": Side(plaintiff).label,
                "kind": Kind(kind).label,
                "court": court.name,
                "number": f"（{court_case_number}）" if court_case_number else "",
            }
            + (f"。{note}" if note else ""),
        )
        return CourtOutcome.objects.create(
            case=case,
            court=court,
            kind=kind,
            plaintiff=plaintiff,
            filed_on=filed_on,
            court_case_number=court_case_number.strip()[:64],
            note=note,
        )


def record_court_result(outcome: CourtOutcome, user, *, result: str, decided_on: date) -> CourtOutcome:
    """The court's result on `outcome` (recorded by the court liaison): the case leaves court."""
    if outcome.result != Result.PENDING:
        raise ValidationError(_("该案件的法院裁判结果已经记录"))
    allowed = SET_ASIDE_RESULTS if outcome.kind == Kind.SET_ASIDE else LAWSUIT_RESULTS
    if result not in allowed:
        raise ValidationError({"result": _("该裁判结果不适用于“%(kind)s”") % {"kind": outcome.get_kind_display()}})
    if decided_on < outcome.filed_on:
        raise ValidationError({"decided_on": _("裁判日期不能早于起诉日期")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("裁判日期不能晚于今天")})
    case = outcome.case
    with transaction.atomic():
        DisputeCase.workflow.apply(
            case, "court_decide", user, note=_("法院裁判结果：%(result)s") % {"result": Result(result).label}
        )
        outcome.result = result
        outcome.decided_on = decided_on
        outcome.save(update_fields=["result", "decided_on"])
    return outcome


def consistency_counts(queryset: QuerySet) -> tuple[int, int]:
    """(consistent, decided) over the court outcomes of the cases in `queryset` (a DisputeCase or a
    CourtOutcome queryset): one aggregate query."""
    if queryset.model is DisputeCase:
        queryset = CourtOutcome.objects.filter(case__in=queryset.values("pk"))
    found = queryset.order_by().aggregate(
        consistent=Count("pk", filter=Q(result__in=CourtOutcome.CONSISTENT)),
        decided=Count("pk", filter=Q(result__in=CourtOutcome.DECIDED)),
    )
    return found["consistent"], found["decided"]


def consistency_rate(queryset: QuerySet) -> Decimal | None:
    """裁审一致率 in percent: court outcomes consistent with the award (upheld, set-aside refused)
    over those decided (withdrawn and pending ones not counted); None when none was decided."""
    consistent, decided = consistency_counts(queryset)
    return percent(consistent, decided)


def court_choices(user, case: DisputeCase | None = None):
    """The courts a recorder may pick: the liaison's own court(s), else the courts of the case's
    city (the basic court of the county and the intermediate court)."""
    own = Organization.objects.filter(kind=Organization.Kind.COURT, memberships__user=user).distinct()
    if own.exists():
        return own
    region = case.region_id[:4] if case else ""
    return Organization.objects.filter(kind=Organization.Kind.COURT, region__code__startswith=region).order_by("name")


def panel(case: DisputeCase, user) -> dict:
    """What the court panel on a case's page shows."""
    from .deadlines import suit_windows

    outcomes = list(case.court_outcomes.select_related("court"))
    today = timezone.localdate()
    windows = [
        {
            "label": _(p.label),
            "article": p.article,
            "last_day": last_day,
            "provisional": provisional,
            "open": last_day >= today,
        }
        for _name, p, last_day, provisional in suit_windows(case)
    ]
    for outcome in outcomes:
        outcome.may_record = may_record_result(user, outcome)
    return {
        "outcomes": outcomes,
        "windows": windows if case.status in (DisputeCase.Status.SERVED, DisputeCase.Status.IN_COURT) else [],
        "may_record_suit": may_record_suit(user, case),
        "show": bool(outcomes) or case.status in (DisputeCase.Status.SERVED, DisputeCase.Status.CLOSED),
    }
