"""The creation campaign (和谐劳动关系创建): indicator systems, assessments, rounds, applications
with their tripartite reviews and public notice, namings, rechecks and veto events."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Attachment, Organization, Region
from hexie.core.scoping import ScopeSpec
from hexie.core.workflow import SYSTEM, DeadlineRule, Transition, Workflow, WorkflowModel

SCORE = {"max_digits": 7, "decimal_places": 2}


class SubjectKind(models.TextChoices):
    """Who is measured: an enterprise, or an area (industrial park / township-street)."""

    ENTERPRISE = "enterprise", _("企业")
    AREA = "area", _("工业园区、乡镇（街道）")

    @classmethod
    def of(cls, organization: Organization) -> "SubjectKind | None":
        if organization.kind == Organization.Kind.ENTERPRISE:
            return cls.ENTERPRISE
        if organization.kind in (Organization.Kind.INDUSTRIAL_PARK, Organization.Kind.TOWNSHIP_OFFICE):
            return cls.AREA
        return None


class Level(models.TextChoices):
    """命名层级: who names the unit, and so how far up the reviews go."""

    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")

    @property
    def chain(self) -> list["Level"]:
        order = [Level.COUNTY, Level.CITY, Level.PROVINCE]
        return order[: order.index(self) + 1]


class Party(models.TextChoices):
    """The four parties of the tripartite mechanism (三方四家); each signs off every review level."""

    HRSS = Organization.Kind.GOVERNMENT, _("人社部门")
    UNION = Organization.Kind.UNION, _("工会")
    ENTERPRISE_FEDERATION = Organization.Kind.ENTERPRISE_FEDERATION, _("企业联合会/企业家协会")
    COMMERCE_FEDERATION = Organization.Kind.COMMERCE_FEDERATION, _("工商联")


class IndicatorSystem(models.Model):
    """A versioned tree of indicators (评价指标体系). A published version is frozen: editing means
    cloning it into a new draft version, and every assessment keeps the version it used."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        RETIRED = "retired", _("已停用")

    code = models.CharField(_("体系编码"), max_length=32, help_text=_("同一体系的各版本共用此编码"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=128)
    subject_kind = models.CharField(_("适用对象"), max_length=16, choices=SubjectKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    pass_score = models.DecimalField(_("达标分数"), default=Decimal("80"), **SCORE)
    description = models.TextField(_("说明"), blank=True)
    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("制定地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("为空表示国家标准"),
    )
    cloned_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clones")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("评价指标体系")
        verbose_name_plural = _("评价指标体系")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="indicator_system_version")]

    def __str__(self) -> str:
        return _("%(name)s（第%(version)s版）") % {"name": self.name, "version": self.version}

    @property
    def frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def save(self, *args, **kwargs):
        if self.pk and not getattr(self, "_publishing", False):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored and stored != self.Status.DRAFT and self.status != self.Status.RETIRED:
                raise ValidationError(_("已发布的指标体系不能修改，请复制为新版本后编辑"), code="frozen")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaign:system-detail", args=[self.pk])


class Indicator(models.Model):
    """One node of the tree. Leaves are scored; groups (method "group") sum their children.

    Scoring methods: "boolean" (yes = max score), "graded" (options: [{"label", "score"}]),
    "threshold" (options: {"steps": [[minimum, score], ...]} on a number, highest step met), and
    "computed" (the platform's own data through a registered indicator function, then scored
    like "threshold"). A veto item (一票否决) scores nothing: when it holds, the whole assessment
    fails whatever the total.
    """

    class Method(models.TextChoices):
        GROUP = "group", _("分组")
        BOOLEAN = "boolean", _("是/否")
        GRADED = "graded", _("分级评分")
        THRESHOLD = "threshold", _("数值阈值")
        COMPUTED = "computed", _("平台数据自动计算")

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    code = models.CharField(_("编号"), max_length=16)
    name = models.CharField(_("指标"), max_length=255)
    guidance = models.TextField(_("评分标准"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    method = models.CharField(_("评分方式"), max_length=16, choices=Method.choices)
    max_score = models.DecimalField(_("分值"), default=Decimal("0"), **SCORE)
    options = models.JSONField(_("评分选项"), default=dict, blank=True)
    computed_key = models.CharField(_("计算指标"), max_length=64, blank=True)
    evidence_required = models.BooleanField(_("须上传佐证材料"), default=False)
    evidence_hint = models.CharField(_("佐证材料说明"), max_length=255, blank=True)
    is_veto = models.BooleanField(_("否决项"), default=False)

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["system", "order", "code"]
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="indicator_code_in_system")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        if self.system.frozen and not getattr(self.system, "_publishing", False):
            raise ValidationError(_("已发布的指标体系不能修改，请复制为新版本后编辑"), code="frozen")
        super().save(*args, **kwargs)


class VetoEvent(models.Model):
    """An event that vetoes a unit's naming (拖欠工资、失信名单、群体性事件、重大安全事故…), recorded by
    any module through the "veto_event" hook."""

    class Kind(models.TextChoices):
        WAGE_ARREARS = "wage_arrears", _("严重拖欠工资")
        BLACKLIST = "blacklist", _("列入拖欠农民工工资失信联合惩戒名单")
        MASS_INCIDENT = "mass_incident", _("发生群体性事件")
        MASS_DISPUTE = "mass_dispute", _("重大集体劳动争议")
        SAFETY_ACCIDENT = "safety_accident", _("重大安全生产事故")
        OTHER = "other", _("其他严重违法行为")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="veto_events")
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("情况"), blank=True)
    source = models.CharField(_("来源"), max_length=64, blank=True, help_text=_("登记该事件的模块或记录"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="organization__region__code", organization="organization_id")

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("否决事项")
        verbose_name_plural = _("否决事项")

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"


class Round(models.Model):
    """A campaign round (创建评选批次), e.g. the biennial provincial round: 100 enterprises, ~10 parks."""

    name = models.CharField(_("名称"), max_length=128)
    year = models.PositiveSmallIntegerField(_("年度"))
    subject_kind = models.CharField(_("对象类型"), max_length=16, choices=SubjectKind.choices)
    system = models.ForeignKey(IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("组织地区"), on_delete=models.PROTECT)
    opens = models.DateField(_("申报开始"))
    closes = models.DateField(_("申报截止"))
    quotas = models.JSONField(
        _("名额"), default=dict, blank=True, help_text=_('如 {"county": 30, "city": 20, "province": 100}')
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("创建批次")
        verbose_name_plural = _("创建批次")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.opens and self.closes and self.closes < self.opens:
            raise ValidationError({"closes": _("申报截止日期不能早于开始日期")})
        if self.system_id and self.system.status != IndicatorSystem.Status.PUBLISHED:
            raise ValidationError({"system": _("只能选用已发布的指标体系")})

    def is_open_on(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    def quota(self, level: str) -> int | None:
        value = (self.quotas or {}).get(level)
        return int(value) if value is not None else None


class Assessment(models.Model):
    """A scoring of one unit against one indicator-system version: by the unit itself (自评), by
    staff, or by a third-party evaluator (第三方评估)."""

    class By(models.TextChoices):
        SELF = "self", _("自评")
        STAFF = "staff", _("三方评审")
        EVALUATOR = "evaluator", _("第三方评估")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="assessments")
    system = models.ForeignKey(IndicatorSystem, on_delete=models.PROTECT, related_name="assessments")
    by = models.CharField(_("评价方"), max_length=16, choices=By.choices, default=By.SELF)
    assessor = models.ForeignKey(
        Organization,
        verbose_name=_("评价机构"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments_made",
    )
    total = models.DecimalField(_("总分"), default=Decimal("0"), **SCORE)
    vetoed = models.BooleanField(_("触发否决项"), default=False)
    veto_codes = models.JSONField(default=list, blank=True)
    passed = models.BooleanField(_("达标"), default=False)
    report = models.ForeignKey(Attachment, verbose_name=_("评估报告"), on_delete=models.SET_NULL, null=True, blank=True)
    scored_on = models.DateField(_("评分日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="organization__region__code", organization=("organization_id", "assessor_id"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("评价")
        verbose_name_plural = _("评价")

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_by_display()} · {self.total}"


class Answer(models.Model):
    """The value given for one indicator, its score, and the evidence behind it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("填报值"), null=True, blank=True)
    score = models.DecimalField(_("得分"), default=Decimal("0"), **SCORE)
    note = models.TextField(_("说明"), blank=True)
    evidence = models.ManyToManyField(Attachment, verbose_name=_("佐证材料"), blank=True)

    scope = ScopeSpec(
        region="assessment__organization__region__code",
        organization=("assessment__organization_id", "assessment__assessor_id"),
    )

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.score}"


class Application(WorkflowModel):
    """An application (创建申报) of one unit for one level in one round, reviewed level by level by
    the four parties, published for 5 working days (公示) and named."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        COUNTY_REVIEW = "county_review", _("县级评审")
        CITY_REVIEW = "city_review", _("市级评审")
        PROVINCE_REVIEW = "province_review", _("省级评审")
        NOTICE = "notice", _("公示中")
        NAMED = "named", _("已命名")
        RETURNED = "returned", _("退回修改")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")

    REVIEW_STATUS = {
        Level.COUNTY: Status.COUNTY_REVIEW,
        Level.CITY: Status.CITY_REVIEW,
        Level.PROVINCE: Status.PROVINCE_REVIEW,
    }
    REVIEWING = (Status.SUBMITTED, Status.COUNTY_REVIEW, Status.CITY_REVIEW, Status.PROVINCE_REVIEW, Status.NOTICE)
    STAFF = frozenset({"staff", "admin"})

    initial_status = Status.DRAFT
    workflow = Workflow(
        Transition(
            "submit",
            (Status.DRAFT, Status.RETURNED),
            Status.SUBMITTED,
            {"hr", "legal_rep", "admin", "staff"},
            _("提交申报"),
        ),
        Transition("accept", Status.SUBMITTED, Status.COUNTY_REVIEW, STAFF, _("受理")),
        Transition("to_city", Status.COUNTY_REVIEW, Status.CITY_REVIEW, STAFF, _("县级评审通过，报市级")),
        Transition("to_province", Status.CITY_REVIEW, Status.PROVINCE_REVIEW, STAFF, _("市级评审通过，报省级")),
        Transition(
            "to_notice",
            REVIEWING[1:4],
            Status.NOTICE,
            STAFF,
            _("评审通过，进入公示"),
            deadline=DeadlineRule("notice_ends", 5, "working", "HOP"),
        ),
        Transition("name", Status.NOTICE, Status.NAMED, STAFF, _("命名"), clears=()),
        Transition("return", REVIEWING, Status.RETURNED, STAFF, _("退回修改")),
        Transition("reject", REVIEWING, Status.REJECTED, STAFF, _("不予通过")),
        Transition(
            "withdraw",
            (Status.DRAFT, Status.SUBMITTED, Status.RETURNED),
            Status.WITHDRAWN,
            {"hr", "legal_rep", "admin"},
            _("撤回"),
        ),
        Transition("expire", Status.DRAFT, Status.WITHDRAWN, {SYSTEM}, _("逾期未提交")),
    )

    round = models.ForeignKey(Round, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        Organization, verbose_name=_("申报单位"), on_delete=models.CASCADE, related_name="applications"
    )
    level = models.CharField(_("申报层级"), max_length=16, choices=Level.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    cycle = models.PositiveSmallIntegerField(default=0, help_text=_("每次提交加一，退回后的会签重新进行"))
    self_assessment = models.OneToOneField(
        Assessment, verbose_name=_("自评"), on_delete=models.PROTECT, related_name="application"
    )
    evaluator = models.ForeignKey(
        Organization,
        verbose_name=_("第三方评估机构"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        limit_choices_to={"kind": Organization.Kind.EVALUATOR},
    )
    evaluator_assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("第三方评估"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluated_application",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    notice_ends = models.DateField(_("公示截止"), null=True, blank=True)
    notice_ends_provisional = models.BooleanField(default=False)
    decision_note = models.TextField(_("退回或不予通过的理由"), blank=True)
    recommended_national = models.BooleanField(_("推荐至全国"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="organization__region__code", organization=("organization_id", "evaluator_id"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("创建申报")
        verbose_name_plural = _("创建申报")
        constraints = [
            models.UniqueConstraint(fields=["round", "organization", "level"], name="one_application_per_level")
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.organization} · {self.round} · {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:application-detail", args=[self.pk])

    @property
    def review_level(self) -> str | None:
        for level, status in self.REVIEW_STATUS.items():
            if self.status == status:
                return level
        return None


class Signoff(models.Model):
    """One party's decision at one review level (会签): all four must approve before it moves on."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("同意")
        RETURN = "return", _("退回修改")
        REJECT = "reject", _("不同意")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="signoffs")
    cycle = models.PositiveSmallIntegerField()
    level = models.CharField(_("评审层级"), max_length=16, choices=Level.choices)
    party = models.CharField(_("会签单位"), max_length=24, choices=Party.choices)
    decision = models.CharField(_("意见"), max_length=8, choices=Decision.choices)
    score = models.DecimalField(_("评审得分"), null=True, blank=True, **SCORE)
    note = models.TextField(_("评审意见"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    reviewer_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="application__organization__region__code", organization="application__organization_id")

    class Meta:
        ordering = ["at"]
        verbose_name = _("会签意见")
        verbose_name_plural = _("会签意见")
        constraints = [
            models.UniqueConstraint(fields=["application", "cycle", "level", "party"], name="one_signoff_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_party_display()}: {self.get_decision_display()}"


class Objection(models.Model):
    """An objection from the public during 公示, handled before the unit may be named."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("异议内容"))
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(_("处理状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("核查结果"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    scope = ScopeSpec(region="application__organization__region__code")

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"


class Naming(models.Model):
    """A named unit (命名): its certificate serial, plaque (铭牌) number and 3-year recheck clock."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已撤销")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="naming")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="namings")
    level = models.CharField(_("命名层级"), max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("命名年度"))
    title = models.CharField(_("称号"), max_length=128)
    named_on = models.DateField(_("命名日期"))
    serial = models.CharField(_("证书编号"), max_length=32, unique=True)
    plaque_number = models.CharField(_("铭牌编号"), max_length=32, unique=True)
    recheck_due = models.DateField(_("复核到期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    plaque_withdrawn = models.BooleanField(_("已收回铭牌"), default=False)

    # Staff pages see their region's namings; the public list and certificate pages show every
    # naming on purpose (they are published) and so do not go through `scoped`.
    scope = ScopeSpec(region="organization__region__code", organization="organization_id")

    class Meta:
        ordering = ["-named_on", "organization__name"]
        verbose_name = _("命名单位")
        verbose_name_plural = _("命名单位")
        indexes = [models.Index(fields=["status", "recheck_due"]), models.Index(fields=["level", "year"])]

    def __str__(self) -> str:
        return f"{self.organization} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:certificate-verify", args=[self.serial])


class Recheck(models.Model):
    """A recheck (复核) of a named unit: scheduled at three years, drawn in a spot check, or opened
    by a veto event."""

    class Reason(models.TextChoices):
        SCHEDULED = "scheduled", _("三年期满复核")
        SPOT_CHECK = "spot_check", _("抽查")
        VETO_EVENT = "veto_event", _("发生否决事项")

    class Outcome(models.TextChoices):
        OPEN = "open", _("进行中")
        PASSED = "passed", _("复核通过")
        FAILED = "failed", _("复核未通过")

    naming = models.ForeignKey(Naming, on_delete=models.CASCADE, related_name="rechecks")
    reason = models.CharField(_("原因"), max_length=16, choices=Reason.choices)
    veto_event = models.ForeignKey(VetoEvent, on_delete=models.SET_NULL, null=True, blank=True)
    due = models.DateField(_("完成期限"))
    outcome = models.CharField(_("结果"), max_length=8, choices=Outcome.choices, default=Outcome.OPEN)
    assessment = models.ForeignKey(Assessment, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.TextField(_("复核意见"), blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    scope = ScopeSpec(region="naming__organization__region__code", organization="naming__organization_id")

    class Meta:
        ordering = ["due"]
        verbose_name = _("复核")
        verbose_name_plural = _("复核")

    def __str__(self) -> str:
        return f"{self.naming} · {self.get_reason_display()}"
