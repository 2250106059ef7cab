"""Pages of the internal complaint and mediation: the actions of the mediation panel on the case
detail page (loaded into it by htmx, since what a user may do depends on who they are), one POST
view per action, the mediators' work queue and the agreement PDF.

Each action view looks the case up within `scoped` (another's case is a 404), validates its form
and calls one service in services/mediation.py; the service's field errors land on the form, which
is shown again on a page of its own. Success goes back to the case detail page.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hexie.core.forms import apply_errors
from hexie.core.models import Organization
from hexie.core.scoping import scoped
from hexie.core.views.generic import Column, ModelChoice, ScopedListView, Search

from ..models import DisputeCase, MediationAttempt
from ..services import mediation as service

TEXT = {"widget": forms.Textarea, "max_length": 4000}


# --- forms -------------------------------------------------------------------------------------


class ReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("答复内容"), **TEXT)


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("说明"), required=False, **TEXT)


class FailForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("调解不成的情况"), **TEXT)


class RouteForm(forms.Form):
    """An organization and its channel as one choice among the case's mediation options."""

    route = forms.ChoiceField(label=gettext_lazy("调解组织"))
    note = forms.CharField(label=gettext_lazy("说明"), required=False, **TEXT)

    def __init__(self, options, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {f"{o.organization.pk}:{o.channel}": o for o in options}
        self.fields["route"].choices = [(key, o.label) for key, o in self.options.items()]

    def chosen(self):
        return self.options[self.cleaned_data["route"]]


class AgreementForm(forms.Form):
    terms = forms.CharField(
        label=gettext_lazy("协议内容"),
        help_text=gettext_lazy("每行一项，如：被申请人于2026年10月15日前支付申请人工资人民币10000元"),
        **TEXT,
    )
    amount = forms.DecimalField(label=gettext_lazy("协议金额（元）"), required=False, max_digits=14, decimal_places=2)


class AssignForm(forms.Form):
    mediator = forms.ChoiceField(label=gettext_lazy("调解员"))

    def __init__(self, attempt, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].choices = [
            (str(u.pk), u.get_full_name() or u.get_username()) for u in mediators_of(attempt)
        ]


class ConfirmationForm(forms.Form):
    court = forms.ModelChoiceField(label=gettext_lazy("人民法院"), queryset=Organization.objects.none())
    requested_on = forms.DateField(label=gettext_lazy("申请司法确认日期"))

    def __init__(self, attempt, *args, **kwargs):
        super().__init__(*args, **kwargs)
        county = attempt.case.region_id[:6]
        self.fields["court"].queryset = Organization.objects.filter(
            kind=Organization.Kind.COURT, region__code__in=(county, county[:4] + "00")
        )
        self.fields["requested_on"].widget.input_type = "date"


class ConfirmationResultForm(forms.Form):
    result = forms.ChoiceField(
        label=gettext_lazy("司法确认结果"),
        choices=[("confirmed", gettext_lazy("确认有效")), ("rejected", gettext_lazy("驳回申请"))],
    )


def mediators_of(attempt: MediationAttempt):
    return (
        get_user_model()
        .objects.filter(
            memberships__organization_id=attempt.organization_id, memberships__role__in=("mediator", "coordinator")
        )
        .distinct()
        .order_by("username")
    )


# --- lookups -------------------------------------------------------------------------------------


def _case(request, pk: int) -> DisputeCase:
    cases = DisputeCase.objects.select_related("enterprise", "region", "mediation_org", "worker")
    return get_object_or_404(scoped(cases, request.user), pk=pk)


def _attempt(request, pk: int) -> MediationAttempt:
    attempts = MediationAttempt.objects.select_related("case__enterprise", "case__region", "organization")
    # `case__parties__person_id` in the attempt's ScopeSpec joins one row per party: distinct
    return get_object_or_404(scoped(attempts, request.user), pk=pk)


@dataclass
class PanelAction:
    """One form of the mediation panel: its anchor (the workflow action the case page links to),
    the button, where it posts and the empty form."""

    anchor: str
    label: str
    url: str
    form: forms.Form
    danger: bool = False


def _actions(state: service.MediationState) -> list[PanelAction]:
    """Empty forms for what the user may do now; each form's element ids carry its anchor, so the
    forms of one panel never share an id."""
    case, found = state.case, []

    def add(anchor, label, name, pk, form_class, *args, danger=False, **kwargs):
        form = form_class(*args, auto_id=f"{anchor}-%s", **kwargs)
        found.append(PanelAction(anchor, label, reverse(f"disputes:{name}", args=[pk]), form, danger))

    if state.may_reply:
        initial = {"text": case.internal_reply}
        add("reply_internal", _("答复内部申诉"), "mediation-reply", case.pk, ReplyForm, initial=initial)
    if state.may_resolve:
        add("resolve_internal", _("接受企业答复，内部申诉已解决"), "mediation-resolve", case.pk, NoteForm)
    if state.may_escalate:
        add("mediate", _("不满意，申请外部调解"), "mediation-escalate", case.pk, RouteForm, state.options)
    if state.may_mediate:
        current = state.current
        add("agree", _("达成调解协议"), "mediation-agree", case.pk, AgreementForm)
        others = [o for o in state.options if o.organization != current.organization]
        if others:
            add("handover", _("移交其他调解组织"), "mediation-handover", case.pk, RouteForm, others)
        initial = {"mediator": current.mediator_id}
        add("assign", _("指派调解员"), "mediation-assign", current.pk, AssignForm, current, initial=initial)
    if state.may_fail:
        add("fail_mediation", _("调解不成，终止调解"), "mediation-fail", case.pk, FailForm, danger=True)
    attempt = state.may_request_confirmation
    if attempt:
        initial = {"requested_on": timezone.localdate()}
        add(
            "confirmation",
            _("登记司法确认申请"),
            "mediation-confirmation",
            attempt.pk,
            ConfirmationForm,
            attempt,
            initial=initial,
        )
    attempt = state.may_record_confirmation
    if attempt:
        label = _("登记司法确认结果")
        add("confirmation_result", label, "mediation-confirmation-result", attempt.pk, ConfirmationResultForm)
    return found


@login_required
@require_GET
def mediation_actions(request, pk: int):
    """The actions part of the mediation panel (htmx fragment): what this user may do now."""
    case = _case(request, pk)
    state = service.mediation_state(case, request.user)
    return render(
        request, "disputes/mediation/actions.html", {"case": case, "state": state, "actions": _actions(state)}
    )


# --- one POST view per action ---------------------------------------------------------------------


def _act(request, case, form, title, run, success):
    """Validate `form`, `run(cleaned_data)`, then back to the case; errors on the form's page."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(case.get_absolute_url())
    return render(request, "disputes/mediation/action_form.html", {"case": case, "form": form, "title": title})


@login_required
@require_POST
def reply(request, pk: int):
    """企业答复内部申诉."""
    case = _case(request, pk)
    return _act(
        request,
        case,
        ReplyForm(request.POST),
        _("答复内部申诉"),
        lambda data: service.reply_internal(case, request.user, data["text"]),
        _("已答复内部申诉"),
    )


@login_required
@require_POST
def resolve(request, pk: int):
    """The worker accepts the enterprise's answer."""
    case = _case(request, pk)
    return _act(
        request,
        case,
        NoteForm(request.POST),
        _("确认内部申诉已解决"),
        lambda data: service.resolve_internal(case, request.user, data["note"]),
        _("内部申诉已解决"),
    )


@login_required
@require_POST
def escalate(request, pk: int):
    """The worker takes the complaint to external mediation."""
    case = _case(request, pk)
    form = RouteForm(service.mediation_options(case), request.POST)

    def run(data):
        option = form.chosen()
        service.escalate(case, request.user, option.organization, option.channel, data["note"])

    return _act(request, case, form, _("申请外部调解"), run, _("已申请调解"))


@login_required
@require_POST
def handover(request, pk: int):
    """The mediator hands the case to another channel."""
    case = _case(request, pk)
    form = RouteForm(service.mediation_options(case), request.POST)

    def run(data):
        option = form.chosen()
        service.handover(
            case, request.user, organization=option.organization, channel=option.channel, note=data["note"]
        )

    return _act(request, case, form, _("移交其他调解组织"), run, _("已移交"))


@login_required
@require_POST
def agree(request, pk: int):
    """The mediation agreement: the 调解协议书 is issued and served."""
    case = _case(request, pk)
    return _act(
        request,
        case,
        AgreementForm(request.POST),
        _("达成调解协议"),
        lambda data: service.record_agreement(case, request.user, terms=data["terms"], amount=data["amount"]),
        _("已达成调解协议，调解协议书已送达双方当事人"),
    )


@login_required
@require_POST
def fail(request, pk: int):
    """Mediation failed (or the worker ends it)."""
    case = _case(request, pk)
    return _act(
        request,
        case,
        FailForm(request.POST),
        _("调解不成"),
        lambda data: service.record_failure(case, request.user, data["note"]),
        _("已记录调解不成，当事人可以申请仲裁"),
    )


@login_required
@require_POST
def apply_arbitration(request, pk: int):
    """LDMAL-14: after fifteen days without agreement, a party applies for arbitration."""
    case = _case(request, pk)
    return _act(
        request,
        case,
        forms.Form(request.POST),
        _("调解期满申请仲裁"),
        lambda data: service.apply_after_lapse(case, request.user),
        _("已提交仲裁申请，仲裁委员会将在五日内决定是否受理"),
    )


@login_required
@require_POST
def assign(request, pk: int):
    """The organization names the mediator of its attempt."""
    attempt = _attempt(request, pk)
    form = AssignForm(attempt, request.POST)
    return _act(
        request,
        attempt.case,
        form,
        _("指派调解员"),
        lambda data: service.assign_mediator(attempt, mediators_of(attempt).get(pk=data["mediator"]), request.user),
        _("已指派调解员"),
    )


@login_required
@require_POST
def confirmation(request, pk: int):
    """Record the parties' request for judicial confirmation (司法确认)."""
    attempt = _attempt(request, pk)
    return _act(
        request,
        attempt.case,
        ConfirmationForm(attempt, request.POST),
        _("申请司法确认"),
        lambda data: service.request_confirmation(attempt, request.user, data["court"], data["requested_on"]),
        _("已登记司法确认申请"),
    )


@login_required
@require_POST
def confirmation_result(request, pk: int):
    """Record the court's ruling on the confirmation."""
    attempt = _attempt(request, pk)
    return _act(
        request,
        attempt.case,
        ConfirmationResultForm(request.POST),
        _("登记司法确认结果"),
        lambda data: service.record_confirmation(attempt, request.user, data["result"]),
        _("已登记司法确认结果"),
    )


@login_required
@require_GET
def agreement_pdf(request, pk: int):
    """The 调解协议书 of an agreed attempt, for whoever may see the case."""
    attempt = _attempt(request, pk)
    if not attempt.agreement:
        raise Http404(_("该调解没有调解协议书"))
    return FileResponse(
        attempt.agreement.open("rb"),
        content_type="application/pdf",
        filename=f"调解协议书-{attempt.case.mediation_number or attempt.case.number}.pdf",
    )


# --- the mediators' work queue ---------------------------------------------------------------------


def _days_left(case: DisputeCase):
    return (case.mediation_deadline - timezone.localdate()).days if case.mediation_deadline else None


class MediationQueue(ScopedListView):
    """调解工作台: the cases being mediated within the user's scope, the nearest LDMAL-14 deadline
    first, with the days left (negative once lapsed: the parties may go to arbitration)."""

    model = DisputeCase
    title = gettext_lazy("调解工作台")
    select_related = ("enterprise", "worker", "mediation_org")
    filters = {
        "q": Search("number", "mediation_number", "worker__name", "enterprise__name"),
        "organization": ModelChoice(
            "mediation_org",
            Organization.objects.filter(kind__in=("mediation", "station", "township")),
            label=gettext_lazy("调解组织"),
        ),
    }
    columns = [
        Column(gettext_lazy("调解案号"), "mediation_number", sort="mediation_number", link=True),
        Column(gettext_lazy("申请编号"), "number", sort="number"),
        Column(gettext_lazy("劳动者"), "worker.name", sort="worker__name"),
        Column(gettext_lazy("用人单位"), "enterprise.name", sort="enterprise__name"),
        Column(gettext_lazy("主要争议事项"), "cause"),
        Column(gettext_lazy("调解组织"), "mediation_org.name"),
        Column(gettext_lazy("调解期限"), "mediation_deadline", kind="date", sort="mediation_deadline"),
        Column(gettext_lazy("剩余天数"), _days_left, kind="number"),
    ]

    def base_queryset(self):
        return super().base_queryset().filter(status=DisputeCase.Status.MEDIATING)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.request.GET.get("sort") else queryset.order_by("mediation_deadline", "pk")
