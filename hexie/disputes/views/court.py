"""Court linkage pages (裁审衔接): the court liaison's shared list of awards served and cases in
court in their region, recording a suit (or a set-aside application) and the court's result.

Thin views: every case through `scoped` (404 outside the scope), one service call
(services/court.py), which checks the actor's role through the workflow (403 otherwise).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.forms import apply_errors
from hexie.core.models import Organization
from hexie.core.scoping import scoped, user_scope

from ..models import CourtOutcome, DisputeCase
from ..services import court as service
from ..services.deadlines import suit_windows

Status = DisputeCase.Status
COURT_STATUSES = (Status.SERVED, Status.IN_COURT, Status.COURT_DECIDED)
STATUS_FILTER = [
    ("", gettext_lazy("全部")),
    (Status.SERVED, gettext_lazy("裁决书已送达")),
    (Status.IN_COURT, gettext_lazy("已起诉至法院")),
    (Status.COURT_DECIDED, gettext_lazy("法院已判决")),
]


def may_open_liaison_view(user) -> bool:
    """The shared view is the court liaison's, the arbitration commission's and the labor offices'
    (staff of a region); enterprise users and workers follow their cases on the case pages."""
    scope = user_scope(user)
    return scope.everything or bool(scope.regions) or bool(scope.roles & {"court_liaison", "arbitrator"})


class SuitForm(forms.Form):
    court = forms.ModelChoiceField(label=gettext_lazy("人民法院"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=CourtOutcome.Kind.choices)
    plaintiff = forms.ChoiceField(label=gettext_lazy("起诉方"), choices=DisputeCase.ApplicantSide.choices)
    filed_on = forms.DateField(label=gettext_lazy("起诉日期"), widget=forms.DateInput(attrs={"type": "date"}))
    court_case_number = forms.CharField(label=gettext_lazy("法院案号"), max_length=64, required=False)

    def __init__(self, user, case, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = service.court_choices(user, case)
        self.fields["filed_on"].widget.input_type = "date"
        if not self.is_bound:
            self.initial.setdefault("filed_on", timezone.localdate())


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=gettext_lazy("裁判结果"))
    decided_on = forms.DateField(label=gettext_lazy("裁判日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, outcome, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = service.SET_ASIDE_RESULTS if outcome.kind == CourtOutcome.Kind.SET_ASIDE else service.LAWSUIT_RESULTS
        self.fields["result"].choices = [(r.value, r.label) for r in allowed]
        self.fields["decided_on"].widget.input_type = "date"
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())


@login_required
def court_cases(request):
    """法院联络：本地区已送达的裁决和已起诉的案件，联络员在此记录起诉和裁判结果。"""
    allowed = may_open_liaison_view(request.user)
    status = request.GET.get("status", "")
    context = {"title": _("裁审衔接"), "allowed": allowed, "status_filter": STATUS_FILTER, "status": status}
    if allowed:
        cases = scoped(DisputeCase.objects.filter(status__in=COURT_STATUSES), request.user)
        rate_base = cases
        if status in dict(STATUS_FILTER) and status:
            cases = cases.filter(status=status)
        cases = cases.select_related("enterprise", "commission", "region").prefetch_related(
            Prefetch("court_outcomes", queryset=CourtOutcome.objects.select_related("court"))
        )
        page = Paginator(cases.order_by("-served_on", "-id"), 50).get_page(request.GET.get("page"))
        today = timezone.localdate()
        rows = []
        for case in page:
            outcomes = list(case.court_outcomes.all())
            windows = [
                (p, last_day, provisional, last_day >= today) for _n, p, last_day, provisional in suit_windows(case)
            ]
            rows.append(
                {
                    "case": case,
                    "outcomes": [(o, service.may_record_result(request.user, o)) for o in outcomes],
                    "windows": windows if case.status == Status.SERVED else [],
                    "may_record_suit": service.may_record_suit(request.user, case),
                }
            )
        consistent, decided = service.consistency_counts(rate_base)
        context.update(
            {
                "rows": rows,
                "page_obj": page,
                "consistent": consistent,
                "decided": decided,
                "rate": service.consistency_rate(rate_base),
            }
        )
    return render(request, "disputes/court/cases.html", context)


def _case(request, pk: int) -> DisputeCase:
    return get_object_or_404(scoped(DisputeCase.objects.select_related("enterprise", "region"), request.user), pk=pk)


@login_required
def court_suit(request, pk: int):
    """记录起诉或申请撤销裁决 (LDMAL-48/49/50)."""
    case = _case(request, pk)
    if not service.may_record_suit(request.user, case):
        raise PermissionDenied(_("您不能为该案件记录起诉"))
    form = SuitForm(request.user, case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = service.record_suit(case, request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已记录起诉，案件进入法院审理"))
            if outcome.note:
                messages.warning(request, outcome.note)
            return redirect(f"{case.get_absolute_url()}#court")
    windows = suit_windows(case)
    return render(
        request,
        "disputes/court/suit_form.html",
        {"title": _("记录起诉或申请撤销裁决"), "case": case, "form": form, "windows": windows},
    )


@login_required
def court_result(request, pk: int):
    """记录法院裁判结果."""
    outcome = get_object_or_404(
        scoped(CourtOutcome.objects.select_related("case", "court"), request.user).filter(
            case__in=scoped(DisputeCase.objects.all(), request.user).values("pk")
        ),
        pk=pk,
    )
    if not service.may_record_result(request.user, outcome):
        raise PermissionDenied(_("您不能记录该案件的法院裁判结果"))
    form = ResultForm(outcome, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.record_court_result(outcome, request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已记录法院裁判结果"))
            return redirect(f"{outcome.case.get_absolute_url()}#court")
    return render(
        request,
        "disputes/court/result_form.html",
        {"title": _("记录法院裁判结果"), "case": outcome.case, "outcome": outcome, "form": form},
    )
