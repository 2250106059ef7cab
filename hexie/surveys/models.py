"""Employee satisfaction surveys (职工满意度测评): a survey of one enterprise, its one-time
tokens (测评码) and the anonymous responses.

Anonymity is in the columns: a `Response` holds the survey, the survey's date and the answers —
no token, person, user, address or time of day, and a random UUID key, so neither a column nor
the key order ties an answer to whoever gave it. A `Token` keeps only a keyed hash of the code
and whether it was used, not when. Neither model is audit-logged (`audit_exempt`).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexie.core import crypto
from hexie.core.models import Organization
from hexie.core.scoping import ScopeSpec
from hexie.core.workflow import SYSTEM, Transition, Workflow, WorkflowModel

from . import rules

MANAGERS = frozenset({"staff", "admin", "hr", "legal_rep"})  # who open, close and hand out tokens


class SurveyQuerySet(models.QuerySet):
    def with_totals(self):
        """Annotate `response_count` and, per dimension, `<key>_sum` and `<key>_satisfied` (one query)."""
        annotations = {"response_count": Count("responses")}
        for key in rules.DIMENSION_KEYS:
            annotations[f"{key}_sum"] = Sum(f"responses__{key}")
            annotations[f"{key}_satisfied"] = Count("responses", filter=Q(**{f"responses__{key}__gte": 4}))
        return self.annotate(**annotations)


class Survey(WorkflowModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    initial_status = Status.DRAFT
    workflow = Workflow(
        Transition("open", Status.DRAFT, Status.OPEN, MANAGERS, _("开始测评")),
        Transition("close", Status.OPEN, Status.CLOSED, MANAGERS | {SYSTEM}, _("结束测评")),
    )

    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="surveys",
        limit_choices_to={"kind": Organization.Kind.ENTERPRISE},
    )
    title = models.CharField(_("名称"), max_length=128)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    planned_tokens = models.PositiveIntegerField(
        _("计划发放测评码"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()
    scope = ScopeSpec(region="enterprise__region__code", organization="enterprise_id")

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
                violation_error_message=_("截止日期不能早于开始日期"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("survey-detail", args=[self.pk])

    def accepting(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.closes_on

    def summary(self) -> rules.Summary:
        """The results (withheld below rules.MIN_RESPONSES), from the annotations when present."""
        row = self if hasattr(self, "response_count") else Survey.objects.with_totals().get(pk=self.pk)
        totals = {
            key: (getattr(row, f"{key}_sum") or 0, getattr(row, f"{key}_satisfied")) for key in rules.DIMENSION_KEYS
        }
        return rules.summary_from_totals(row.response_count, totals)


def token_digest(raw: str) -> str:
    """The keyed hash kept for a token (the token itself is never stored)."""
    return crypto.lookup_hash(f"survey-token:{normalize_token(raw)}")


def normalize_token(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


class Token(models.Model):
    """A one-time code (测评码) handed to a worker on paper: its keyed hash and whether it was used."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    used = models.BooleanField(_("已使用"), default=False)

    audit_exempt = True
    scope = ScopeSpec(region="survey__enterprise__region__code", organization="survey__enterprise_id")

    class Meta:
        verbose_name = _("测评码")
        verbose_name_plural = _("测评码")

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label, choices=rules.SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Response(models.Model):
    """One anonymous answer sheet: the survey, the survey's date and the scores, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    survey_date = models.DateField(_("测评日期"))
    pay = _score_field(_("劳动报酬"))
    social_insurance = _score_field(_("社保缴纳"))
    rest = _score_field(_("休息休假"))
    environment = _score_field(_("工作环境"))
    training = _score_field(_("技能培训"))
    conditions = _score_field(_("劳动条件"))
    democracy = _score_field(_("协商民主"))
    care = _score_field(_("人文关怀"))
    suggestion = models.TextField(_("意见建议"), max_length=rules.SUGGESTION_MAX, blank=True)

    audit_exempt = True
    scope = ScopeSpec(region="survey__enterprise__region__code", organization="survey__enterprise_id")

    class Meta:
        ordering = ["id"]  # random: no order of arrival
        verbose_name = _("测评答卷")
        verbose_name_plural = _("测评答卷")

    def __str__(self) -> str:
        return str(self.pk)
