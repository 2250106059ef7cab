"""Lifecycle pages: change (变更), renew (续订) and end (终止/解除) a contract from its detail page,
the termination record with its certificate (LCL-50), and the contracts expiring within 30 days.

Each form calls one service in services/lifecycle.py; a service's field errors land on the form's
fields. Contracts and terminations are looked up within `scoped`, so another's is a 404.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.forms import apply_errors
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, Column, RegionPrefix, ScopedDetailView, ScopedListView, Search

from ..models import LaborContract, Termination, TermKind
from ..services import lifecycle as service
from ..termination_pdf import render_termination_certificate

CHANGE_FIELDS = (
    "term_kind",
    "start",
    "end",
    "position",
    "job_description",
    "work_place",
    "hours_system",
    "rest",
    "wage",
    "wage_form",
    "payday",
    "social_insurance",
    "protection",
    "other_terms",
    "worker_address",
)
RENEW_FIELDS = ("term_kind", "start", "end", "position", "work_place", "wage")


def _model_field(name: str) -> forms.Field:
    field = LaborContract._meta.get_field(name).formfield()
    if isinstance(field, forms.DateField):
        field.widget.input_type = "date"
    return field


def contract_form(names, data=None, initial=None, extra=None) -> forms.Form:
    form = forms.Form(data, initial=initial)
    for name in names:
        form.fields[name] = _model_field(name)
    form.fields.update(extra or {})
    return form


def _managed_contract(request, pk: int) -> LaborContract:
    contract = get_object_or_404(
        scoped(LaborContract.objects.select_related("enterprise", "worker"), request.user), pk=pk
    )
    if not service.may_manage(request.user, contract):
        raise PermissionDenied(_("只有本单位的人事或法定代表人可以办理劳动合同的变更、续订、终止和解除"))
    return contract


@login_required
def contract_change(request, pk: int):
    """变更: the changed terms become a new draft that both parties sign (LCL-35)."""
    contract = _managed_contract(request, pk)
    note = forms.CharField(label=gettext_lazy("变更内容及原因"), widget=forms.Textarea, max_length=2000)
    initial = {name: getattr(contract, name) for name in CHANGE_FIELDS}
    form = contract_form(CHANGE_FIELDS, request.POST or None, initial, {"change_note": note})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CHANGE_FIELDS}
        try:
            new = service.change_contract(contract, fields, form.cleaned_data["change_note"], request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已拟定变更后的合同 %(number)s，请发起签署") % {"number": new.number})
            return redirect(new)
    return render(
        request,
        "contracts/change_form.html",
        {
            "title": _("变更劳动合同"),
            "contract": contract,
            "form": form,
            "renewal": False,
        },
    )


@login_required
def contract_renew(request, pk: int):
    """续订: the next term as a new draft, starting the day after this one ends."""
    contract = _managed_contract(request, pk)
    initial = {name: getattr(contract, name) for name in RENEW_FIELDS}
    if contract.end:
        initial["start"] = contract.end + timedelta(days=1)
        initial["end"] = contract.end + (contract.end - contract.start) + timedelta(days=1)
    form = contract_form(RENEW_FIELDS, request.POST or None, initial)
    form.fields["term_kind"].choices = [
        (k, v) for k, v in TermKind.choices if k in (TermKind.FIXED, TermKind.OPEN_ENDED)
    ]
    if request.method == "POST" and form.is_valid():
        try:
            new = service.renew_contract(contract, dict(form.cleaned_data), request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已拟定续订合同 %(number)s，请发起签署") % {"number": new.number})
            return redirect(new)
    return render(
        request,
        "contracts/change_form.html",
        {
            "title": _("续订劳动合同"),
            "contract": contract,
            "form": form,
            "renewal": True,
            "open_ended_owed": contract.previous_fixed_terms + 1 >= 2 and not contract.worker_requested_fixed_term,
        },
    )


class EndForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"), choices=[("dissolve", gettext_lazy("解除")), ("terminate", gettext_lazy("终止"))]
    )
    reason = forms.ChoiceField(label=gettext_lazy("原因及法律依据"), choices=service.reason_choices)
    ended_on = forms.DateField(label=gettext_lazy("终止或解除日期"))
    notice_given = forms.DateField(
        label=gettext_lazy("书面通知日期"),
        required=False,
        help_text=gettext_lazy("依第四十条解除时，用人单位书面通知劳动者的日期；不足三十日的应额外支付一个月工资"),
    )
    average_wage = forms.DecimalField(
        label=gettext_lazy("前十二个月平均工资（元）"),
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("劳动者在劳动合同解除或者终止前十二个月的平均工资（劳动合同法第四十七条）"),
    )
    local_average_wage = forms.DecimalField(
        label=gettext_lazy("上年度当地职工月平均工资（元）"),
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("设区的市级人民政府公布的本地区上年度职工月平均工资，用于三倍封顶"),
    )
    unlawful = forms.BooleanField(
        label=gettext_lazy("违法解除或终止（按经济补偿标准的二倍支付赔偿金）"), required=False
    )
    note = forms.CharField(label=gettext_lazy("说明"), widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].widget.input_type = "date"
        self.fields["notice_given"].widget.input_type = "date"


@login_required
def contract_end(request, pk: int):
    """终止 or 解除 with the reason's article; the severance is computed by rule."""
    contract = _managed_contract(request, pk)
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate(), "average_wage": contract.wage})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            termination = service.end_contract(
                contract,
                data["kind"],
                data["reason"],
                data["ended_on"],
                data["average_wage"],
                data["local_average_wage"],
                data["unlawful"],
                data["note"],
                request.user,
                notice_given=data["notice_given"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("已办理，经济补偿 %(amount)s") % {"amount": service.yuan(termination.severance)}
            )
            return redirect("contracts:termination-detail", pk=termination.pk)
    return render(
        request,
        "contracts/terminate_form.html",
        {
            "title": _("终止或解除劳动合同"),
            "contract": contract,
            "form": form,
            "reasons": service.REASONS.values(),
        },
    )


class TerminationDetail(ScopedDetailView):
    model = Termination
    template_name = "contracts/terminate_detail.html"
    select_related = ("contract__enterprise", "contract__worker")
    fields = [
        Column(gettext_lazy("合同编号"), "contract.number"),
        Column(gettext_lazy("劳动者"), "contract.worker.name"),
        Column(gettext_lazy("用人单位"), "contract.enterprise.name"),
        Column(gettext_lazy("类型"), "kind"),
        Column(gettext_lazy("原因"), lambda t: service.reason_label(t.reason)),
        Column(gettext_lazy("法律依据"), "article"),
        Column(gettext_lazy("终止或解除日期"), "ended_on", kind="date"),
        Column(gettext_lazy("前十二个月平均工资（元）"), "average_wage", kind="money"),
        Column(gettext_lazy("上年度当地职工月平均工资（元）"), "local_average_wage", kind="money"),
        Column(gettext_lazy("违法解除"), "unlawful", kind="bool"),
        Column(gettext_lazy("应支付经济补偿"), "severance_owed", kind="bool"),
        Column(gettext_lazy("经济补偿（元）"), "severance", kind="money"),
        Column(gettext_lazy("证明编号"), "certificate_number"),
        Column(gettext_lazy("说明"), "note"),
    ]


@login_required
def termination_certificate(request, pk: int):
    """The certificate PDF, for the enterprise, the worker and staff of the region."""
    termination = get_object_or_404(
        scoped(Termination.objects.select_related("contract__enterprise", "contract__worker"), request.user), pk=pk
    )
    if not termination.certificate:
        pdf = render_termination_certificate(termination)
        termination.certificate.save(f"{termination.certificate_number}.pdf", ContentFile(pdf), save=True)
    return FileResponse(
        termination.certificate.open("rb"),
        content_type="application/pdf",
        filename=f"{termination.certificate_number}.pdf",
    )


def _days_left(contract: LaborContract) -> int:
    return (contract.end - timezone.localdate()).days


def _contract_link(contract: LaborContract):
    return format_html('<a href="{}">{}</a>', contract.get_absolute_url(), contract.number)


class ExpiringList(ScopedListView):
    """即将到期的劳动合同: in force and ending within 30 days (HR their enterprise's, staff their
    region's), with whether the worker was reminded."""

    model = LaborContract
    title = gettext_lazy("30日内到期的劳动合同")
    select_related = ("enterprise", "worker")
    filters = {
        "q": Search("number", "worker__name", "enterprise__name"),
        "region": RegionPrefix("enterprise__region__code"),
        "kind": Choice("kind"),
    }
    columns = [
        Column(gettext_lazy("合同编号"), _contract_link, sort="number", export=False),
        Column(gettext_lazy("合同编号"), "number", export=True),
        Column(gettext_lazy("劳动者"), "worker.name", sort="worker__name"),
        Column(gettext_lazy("用人单位"), "enterprise.name", sort="enterprise__name"),
        Column(gettext_lazy("文书类型"), "kind"),
        Column(gettext_lazy("终止日期"), "end", kind="date", sort="end"),
        Column(gettext_lazy("剩余天数"), _days_left, kind="number"),
        Column(gettext_lazy("到期提醒日期"), "expiry_reminded_on", kind="date"),
    ]

    def base_queryset(self):
        return super().base_queryset().filter(service.expiring(timezone.localdate()))

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.request.GET.get("sort") else queryset.order_by("end", "pk")
