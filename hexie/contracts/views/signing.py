"""Signing pages: the worker's own contracts on a phone (我的合同: view, download, request a code,
sign or decline), the enterprise's seal button, and the public verifier (合同验证, no login)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hexie.core.scoping import scoped

from ..models import LaborContract
from ..services import drafting, signing

Status = LaborContract.Status


def client_facts(request) -> tuple[str | None, str]:
    """The address and browser a signature records (the socket's address: a proxy in front is
    expected to set REMOTE_ADDR itself)."""
    return request.META.get("REMOTE_ADDR") or None, request.META.get("HTTP_USER_AGENT", "")[:255]


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- the worker's own contracts ------------------------------------------------------------------


def _own_contracts(request):
    """The contracts of the logged-in worker themselves (none for a user with no person record);
    drafts are the enterprise's until issued."""
    person = getattr(request.user, "person", None)
    if person is None:
        return LaborContract.objects.none()
    return (
        LaborContract.objects.select_related("enterprise")
        .filter(worker=person)
        .exclude(status=Status.DRAFT)
        .order_by("-created_at", "-id")
    )


def _own_contract(request, pk) -> LaborContract:
    return get_object_or_404(_own_contracts(request).select_related("enterprise__region", "worker"), pk=pk)


class SignForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("短信验证码"),
        regex=r"^\s*[0-9]{6}\s*$",
        error_messages={"invalid": gettext_lazy("请输入 6 位数字验证码"), "required": gettext_lazy("请输入验证码")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6"}),
    )
    intent = forms.BooleanField(
        label=gettext_lazy("本人已阅读并同意本合同全部条款，确认以电子签名方式签署，与手写签名具有同等法律效力"),
        error_messages={"required": gettext_lazy("请先勾选确认已阅读并同意合同内容")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("拒签原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3, "maxlength": "500"})
    )


@login_required
def my_contracts(request):
    """我的合同: every contract of the worker, any status, free to view and download (ECG)."""
    return render(
        request, "contracts/my_contracts.html", {"title": _("我的合同"), "contracts": _own_contracts(request)}
    )


@login_required
@never_cache
def worker_contract(request, pk, sign_form=None, decline_form=None, status=200):
    """One contract on the worker's phone: the terms, the checks' warnings, the PDF, and while it
    awaits the worker: confirm, request a code, enter it and sign — or decline."""
    contract = _own_contract(request, pk)
    latest_code = contract.signing_codes.order_by("-created_at", "-id").first()
    pending = signing.pending_signing(contract)
    context = {
        "title": contract.number,
        "contract": contract,
        "signatures": contract.signatures.all(),
        "sections": drafting.contract_sections(contract),
        "warnings": [f for f in contract.findings or [] if isinstance(f, dict)],
        "pending": pending,
        "queued_message": signing.QUEUED_MESSAGE,
        # a job still trying blocks a second attempt; one that gave up leaves the worker free to retry
        "may_sign": contract.status == Status.AWAITING_WORKER and (pending is None or pending.finished),
        "code_sent": bool(latest_code and not latest_code.used_at and latest_code.expires_at > timezone.now()),
        "latest_code": latest_code,
        "sign_form": sign_form or SignForm(),
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "contracts/my_contract.html", context, status=status)


@login_required
def worker_contract_pdf(request, pk):
    """The current PDF (signed revisions included), inline or with ?download=1 as a file."""
    contract = _own_contract(request, pk)
    if not contract.document:
        raise Http404(_("合同文件尚未生成"))
    return FileResponse(
        contract.document.open("rb"),
        content_type="application/pdf",
        as_attachment=bool(request.GET.get("download")),
        filename=f"{contract.number}.pdf",
    )


@login_required
@require_POST
def worker_code(request, pk):
    contract = _own_contract(request, pk)
    try:
        row = signing.send_signing_code(contract, request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("验证码已发送至 %(phone)s，10 分钟内有效") % {"phone": row.phone_masked})
    return redirect("contracts:worker-contract", pk=contract.pk)


@login_required
@require_POST
def worker_sign(request, pk):
    contract = _own_contract(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        return worker_contract(request, pk, sign_form=form, status=422)
    ip, agent = client_facts(request)
    try:
        outcome = signing.sign_as_worker(
            contract, form.cleaned_data["code"].strip(), request.user, ip, agent, intent_confirmed=True
        )
    except ValidationError as exc:
        form.add_error("code" if exc.code == "code" else None, _errors(exc))
        return worker_contract(request, pk, sign_form=form, status=422)
    if outcome.queued:
        messages.warning(request, outcome.message)
    else:
        messages.success(request, _("签署成功，等待用人单位盖章后合同生效"))
    return redirect("contracts:worker-contract", pk=contract.pk)


@login_required
@require_POST
def worker_decline(request, pk):
    contract = _own_contract(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return worker_contract(request, pk, decline_form=form, status=422)
    try:
        signing.decline_contract(contract, request.user, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.info(request, _("您已拒绝签署该合同"))
    return redirect("contracts:worker-contract", pk=contract.pk)


# --- the enterprise's seal ---------------------------------------------------------------------------


@login_required
@require_POST
def contract_seal(request, pk):
    contract = get_object_or_404(
        scoped(LaborContract.objects.select_related("enterprise__region"), request.user), pk=pk
    )
    if not signing.may_seal(contract, request.user):
        raise PermissionDenied(_("只有本单位的人事、法定代表人或管理员可以盖章"))
    ip, agent = client_facts(request)
    try:
        outcome = signing.seal_as_enterprise(contract, request.user, ip=ip, user_agent=agent)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if outcome.queued:
            messages.warning(request, outcome.message)
        else:
            messages.success(
                request, _("已盖章，合同自 %(time)s 起生效") % {"time": _local(outcome.contract.effective_at)}
            )
    return redirect(_detail_url(contract))


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _detail_url(contract: LaborContract) -> str:
    try:
        return contract.get_absolute_url()
    except NoReverseMatch:  # the drafting part's detail page is not routed
        return reverse("contracts:verify") + f"?number={contract.number}"


# --- the public verifier -----------------------------------------------------------------------------


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("合同 PDF 文件"), required=False, allow_empty_file=True)
    number = forms.CharField(label=gettext_lazy("或输入合同编号"), max_length=32, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("number"):
            raise ValidationError(_("请上传合同 PDF 文件或输入合同编号（upload the contract PDF or enter its number）"))
        return data


@never_cache
def verify(request):
    """合同验证 (public, no login): upload a contract PDF, or give its number (?number=…): who
    signed, when, whether the file changed since, whether certificates and timestamps are valid.
    Nothing uploaded is kept."""
    result, searched = None, False
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        searched = form.is_valid()
        if searched:
            try:
                if form.cleaned_data.get("file"):
                    result = signing.verify_upload(form.cleaned_data["file"])
                else:
                    result = signing.verify_number(form.cleaned_data["number"])
            except ValidationError as exc:
                form.add_error("file", _errors(exc))
                searched = False
    else:
        number = request.GET.get("number", "").strip()
        form = VerifyForm(initial={"number": number})
        if number:
            searched, result = True, signing.verify_number(number)
    status = 422 if form.errors else (404 if searched and result is None else 200)
    context = {
        "title": _("合同验证"),
        "form": form,
        "result": result,
        "searched": searched,
        "worker_masked": signing.mask_name(result.contract.worker.name) if result and result.contract else "",
    }
    response = render(request, "contracts/verify.html", context, status=status)
    response["Referrer-Policy"] = "strict-origin"
    return response
