"""Complaint and list pages: the worker's complaint from a phone and their own complaints; the
inspection's complaint list, detail and actions (investigate, dismiss, order payment, record
payment, close); the blacklist and key-attention list with proposal, notice, objection, decision,
publication and removal; the public blacklist and its export for joint punishment. Views parse,
call one service, render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.exports import Column, xlsx_response
from hexie.core.forms import DateInput, apply_errors
from hexie.core.models import Organization
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, RegionPrefix, ScopedListView, Search
from hexie.core.workflow import TransitionError

from ..models import Complaint, Listing
from ..services import enforcement, listings


class ComplaintForm(forms.Form):
    employer = forms.TypedChoiceField(label=gettext_lazy("被投诉单位"), coerce=int)
    project = forms.TypedChoiceField(label=gettext_lazy("工程项目"), coerce=int, required=False, empty_value=None)
    amount = forms.CharField(
        label=gettext_lazy("拖欠金额（元）"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    months = forms.IntegerField(label=gettext_lazy("拖欠月数"), min_value=1, max_value=120, initial=1)
    workers = forms.IntegerField(label=gettext_lazy("涉及人数"), min_value=1, max_value=10000, initial=1)
    facts = forms.CharField(label=gettext_lazy("投诉事项"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [(o.pk, o.name) for o in enforcement.employers_of(person)]
        projects = {entry.project for entry in person.rosters.select_related("project")}
        self.fields["project"].choices = [("", "—")] + [(p.pk, p.name) for p in projects]


@login_required
def complaint_file(request):
    """The worker's phone page: complain about unpaid wages; anonymous to the employer."""
    person = getattr(request.user, "person", None)
    if person is None:  # staff and enterprise users: the page explains who may complain
        return render(request, "wages/enforcement/complaint_file.html", {"title": _("欠薪投诉"), "form": None})
    form = ComplaintForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = enforcement.file_complaint(request.user, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("投诉已提交，编号 %(number)s。用人单位看不到您的投诉信息。") % {"number": complaint.number}
            )
            return redirect("wages:my-complaints")
    return render(request, "wages/enforcement/complaint_file.html", {"title": _("欠薪投诉"), "form": form})


@login_required
def my_complaints(request):
    person = getattr(request.user, "person", None)
    complaints = Complaint.objects.filter(person=person).select_related("employer") if person else []
    return render(request, "wages/enforcement/my_complaints.html", {"title": _("我的投诉"), "complaints": complaints})


def _link(row):
    return format_html('<a href="{}">{}</a>', row.get_absolute_url(), row)


COMPLAINT_COLUMNS = [
    Column(gettext_lazy("投诉编号"), _link, sort="number", export=False),
    Column(gettext_lazy("被投诉单位"), "employer.name"),
    Column(gettext_lazy("工程项目"), "project.name"),
    Column(gettext_lazy("所在地区"), "region.name", sort="region__code"),
    Column(gettext_lazy("拖欠金额（元）"), "amount", kind="money", sort="amount"),
    Column(gettext_lazy("涉及人数"), "workers", kind="number", sort="workers"),
    Column(gettext_lazy("限期支付期限"), "order_deadline", kind="date", sort="order_deadline"),
    Column(gettext_lazy("已追回金额（元）"), "paid_amount", kind="money"),
    Column(gettext_lazy("投诉时间"), "filed_at", kind="datetime", sort="filed_at"),
    Column(gettext_lazy("状态"), "status", sort="status"),
]


class ComplaintList(ScopedListView):
    """The inspection's complaints: the region's staff and grid members see their region's."""

    model = Complaint
    title = gettext_lazy("欠薪投诉")
    select_related = ("employer", "project", "region")
    filters = {
        "q": Search("number", "employer__name", "project__name"),
        "region": RegionPrefix("region__code"),
        "status": Choice("status"),
    }
    columns = COMPLAINT_COLUMNS
    export_columns = [Column(gettext_lazy("投诉编号"), "number"), *COMPLAINT_COLUMNS[1:]]


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("investigate", "dismiss", "order", "payment", "close")], widget=forms.HiddenInput
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=gettext_lazy("支付期限"), required=False, widget=DateInput)
    amount = forms.CharField(label=gettext_lazy("支付金额（元）"), required=False)
    paid_on = forms.DateField(label=gettext_lazy("支付日期"), required=False, widget=DateInput)


def _complaint(request, pk):
    return get_object_or_404(enforcement.visible_complaints(request.user), pk=pk)


@login_required
def complaint_detail(request, pk: int):
    complaint = _complaint(request, pk)
    own = getattr(getattr(request.user, "person", None), "pk", None) == complaint.person_id
    context = {
        "title": complaint.number,
        "object": complaint,
        "own": own,
        "moves": {t.action for t in Complaint.workflow.available(complaint, request.user)},
        "ignored": enforcement.order_ignored(complaint),
        "timeline": complaint.timeline_with_labels,
        "today": timezone.localdate(),
    }
    return render(request, "wages/enforcement/complaint_detail.html", context)


@login_required
@require_POST
def complaint_action(request, pk: int):
    complaint = _complaint(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效"))
        return redirect(complaint)
    data, user = form.cleaned_data, request.user
    try:
        match data["action"]:
            case "investigate":
                enforcement.investigate(complaint, user, data["note"])
            case "dismiss":
                enforcement.dismiss(complaint, user, data["note"])
            case "order":
                if not data["deadline"]:
                    raise ValidationError({"deadline": _("请填写支付期限")})
                enforcement.order_payment(complaint, user, data["deadline"], data["note"])
            case "payment":
                enforcement.record_payment(complaint, user, data["amount"], data["paid_on"] or timezone.localdate())
            case "close":
                enforcement.close(complaint, user, data["note"])
    except (ValidationError, TransitionError) as error:
        messages.error(request, "；".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("已办理"))
    return redirect(complaint)


# --- the lists -------------------------------------------------------------------------------------

LISTING_COLUMNS = [
    Column(gettext_lazy("单位"), _link, export=False),
    Column(gettext_lazy("名单"), "kind", sort="kind"),
    Column(gettext_lazy("所在地区"), "region.name", sort="region__code"),
    Column(gettext_lazy("拖欠金额（元）"), "amount_owed", kind="money", sort="amount_owed"),
    Column(gettext_lazy("拖欠人数"), "workers_owed", kind="number"),
    Column(gettext_lazy("提出日期"), "proposed_on", kind="date", sort="proposed_on"),
    Column(gettext_lazy("列入日期"), "listed_on", kind="date", sort="listed_on"),
    Column(gettext_lazy("期满日期"), "expires_on", kind="date", sort="expires_on"),
    Column(gettext_lazy("已公开"), "published", kind="bool"),
    Column(gettext_lazy("状态"), "status", sort="status"),
]


class ListingList(ScopedListView):
    """The blacklist and key-attention list of the staff's region (and, for an enterprise user, the
    listings of their own enterprise)."""

    model = Listing
    title = gettext_lazy("欠薪失信名单")
    template_name = "wages/enforcement/listing_list.html"
    select_related = ("organization", "region")
    filters = {
        "q": Search("organization__name", "organization__uscc"),
        "region": RegionPrefix("region__code"),
        "kind": Choice("kind"),
        "status": Choice("status"),
    }
    columns = LISTING_COLUMNS
    export_columns = [Column(gettext_lazy("单位"), "organization.name"), *LISTING_COLUMNS[1:]]


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("名单"), choices=Listing.Kind.choices)
    complaint = forms.CharField(label=gettext_lazy("投诉编号"), required=False)
    mass_incident = forms.BooleanField(label=gettext_lazy("因欠薪引发群体性事件、极端事件"), required=False)
    responsible_person = forms.CharField(label=gettext_lazy("法定代表人或主要负责人"), required=False)


@login_required
def listing_propose(request, organization_id: int):
    """Propose an employer (within the staff's region) for a list, from a complaint's figures."""
    organization = get_object_or_404(scoped(Organization.objects.all(), request.user), pk=organization_id)
    form = ProposeForm(request.POST or None, initial={"complaint": request.GET.get("complaint", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint = None
        if data["complaint"]:
            complaint = enforcement.visible_complaints(request.user).filter(number=data["complaint"].strip()).first()
            if complaint is None:
                form.add_error("complaint", _("没有该编号的投诉案件"))
        if form.is_valid():
            try:
                listing = listings.propose(
                    request.user,
                    organization=organization,
                    kind=data["kind"],
                    complaint=complaint,
                    mass_incident=data["mass_incident"],
                    responsible_person=data["responsible_person"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("已提出"))
                return redirect(listing)
    context = {"title": _("提出列入名单"), "form": form, "organization": organization}
    return render(request, "wages/enforcement/listing_propose.html", context)


def _listing(request, pk):
    return get_object_or_404(listings.visible_listings(request.user), pk=pk)


@login_required
def listing_detail(request, pk: int):
    listing = _listing(request, pk)
    context = {
        "title": str(listing),
        "object": listing,
        "moves": {t.action for t in Listing.workflow.available(listing, request.user)},
        "staff": listings.may_act(request.user, listing),
        "timeline": listing.timeline_with_labels,
        "today": timezone.localdate(),
    }
    return render(request, "wages/enforcement/listing_detail.html", context)


class ListingActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("notify", "object", "decide", "decline", "publish", "correct", "remove_early")],
        widget=forms.HiddenInput,
    )
    text = forms.CharField(required=False)
    corrected_on = forms.DateField(required=False, widget=DateInput)
    pledged = forms.BooleanField(required=False)
    criminal_proceedings = forms.BooleanField(required=False)


@login_required
@require_POST
def listing_action(request, pk: int):
    listing = _listing(request, pk)
    form = ListingActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效"))
        return redirect(listing)
    data, user = form.cleaned_data, request.user
    try:
        match data["action"]:
            case "notify":
                listings.notify(listing, user)
            case "object":
                listings.object_to(listing, user, data["text"])
            case "decide":
                listings.decide(listing, user, data["text"])
            case "decline":
                listings.decline(listing, user, data["text"])
            case "publish":
                listings.publish(listing, user)
            case "correct":
                if not data["corrected_on"]:
                    raise ValidationError({"corrected_on": _("请填写改正日期")})
                listings.record_correction(listing, user, corrected_on=data["corrected_on"], pledged=data["pledged"])
            case "remove_early":
                listings.remove_early(listing, user, criminal_proceedings=data["criminal_proceedings"])
    except (ValidationError, TransitionError) as error:
        messages.error(request, "；".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("已办理"))
    return redirect(listing)


PUBLIC_COLUMNS = [
    Column(gettext_lazy("单位名称"), "organization.name"),
    Column(gettext_lazy("统一社会信用代码"), "organization.uscc"),
    Column(gettext_lazy("法定代表人或主要负责人"), "responsible_person"),
    Column(gettext_lazy("所在地区"), "region.name"),
    Column(gettext_lazy("列入事由"), lambda row: "；".join(f[2] for f in row.findings)),
    Column(gettext_lazy("列入日期"), "listed_on", kind="date"),
    Column(gettext_lazy("期满日期"), "expires_on", kind="date"),
]


def blacklist_public(request):
    """The published blacklist: anyone may read it (BL: 向社会公布)."""
    rows = listings.public_listings().order_by("-listed_on", "organization__name")
    query = (request.GET.get("q") or "").strip()
    if query:
        rows = rows.filter(organization__name__icontains=query) | rows.filter(organization__uscc=query.upper())
    context = {"title": _("拖欠农民工工资失信联合惩戒对象名单"), "rows": rows[:500], "query": query}
    return render(request, "wages/enforcement/blacklist_public.html", context)


@login_required
def blacklist_export(request):
    """The published blacklist as .xlsx with USCCs and grounds, for the departments that carry out
    joint punishment (the list is public; the export needs a login so downloads are audited)."""
    rows = listings.public_listings().order_by("region_id", "organization__name")
    return xlsx_response(rows, PUBLIC_COLUMNS, "blacklist", str(_("拖欠农民工工资失信联合惩戒对象名单")))
