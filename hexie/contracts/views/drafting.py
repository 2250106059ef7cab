"""Pages of templates, drafting and the contract list (合同模板、起草、合同台账).

Thin views: parse a form, call one service from `services/drafting.py` or `services/batch.py`,
render or redirect. Every query of contracts and templates goes through `scoped` (404 outside the
user's scope); changing them needs a role in the contract's enterprise (403 otherwise).
"""

from datetime import timedelta
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.attachments import XLSX, save_upload
from hexie.core.exports import Column
from hexie.core.models import Organization
from hexie.core.rules import ERROR
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, Filter, ModelChoice, RegionPrefix, ScopedListView, Search

from ..forms import BatchForm, ClauseForm, ContractCreateForm, ContractFieldsForm, TemplateCopyForm, TemplateForm
from ..models import ContractTemplate, LaborContract, TemplateClause
from ..services import batch, drafting

IMPORT_TYPES = {XLSX: ".xlsx", "text/csv": ".csv"}


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the contract list ----------------------------------------------------------------------------


class Expiring(Filter):
    """`expiring`: contracts in force whose term ends within the next 30, 60 or 90 days."""

    def __init__(self):
        super().__init__(gettext_lazy("即将到期"))

    def form_field(self, view):
        choices = [("", gettext_lazy("全部"))] + [
            (str(days), gettext_lazy("%(days)d 天内") % {"days": days}) for days in (30, 60, 90)
        ]
        return forms.ChoiceField(label=self.label, required=False, choices=choices)

    def apply(self, queryset, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            status=LaborContract.Status.IN_FORCE, end__gte=today, end__lte=today + timedelta(days=int(value))
        )


class ContractList(ScopedListView):
    model = LaborContract
    title = gettext_lazy("劳动合同")
    template_name = "contracts/contract_list.html"
    select_related = ("enterprise", "worker", "template")
    filters = {
        "q": Search("worker__name", "number", label=gettext_lazy("劳动者姓名或合同编号")),
        "status": Choice("status"),
        "kind": Choice("kind"),
        "term_kind": Choice("term_kind"),
        "enterprise": ModelChoice("enterprise", Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)),
        "region": RegionPrefix("enterprise__region__code"),
        "expiring": Expiring(),
    }
    columns = [
        Column(gettext_lazy("合同编号"), "number", sort="number", link=True),
        Column(gettext_lazy("文书类型"), "kind"),
        Column(gettext_lazy("劳动者"), "worker.name", sort="worker__name"),
        Column(gettext_lazy("用人单位"), "enterprise.name", sort="enterprise__name"),
        Column(gettext_lazy("期限类型"), "term_kind"),
        Column(gettext_lazy("起始日期"), "start", kind="date", sort="start"),
        Column(gettext_lazy("终止日期"), "end", kind="date", sort="end"),
        Column(gettext_lazy("工资（元）"), "wage", kind="money"),
        Column(gettext_lazy("状态"), "status", sort="status"),
        Column(gettext_lazy("发起时间"), "issued_at", kind="datetime", sort="issued_at"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_draft"] = drafting.managed_enterprises(self.request.user).exists()
        return context


# --- one contract ---------------------------------------------------------------------------------


def _contract(request, pk: int) -> LaborContract:
    queryset = LaborContract.objects.select_related("enterprise__region", "worker", "template", "employment")
    return get_object_or_404(scoped(queryset, request.user), pk=pk)


@login_required
def contract_detail(request, pk: int):
    contract = _contract(request, pk)
    manager = drafting.may_manage(request.user, contract.enterprise)
    findings = drafting.stored_findings(contract)
    labels = dict(LaborContract.Status.choices)
    timeline = [
        (e, labels.get(e.from_status, e.from_status), labels.get(e.to_status, e.to_status)) for e in contract.timeline
    ]
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "title": contract.number,
            "findings": findings,
            "blocked": any(f.level == ERROR for f in findings),
            "timeline": timeline,
            "manager": manager,
            "editable": manager and contract.editable,
            "may_cancel": manager and contract.status in (LaborContract.Status.DRAFT, *LaborContract.SIGNING),
        },
    )


def _initial(contract: LaborContract) -> dict:
    return {name: getattr(contract, name) for name in drafting.DRAFT_FIELDS}


@login_required
def contract_create(request):
    form = ContractCreateForm(
        request.user, request.POST or None, initial={"employment": request.GET.get("employment") or None}
    )
    may_draft = drafting.managed_enterprises(request.user).exists()
    if request.method == "POST" and form.is_valid():
        employment = form.cleaned_data["employment"]
        try:
            contract = drafting.draft_contract(
                employment.enterprise,
                employment.person,
                form.cleaned_data["template"],
                form.draft_fields(),
                request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("合同草稿 %(number)s 已保存并完成合法性检查") % {"number": contract.number})
            return redirect(contract)
    return render(
        request, "contracts/contract_form.html", {"form": form, "title": _("起草劳动合同"), "may_draft": may_draft}
    )


@login_required
def contract_edit(request, pk: int):
    contract = _contract(request, pk)
    if not drafting.may_manage(request.user, contract.enterprise):
        raise PermissionDenied(_("只有本企业的人力资源、法定代表人或管理员可以修改合同"))
    if not contract.editable:
        raise PermissionDenied(_("合同已发起签署或已签署，内容不可更改"))
    form = ContractFieldsForm(request.POST or None, initial=_initial(contract))
    if request.method == "POST" and form.is_valid():
        try:
            contract = drafting.update_draft(contract, form.draft_fields(), request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存并重新检查"))
            return redirect(contract)
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "contract": contract, "title": _("修改合同草稿 %(number)s") % {"number": contract.number}},
    )


@login_required
@require_POST
def contract_action(request, pk: int):
    """检查 / 发起签署 / 作废 from the detail page's buttons."""
    contract = _contract(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "check":
            findings = drafting.recheck_contract(contract, request.user)
            errors = sum(1 for f in findings if f.level == ERROR)
            messages.info(
                request,
                _("检查完成：%(errors)d 项错误，%(warnings)d 项提示")
                % {"errors": errors, "warnings": len(findings) - errors},
            )
        elif action == "issue":
            drafting.issue_contract(contract, request.user)
            messages.success(request, _("已发起签署，已短信通知劳动者"))
        elif action == "cancel":
            drafting.cancel_contract(contract, request.user, note=request.POST.get("note", "")[:500])
            messages.success(request, _("合同已作废"))
        else:
            raise ValidationError(_("未知操作"))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(contract)


@login_required
def contract_document(request, pk: int):
    """The contract's PDF as it stands (unsigned, or with the signatures applied so far)."""
    contract = _contract(request, pk)
    if not contract.document:
        raise Http404(_("合同文件尚未生成"))
    return FileResponse(
        contract.document.open("rb"),
        as_attachment=False,
        filename=f"{contract.number}.pdf",
        content_type="application/pdf",
    )


# --- templates ------------------------------------------------------------------------------------


def _template(request, pk: int) -> ContractTemplate:
    return get_object_or_404(drafting.visible_templates(request.user), pk=pk)


@login_required
def template_list(request):
    templates = drafting.visible_templates(request.user).order_by("enterprise__name", "code", "-version")
    return render(
        request,
        "contracts/template_list.html",
        {
            "title": _("合同模板"),
            "platform": [t for t in templates if t.enterprise_id is None],
            "own": [t for t in templates if t.enterprise_id is not None],
            "may_copy": drafting.managed_enterprises(request.user).exists(),
        },
    )


@login_required
def template_detail(request, pk: int):
    template = _template(request, pk)
    manager = drafting.may_manage(request.user, template.enterprise)
    return render(
        request,
        "contracts/template_detail.html",
        {
            "template": template,
            "title": str(template),
            "clauses": template.clauses.all(),
            "manager": manager,
            "editable": manager and not template.frozen,
            "copy_form": TemplateCopyForm(request.user)
            if drafting.managed_enterprises(request.user).exists()
            else None,
            "versions": ContractTemplate.objects.filter(enterprise=template.enterprise, code=template.code).order_by(
                "-version"
            ),
            "placeholders": drafting.PLACEHOLDERS,
            "contracts": template.contracts.count() if manager else None,
        },
    )


@login_required
@require_POST
def template_copy(request, pk: int):
    source = _template(request, pk)
    form = TemplateCopyForm(request.user, request.POST)
    enterprise = form.cleaned_data["enterprise"] if form.is_valid() else None
    try:
        template = drafting.copy_template(source, request.user, enterprise)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("contracts:template-detail", source.pk)
    messages.success(request, _("已复制为本企业模板草稿，可增加企业自定条款后发布"))
    return redirect("contracts:template-detail", template.pk)


@login_required
@require_POST
def template_revise(request, pk: int):
    """Edit a published template: open (or make) its next version's draft."""
    draft = drafting.new_version(_template(request, pk), request.user)
    messages.info(request, _("正在编辑第 %(version)d 版草稿；已使用旧版本的合同不受影响") % {"version": draft.version})
    return redirect("contracts:template-detail", draft.pk)


@login_required
def template_edit(request, pk: int):
    """Rename a draft template or change its default term kind."""
    template = _template(request, pk)
    if not drafting.may_manage(request.user, template.enterprise) or template.frozen:
        raise PermissionDenied(_("只能修改本企业模板的草稿"))
    form = TemplateForm(request.POST or None, initial={"name": template.name, "term_kind": template.term_kind})
    if request.method == "POST" and form.is_valid():
        try:
            drafting.update_template(template, request.user, form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("模板已保存"))
            return redirect("contracts:template-detail", template.pk)
    return render(
        request,
        "contracts/template_form.html",
        {"form": form, "template": template, "title": _("修改模板：%(name)s") % {"name": template.name}},
    )


@login_required
@require_POST
def template_publish(request, pk: int):
    template = _template(request, pk)
    try:
        drafting.publish_template(template, request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("模板已发布，发布后不可修改"))
    return redirect("contracts:template-detail", template.pk)


def _clause_page(request, template: ContractTemplate, clause: TemplateClause | None):
    if not drafting.may_manage(request.user, template.enterprise):
        raise PermissionDenied(_("只有本企业的人力资源、法定代表人或管理员可以编辑模板"))
    if template.frozen:
        raise PermissionDenied(_("已发布的模板不能修改，请生成新版本后编辑"))
    if clause is not None and clause.source == TemplateClause.Source.MODEL:
        raise PermissionDenied(_("示范文本条款的内容不能修改"))
    initial = {"heading": clause.heading, "text": clause.text, "order": clause.order} if clause else {}
    form = ClauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.save_clause(template, request.user, form.cleaned_data, clause)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("条款已保存"))
            return redirect("contracts:template-detail", template.pk)
    return render(
        request,
        "contracts/template_clause_form.html",
        {
            "form": form,
            "template": template,
            "clause": clause,
            "title": _("修改条款") if clause else _("增加企业自定条款"),
            "placeholders": drafting.PLACEHOLDERS,
        },
    )


@login_required
def clause_add(request, pk: int):
    return _clause_page(request, _template(request, pk), None)


def _clause(request, pk: int) -> TemplateClause:
    clause = get_object_or_404(TemplateClause.objects.select_related("template__enterprise"), pk=pk)
    if not drafting.visible_templates(request.user).filter(pk=clause.template_id).exists():
        raise Http404
    return clause


@login_required
def clause_edit(request, pk: int):
    clause = _clause(request, pk)
    return _clause_page(request, clause.template, clause)


@login_required
@require_POST
def clause_delete(request, pk: int):
    clause = _clause(request, pk)
    try:
        drafting.delete_clause(clause, request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("条款已删除"))
    return redirect("contracts:template-detail", clause.template_id)


# --- batch issue ----------------------------------------------------------------------------------


@login_required
def batch_start(request):
    form = BatchForm(request.user, request.POST or None, request.FILES or None)
    may_draft = drafting.managed_enterprises(request.user).exists()
    if request.method == "POST" and form.is_valid():
        enterprise = form.cleaned_data["enterprise"]
        try:
            attachment = save_upload(
                form.cleaned_data["file"], user=request.user, organization=enterprise, allowed=IMPORT_TYPES
            )
            job = batch.start_batch(enterprise, form.cleaned_data["template"], attachment, request.user)
        except ValidationError as exc:
            _form_errors(form, exc if hasattr(exc, "error_dict") else ValidationError({"file": exc.messages}))
        else:
            return redirect("job-detail", pk=job.pk)
    return render(
        request,
        "contracts/batch_start.html",
        {
            "form": form,
            "title": _("批量发起劳动合同"),
            "may_draft": may_draft,
            "recent": batch.batch_jobs(request.user)[:10],
            "columns": batch.RosterImporter.columns,
        },
    )


@login_required
def batch_template(request):
    response = HttpResponse(batch.roster_template(), content_type=XLSX)
    filename = _("劳动合同批量发起模板.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
