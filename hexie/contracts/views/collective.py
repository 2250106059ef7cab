"""Collective-contract pages (集体合同): the scoped list and its export, creating one (enterprise,
regional or industry), the detail with bargaining records and reply clocks, editing the terms, the
workers' congress vote, submission, the labor administration's review, the text as a page and a
PDF, and the coverage statistics with their export. Views parse, call one service, render."""

from io import BytesIO

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.exports import Column, xlsx_response
from hexie.core.forms import apply_errors
from hexie.core.models import Industry, Organization, Region
from hexie.core.scoping import user_scope
from hexie.core.views.generic import Choice, RegionPrefix, ScopedListView, Search, region_choices
from hexie.core.workflow import TransitionError

from ..models import BargainingRecord, CollectiveContract
from ..services import collective as service

Coverage = CollectiveContract.Coverage
Status = CollectiveContract.Status


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _contract(request, pk: int) -> CollectiveContract:
    return get_object_or_404(service.visible_collective_contracts(request.user), pk=pk)


def _link(row):
    return format_html('<a href="{}">{}</a>', row.get_absolute_url(), row.number)


COLUMNS = [
    Column(gettext_lazy("编号"), _link, sort="number", export=False),
    Column(gettext_lazy("名称"), "title", sort="title"),
    Column(gettext_lazy("类型"), "kind", sort="kind"),
    Column(gettext_lazy("覆盖范围"), "coverage", sort="coverage"),
    Column(gettext_lazy("企业"), "enterprise.name"),
    Column(gettext_lazy("所在地区"), "region.name", sort="region__code"),
    Column(gettext_lazy("覆盖职工人数"), "workers_covered", kind="number", sort="workers_covered"),
    Column(gettext_lazy("审查期限"), "review_deadline", kind="date", sort="review_deadline"),
    Column(gettext_lazy("终止日期"), "end", kind="date", sort="end"),
    Column(gettext_lazy("状态"), "status", sort="status"),
]


class CollectiveList(ScopedListView):
    """Staff see their region's contracts; enterprise users their enterprise's and the regional or
    industry ones covering it; union staff their region's."""

    model = CollectiveContract
    template_name = "contracts/collective_list.html"
    title = gettext_lazy("集体合同")
    select_related = ("region", "enterprise")
    filters = {
        "q": Search("number", "title", "enterprise__name", "employer_side"),
        "region": RegionPrefix("region__code"),
        "coverage": Choice("coverage"),
        "kind": Choice("kind"),
        "status": Choice("status"),
    }
    columns = COLUMNS
    export_columns = [Column(gettext_lazy("编号"), "number"), *COLUMNS[1:]]


# --- create and edit ----------------------------------------------------------------------------


class TermsForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("名称"), max_length=128)
    employer_side = forms.CharField(
        label=gettext_lazy("企业方代表"), max_length=128, help_text=gettext_lazy("企业或企业代表组织名称")
    )
    start = forms.DateField(label=gettext_lazy("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("终止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    wage_increase_percent = forms.DecimalField(
        label=gettext_lazy("工资增长幅度（%）"), max_digits=5, decimal_places=2, required=False, min_value=-100
    )
    minimum_pay = forms.DecimalField(
        label=gettext_lazy("最低工资约定（元）"), max_digits=14, decimal_places=2, required=False, min_value=0
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("集体合同终止日期早于起始日期"))
        return data


class CreateForm(TermsForm):
    coverage = forms.ChoiceField(label=gettext_lazy("覆盖范围"), choices=Coverage.choices)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=CollectiveContract.Kind.choices)
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("企业"), queryset=Organization.objects.none(), required=False
    )
    union = forms.ModelChoiceField(label=gettext_lazy("工会"), queryset=Organization.objects.none())
    region = forms.ChoiceField(label=gettext_lazy("区域"), required=False, help_text=gettext_lazy("区域性、行业性合同"))
    industry = forms.ChoiceField(label=gettext_lazy("行业"), required=False, choices=[("", "—"), *Industry.choices])
    max_headcount = forms.IntegerField(
        label=gettext_lazy("覆盖企业职工人数上限"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("区域性、行业性合同覆盖的小微企业规模；空白为全部"),
    )

    field_order = ["coverage", "kind", "enterprise", "union", "region", "industry", "max_headcount"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = service.enterprises_for(user)
        self.fields["union"].queryset = service.unions_for(user)
        regions = region_choices(user) or self._union_regions(user)
        self.fields["region"].choices = [("", "—"), *regions]

    @staticmethod
    def _union_regions(user):
        scope = user_scope(user)
        return [(p, p) for p in scope.regions]

    def clean(self):
        data = super().clean()
        if data.get("coverage") == Coverage.ENTERPRISE and not data.get("enterprise"):
            self.add_error("enterprise", _("请选择企业"))
        if data.get("coverage") in (Coverage.REGIONAL, Coverage.INDUSTRY) and not data.get("region"):
            self.add_error("region", _("请选择区域"))
        if data.get("coverage") == Coverage.INDUSTRY and not data.get("industry"):
            self.add_error("industry", _("行业性集体合同须选择行业"))
        return data

    def draft(self) -> service.Draft:
        data = self.cleaned_data
        region = None
        if data.get("region"):
            prefix = data["region"]
            region = Region.objects.filter(code__startswith=prefix).order_by("code").first()
        return service.Draft(
            coverage=data["coverage"],
            kind=data["kind"],
            title=data["title"],
            union=data["union"],
            employer_side=data["employer_side"],
            start=data["start"],
            end=data["end"],
            enterprise=data.get("enterprise") if data["coverage"] == Coverage.ENTERPRISE else None,
            region=region,
            industry=data.get("industry") or "",
            wage_increase_percent=data.get("wage_increase_percent"),
            minimum_pay=data.get("minimum_pay"),
            max_headcount=data.get("max_headcount"),
        )


@login_required
def collective_create(request):
    form = CreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            contract = service.create_collective_contract(request.user, form.draft())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已创建集体合同 %(number)s") % {"number": contract.number})
            return redirect(contract)
    return render(request, "contracts/collective_form.html", {"title": _("新建集体合同"), "form": form})


@login_required
def collective_edit(request, pk: int):
    contract = _contract(request, pk)
    if not service.party_roles(request.user, contract):
        raise PermissionDenied(_("只有集体合同的双方可以修改"))
    initial = {name: getattr(contract, name) for name in TermsForm.base_fields}
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_terms(request.user, contract, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已保存并按示范文本更新合同条款"))
            return redirect(contract)
    context = {"title": _("修改协商条款"), "form": form, "contract": contract}
    return render(request, "contracts/collective_form.html", context)


# --- detail, bargaining, vote, submit, review ---------------------------------------------------


class BargainingForm(forms.ModelForm):
    class Meta:
        model = BargainingRecord
        fields = ["kind", "on", "party", "summary", "proposed_increase_percent", "attendees"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}), "summary": forms.Textarea(attrs={"rows": 3})}


class VoteForm(forms.Form):
    congress_on = forms.DateField(label=gettext_lazy("职代会日期"), widget=forms.DateInput(attrs={"type": "date"}))
    delegates_total = forms.IntegerField(label=gettext_lazy("职工代表总数"), min_value=1)
    delegates_present = forms.IntegerField(label=gettext_lazy("出席代表人数"), min_value=0)
    votes_for = forms.IntegerField(label=gettext_lazy("赞成票"), min_value=0)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审查结论"),
        choices=[("approve", gettext_lazy("无异议")), ("object", gettext_lazy("提出修改意见"))],
    )
    opinion = forms.CharField(label=gettext_lazy("审查意见"), widget=forms.Textarea, required=False, max_length=4000)


ACTION_LABELS = {t.action: t.label for t in CollectiveContract.workflow.transitions}


@login_required
def collective_detail(request, pk: int):
    contract = _contract(request, pk)
    user = request.user
    party = bool(service.party_roles(user, contract))
    context = {
        "title": str(contract),
        "object": contract,
        "party": party,
        "reviewer": service.may_review(user, contract),
        "open": contract.status in service.OPEN,
        "records": contract.bargaining.all(),
        "clocks": service.reply_clocks(contract),
        "filing_due": service.filing_due(contract),
        "covered": contract.covered_enterprises.select_related("region").order_by("region_id", "name")[:200],
        "covered_count": contract.covered_enterprises.count(),
        "timeline": [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in contract.timeline],
        "bargaining_form": BargainingForm(initial={"on": timezone.localdate()}) if party else None,
        "today": timezone.localdate(),
    }
    return render(request, "contracts/collective_detail.html", context)


@login_required
@require_POST
def collective_bargaining(request, pk: int):
    contract = _contract(request, pk)
    form = BargainingForm(request.POST)
    if not service.party_roles(request.user, contract):
        raise PermissionDenied(_("只有集体合同的双方可以记录协商"))
    if form.is_valid():
        try:
            service.record_bargaining(request.user, contract, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("已记录"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(contract)


@login_required
def collective_vote(request, pk: int):
    contract = _contract(request, pk)
    if not service.party_roles(request.user, contract):
        raise PermissionDenied(_("只有集体合同的双方可以录入职代会表决结果"))
    form = VoteForm(request.POST or None, initial={"congress_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            service.record_vote(request.user, contract, **form.cleaned_data)
        except (ValidationError, TransitionError) as error:
            form.add_error(None, _errors(error) if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("职代会表决通过"))
            return redirect(contract)
    return render(
        request, "contracts/collective_vote.html", {"title": _("职代会表决"), "form": form, "object": contract}
    )


@login_required
@require_POST
def collective_submit(request, pk: int):
    contract = _contract(request, pk)
    try:
        findings = service.submit_collective_contract(request.user, contract)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已报送审查，审查期限至 %(date)s") % {"date": contract.review_deadline})
        for finding in findings:
            messages.warning(request, finding.message)
    return redirect(contract)


@login_required
@require_POST
def collective_withdraw(request, pk: int):
    contract = _contract(request, pk)
    try:
        service.withdraw_collective_contract(request.user, contract)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已撤回"))
    return redirect(contract)


@login_required
def collective_review(request, pk: int):
    contract = _contract(request, pk)
    if not service.may_review(request.user, contract):
        raise PermissionDenied(_("只有所在地人力资源社会保障部门的工作人员可以审查集体合同"))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, opinion = form.cleaned_data["decision"], form.cleaned_data["opinion"]
        try:
            if decision == "approve":
                service.approve_collective_contract(request.user, contract, opinion)
            else:
                service.object_to_collective_contract(request.user, contract, opinion)
        except ValidationError as error:
            apply_errors(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已提交审查意见"))
            return redirect(contract)
    context = {"title": _("集体合同审查"), "form": form, "object": contract}
    return render(request, "contracts/collective_review.html", context)


# --- the text -----------------------------------------------------------------------------------


@login_required
def collective_text(request, pk: int):
    contract = _contract(request, pk)
    clauses = contract.clauses or service.fill_text(contract)
    return render(
        request, "contracts/collective_text.html", {"title": contract.title, "object": contract, "clauses": clauses}
    )


@login_required
def collective_pdf(request, pk: int):
    contract = _contract(request, pk)
    response = HttpResponse(render_text_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="collective-{contract.number}.pdf"'
    return response


@translation.override("zh-hans")  # a legal document is in Chinese whatever the reader's language
def render_text_pdf(contract: CollectiveContract) -> bytes:
    """The contract text on A4 pages with the embedded CJK font (hexie.core.pdf)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from hexie.core.pdf import cjk_font

    font = cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=20, spaceBefore=6, wordWrap="CJK")
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=17, firstLineIndent=21, wordWrap="CJK")
    story = [Paragraph(contract.title, title), Paragraph(contract.number, body), Spacer(1, 6 * mm)]
    for number, clause in enumerate(contract.clauses or service.fill_text(contract), 1):
        story.append(Paragraph(_("第%(n)s条　%(heading)s") % {"n": number, "heading": clause["heading"]}, heading))
        story.append(Paragraph(clause["text"], body))
    story += [
        Spacer(1, 12 * mm),
        Paragraph(_("企业方首席代表（签字）：＿＿＿＿　　职工方首席代表（签字）：＿＿＿＿"), body),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=contract.title, leftMargin=25 * mm, rightMargin=25 * mm).build(story)
    return buffer.getvalue()


# --- coverage statistics ------------------------------------------------------------------------


class CoverageForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("地区"), required=False)
    on = forms.DateField(label=gettext_lazy("统计日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    by_industry = forms.BooleanField(label=gettext_lazy("按行业"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部")), *region_choices(user)]


COVERAGE_COLUMNS = [
    Column(gettext_lazy("地区代码"), "prefix"),
    Column(gettext_lazy("地区"), "region_name"),
    Column(gettext_lazy("行业"), lambda r: Industry(r["industry"]).label if r.get("industry") else ""),
    Column(gettext_lazy("企业数"), "enterprises", kind="number"),
    Column(gettext_lazy("集体合同覆盖企业数"), "covered_enterprises", kind="number"),
    Column(gettext_lazy("企业覆盖率（%）"), "enterprise_share", kind="number"),
    Column(gettext_lazy("职工人数"), "workers", kind="number"),
    Column(gettext_lazy("覆盖职工人数"), "workers_covered", kind="number"),
    Column(gettext_lazy("职工覆盖率（%）"), "worker_share", kind="number"),
]


class _Row(dict):
    """A coverage row that `Column` reads by attribute."""

    def __getattr__(self, name):
        return self.get(name)


def _coverage(request):
    form = CoverageForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    on = data.get("on") or timezone.localdate()
    by_industry = bool(data.get("by_industry"))
    rows = service.coverage_for(request.user, on, data.get("region") or "", by_industry=by_industry)
    return form, on, [_Row(r) for r in rows], by_industry


@login_required
def collective_coverage(request):
    form, on, rows, by_industry = _coverage(request)
    columns = COVERAGE_COLUMNS if by_industry else [c for c in COVERAGE_COLUMNS if c.path != COVERAGE_COLUMNS[2].path]
    totals = {
        key: sum(r[key] for r in rows) for key in ("enterprises", "covered_enterprises", "workers", "workers_covered")
    }
    totals["enterprise_share"] = service.percent(totals["covered_enterprises"], totals["enterprises"])
    totals["worker_share"] = service.percent(totals["workers_covered"], totals["workers"])
    context = {
        "title": _("集体合同覆盖情况"),
        "form": form,
        "on": on,
        "rows": rows,
        "columns": columns,
        "totals": totals,
        "export_query": request.GET.urlencode(),
    }
    return render(request, "contracts/collective_coverage.html", context)


@login_required
def collective_coverage_export(request):
    _form, on, rows, _by_industry = _coverage(request)
    return xlsx_response(rows, COVERAGE_COLUMNS, "collective-coverage", _("集体合同覆盖情况"))
