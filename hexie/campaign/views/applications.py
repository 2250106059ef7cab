"""Pages of rounds, applications, self-assessments, four-party sign-offs, evaluators and 公示.

Thin views: parse a form, call one service from `services/applications.py`, render or redirect.
Every query of applications goes through `scoped` (404 outside the user's scope); the public
notice page shows only what is being published anyway.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hexie.core.exports import Column, xlsx_response
from hexie.core.models import Region
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, ModelChoice, RegionPrefix, ScopedListView, Search

from ..forms import (
    ApplicationCreateForm,
    AssessmentForm,
    EvaluationForm,
    EvaluatorForm,
    ObjectionForm,
    ObjectionHandleForm,
    RoundForm,
    SignoffForm,
)
from ..models import Application, Level, Objection, Party, Round
from ..services import applications as services

# Moves a detail page offers as buttons (the reviews go through the sign-off form instead).
BUTTON_ACTIONS = ("submit", "accept", "withdraw", "name")


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- rounds --------------------------------------------------------------------------------------


class RoundList(ScopedListView):
    model = Round
    template_name = "campaign/round_list.html"
    select_related = ("region", "system")
    filters = {"q": Search("name"), "subject_kind": Choice("subject_kind")}
    columns = [
        Column(gettext_lazy("名称"), "name", link=True),
        Column(gettext_lazy("年度"), "year", kind="number", sort="year"),
        Column(gettext_lazy("对象类型"), "subject_kind"),
        Column(gettext_lazy("组织地区"), "region.name"),
        Column(gettext_lazy("申报开始"), "opens", kind="date", sort="opens"),
        Column(gettext_lazy("申报截止"), "closes", kind="date", sort="closes"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["create_regions"] = services.round_regions(user)
        return context


def round_detail(request, pk: int):
    """A round as announced (public), with its candidates ranked for signed-in users within their scope."""
    round_ = get_object_or_404(Round.objects.select_related("region", "system"), pk=pk)
    rankings = []
    if request.user.is_authenticated:
        visible = scoped(round_.applications.all(), request.user)
        for level in Level:
            candidates = services.ranking(round_, level.value, visible)
            if candidates or round_.quota(level.value) is not None:
                rankings.append((level, round_.quota(level.value), candidates))
    return render(
        request,
        "campaign/round_detail.html",
        {
            "round": round_,
            "title": round_.name,
            "rankings": rankings,
            "may_edit": request.user.is_authenticated and services.may_manage_round_region(request.user, round_.region),
            "open_today": round_.is_open_on(timezone.localdate()),
        },
    )


def _round_form(request, round_: Round | None, region: Region):
    if not services.may_manage_round_region(request.user, region):
        raise PermissionDenied(_("只有本地区三方工作人员可以组织创建批次"))
    form = RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            if round_ is None:
                saved = services.create_round(request.user, {**data, "region": region})
            else:
                saved = services.update_round(request.user, round_, data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("批次“%(name)s”已保存") % {"name": saved.name})
            return redirect("campaign:round-detail", saved.pk)
    title = _("新建创建批次") if round_ is None else _("修改批次")
    return render(
        request, "campaign/round_form.html", {"form": form, "title": title, "region": region, "round": round_}
    )


@login_required
def round_create(request, pk: str):
    return _round_form(request, None, get_object_or_404(Region, code=pk))


@login_required
def round_edit(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    return _round_form(request, round_, round_.region)


# --- applications --------------------------------------------------------------------------------


def _score_of(application: Application):
    used = application.evaluator_assessment or application.self_assessment
    return used.total if used else None


class ApplicationList(ScopedListView):
    model = Application
    template_name = "campaign/application_list.html"
    select_related = ("round", "organization__region", "self_assessment", "evaluator_assessment")
    filters = {
        "q": Search("organization__name", "organization__uscc"),
        "round": ModelChoice("round", Round.objects.all()),
        "status": Choice("status"),
        "level": Choice("level"),
        "region": RegionPrefix("organization__region__code"),
        "recommended_national": Choice(
            "recommended_national", choices=[("1", gettext_lazy("是"))], label=gettext_lazy("推荐至全国")
        ),
    }
    columns = [
        Column(gettext_lazy("申报单位"), "organization.name", link=True, sort="organization__name"),
        Column(gettext_lazy("统一社会信用代码"), "organization.uscc"),
        Column(gettext_lazy("所在地区"), "organization.region.name"),
        Column(gettext_lazy("批次"), "round.name"),
        Column(gettext_lazy("申报层级"), "level", sort="level"),
        Column(gettext_lazy("状态"), "status", sort="status"),
        Column(gettext_lazy("得分"), _score_of, kind="number"),
        Column(gettext_lazy("公示截止"), "notice_ends", kind="date"),
        Column(gettext_lazy("推荐至全国"), "recommended_national", kind="bool"),
        Column(gettext_lazy("提交时间"), "submitted_at", kind="datetime", sort="submitted_at"),
    ]

    def get(self, request, *args, **kwargs):
        if self.export:
            return xlsx_response(self.get_queryset(), self.columns, "applications", str(self.get_title()))
        return super().get(request, *args, **kwargs)


def _application(request, pk: int) -> Application:
    return get_object_or_404(services.visible_applications(request.user), pk=pk)


@login_required
def application_detail(request, pk: int):
    application = _application(request, pk)
    user = request.user
    level = application.review_level
    reviewer = bool(
        level
        and services.tripartite_memberships(
            user, application.organization.region_id, services.REGION_LEVEL[Level(level)]
        )
    )
    staff = user.is_superuser or bool(services.tripartite_memberships(user, application.organization.region_id))
    actions = [t for t in Application.workflow.available(application, user) if t.action in BUTTON_ACTIONS]
    is_applicant = bool(services.applicant_roles(user, application.organization))
    actions = [t for t in actions if (t.action in ("submit", "withdraw")) == is_applicant or user.is_superuser]
    status_labels = dict(Application.Status.choices)
    timeline = [
        (e, status_labels.get(e.from_status, e.from_status), status_labels.get(e.to_status, e.to_status))
        for e in application.timeline
    ]
    return render(
        request,
        "campaign/application_detail.html",
        {
            "application": application,
            "title": str(application.organization),
            "self_rows": services.assessment_rows(application.self_assessment),
            "evaluator_rows": services.assessment_rows(application.evaluator_assessment),
            "grid": [
                (lv, label, list(zip(Party, cells, strict=True)))
                for lv, label, cells in services.signoff_grid(application)
            ],
            "parties": list(Party),
            "timeline": timeline,
            "actions": actions,
            "may_recommend": application.status == Application.Status.NAMED
            and (
                user.is_superuser
                or bool(
                    services.tripartite_memberships(user, application.organization.region_id, Region.Level.PROVINCE)
                )
            ),
            "signoff_form": SignoffForm() if reviewer else None,
            "evaluator_form": EvaluatorForm() if staff and application.status in Application.REVIEWING else None,
            "objections": application.objections.all() if staff else [],
            "handle_form": ObjectionHandleForm() if staff else None,
            "is_applicant": is_applicant,
            "is_evaluator": services.is_evaluator_of(user, application),
            "editable": is_applicant and application.status in services.EDITABLE,
            "missing": services.missing_answers(application.self_assessment),
        },
    )


@login_required
def application_create(request):
    form = ApplicationCreateForm(request.user, request.POST or None, initial={"round": request.GET.get("round")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.create_application(request.user, data["round"], data["organization"], data["level"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("申报已创建，请填写自评"))
            return redirect("campaign:assessment-edit", application.pk)
    return render(
        request,
        "campaign/application_form.html",
        {
            "form": form,
            "title": _("创建申报"),
            "may_apply": form.fields["organization"].queryset.exists(),
        },
    )


@login_required
@require_POST
def application_action(request, pk: int):
    application = _application(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "submit":
            services.submit_application(request.user, application)
            messages.success(request, _("申报已提交"))
        elif action == "accept":
            services.accept_application(request.user, application)
            messages.success(request, _("已受理，进入县级评审"))
        elif action == "withdraw":
            services.withdraw_application(request.user, application)
            messages.success(request, _("申报已撤回"))
        elif action == "name":
            naming = services.name_application(request.user, application)
            messages.success(request, _("已命名：%(title)s") % {"title": naming.title})
        elif action in ("recommend", "unrecommend"):
            services.recommend_national(request.user, application, action == "recommend")
            messages.success(request, _("已更新推荐至全国"))
        elif action == "assign_evaluator":
            form = EvaluatorForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择第三方评估机构"))
            services.assign_evaluator(request.user, application, form.cleaned_data["evaluator"])
            messages.success(request, _("已指派第三方评估机构"))
        else:
            raise ValidationError(_("未知操作"))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("campaign:application-detail", application.pk)


def _assessment_page(request, application, assessment, form_class, save, *, may_edit: bool, title: str, **extra):
    answers = {a.indicator_id: a for a in assessment.answers.all()} if assessment else {}
    system = application.round.system
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("您不能修改这份评价"))
        form = form_class(system, answers, request.POST, request.FILES)
        if form.is_valid():
            try:
                save(form)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("已保存并重新计分"))
                return redirect(request.path)
    else:
        form = form_class(system, answers, readonly=not may_edit)
    scored = {r.indicator.pk: r for r in services.assessment_rows(assessment)}
    lines = [(*fields, scored.get(fields[0].pk)) for fields in form.rows()]
    return render(
        request,
        "campaign/assessment_form.html",
        {
            "application": application,
            "form": form,
            "title": title,
            "may_edit": may_edit,
            "lines": lines,
            "assessment": assessment,
            **extra,
        },
    )


@login_required
def assessment_edit(request, pk: int):
    """The self-assessment (自评): one page over the whole tree, evidence per indicator."""
    application = _application(request, pk)
    may_edit = bool(services.applicant_roles(request.user, application.organization)) and (
        application.status in services.EDITABLE
    )
    return _assessment_page(
        request,
        application,
        application.self_assessment,
        AssessmentForm,
        lambda form: services.save_self_assessment(request.user, application, form.answers(), form.uploads()),
        may_edit=may_edit,
        title=_("自评：%(name)s") % {"name": application.organization.name},
    )


@login_required
def evaluation_edit(request, pk: int):
    """The assigned evaluator's scoring and report (第三方评估)."""
    application = _application(request, pk)
    if not services.is_evaluator_of(request.user, application):
        raise PermissionDenied(_("只有被指派的第三方评估机构的评估人员可以评分"))
    return _assessment_page(
        request,
        application,
        application.evaluator_assessment,
        EvaluationForm,
        lambda form: services.record_evaluation(
            request.user, application, form.answers(), form.uploads(), form.files.get("report")
        ),
        may_edit=application.status in Application.REVIEWING,
        title=_("第三方评估：%(name)s") % {"name": application.organization.name},
        evaluation=True,
    )


@login_required
@require_POST
def signoff(request, pk: int):
    application = _application(request, pk)
    form = SignoffForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("campaign:application-detail", application.pk)
    data = form.cleaned_data
    try:
        entry = services.sign_off(request.user, application, data["decision"], data["note"], data["score"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已签署%(party)s意见") % {"party": entry.get_party_display()})
    return redirect("campaign:application-detail", application.pk)


@login_required
@require_POST
def objection_handle(request, pk: int):
    objection = get_object_or_404(scoped(Objection.objects.select_related("application"), request.user), pk=pk)
    form = ObjectionHandleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.handle_objection(
                request.user,
                objection,
                data["outcome"] == "upheld",
                data["response"],
                action=data["action"] or "return",
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("异议已处理"))
    else:
        messages.error(request, _("请填写核查结论和核查结果"))
    return redirect("campaign:application-detail", objection.application_id)


# --- public notice (公示, no login) -----------------------------------------------------------------


def public_notice(request):
    rows = (
        services.in_notice()
        .select_related("organization__region", "round")
        .order_by("notice_ends", "organization__name")
    )
    return render(
        request,
        "campaign/public_notice.html",
        {
            "title": _("和谐劳动关系创建公示"),
            "applications": rows,
            "form": ObjectionForm(),
        },
    )


def public_objection(request, pk: int):
    if request.method != "POST":
        return redirect("campaign:public-notice")
    application = get_object_or_404(services.in_notice().select_related("organization"), pk=pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_objection(application, data["text"], data["contact_name"], data["contact_phone"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("您的异议已收到，我们将核查处理"))
            return redirect("campaign:public-notice")
    rows = services.in_notice().select_related("organization__region", "round")
    return render(
        request,
        "campaign/public_notice.html",
        {
            "title": _("和谐劳动关系创建公示"),
            "applications": rows,
            "form": ObjectionForm(),
            "failed": application,
            "failed_form": form,
        },
        status=400,
    )
