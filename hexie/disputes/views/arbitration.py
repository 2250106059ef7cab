"""Arbitration pages: the case's arbitration panel (loaded into the case detail page), one form per
act (acceptance, refusal, tribunal, recusal, defence, hearings, evidence, award, the clock,
settlement, withdrawal, service), the served documents with their receipts, and the arbitrators'
hearing calendar.

Thin views: a form, one call to `services/arbitration.py`, a redirect to the case. Every object is
looked up within `scoped` (404 outside the user's scope); who may act is the service's question,
asked again on GET so a form is shown only to those who may submit it.
"""

from datetime import timedelta
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.forms import apply_errors
from hexie.core.scoping import scoped

from ..models import CaseDocument, Claim, DisputeCase, Evidence, Hearing, Party, TribunalMember
from ..services import arbitration as service
from ..services.documents import party_of

Status = DisputeCase.Status

# Acts shown on the panel, each with the page (or POST button) that does it.
FORM_ACTIONS = {
    "refuse": "disputes:arbitration-refuse",
    "schedule_hearing": "disputes:arbitration-hearing",
    "extend": "disputes:arbitration-extend",
    "suspend": "disputes:arbitration-suspend",
    "settle": "disputes:arbitration-settle",
    "award": "disputes:arbitration-award",
}
POST_ACTIONS = {
    "accept": "disputes:arbitration-accept",
    "resume": "disputes:arbitration-resume",
    "serve": "disputes:arbitration-serve",
    "withdraw": "disputes:arbitration-withdraw",
}
CONFIRM = {
    "accept": gettext_lazy("确认受理本案？受理通知书将送达各方当事人。"),
    "resume": gettext_lazy("确认恢复审理？裁决期限将顺延中止的天数。"),
    "serve": gettext_lazy("确认向各方当事人电子送达裁决书？"),
    "withdraw": gettext_lazy("确认撤回仲裁申请？撤回后本案结案。"),
}


# --- lookups ----------------------------------------------------------------------------------


def _case(request, pk: int) -> DisputeCase:
    queryset = DisputeCase.objects.select_related("commission", "enterprise", "region", "worker")
    return get_object_or_404(scoped(queryset, request.user), pk=pk)


def _arbitrator_case(request, pk: int) -> DisputeCase:
    case = _case(request, pk)
    service.check_arbitrator(case, request.user)
    return case


def _scoped_object(request, model, pk: int):
    return get_object_or_404(scoped(model.objects.select_related("case"), request.user), pk=pk)


def _done(request, case: DisputeCase, message: str, findings=()):
    messages.success(request, message)
    for finding in findings:
        messages.warning(request, finding.message)
    return redirect(case.get_absolute_url())


def _form_page(request, case, form, title: str, *, intro: str = "", danger: bool = False, extra=None):
    return render(
        request,
        "disputes/arbitration/form.html",
        {"case": case, "form": form, "title": title, "intro": intro, "danger": danger, **(extra or {})},
    )


def _act(request, case, form, title: str, call, *, success, intro: str = "", danger: bool = False):
    """GET: the form; POST: `call(cleaned_data)` and back to the case with `success` (a message, or
    a function of what the service returned) and the warnings the service recorded; or the form
    again with the service's errors on its fields."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            message = success(result) if callable(success) else success
            findings = result.findings if isinstance(result, service.Outcome) else ()
            return _done(request, case, message, findings)
    return _form_page(request, case, form, title, intro=intro, danger=danger)


def _post_only(request, case, call, message: str):
    try:
        call()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(case.get_absolute_url())
    messages.success(request, message)
    return redirect(case.get_absolute_url())


def _date_input(field: forms.Field) -> forms.Field:
    field.widget.input_type = "date"
    return field


def _datetime_input(field: forms.Field) -> forms.Field:
    field.widget.input_type = "datetime-local"
    return field


def _text(label, *, required=True, max_length=5000, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea, required=required, max_length=max_length, help_text=help_text
    )


# --- the panel -------------------------------------------------------------------------------


def panel_context(request, case: DisputeCase) -> dict:
    user = request.user
    arbitrator = service.is_commission_arbitrator(case, user)
    party = party_of(case, user)
    available = {t.action for t in DisputeCase.workflow.available(case, user)}
    actions = []
    for action, label in [(t.action, t.label) for t in DisputeCase.workflow.transitions if t.action in available]:
        if any(a[0] == action for a in actions):
            continue
        if action == "extend" and case.award_extended:
            continue
        if action == "withdraw":
            allowed = arbitrator or (party is not None and party.side == Party.Side.APPLICANT)
        else:
            allowed = arbitrator
        if not allowed:
            continue
        if action in FORM_ACTIONS:
            actions.append((action, label, FORM_ACTIONS[action], None))
        elif action in POST_ACTIONS:
            actions.append((action, label, POST_ACTIONS[action], CONFIRM.get(action, "")))
    running = case.status in DisputeCase.ARBITRATION_RUNNING
    members = case.tribunal.select_related("arbitrator").order_by("appointed_at", "id")
    documents = case.documents.prefetch_related("services__party").order_by("issued_at", "id")
    defence_entry = case.timeline.filter(action="defence").order_by("-at").first()
    return {
        "case": case,
        "arbitrator": arbitrator,
        "party": party,
        "actions": actions,
        "may_compose": arbitrator and running and not service.active_tribunal(case).exists(),
        "vacant_seats": service.vacant_seats(case) if arbitrator and running and case.tribunal_kind else [],
        "members": members,
        "hearings": case.hearings.order_by("starts_at", "id"),
        "may_defend": running and party is not None and party.side == Party.Side.RESPONDENT,
        "defence_late": bool(defence_entry and defence_entry.note),
        "evidence": service.visible_evidence(case, user).select_related("attachment"),
        "may_exchange": arbitrator and running and case.evidence.filter(exchanged_at__isnull=True).exists(),
        "party_side": party.side if party else None,
        "documents": documents,
        "claims": case.claims.all() if case.outcome else [],
        "running": running,
        "shown": bool(case.commission_id) and case.status not in ARBITRATION_HIDDEN,
    }


ARBITRATION_HIDDEN = (
    Status.FILED,
    Status.INTERNAL,
    Status.INTERNAL_RESOLVED,
    Status.MEDIATING,
    Status.MEDIATED,
    Status.MEDIATION_FAILED,
)


@login_required
def arbitration_panel(request, pk: int):
    """The arbitration panel of a case (htmx fragment loaded by the case detail page)."""
    case = _case(request, pk)
    return render(request, "disputes/arbitration/panel.html", panel_context(request, case))


# --- acceptance --------------------------------------------------------------------------------


@login_required
@require_POST
def arbitration_accept(request, pk: int):
    case = _arbitrator_case(request, pk)
    return _post_only(
        request, case, lambda: service.accept(case, request.user), _("已受理，受理通知书已送达各方当事人")
    )


class ReasonForm(forms.Form):
    reason = _text(gettext_lazy("理由"), max_length=2000)


@login_required
def arbitration_refuse(request, pk: int):
    case = _arbitrator_case(request, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("不予受理的理由")
    return _act(
        request,
        case,
        form,
        _("不予受理"),
        lambda d: service.refuse(case, request.user, d["reason"]),
        success=_("已决定不予受理，通知书已送达"),
        intro=_("不予受理的，应当书面通知申请人并说明理由（劳动争议调解仲裁法第二十九条）。"),
        danger=True,
    )


# --- tribunal ----------------------------------------------------------------------------------


@login_required
def arbitration_tribunal(request, pk: int):
    case = _arbitrator_case(request, pk)
    choices = service.commission_arbitrators(case)
    form = forms.Form(request.POST or None)
    form.fields["kind"] = forms.ChoiceField(
        label=_("组庭方式"), choices=[("sole", _("独任仲裁")), ("three", _("三人合议庭"))]
    )
    form.fields["first"] = forms.ModelChoiceField(choices, label=_("独任仲裁员或首席仲裁员"), initial=request.user.pk)
    form.fields["second"] = forms.ModelChoiceField(choices, label=_("仲裁员（合议庭）"), required=False)
    form.fields["third"] = forms.ModelChoiceField(choices, label=_("仲裁员（合议庭）"), required=False)

    def call(d):
        chosen = [a for a in (d["first"], d["second"], d["third"]) if a]
        return service.compose_tribunal(case, request.user, kind=d["kind"], arbitrators=chosen, presiding=d["first"])

    return _act(
        request,
        case,
        form,
        _("组成仲裁庭"),
        call,
        success=_("仲裁庭已组成"),
        intro=_("简单案件可以由一名仲裁员独任仲裁；其他案件由三名仲裁员组成仲裁庭，设首席仲裁员（第三十一条）。"),
    )


@login_required
def arbitration_recuse(request, pk: int):
    member = _scoped_object(request, TribunalMember, pk)
    case = member.case
    service.check_arbitrator(case, request.user)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("回避事由")
    return _act(
        request,
        case,
        form,
        _("仲裁员回避：%(who)s") % {"who": member.arbitrator},
        lambda d: service.recuse(member, request.user, d["reason"]),
        success=_("已办理回避，请另行指定仲裁员"),
        intro=_("仲裁员是本案当事人或者当事人的近亲属、与本案有利害关系等情形的，应当回避（第三十三条）。"),
    )


@login_required
def arbitration_appoint(request, pk: int):
    case = _arbitrator_case(request, pk)
    form = forms.Form(request.POST or None)
    form.fields["arbitrator"] = forms.ModelChoiceField(service.commission_arbitrators(case), label=_("仲裁员"))
    return _act(
        request,
        case,
        form,
        _("另行指定仲裁员"),
        lambda d: service.appoint(case, request.user, arbitrator=d["arbitrator"]),
        success=_("已指定仲裁员"),
    )


# --- defence and evidence ------------------------------------------------------------------------


@login_required
def arbitration_defence(request, pk: int):
    case = _case(request, pk)
    party = party_of(case, request.user)
    if party is None or party.side != Party.Side.RESPONDENT:
        raise PermissionDenied(_("只有被申请人可以提交答辩意见"))
    form = forms.Form(request.POST or None, initial={"text": case.defence})
    form.fields["text"] = _text(_("答辩意见"), max_length=20000)

    intro = ""
    if case.defence_deadline:
        intro = _("答辩期限：%(day)s（劳动争议调解仲裁法第三十条）。逾期提交的，仍予接收并记录为逾期。") % {
            "day": case.defence_deadline.isoformat()
        }
    return _act(
        request,
        case,
        form,
        _("提交答辩意见"),
        lambda d: service.submit_defence(case, request.user, d["text"]),
        success=_("答辩意见已提交"),
        intro=intro,
    )


@login_required
@require_POST
def arbitration_exchange(request, pk: int):
    case = _arbitrator_case(request, pk)
    return _post_only(
        request, case, lambda: service.exchange_evidence(case, request.user), _("已交换证据，双方均可查看并质证")
    )


@login_required
def arbitration_opinion(request, pk: int):
    evidence = _scoped_object(request, Evidence, pk)
    case = evidence.case
    side = party_of(case, request.user)
    if not service.is_commission_arbitrator(case, request.user) and (side is None or side.side == evidence.side):
        raise PermissionDenied(_("只有对方当事人或仲裁员可以发表质证意见"))
    if evidence.exchanged_at is None and not service.is_commission_arbitrator(case, request.user):
        raise PermissionDenied(_("证据尚未交换，不能质证"))
    form = forms.Form(request.POST or None, initial={"text": evidence.opinion})
    form.fields["text"] = _text(_("质证意见"), help_text=_("对证据的真实性、合法性、关联性发表意见"))
    return _act(
        request,
        case,
        form,
        _("质证：%(title)s") % {"title": evidence.title},
        lambda d: service.record_opinion(evidence, request.user, d["text"]),
        success=_("质证意见已记录"),
    )


# --- hearings ---------------------------------------------------------------------------------


@login_required
def arbitration_hearing(request, pk: int):
    case = _arbitrator_case(request, pk)
    today = timezone.localdate()
    form = forms.Form(request.POST or None, initial={"notice_on": today, "online": True})
    form.fields["starts_at"] = _datetime_input(forms.DateTimeField(label=_("开庭时间")))
    form.fields["notice_on"] = _date_input(forms.DateField(label=_("通知日期")))
    form.fields["online"] = forms.BooleanField(label=_("网上开庭"), required=False)
    form.fields["place"] = forms.CharField(label=_("开庭地点"), required=False, max_length=128)

    def call(d):
        return service.schedule_hearing(
            case,
            request.user,
            starts_at=d["starts_at"],
            online=d["online"],
            place=d["place"],
            notice_on=d["notice_on"],
        )

    from .. import rules

    earliest = rules.earliest_hearing(today).date
    return _act(
        request,
        case,
        form,
        _("排期开庭"),
        call,
        success=lambda hearing: (
            _("已排期开庭（%(when)s），开庭通知书已送达")
            % {"when": timezone.localtime(hearing.starts_at).strftime("%Y-%m-%d %H:%M")}
        ),
        intro=_("开庭通知应当在开庭五日前送达当事人（第三十五条）：今天通知的，最早可于%(day)s开庭。")
        % {"day": earliest.isoformat()},
    )


@login_required
def arbitration_postpone(request, pk: int):
    hearing = _scoped_object(request, Hearing, pk)
    case = hearing.case
    service.check_arbitrator(case, request.user)
    today = timezone.localdate()
    form = forms.Form(request.POST or None, initial={"requested_on": today})
    form.fields["requested_on"] = _date_input(forms.DateField(label=_("申请延期日期")))
    form.fields["reason"] = _text(_("延期理由"), max_length=2000)
    form.fields["new_starts_at"] = _datetime_input(forms.DateTimeField(label=_("新的开庭时间")))

    def call(d):
        return service.postpone_hearing(
            hearing,
            request.user,
            requested_on=d["requested_on"],
            reason=d["reason"],
            new_starts_at=d["new_starts_at"],
        )

    return _act(request, case, form, _("延期开庭"), call, success=_("已延期开庭，新的开庭通知书已送达"))


@login_required
def arbitration_hold(request, pk: int):
    hearing = _scoped_object(request, Hearing, pk)
    case = hearing.case
    service.check_arbitrator(case, request.user)
    parties = list(case.parties.order_by("side", "id"))
    form = forms.Form(request.POST or None, initial={f"party_{p.pk}": p.name for p in parties})
    form.fields["transcript"] = _text(_("庭审笔录"), max_length=200000)
    for p in parties:
        form.fields[f"party_{p.pk}"] = forms.CharField(
            label=f"{p.get_side_display()} {p.name}",
            required=False,
            max_length=128,
            help_text=_("到庭人员（本人或委托代理人）；未到庭的留空"),
        )

    def call(d):
        attendance = {p.pk: d[f"party_{p.pk}"] for p in parties}
        return service.hold_hearing(hearing, request.user, transcript=d["transcript"], attendance=attendance)

    return _act(request, case, form, _("开庭审理记录"), call, success=_("庭审记录已保存"))


@login_required
def hearing_calendar(request):
    """Upcoming hearings in the user's scope, by day; an arbitrator's own seats marked."""
    since = timezone.now() - timedelta(hours=12)
    hearings = scoped(
        Hearing.objects.filter(status=Hearing.Status.SCHEDULED, starts_at__gte=since).select_related(
            "case__commission", "case__enterprise"
        ),
        request.user,
    ).order_by("starts_at", "id")
    mine_only = request.GET.get("mine") == "1"
    if mine_only:
        hearings = hearings.filter(case__tribunal__arbitrator=request.user, case__tribunal__recused_at__isnull=True)
    seats = set(
        TribunalMember.objects.filter(arbitrator=request.user, recused_at__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    days: dict = {}
    for h in hearings.distinct()[:500]:
        days.setdefault(timezone.localtime(h.starts_at).date(), []).append((h, h.case_id in seats))
    return render(
        request,
        "disputes/arbitration/calendar.html",
        {"title": _("开庭日历"), "days": sorted(days.items()), "mine_only": mine_only},
    )


# --- award and the clock ------------------------------------------------------------------------


@login_required
def arbitration_award(request, pk: int):
    case = _arbitrator_case(request, pk)
    claims = list(case.claims.order_by("id"))
    results = [
        (Claim.Result.UPHELD, _("支持")),
        (Claim.Result.PARTLY, _("部分支持")),
        (Claim.Result.REJECTED, _("驳回")),
    ]
    form = forms.Form(request.POST or None)
    for c in claims:
        asked = _("（请求%(amount)s元）") % {"amount": c.amount} if c.amount is not None else ""
        form.fields[f"result_{c.pk}"] = forms.ChoiceField(label=f"{c.get_kind_display()}{asked}", choices=results)
        form.fields[f"amount_{c.pk}"] = forms.DecimalField(
            label=_("裁决金额（元）"),
            required=False,
            min_value=0,
            max_digits=14,
            decimal_places=2,
            help_text=_("全部支持的可留空，按请求金额裁决"),
        )
    form.fields["reasoning"] = _text(_("裁决理由（本委认为）"), max_length=50000)

    def call(d):
        return service.issue_award(
            case,
            request.user,
            results={c.pk: (d[f"result_{c.pk}"], d[f"amount_{c.pk}"]) for c in claims},
            reasoning=d["reasoning"],
        )

    return _act(
        request,
        case,
        form,
        _("作出裁决"),
        call,
        success=lambda docs: _("已作出裁决：%(titles)s") % {"titles": "、".join(doc.title for doc in docs)},
        intro=_(
            "追索劳动报酬、工伤医疗费、经济补偿或者赔偿金，单项裁决数额不超过当地月最低工资标准十二个月金额的，"
            "以及因执行国家的劳动标准发生的争议，为终局裁决（第四十七条）；同时含有终局和非终局事项的，分别制作裁决书。"
        ),
    )


@login_required
def arbitration_extend(request, pk: int):
    case = _arbitrator_case(request, pk)
    form = forms.Form(request.POST or None)
    form.fields["note"] = _text(_("批准情况"), max_length=2000, help_text=_("批准人、批准日期和延期理由"))
    return _act(
        request,
        case,
        form,
        _("延长审理期限"),
        lambda d: service.extend(case, request.user, d["note"]),
        success=_("审理期限已延长十五日"),
        intro=_(
            "案情复杂需要延期的，经仲裁委员会主任批准，可以延长，并书面通知当事人，延长期限不得超过十五日（第四十三条）。"
        ),
    )


@login_required
def arbitration_suspend(request, pk: int):
    case = _arbitrator_case(request, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("中止审理的事由")
    return _act(
        request,
        case,
        form,
        _("中止审理"),
        lambda d: service.suspend(case, request.user, d["reason"]),
        success=_("已中止审理"),
        danger=True,
    )


@login_required
@require_POST
def arbitration_resume(request, pk: int):
    case = _arbitrator_case(request, pk)
    return _post_only(request, case, lambda: service.resume(case, request.user), _("已恢复审理，裁决期限已顺延"))


@login_required
def arbitration_settle(request, pk: int):
    case = _arbitrator_case(request, pk)
    form = forms.Form(request.POST or None)
    form.fields["terms"] = _text(_("调解协议内容"), max_length=20000)
    form.fields["amount"] = forms.DecimalField(label=_("调解金额（元）"), min_value=0, max_digits=14, decimal_places=2)
    return _act(
        request,
        case,
        form,
        _("仲裁调解结案"),
        lambda d: service.settle(case, request.user, d["terms"], d["amount"]),
        success=_("已制作仲裁调解书并送达当事人"),
    )


@login_required
@require_POST
def arbitration_withdraw(request, pk: int):
    case = _case(request, pk)
    try:
        service.withdraw(case, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("仲裁申请已撤回"))
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def arbitration_serve(request, pk: int):
    case = _arbitrator_case(request, pk)
    return _post_only(request, case, lambda: service.serve_award(case, request.user), _("裁决书已电子送达各方当事人"))


# --- documents --------------------------------------------------------------------------------


@login_required
def arbitration_document(request, pk: int):
    """A case document as PDF. When the user is the party it was served on, opening it is the
    receipt (送达回证)."""
    document = _scoped_object(request, CaseDocument, pk)
    service.open_document(document, request.user)
    response = FileResponse(document.file.open("rb"), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(document.title)}.pdf"
    return response
