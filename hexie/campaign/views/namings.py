"""Namings, certificates, rechecks, spot checks, revocations and the public list.

Public (no login): the list of named units (和谐劳动关系单位名单) with its export, the certificate
verification page and the certificate PDF — a naming is public information. Staff pages: namings
(those whose application the user may see), rechecks (scoped), the revoke, close and spot-check forms.
"""

import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.exports import xlsx_response
from hexie.core.models import Region, TimelineEntry
from hexie.core.scoping import scoped, user_scope
from hexie.core.views.generic import (
    Choice,
    Column,
    Filter,
    RegionPrefix,
    Related,
    ScopedDetailView,
    ScopedListView,
    Search,
)

from ..certificates import render_certificate, verify_url
from ..models import Level, Naming, Recheck
from ..services import namings as service

PUBLIC_PAGE_SIZE = 50


def visible_namings(user):
    """The namings a user may manage or follow (staff pages)."""
    return scoped(Naming.objects.select_related("organization__region"), user)


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


# --- public ------------------------------------------------------------------------------------

PUBLIC_COLUMNS = [
    Column(gettext_lazy("单位名称"), "organization.name"),
    Column(gettext_lazy("所在地区"), lambda n: n.organization.region.full_name()),
    Column(gettext_lazy("称号"), "title"),
    Column(gettext_lazy("命名层级"), "level"),
    Column(gettext_lazy("命名年度"), "year", kind="number"),
    Column(gettext_lazy("命名日期"), "named_on", kind="date"),
    Column(gettext_lazy("证书编号"), "serial"),
    Column(gettext_lazy("铭牌编号"), "plaque_number"),
    Column(gettext_lazy("状态"), "status"),
    Column(gettext_lazy("撤销日期"), "revoked_on", kind="date"),
    Column(gettext_lazy("撤销原因"), "revoke_reason"),
]

STATUS_ALL = "all"


class PublicListForm(forms.Form):
    """The public list's filters. With no status chosen it lists the units named and in force;
    "已撤销" lists the revoked ones (撤销名单)."""

    region = forms.ChoiceField(label=gettext_lazy("地区"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("命名层级"), required=False)
    year = forms.IntegerField(label=gettext_lazy("命名年度"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False)
    q = forms.CharField(label=gettext_lazy("单位名称"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indent = {Region.Level.CITY: "", Region.Level.COUNTY: "　"}
        regions = Region.objects.filter(level__in=indent).order_by("code")
        self.fields["region"].choices = [("", _("全部"))] + [(r.prefix, f"{indent[r.level]}{r.name}") for r in regions]
        self.fields["level"].choices = [("", _("全部")), *Level.choices]
        self.fields["status"].choices = [
            ("", _("有效")),
            (Naming.Status.REVOKED, _("已撤销（撤销名单）")),
            (STATUS_ALL, _("全部")),
        ]

    def filter(self, queryset):
        if self.is_bound:
            self.is_valid()  # an invalid field is left out; the valid ones still filter
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or Naming.Status.ACTIVE
        if status != STATUS_ALL:
            queryset = queryset.filter(status=status)
        if data.get("region"):
            queryset = queryset.filter(organization__region__code__startswith=data["region"])
        if data.get("level"):
            queryset = queryset.filter(level=data["level"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        if data.get("q"):
            queryset = queryset.filter(organization__name__icontains=data["q"].strip())
        return queryset


def _public_rows(request):
    form = PublicListForm(request.GET or None)
    # The list of named units is public information: every naming, whoever asks.
    rows = Naming.objects.select_related("organization__region__parent__parent__parent")
    return form, form.filter(rows).order_by("-named_on", "organization__name", "pk")


def public_list(request):
    """和谐劳动关系单位名单: every named unit, by region, level, year and status; no login."""
    form, rows = _public_rows(request)
    page = Paginator(rows, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaign/public_list.html",
        {
            "title": _("和谐劳动关系单位名单"),
            "filter_form": form,
            "page_obj": page,
            "export_url": f"{reverse('campaign:public-list-export')}?{query.urlencode()}",
            "revoked_view": form.is_bound and form.is_valid() and form.cleaned_data.get("status") == "revoked",
        },
    )


def public_list_export(request):
    _form, rows = _public_rows(request)
    return xlsx_response(rows, PUBLIC_COLUMNS, "namings", _("和谐劳动关系单位名单"))


def certificate_verify(request, serial: str):
    """证书核验: what the certificate's QR code opens — the unit, honour, level, date and whether
    the naming is in force or was revoked (and when)."""
    naming = get_object_or_404(Naming.objects.select_related("organization__region"), serial=serial)  # public
    return render(request, "campaign/certificate_verify.html", {"title": _("证书核验"), "naming": naming})


def certificate_pdf(request, serial: str):
    naming = get_object_or_404(Naming.objects.select_related("organization__region"), serial=serial)  # public
    response = HttpResponse(render_certificate(naming, verify_url(naming, request)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{naming.serial}.pdf"'
    return response


# --- staff: namings ----------------------------------------------------------------------------


class Year(Filter):
    def __init__(self, field: str, label=None):
        super().__init__(label or gettext_lazy("年度"))
        self.field = field

    def form_field(self, view):
        return forms.IntegerField(label=self.label, required=False, min_value=2000, max_value=2100)

    def apply(self, queryset, value):
        return queryset.filter(**{self.field: value})


def _detail_link(url_name: str, text_path: str):
    def link(row):
        return format_html('<a href="{}">{}</a>', reverse(url_name, args=[row.pk]), getattr(row, text_path))

    return link


class NamingList(ScopedListView):
    model = Naming
    template_name = "campaign/naming_list.html"
    title = gettext_lazy("命名单位")
    filters = {
        "q": Search("organization__name", "serial", "plaque_number"),
        "region": RegionPrefix("organization__region__code"),
        "level": Choice("level"),
        "year": Year("year"),
        "status": Choice("status"),
    }
    columns = [
        Column(gettext_lazy("证书编号"), _detail_link("campaign:naming-detail", "serial"), sort="serial", export=False),
        Column(gettext_lazy("单位"), "organization.name", sort="organization__name"),
        Column(gettext_lazy("称号"), "title"),
        Column(gettext_lazy("命名层级"), "level", sort="level"),
        Column(gettext_lazy("命名日期"), "named_on", kind="date", sort="named_on"),
        Column(gettext_lazy("复核到期"), "recheck_due", kind="date", sort="recheck_due"),
        Column(gettext_lazy("状态"), "status", sort="status"),
    ]
    export_columns = [Column(gettext_lazy("证书编号"), "serial"), *columns[1:], *PUBLIC_COLUMNS[7:]]

    def base_queryset(self):
        return visible_namings(self.request.user)

    def get(self, request, *args, **kwargs):
        if self.export:
            return xlsx_response(self.get_queryset(), self.export_columns, "namings", str(self.title))
        return super().get(request, *args, **kwargs)


class NamingDetail(ScopedDetailView):
    model = Naming
    template_name = "campaign/naming_detail.html"
    fields = [
        Column(gettext_lazy("单位"), "organization", link=True),
        Column(gettext_lazy("称号"), "title"),
        Column(gettext_lazy("命名层级"), "level"),
        Column(gettext_lazy("命名年度"), "year"),
        Column(gettext_lazy("命名日期"), "named_on", kind="date"),
        Column(gettext_lazy("证书编号"), "serial"),
        Column(gettext_lazy("铭牌编号"), "plaque_number"),
        Column(gettext_lazy("复核到期"), "recheck_due", kind="date"),
        Column(gettext_lazy("状态"), "status"),
        Column(gettext_lazy("撤销日期"), "revoked_on", kind="date"),
        Column(gettext_lazy("撤销原因"), "revoke_reason"),
        Column(gettext_lazy("已收回铭牌"), "plaque_withdrawn", kind="bool"),
    ]

    def base_queryset(self):
        return visible_namings(self.request.user)

    def get_related(self):
        rechecks = scoped(self.object.rechecks.all(), self.request.user).order_by("-opened_at")
        return [Related(_("复核记录"), RECHECK_COLUMNS, rechecks)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        naming = self.object
        context.update(
            list_url=reverse("campaign:naming-list"),
            may_manage=naming.status == Naming.Status.ACTIVE and service.may_manage(self.request.user, naming),
            timeline=naming_timeline(naming),
        )
        return context


TIMELINE_ACTIONS = {"name": gettext_lazy("命名"), "revoke": gettext_lazy("撤销命名")}


def naming_timeline(naming: Naming) -> list[tuple[TimelineEntry, str]]:
    entries = TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Naming), object_id=str(naming.pk)
    ).select_related("actor")
    return [(entry, TIMELINE_ACTIONS.get(entry.action, entry.action)) for entry in entries]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销原因"), widget=forms.Textarea, max_length=2000)
    plaque_withdrawn = forms.BooleanField(label=gettext_lazy("已收回铭牌"), required=False, initial=True)


@login_required
def naming_revoke(request, pk: int):
    naming = get_object_or_404(visible_namings(request.user), pk=pk)
    if not service.may_manage(request.user, naming):
        raise PermissionDenied(_("只有命名地区（或上级）协调劳动关系三方的工作人员可以撤销命名"))
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.revoke_naming(
                request.user,
                naming,
                form.cleaned_data["reason"],
                plaque_withdrawn=form.cleaned_data["plaque_withdrawn"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("已撤销“%(name)s”的命名，并在撤销名单中公布") % {"name": naming.organization})
            return redirect("campaign:naming-detail", pk=naming.pk)
    return render(request, "campaign/naming_revoke.html", {"title": _("撤销命名"), "naming": naming, "form": form})


# --- staff: rechecks ---------------------------------------------------------------------------

RECHECK_COLUMNS = [
    Column(gettext_lazy("复核"), _detail_link("campaign:recheck-detail", "pk"), export=False),
    Column(gettext_lazy("原因"), "reason", sort="reason"),
    Column(gettext_lazy("完成期限"), "due", kind="date", sort="due"),
    Column(gettext_lazy("结果"), "outcome", sort="outcome"),
    Column(gettext_lazy("复核意见"), "note"),
]


class DueWithin(Filter):
    """`due_within`: due within N days from today (overdue ones included)."""

    def form_field(self, view):
        return forms.IntegerField(label=self.label, required=False, min_value=0, max_value=3650)

    def apply(self, queryset, value):
        return queryset.filter(due__lte=timezone.localdate() + timedelta(days=value))


class Overdue(Filter):
    def form_field(self, view):
        return forms.ChoiceField(label=self.label, required=False, choices=[("", _("全部")), ("1", _("已逾期"))])

    def apply(self, queryset, value):
        return queryset.filter(due__lt=timezone.localdate(), outcome=Recheck.Outcome.OPEN) if value == "1" else queryset


class Outcome(Filter):
    """`outcome`: open ones unless another outcome (or all) is chosen: the list is of what is due."""

    def form_field(self, view):
        return forms.ChoiceField(
            label=self.label,
            required=False,
            choices=[
                ("", _("进行中")),
                (Recheck.Outcome.PASSED, _("复核通过")),
                (Recheck.Outcome.FAILED, _("复核未通过")),
                (STATUS_ALL, _("全部")),
            ],
        )

    def apply(self, queryset, value):
        return queryset if value == STATUS_ALL else queryset.filter(outcome=value)


class RecheckList(ScopedListView):
    model = Recheck
    title = gettext_lazy("复核")
    template_name = "campaign/recheck_list.html"
    select_related = ("naming__organization",)
    filters = {
        "q": Search("naming__organization__name", "naming__serial"),
        "region": RegionPrefix("naming__organization__region__code"),
        "reason": Choice("reason"),
        "outcome": Outcome(gettext_lazy("结果")),
        "due_within": DueWithin(gettext_lazy("天内到期")),
        "overdue": Overdue(gettext_lazy("逾期")),
    }
    columns = [
        Column(gettext_lazy("单位"), _detail_link("campaign:recheck-detail", "naming"), export=False),
        Column(gettext_lazy("单位"), "naming.organization.name", export=True),
        Column(gettext_lazy("证书编号"), "naming.serial"),
        *RECHECK_COLUMNS[1:],
    ]

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.request.GET.get("outcome"):
            queryset = queryset.filter(outcome=Recheck.Outcome.OPEN)
        return queryset

    def get(self, request, *args, **kwargs):
        if self.export:
            columns = [c for c in self.columns if c.export]
            return xlsx_response(self.get_queryset(), columns, "rechecks", str(self.title))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["spot_check_regions"] = staff_regions(self.request.user)
        return context


def staff_regions(user) -> list[Region]:
    """The regions a user is staff of (where they may draw spot checks)."""
    scope = user_scope(user)
    if scope.everything:
        return list(Region.objects.filter(level=Region.Level.PROVINCE))
    codes = [prefix.ljust(6, "0") for prefix in scope.regions]
    return list(Region.objects.filter(code__in=codes).order_by("code"))


class RecheckDetail(ScopedDetailView):
    model = Recheck
    template_name = "campaign/recheck_detail.html"
    select_related = ("naming__organization", "veto_event", "closed_by")
    fields = [
        Column(gettext_lazy("命名单位"), "naming.organization.name"),
        Column(gettext_lazy("称号"), "naming.title"),
        Column(gettext_lazy("证书编号"), "naming.serial"),
        Column(gettext_lazy("原因"), "reason"),
        Column(
            gettext_lazy("否决事项"),
            lambda r: r.veto_event and f"{r.veto_event.get_kind_display()}（{r.veto_event.occurred_on}）",
        ),
        Column(gettext_lazy("完成期限"), "due", kind="date"),
        Column(gettext_lazy("结果"), "outcome"),
        Column(gettext_lazy("复核意见"), "note"),
        Column(gettext_lazy("开始时间"), "opened_at", kind="datetime"),
        Column(gettext_lazy("办结时间"), "closed_at", kind="datetime"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recheck = self.object
        context.update(
            list_url=reverse("campaign:recheck-list"),
            naming_visible=visible_namings(self.request.user).filter(pk=recheck.naming_id).exists(),
            may_close=recheck.outcome == Recheck.Outcome.OPEN and service.may_manage(self.request.user, recheck.naming),
        )
        return context


class CloseRecheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=gettext_lazy("复核结论"),
        choices=[("1", gettext_lazy("通过，保留命名")), ("0", gettext_lazy("未通过，撤销命名"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=gettext_lazy("复核意见"), widget=forms.Textarea, required=False, max_length=4000)


@login_required
def recheck_close(request, pk: int):
    recheck = get_object_or_404(scoped(Recheck.objects.select_related("naming__organization"), request.user), pk=pk)
    if not service.may_manage(request.user, recheck.naming):
        raise PermissionDenied(_("只有命名地区（或上级）协调劳动关系三方的工作人员可以办结复核"))
    form = CloseRecheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.close_recheck(request.user, recheck, form.cleaned_data["passed"], form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("复核已办结"))
            return redirect("campaign:recheck-detail", pk=recheck.pk)
    return render(request, "campaign/recheck_close.html", {"title": _("办结复核"), "recheck": recheck, "form": form})


class SpotCheckForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("抽查数量"), min_value=1, max_value=1000, initial=5)
    seed = forms.IntegerField(
        label=gettext_lazy("随机种子"),
        min_value=0,
        max_value=2**31,
        help_text=gettext_lazy("相同的种子抽出相同的单位，便于公开复现抽查结果"),
    )


@login_required
def spot_check(request, region: str):
    """抽查: draw active namings of a region at random (a seed anyone can replay) for rechecks."""
    place = get_object_or_404(Region, code=region)
    if not service.covers(request.user, place):
        raise PermissionDenied(_("只能在本地区范围内抽查"))
    form = SpotCheckForm(request.POST or None, initial={"seed": secrets.randbelow(1_000_000)})
    if request.method == "POST" and form.is_valid():
        try:
            drawn = service.draw_spot_checks(request.user, place, form.cleaned_data["count"], form.cleaned_data["seed"])
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("已抽取 %(n)d 家单位进行复核（种子 %(seed)s）")
                % {"n": len(drawn), "seed": form.cleaned_data["seed"]},
            )
            return redirect(f"{reverse('campaign:recheck-list')}?reason={Recheck.Reason.SPOT_CHECK}")
    candidates = (
        Naming.objects.filter(status=Naming.Status.ACTIVE, organization__region__code__startswith=place.prefix)
        .exclude(rechecks__outcome=Recheck.Outcome.OPEN)
        .count()
    )
    levels = {Region.Level.PROVINCE: Region.Level.CITY, Region.Level.CITY: Region.Level.COUNTY}
    children = Region.objects.filter(Q(code__startswith=place.prefix), level=levels.get(place.level, "-")).order_by(
        "code"
    )
    return render(
        request,
        "campaign/recheck_spot_check.html",
        {"title": _("抽查"), "region": place, "form": form, "candidates": candidates, "children": children},
    )
