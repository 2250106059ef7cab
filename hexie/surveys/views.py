"""Survey pages: the scoped list and export, the detail with results and the token sheet, the
create form, and the public answer page a worker opens on a phone (/s/<token>/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hexie.core.exports import Column, xlsx_response
from hexie.core.scoping import scoped
from hexie.core.views.generic import Choice, RegionPrefix, ScopedDetailView, ScopedListView, Search
from hexie.core.workflow import TransitionError

from . import services
from .forms import AnswerForm, SurveyForm, TokenBatchForm
from .models import Survey
from .sheet import qr_svg


class SurveyList(ScopedListView):
    model = Survey
    select_related = ("enterprise__region",)
    title = gettext_lazy("满意度测评")
    template_name = "surveys/survey_list.html"
    filters = {
        "q": Search("title", "enterprise__name", label=gettext_lazy("名称或企业")),
        "region": RegionPrefix("enterprise__region__code"),
        "status": Choice("status"),
    }
    columns = [
        Column(gettext_lazy("名称"), "title", sort="title", link=True),
        Column(gettext_lazy("企业"), "enterprise.name", sort="enterprise__name"),
        Column(gettext_lazy("所在地区"), "enterprise.region.name", sort="enterprise__region_id"),
        Column(gettext_lazy("状态"), "status", sort="status"),
        Column(gettext_lazy("开始日期"), "opens_on", kind="date", sort="opens_on"),
        Column(gettext_lazy("截止日期"), "closes_on", kind="date", sort="closes_on"),
        Column(gettext_lazy("计划发放"), "planned_tokens", kind="number"),
        Column(gettext_lazy("已答卷"), "response_count", kind="number", sort="response_count"),
    ]

    def base_queryset(self):
        return super().base_queryset().annotate(response_count=Count("responses"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = services.manageable_enterprises(self.request.user).exists()
        return context


class SurveyDetail(ScopedDetailView):
    model = Survey
    select_related = ("enterprise__region",)
    template_name = "surveys/survey_detail.html"
    list_url_name = "survey-list"
    fields = [
        Column(gettext_lazy("企业"), "enterprise", link=True),
        Column(gettext_lazy("状态"), "status"),
        Column(gettext_lazy("开始日期"), "opens_on", kind="date"),
        Column(gettext_lazy("截止日期"), "closes_on", kind="date"),
        Column(gettext_lazy("计划发放测评码"), "planned_tokens", kind="number"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey, user = self.object, self.request.user
        summary = survey.summary()
        tokens = survey.tokens.aggregate(issued=Count("id"), used=Count("id", filter=Q(used=True)))
        manager = services.may_manage(user, survey)
        remaining = max(survey.planned_tokens - tokens["issued"], 0)
        context.update(
            summary=summary,
            suggestions=survey.responses.exclude(suggestion="").values_list("suggestion", flat=True)[:200]
            if summary.shown
            else [],
            tokens=tokens,
            transitions=Survey.workflow.available(survey, user),
            may_issue=manager and survey.status != Survey.Status.CLOSED,
            batch_form=TokenBatchForm(initial={"count": min(remaining or 1, services.MAX_BATCH)}),
            min_responses=services.rules.MIN_RESPONSES,
        )
        return context


def _enterprise_choice(request):
    try:
        return int(request.GET.get("enterprise", ""))
    except ValueError:
        return None


@login_required
def survey_create(request):
    form = SurveyForm(request.POST or None, user=request.user, initial={"enterprise": _enterprise_choice(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.create_survey(
                request.user,
                enterprise=data["enterprise"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                planned_tokens=data["planned_tokens"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已创建测评，请生成测评码并开始测评"))
            return redirect(survey)
    may_create = form.fields["enterprise"].queryset.exists()
    return render(
        request, "surveys/survey_form.html", {"form": form, "title": _("发起满意度测评"), "may_create": may_create}
    )


def _visible_survey(request, pk) -> Survey:
    return get_object_or_404(scoped(Survey.objects.select_related("enterprise"), request.user), pk=pk)


@login_required
@require_POST
def survey_transition(request, pk):
    survey = _visible_survey(request, pk)
    try:
        services.move_survey(request.user, survey, request.POST.get("action", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("测评状态已更新为“%(status)s”") % {"status": survey.get_status_display()})
    return redirect(survey)


@login_required
@require_POST
@never_cache
def token_batch(request, pk):
    """Generate a batch of tokens and show them once: a printable sheet of QR cards."""
    survey = _visible_survey(request, pk)
    form = TokenBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写 1 至 %(max)s 之间的数量") % {"max": services.MAX_BATCH})
        return redirect(survey)
    try:
        codes = services.issue_tokens(request.user, survey, form.cleaned_data["count"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(survey)
    cards = []
    for code in codes:
        url = request.build_absolute_uri(reverse("survey-answer", args=[code]))
        cards.append({"code": code, "display": f"{code[:5]}-{code[5:]}", "url": url, "qr": qr_svg(url)})
    response = render(
        request, "surveys/token_sheet.html", {"survey": survey, "cards": cards, "codes": "\n".join(codes)}
    )
    response["Referrer-Policy"] = "strict-origin"
    return response


@login_required
@require_POST
def token_batch_xlsx(request, pk):
    """The .xlsx of a batch just shown (the codes come back from the sheet page; unused ones only)."""
    survey = _visible_survey(request, pk)
    if not services.may_manage(request.user, survey):
        raise PermissionDenied(_("您无权为该测评发放测评码"))
    codes = services.valid_unused_tokens(survey, request.POST.get("codes", "").split()[: services.MAX_BATCH])
    rows = [
        (i, code, request.build_absolute_uri(reverse("survey-answer", args=[code]))) for i, code in enumerate(codes, 1)
    ]
    columns = [
        Column(_("序号"), lambda r: r[0], kind="number"),
        Column(_("测评码"), lambda r: r[1]),
        Column(_("答题链接"), lambda r: r[2]),
    ]
    return xlsx_response(rows, columns, f"survey-{survey.pk}-tokens", str(_("测评码")))


@never_cache
def answer(request, token):
    """The public answer page (no login): one token, one answer sheet."""
    survey, refusal = services.token_state(token)
    form = AnswerForm(request.POST or None)
    done = False
    if refusal is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_response(token, {k: data[k] for k in services.rules.DIMENSION_KEYS}, data["suggestion"])
            done = True
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
    status = 200 if refusal is None else (404 if survey is None else 410)
    response = render(
        request,
        "surveys/answer.html",
        {"survey": survey, "form": form, "refusal": refusal, "done": done},
        status=status,
    )
    response["Referrer-Policy"] = "strict-origin"
    return response
