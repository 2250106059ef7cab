"""Pages of filing and of the cases themselves (立案与案件): the handlers' case list and detail,
the worker's phone pages (我的案件), the filing form with its enterprise lookup, collective cases
(join, vote, submit), evidence upload and download.

Thin views: parse a form, call one service from `services/filing.py` or `services/evidence.py`,
render or redirect. Every query of cases goes through `scoped` (404 outside the user's scope); the
worker's pages show only the worker's own cases.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.exports import Column
from hexie.core.forms import apply_errors
from hexie.core.models import Organization
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, Filter, RegionPrefix, ScopedListView, Search
from hexie.core.workflow import TransitionError

from ..forms import EvidenceForm, FilingForm, RouteForm, VoteForm
from ..models import DisputeCase, Evidence, Party, RepresentativeVote
from ..services import arbitration, filing, mediation, routing
from ..services import evidence as evidence_service
from ..services.documents import party_of

Status = DisputeCase.Status

# What each status means to the worker, in plain words (我的案件).
PLAIN_STATUS = {
    Status.FILED: gettext_lazy("申请已提交，等待处理"),
    Status.INTERNAL: gettext_lazy("企业正在处理您的内部申诉，请留意企业答复"),
    Status.INTERNAL_RESOLVED: gettext_lazy("内部申诉已解决"),
    Status.MEDIATING: gettext_lazy("调解组织正在调解，调解期限为十五日"),
    Status.MEDIATED: gettext_lazy("已达成调解协议"),
    Status.MEDIATION_FAILED: gettext_lazy("调解没有成功，您可以申请劳动仲裁"),
    Status.ARB_REVIEW: gettext_lazy("仲裁委员会正在审查您的申请，五日内决定是否受理"),
    Status.REFUSED: gettext_lazy("仲裁委员会决定不予受理，您可以就该争议向人民法院起诉"),
    Status.ACCEPTED: gettext_lazy("仲裁委员会已受理，正在组成仲裁庭"),
    Status.HEARING_SCHEDULED: gettext_lazy("已安排开庭，请按开庭通知书的时间参加"),
    Status.HEARD: gettext_lazy("已开庭审理，等待仲裁裁决"),
    Status.SUSPENDED: gettext_lazy("仲裁审理暂时中止"),
    Status.SETTLED: gettext_lazy("已在仲裁中调解结案"),
    Status.WITHDRAWN: gettext_lazy("仲裁申请已撤回"),
    Status.AWARDED: gettext_lazy("已作出裁决，裁决书将送达给您"),
    Status.SERVED: gettext_lazy("裁决书已送达，请查看并签收"),
    Status.IN_COURT: gettext_lazy("案件已起诉至人民法院"),
    Status.COURT_DECIDED: gettext_lazy("人民法院已作出判决"),
    Status.CLOSED: gettext_lazy("裁决已生效，案件结束"),
}
STATUS_COLORS = {
    Status.FILED: "secondary",
    Status.INTERNAL: "blue",
    Status.MEDIATING: "blue",
    Status.ARB_REVIEW: "blue",
    Status.ACCEPTED: "blue",
    Status.HEARING_SCHEDULED: "orange",
    Status.HEARD: "blue",
    Status.SUSPENDED: "orange",
    Status.MEDIATION_FAILED: "orange",
    Status.REFUSED: "red",
    Status.AWARDED: "green",
    Status.SERVED: "green",
    Status.MEDIATED: "green",
    Status.SETTLED: "green",
    Status.INTERNAL_RESOLVED: "green",
    Status.CLOSED: "green",
}
# Moves the filing part makes itself from the detail page (the applicant's choice of route);
# every other available move links to its panel (#action-<name>) in the other parts' partials.
ROUTE_ACTIONS = ("internal", "mediate", "apply_arbitration")


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the case list -------------------------------------------------------------------------------


class FiledBetween(Filter):
    """`filed_from` / `filed_to`: the application date on or after / on or before a day."""

    def __init__(self, lookup: str, label):
        super().__init__(label)
        self.lookup = lookup

    def form_field(self, view):
        return forms.DateField(label=self.label, required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def apply(self, queryset, value):
        return queryset.filter(**{f"filed_on__{self.lookup}": value}) if value else queryset


class CaseList(ScopedListView):
    model = DisputeCase
    title = gettext_lazy("劳动争议案件")
    template_name = "disputes/case_list.html"
    select_related = ("enterprise", "worker", "region")
    filters = {
        "q": Search(
            "number",
            "arbitration_number",
            "mediation_number",
            "worker__name",
            "enterprise__name",
            label=gettext_lazy("编号、劳动者或用人单位"),
        ),
        "status": Choice("status"),
        "cause": Choice("cause"),
        "kind": Choice("kind"),
        "region": RegionPrefix("region__code"),
        "filed_from": FiledBetween("gte", gettext_lazy("申请日期自")),
        "filed_to": FiledBetween("lte", gettext_lazy("申请日期至")),
    }
    columns = [
        Column(gettext_lazy("申请编号"), "number", sort="number", link=True),
        Column(gettext_lazy("仲裁案号"), "arbitration_number"),
        Column(gettext_lazy("争议类型"), "kind"),
        Column(gettext_lazy("劳动者"), "worker.name", sort="worker__name"),
        Column(gettext_lazy("用人单位"), "enterprise.name", sort="enterprise__name"),
        Column(gettext_lazy("主要争议事项"), "cause", sort="cause"),
        Column(gettext_lazy("请求金额（元）"), "claim_total", kind="money", sort="claim_total"),
        Column(gettext_lazy("人数"), "workers", kind="number"),
        Column(gettext_lazy("管辖地区"), "region.name"),
        Column(gettext_lazy("状态"), "status", sort="status"),
        Column(gettext_lazy("申请日期"), "filed_on", kind="date", sort="filed_on"),
    ]


# --- one case ------------------------------------------------------------------------------------


def _case(request, pk: int) -> DisputeCase:
    queryset = DisputeCase.objects.select_related(
        "enterprise__region", "worker", "region", "mediation_org", "commission", "created_by"
    )
    return get_object_or_404(scoped(queryset, request.user), pk=pk)


# Labels of the acts the mediation and arbitration parts record without moving the case.
RECORD_LABELS = {**mediation.TIMELINE_LABELS, **arbitration.TIMELINE_LABELS}


def _timeline(case: DisputeCase) -> list:
    """(entry, label) pairs for core/partials/timeline.html: the workflow's labels for its moves,
    the parts' own for the acts that change no status."""
    return [(entry, RECORD_LABELS.get(entry.action, label)) for entry, label in case.timeline_with_labels]


def _evidence_rows(case: DisputeCase, user) -> list[tuple[Evidence, bool]]:
    """The evidence `user` may see (a party: its own side's and what was exchanged, never the other
    side's titles before the exchange), each with whether its file opens for them."""
    rows = arbitration.visible_evidence(case, user).select_related("submitted_by")
    return [(e, evidence_service.may_read(e, user)) for e in rows]


# Moves whose forms live on the mediation part's own page rather than in a panel of this page.
MEDIATION_PAGE_ACTIONS = ("resolve_internal", "handover", "agree", "fail_mediation")


def _action_href(case: DisputeCase, action: str) -> str:
    """Where the button of another part's move leads: its panel's `#action-<name>` anchor."""
    if action in MEDIATION_PAGE_ACTIONS:
        try:
            return f"{reverse('disputes:mediation-actions', args=[case.pk])}#action-{action}"
        except NoReverseMatch:
            pass
    return f"#action-{action}"


def _case_context(request, case: DisputeCase) -> dict:
    findings = [f for f in case.findings or [] if isinstance(f, dict)]
    available = DisputeCase.workflow.available(case, request.user)
    gathering = filing.is_gathering(case)
    route_actions = [t for t in available if t.action in ROUTE_ACTIONS and not gathering]
    options = filing.mediation_choices(case) if any(t.action == "mediate" for t in route_actions) else []
    return {
        "case": case,
        "title": str(case),
        "parties": case.parties.select_related("person", "organization").order_by("side", "-representative", "id"),
        "claims": case.claims.all(),
        "evidence_rows": _evidence_rows(case, request.user),
        "findings": findings,
        "timeline": _timeline(case),
        "route_actions": route_actions,
        "other_actions": [(t, _action_href(case, t.action)) for t in available if t.action not in ROUTE_ACTIONS],
        "may_add_evidence": evidence_service.may_add(case, request.user),
        "plain_status": PLAIN_STATUS.get(case.status, ""),
        "status_color": STATUS_COLORS.get(case.status, "secondary"),
        "gathering": gathering,
        "mediation_options": options,
        "mediation_default": filing.default_mediation(case, options),
    }


@login_required
def case_detail(request, pk: int):
    case = _case(request, pk)
    return render(request, "disputes/case_detail.html", _case_context(request, case))


@login_required
@require_POST
def case_route(request, pk: int):
    """The applicant's next route from the detail page: internal complaint, mediation, arbitration."""
    case = _case(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "internal":
            routing.start_internal(case, request.user)
            messages.success(request, _("已向企业内部申诉"))
        elif action == "mediate":
            option = filing.choose_mediation(case, request.POST.get("mediation_org") or None)
            routing.start_mediation(case, request.user, organization=option.organization, channel=option.channel)
            messages.success(request, _("已申请调解：%(org)s") % {"org": option.organization.name})
        elif action == "apply_arbitration":
            routing.apply_for_arbitration(case, request.user)
            messages.success(request, _("已提交仲裁申请，仲裁委员会将在五日内决定是否受理"))
        else:
            raise ValidationError(_("未知操作"))
    except ValidationError as exc:
        _errors(request, exc)
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(_back(request, case))


# --- the worker's phone pages --------------------------------------------------------------------


def _own_cases(request):
    person = filing.person_of(request.user)
    if person is None:
        return DisputeCase.objects.none()
    return (
        DisputeCase.objects.select_related("enterprise", "region", "mediation_org", "commission")
        .filter(Q(worker=person) | Q(parties__person=person))
        .distinct()
        .order_by("-filed_at", "-id")
    )


def _back(request, case: DisputeCase) -> str:
    """The worker's phone page for their own case, the handlers' detail page otherwise."""
    if _own_cases(request).filter(pk=case.pk).exists():
        return reverse("disputes:my-case-detail", args=[case.pk])
    return reverse("disputes:case-detail", args=[case.pk])


@login_required
def my_cases(request):
    """我的案件: the worker's own cases, newest first, and collective cases they may join."""
    cases = list(_own_cases(request))
    joinable = (
        filing.collective_cases_for(request.user)
        .filter(status=Status.FILED)
        .exclude(pk__in=[c.pk for c in cases])
        .exclude(parties__representative=True)
        .select_related("enterprise")
    )
    rows = [(c, PLAIN_STATUS.get(c.status, ""), STATUS_COLORS.get(c.status, "secondary")) for c in cases]
    return render(
        request,
        "disputes/my_cases.html",
        {"title": _("我的案件"), "rows": rows, "joinable": joinable, "is_worker": filing.person_of(request.user)},
    )


@login_required
def my_case_detail(request, pk: int):
    case = get_object_or_404(_own_cases(request), pk=pk)
    context = _case_context(request, case)
    context["applicant"] = party_of(case, request.user)
    return render(request, "disputes/my_case_detail.html", context)


# --- filing --------------------------------------------------------------------------------------


@login_required
def file_case(request):
    """The application form (phone-friendly): a worker for themselves, or an enterprise user."""
    person = filing.person_of(request.user)
    enterprise_user = filing.managed_enterprises(request.user).exists()
    if person is None and not enterprise_user:
        return render(request, "disputes/file_form.html", {"title": _("申请劳动争议调解仲裁"), "form": None})
    initial = {}
    if person is not None:
        employers = Organization.objects.filter(employments__person=person, employments__end__isnull=True)
        if employers.count() == 1:
            initial["enterprise"] = employers.get().name
    form = FilingForm(
        request.POST or None,
        request.FILES or None,
        worker=person is not None,
        enterprise_user=enterprise_user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if form.collective:
                case = filing.start_collective(request.user, data)
            else:
                case = filing.file_case(request.user, data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if case.kind == DisputeCase.Kind.COLLECTIVE:
                messages.success(
                    request, _("集体争议 %(number)s 已发起，请邀请同事加入并推选代表人") % {"number": case.number}
                )
                return redirect("disputes:collective", case.pk)
            messages.success(request, _("申请已提交，编号 %(number)s") % {"number": case.number})
            if case.findings:
                messages.warning(request, _("请注意时效提示：是否存在时效中断或中止的事由，由仲裁委员会审查"))
            return redirect(_back(request, case))
    return render(
        request,
        "disputes/file_form.html",
        {"form": form, "title": _("申请劳动争议调解仲裁"), "is_worker": person is not None},
    )


@login_required
def enterprise_lookup(request):
    """htmx: up to 10 enterprises matching `q` (name or USCC) with the masked USCC and region; with
    `pick`, the chosen enterprise fills the field."""
    picked = None
    pick = request.GET.get("pick", "")
    if pick.isdigit():
        picked = filing.enterprises().filter(pk=int(pick)).first()
    query = (request.GET.get("q") or request.GET.get("enterprise") or "").strip()[:100]
    results = [] if picked else filing.search_enterprises(query)
    template = "disputes/_enterprise_field.html" if picked else "disputes/_enterprise_options.html"
    return render(
        request,
        template,
        {
            "picked": picked,
            "picked_uscc": filing.masked_uscc(picked.uscc) if picked else "",
            "query": query,
            "results": [(o, filing.masked_uscc(o.uscc)) for o in results],
        },
    )


# --- collective cases ----------------------------------------------------------------------------


def _collective(request, pk: int) -> DisputeCase:
    """A collective case the user may see: in their scope, or at an enterprise they work for."""
    visible = scoped(DisputeCase.objects.all(), request.user).filter(pk=pk).exists()
    mine = filing.collective_cases_for(request.user).filter(pk=pk).exists()
    if not (visible or mine):
        raise Http404
    case = get_object_or_404(
        DisputeCase.objects.select_related("enterprise", "region", "created_by"),
        pk=pk,
        kind=DisputeCase.Kind.COLLECTIVE,
    )
    return case


@login_required
def collective(request, pk: int, vote_form=None, route_form=None):
    case = _collective(request, pk)
    person = filing.person_of(request.user)
    me = case.parties.filter(person=person).first() if person else None
    result = filing.election(case)
    gathering = filing.is_gathering(case)
    applicants = [p for p, _count in result.tally]
    my_votes = set(RepresentativeVote.objects.filter(voter=me).values_list("candidate_id", flat=True)) if me else set()
    context = {
        "case": case,
        "title": _("集体争议 %(number)s") % {"number": case.number},
        "claims": case.claims.all(),
        "me": me,
        "gathering": gathering,
        "election": result,
        "minimum": filing.rules.COLLECTIVE_MINIMUM,
        "seats": filing.rules.REPRESENTATIVES,
        "may_join": gathering and me is None and filing.may_join(case, request.user),
        "may_vote": gathering and me is not None and me.side == Party.Side.APPLICANT,
        "may_submit": gathering and case.created_by_id == request.user.pk,
        "vote_form": vote_form or VoteForm(applicants=applicants, initial={"candidates": [str(pk) for pk in my_votes]}),
        "route_form": route_form or RouteForm(),
        "my_votes": my_votes,
    }
    return render(request, "disputes/collective.html", context)


@login_required
@require_POST
def collective_join(request, pk: int):
    case = _collective(request, pk)
    try:
        filing.join_collective(case, request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("您已加入集体争议，请推选代表人"))
    return redirect("disputes:collective", case.pk)


@login_required
@require_POST
def collective_vote(request, pk: int):
    case = _collective(request, pk)
    applicants = [p for p, _count in filing.election(case).tally]
    form = VoteForm(request.POST, applicants=applicants)
    if form.is_valid():
        try:
            filing.vote(case, request.user, form.cleaned_data["candidates"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("您的推选已记录"))
            return redirect("disputes:collective", case.pk)
    return collective(request, pk, vote_form=form)


@login_required
@require_POST
def collective_submit(request, pk: int):
    case = _collective(request, pk)
    form = RouteForm(request.POST)
    if form.is_valid():
        try:
            filing.submit_collective(case, request.user, **form.route_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("集体争议已提交"))
            return redirect(_back(request, case))
    return collective(request, pk, route_form=form)


# --- evidence ------------------------------------------------------------------------------------


@login_required
def evidence_add(request, pk: int):
    case = _case(request, pk)
    if not evidence_service.may_add(case, request.user):
        raise PermissionDenied(_("只有案件当事人或承办人员可以提交证据"))
    handler = party_of(case, request.user) is None
    form = EvidenceForm(request.POST or None, request.FILES or None, handler=handler)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_service.add_evidence(
                case,
                request.user,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
                side=form.cleaned_data.get("side") or None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("证据已上传"))
            return redirect(_back(request, case))
    return render(
        request,
        "disputes/evidence_form.html",
        {"form": form, "case": case, "title": _("提交证据"), "back": _back(request, case)},
        status=422 if form.errors else 200,
    )


@login_required
def evidence_file(request, pk: int):
    evidence = get_object_or_404(scoped(Evidence.objects.select_related("case", "attachment"), request.user), pk=pk)
    if not evidence_service.may_read(evidence, request.user):
        raise PermissionDenied(_("证据交换前，对方当事人提交的证据不可查看"))
    attachment = evidence.attachment
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=bool(request.GET.get("download")),
        filename=attachment.name,
    )
