"""Labor disputes (劳动人事争议) from filing to court: the enterprise's internal complaint, mediation
with hand-overs between channels, arbitration (acceptance, tribunal, hearings, awards, electronic
service) and the court's outcome on an award sued on (裁审衔接).

One `DisputeCase` follows the whole path; its `workflow` moves it and stamps each statutory clock
from `rules.PERIODS`. The statistics read only the case row's own columns (region, industry,
cause, dates, outcome), so the statistics page is a handful of GROUP BYs over one table.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Attachment, Organization, Person, Region
from hexie.core.scoping import ScopeSpec
from hexie.core.workflow import SYSTEM, DeadlineRule, Transition, Workflow, WorkflowModel

from .rules import PERIODS

MONEY = {"max_digits": 14, "decimal_places": 2}
WORKER = frozenset({"worker"})
ENTERPRISE = frozenset({"hr", "legal_rep", "admin"})
PARTIES = WORKER | ENTERPRISE
MEDIATORS = frozenset({"mediator", "coordinator", "admin"})
ARBITRATORS = frozenset({"arbitrator", "admin"})
COURT = frozenset({"court_liaison", "admin"})


def rule(field: str, period: str) -> DeadlineRule:
    p = PERIODS[period]
    return DeadlineRule(field, p.days, p.kind, p.article)


def of_a_case(organizations: tuple[str, ...] | None = None) -> ScopeSpec:
    """Who sees a row of a case (a claim, evidence, a hearing, a document): whoever sees the case —
    its region's staff and service roles, its enterprise and handling organizations (`organizations`
    when only some of them may), the worker and the case's other parties."""
    return ScopeSpec(
        region="case__region__code",
        organization=organizations or ("case__enterprise_id", "case__mediation_org_id", "case__commission_id"),
        person=("case__worker_id", "case__parties__person_id"),
        service=True,
    )


class ClaimKind(models.TextChoices):
    """The claims catalogue (仲裁请求). `rules.AMOUNT_TESTED` and `rules.LABOR_STANDARD` say which
    kinds LDMAL-47 makes final."""

    WAGES = "wages", _("拖欠工资")
    OVERTIME = "overtime", _("加班费")
    DOUBLE_WAGES = "double_wages", _("未签书面劳动合同二倍工资")
    MINIMUM_WAGE_GAP = "minimum_wage_gap", _("低于最低工资标准差额")
    ANNUAL_LEAVE = "annual_leave", _("未休年休假工资")
    SEVERANCE = "severance", _("经济补偿")
    DAMAGES = "damages", _("违法解除劳动合同赔偿金")
    INJURY_MEDICAL = "injury_medical", _("工伤医疗费")
    INJURY_BENEFITS = "injury_benefits", _("工伤保险待遇")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    WORKING_HOURS = "working_hours", _("工作时间")
    REST_LEAVE = "rest_leave", _("休息休假")
    DISMISSAL = "dismissal", _("撤销解除决定、恢复劳动关系")
    CONFIRM_RELATION = "confirm_relation", _("确认劳动关系")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    """Mediation channels (Dongying's 八调衔接): a case is handed between them with its history."""

    ENTERPRISE = "enterprise", _("企业劳动争议调解委员会")
    UNION = "union", _("企业工会调解")
    TOWNSHIP = "township", _("乡镇（街道）劳动争议调解组织")
    STATION = "station", _("劳动关系基层服务站")
    PEOPLE = "people", _("人民调解委员会")
    INDUSTRY = "industry", _("行业性调解组织")
    REGIONAL = "regional", _("区域性调解组织")
    CHAMBER = "chamber", _("商会协会调解")
    COORDINATOR = "coordinator", _("劳动关系协调员")
    PRE_ARBITRATION = "pre_arbitration", _("仲裁院裁前调解")
    COURT = "court", _("法院诉前调解")


class CaseNumberSequence(models.Model):
    """The last number given out under one prefix (an application, a mediation or an arbitration
    number of one county and year); advanced by `hexie.core.numbering.take_numbers`."""

    prefix = models.CharField(max_length=48, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    scope = ScopeSpec()
    audit_exempt = True

    class Meta:
        verbose_name = _("案件编号序列")
        verbose_name_plural = _("案件编号序列")

    def __str__(self) -> str:
        return f"{self.prefix}{self.last}"


class DisputeCase(WorkflowModel):
    """One labor dispute: a worker's (or an enterprise's) application and everything done on it."""

    class Status(models.TextChoices):
        FILED = "filed", _("已提交")
        INTERNAL = "internal", _("企业内部申诉中")
        INTERNAL_RESOLVED = "internal_resolved", _("内部申诉已解决")
        MEDIATING = "mediating", _("调解中")
        MEDIATED = "mediated", _("调解成功")
        MEDIATION_FAILED = "mediation_failed", _("调解未成功")
        ARB_REVIEW = "arb_review", _("仲裁申请审查中")
        REFUSED = "refused", _("不予受理")
        ACCEPTED = "accepted", _("已受理")
        HEARING_SCHEDULED = "hearing_scheduled", _("已排期开庭")
        HEARD = "heard", _("已开庭")
        SUSPENDED = "suspended", _("中止审理")
        SETTLED = "settled", _("仲裁调解结案")
        WITHDRAWN = "withdrawn", _("撤回申请")
        AWARDED = "awarded", _("已裁决")
        SERVED = "served", _("裁决书已送达")
        IN_COURT = "in_court", _("已起诉至法院")
        COURT_DECIDED = "court_decided", _("法院已判决")
        CLOSED = "closed", _("裁决已生效")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人争议")
        COLLECTIVE = "collective", _("集体争议")

    class ApplicantSide(models.TextChoices):
        WORKER = "worker", _("劳动者")
        ENTERPRISE = "enterprise", _("用人单位")

    class Outcome(models.TextChoices):
        INTERNAL_RESOLVED = "internal_resolved", _("内部申诉解决")
        MEDIATED = "mediated", _("调解成功")
        MEDIATION_FAILED = "mediation_failed", _("调解未成功")
        REFUSED = "refused", _("不予受理")
        AWARDED = "awarded", _("裁决结案")
        SETTLED = "settled", _("仲裁调解结案")
        WITHDRAWN = "withdrawn", _("撤回申请")

    class MediationResult(models.TextChoices):
        NONE = "", _("未调解")
        AGREED = "agreed", _("达成协议")
        FAILED = "failed", _("调解不成")

    class Finality(models.TextChoices):
        FINAL = "final", _("终局裁决")
        NON_FINAL = "non_final", _("非终局裁决")
        PARTIAL = "partial", _("部分终局裁决")

    ARBITRATION_OPEN = (Status.ACCEPTED, Status.HEARING_SCHEDULED, Status.HEARD)
    ARBITRATION_RUNNING = (*ARBITRATION_OPEN, Status.SUSPENDED)
    # Closed in arbitration (结案): award, settlement or withdrawal after acceptance.
    ARBITRATION_CLOSED = (Outcome.AWARDED, Outcome.SETTLED, Outcome.WITHDRAWN)

    initial_status = Status.FILED
    workflow = Workflow(
        # the enterprise's internal complaint (企业内部申诉)
        Transition(
            "internal",
            Status.FILED,
            Status.INTERNAL,
            PARTIES,
            _("向企业内部申诉"),
            rule("internal_deadline", "internal_reply"),
        ),
        Transition(
            "resolve_internal",
            Status.INTERNAL,
            Status.INTERNAL_RESOLVED,
            WORKER | ENTERPRISE,
            _("内部申诉已解决"),
            clears=("internal_deadline",),
        ),
        # mediation (LDMAL-14)
        Transition(
            "mediate",
            (Status.FILED, Status.INTERNAL),
            Status.MEDIATING,
            PARTIES | {SYSTEM},
            _("申请调解"),
            rule("mediation_deadline", "mediation"),
            clears=("internal_deadline",),
        ),
        Transition("handover", Status.MEDIATING, Status.MEDIATING, MEDIATORS, _("移交其他调解组织")),
        Transition(
            "agree", Status.MEDIATING, Status.MEDIATED, MEDIATORS, _("达成调解协议"), clears=("mediation_deadline",)
        ),
        Transition(
            "fail_mediation",
            Status.MEDIATING,
            Status.MEDIATION_FAILED,
            MEDIATORS | WORKER | {SYSTEM},
            _("调解不成"),
            clears=("mediation_deadline",),
        ),
        # arbitration (LDMAL-29..50)
        Transition(
            "apply_arbitration",
            (Status.FILED, Status.INTERNAL, Status.MEDIATION_FAILED, Status.MEDIATED),
            Status.ARB_REVIEW,
            PARTIES,
            _("申请仲裁"),
            rule("acceptance_deadline", "acceptance"),
            clears=("internal_deadline",),
        ),
        Transition(
            "accept",
            Status.ARB_REVIEW,
            Status.ACCEPTED,
            ARBITRATORS,
            _("受理"),
            rule("award_deadline", "award"),
            clears=("acceptance_deadline",),
        ),
        Transition(
            "refuse", Status.ARB_REVIEW, Status.REFUSED, ARBITRATORS, _("不予受理"), clears=("acceptance_deadline",)
        ),
        Transition(
            "schedule_hearing", (Status.ACCEPTED, Status.HEARD), Status.HEARING_SCHEDULED, ARBITRATORS, _("排期开庭")
        ),
        Transition("postpone_hearing", Status.HEARING_SCHEDULED, Status.HEARING_SCHEDULED, ARBITRATORS, _("延期开庭")),
        Transition("hold_hearing", Status.HEARING_SCHEDULED, Status.HEARD, ARBITRATORS, _("开庭审理")),
        *(
            Transition("extend", s, s, ARBITRATORS, _("延长审理期限（经批准）"))
            for s in (Status.ACCEPTED, Status.HEARING_SCHEDULED, Status.HEARD)
        ),
        Transition("suspend", ARBITRATION_OPEN, Status.SUSPENDED, ARBITRATORS, _("中止审理")),
        Transition("resume", Status.SUSPENDED, Status.ACCEPTED, ARBITRATORS, _("恢复审理")),
        Transition(
            "settle", ARBITRATION_RUNNING, Status.SETTLED, ARBITRATORS, _("仲裁调解结案"), clears=("award_deadline",)
        ),
        Transition(
            "withdraw",
            (Status.ARB_REVIEW, *ARBITRATION_RUNNING),
            Status.WITHDRAWN,
            PARTIES | ARBITRATORS,
            _("撤回仲裁申请"),
            clears=("acceptance_deadline", "award_deadline"),
        ),
        Transition("award", Status.HEARD, Status.AWARDED, ARBITRATORS, _("作出裁决"), clears=("award_deadline",)),
        Transition("serve", Status.AWARDED, Status.SERVED, ARBITRATORS | {SYSTEM}, _("送达裁决书")),
        # court linkage (LDMAL-48..50, 裁审衔接)
        Transition("sue", Status.SERVED, Status.IN_COURT, COURT | ARBITRATORS, _("当事人起诉或申请撤销")),
        Transition("court_decide", Status.IN_COURT, Status.COURT_DECIDED, COURT, _("记录法院裁判结果")),
        Transition("close", Status.SERVED, Status.CLOSED, ARBITRATORS | {SYSTEM}, _("裁决生效")),
    )

    number = models.CharField(_("申请编号"), max_length=48, unique=True)
    mediation_number = models.CharField(_("调解案号"), max_length=48, blank=True)
    arbitration_number = models.CharField(_("仲裁案号"), max_length=48, blank=True, db_index=True)
    kind = models.CharField(_("争议类型"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL)
    applicant_side = models.CharField(
        _("申请人"), max_length=16, choices=ApplicantSide.choices, default=ApplicantSide.WORKER
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.FILED, db_index=True)
    worker = models.ForeignKey(
        Person,
        verbose_name=_("劳动者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
        help_text=_("个人争议的劳动者；集体争议为首位代表人"),
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="disputes"
    )
    region = models.ForeignKey(Region, verbose_name=_("管辖地区"), on_delete=models.PROTECT, related_name="disputes")
    industry = models.CharField(_("行业"), max_length=1, blank=True)
    cause = models.CharField(_("主要争议事项"), max_length=24, choices=ClaimKind.choices, db_index=True)
    claim_total = models.DecimalField(_("请求金额合计（元）"), default=0, **MONEY)
    workers = models.PositiveIntegerField(_("涉及劳动者人数"), default=1)
    facts = models.TextField(_("事实与理由"))
    known_on = models.DateField(_("知道权利被侵害之日"))
    employment_ended_on = models.DateField(_("劳动关系终止日期"), null=True, blank=True)
    findings = models.JSONField(_("时效与合规提示"), default=list, blank=True)
    agent_name = models.CharField(_("委托代理人"), max_length=64, blank=True)
    filed_at = models.DateTimeField(_("提交时间"))
    filed_on = models.DateField(_("申请日期"), db_index=True)
    mediation_org = models.ForeignKey(
        Organization,
        verbose_name=_("调解组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediated_disputes",
    )
    commission = models.ForeignKey(
        Organization,
        verbose_name=_("仲裁委员会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arbitrated_disputes",
    )
    # statutory clocks (each with its article in rules.PERIODS; provisional when a year used has no
    # official holiday schedule)
    internal_deadline = models.DateField(_("内部申诉答复期限"), null=True, blank=True)
    internal_deadline_provisional = models.BooleanField(default=False)
    mediation_deadline = models.DateField(_("调解期限"), null=True, blank=True)
    mediation_deadline_provisional = models.BooleanField(default=False)
    acceptance_deadline = models.DateField(_("受理审查期限"), null=True, blank=True)
    acceptance_deadline_provisional = models.BooleanField(default=False)
    respondent_copy_deadline = models.DateField(_("送达被申请人期限"), null=True, blank=True)
    respondent_copy_deadline_provisional = models.BooleanField(default=False)
    defence_deadline = models.DateField(_("答辩期限"), null=True, blank=True)
    defence_deadline_provisional = models.BooleanField(default=False)
    tribunal_deadline = models.DateField(_("仲裁庭组成通知期限"), null=True, blank=True)
    tribunal_deadline_provisional = models.BooleanField(default=False)
    award_deadline = models.DateField(_("裁决期限"), null=True, blank=True, db_index=True)
    award_deadline_provisional = models.BooleanField(default=False)
    award_extended = models.BooleanField(_("已延长审理期限"), default=False)
    suspended_on = models.DateField(_("中止日期"), null=True, blank=True)
    internal_reply = models.TextField(_("企业答复"), blank=True)
    internal_replied_at = models.DateTimeField(_("企业答复时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    tribunal_kind = models.CharField(
        _("仲裁庭组成"),
        max_length=8,
        choices=[("sole", _("独任仲裁")), ("three", _("三人合议庭"))],
        blank=True,
    )
    defence = models.TextField(_("答辩意见"), blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, db_index=True)
    awarded_on = models.DateField(_("裁决日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("结案方式"), max_length=20, choices=Outcome.choices, blank=True, db_index=True)
    # how mediation ended (kept when arbitration later sets `outcome`): the mediation success rate
    mediation_result = models.CharField(
        _("调解结果"), max_length=8, choices=MediationResult.choices, blank=True, default=""
    )
    finality = models.CharField(_("裁决类别"), max_length=12, choices=Finality.choices, blank=True)
    amount_awarded = models.DecimalField(_("裁决或调解金额（元）"), null=True, blank=True, **MONEY)
    reminded_on = models.DateField(_("最近提醒日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    scope = ScopeSpec(
        region="region__code",
        organization=("enterprise_id", "mediation_org_id", "commission_id"),
        person=("worker_id", "parties__person_id"),
        service=True,
    )

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("劳动争议案件")
        verbose_name_plural = _("劳动争议案件")
        indexes = [
            models.Index(fields=["region", "filed_on"]),
            models.Index(fields=["enterprise", "filed_on"]),
            models.Index(fields=["status", "award_deadline"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(claim_total__gte=0), name="dispute_claim_total_not_negative"),
            models.CheckConstraint(condition=models.Q(workers__gte=1), name="dispute_has_workers"),
        ]

    def __str__(self) -> str:
        return self.arbitration_number or self.number

    def get_absolute_url(self) -> str:
        return reverse("disputes:case-detail", args=[self.pk])


class Party(models.Model):
    """A party to a case: the applicant worker (or, in a collective case, every worker who joined),
    the enterprise, a third party. Representatives of a collective case are elected online."""

    class Side(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        RESPONDENT = "respondent", _("被申请人")
        THIRD = "third", _("第三人")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("当事人地位"), max_length=12, choices=Side.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="dispute_parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="dispute_parties"
    )
    name = models.CharField(_("名称或姓名"), max_length=128)
    representative = models.BooleanField(_("代表人"), default=False)
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    scope = ScopeSpec(
        region="case__region__code",
        organization=("case__enterprise_id", "case__mediation_org_id", "case__commission_id"),
        person=("person_id", "case__worker_id"),
        service=True,
    )

    class Meta:
        ordering = ["case", "side", "id"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"], condition=models.Q(person__isnull=False), name="dispute_party_person_once"
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(organization__isnull=False),
                name="dispute_party_is_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.name}"


class RepresentativeVote(models.Model):
    """One worker's vote for a representative of a collective case (LDMAL-7)."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="votes_cast")
    candidate = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="votes_received")
    at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="case__region__code", organization="case__enterprise_id", person="voter__person_id")

    def __str__(self) -> str:
        return f"{self.voter} → {self.candidate}"

    class Meta:
        verbose_name = _("代表人推选票")
        verbose_name_plural = _("代表人推选票")
        constraints = [models.UniqueConstraint(fields=["voter", "candidate"], name="dispute_vote_once")]


class Claim(models.Model):
    """One claim item (仲裁请求) with its amount; finality (LDMAL-47) and the result are set at the
    award."""

    class Result(models.TextChoices):
        UPHELD = "upheld", _("支持")
        PARTLY = "partly", _("部分支持")
        REJECTED = "rejected", _("驳回")
        SETTLED = "settled", _("调解解决")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("请求事项"), max_length=24, choices=ClaimKind.choices)
    amount = models.DecimalField(_("金额（元）"), null=True, blank=True, **MONEY)
    description = models.CharField(_("具体请求"), max_length=255, blank=True)
    final = models.BooleanField(_("终局"), null=True, blank=True)
    result = models.CharField(_("裁决结果"), max_length=12, choices=Result.choices, blank=True)
    awarded_amount = models.DecimalField(_("裁决金额（元）"), null=True, blank=True, **MONEY)

    scope = of_a_case()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("仲裁请求")
        verbose_name_plural = _("仲裁请求")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="dispute_claim_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Evidence(models.Model):
    """An item of evidence (证据) a party uploaded; exchanged when the tribunal shows it to the
    other side."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="evidence")
    side = models.CharField(_("提交方"), max_length=12, choices=Party.Side.choices)
    title = models.CharField(_("证据名称"), max_length=128)
    purpose = models.CharField(_("证明目的"), max_length=255, blank=True)
    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    exchanged_at = models.DateTimeField(_("交换时间"), null=True, blank=True)
    opinion = models.TextField(_("质证意见"), blank=True)

    scope = of_a_case()

    class Meta:
        ordering = ["case", "submitted_at", "id"]
        verbose_name = _("证据")
        verbose_name_plural = _("证据")

    def __str__(self) -> str:
        return self.title


class MediationAttempt(models.Model):
    """One mediation organization's turn at a case. A hand-over ends one attempt and starts the
    next; the case's LDMAL-14 clock keeps running from the first request."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("调解中")
        AGREED = "agreed", _("达成协议")
        FAILED = "failed", _("调解不成")
        HANDED_OVER = "handed_over", _("已移交")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="mediations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="mediation_attempts")
    channel = models.CharField(_("调解渠道"), max_length=20, choices=Channel.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调解员"), on_delete=models.SET_NULL, null=True, blank=True
    )
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.TextField(_("调解情况"), blank=True)
    terms = models.TextField(_("协议内容"), blank=True)
    amount = models.DecimalField(_("协议金额（元）"), null=True, blank=True, **MONEY)
    agreement = models.FileField(_("调解协议书"), upload_to="disputes/mediation/", max_length=255, blank=True)
    confirmation_court = models.ForeignKey(
        Organization,
        verbose_name=_("司法确认法院"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmations",
    )
    confirmation_requested_on = models.DateField(_("申请司法确认日期"), null=True, blank=True)
    confirmation_result = models.CharField(
        _("司法确认结果"),
        max_length=12,
        choices=[("pending", _("审查中")), ("confirmed", _("确认有效")), ("rejected", _("驳回申请"))],
        blank=True,
    )

    scope = ScopeSpec(
        region="case__region__code",
        organization=("case__enterprise_id", "organization_id", "case__commission_id"),
        person=("case__worker_id", "case__parties__person_id"),
        service=True,
    )

    class Meta:
        ordering = ["case", "started_at", "id"]
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")

    def __str__(self) -> str:
        return f"{self.case} · {self.organization}"


class TribunalMember(models.Model):
    """An arbitrator on a case's tribunal (LDMAL-31); recusal (回避, LDMAL-33) ends the seat."""

    class Seat(models.TextChoices):
        SOLE = "sole", _("独任仲裁员")
        PRESIDING = "presiding", _("首席仲裁员")
        MEMBER = "member", _("仲裁员")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="tribunal")
    arbitrator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tribunal_seats")
    seat = models.CharField(_("席位"), max_length=12, choices=Seat.choices)
    appointed_at = models.DateTimeField(_("组庭时间"))
    recused_at = models.DateTimeField(_("回避时间"), null=True, blank=True)
    recusal_reason = models.TextField(_("回避事由"), blank=True)

    scope = of_a_case(("case__enterprise_id", "case__commission_id"))

    def __str__(self) -> str:
        return f"{self.get_seat_display()} {self.arbitrator}"

    class Meta:
        ordering = ["case", "appointed_at", "id"]
        verbose_name = _("仲裁庭成员")
        verbose_name_plural = _("仲裁庭成员")


class Hearing(models.Model):
    """A hearing (开庭) with its notice (LDMAL-35), held online or in a room, with the record."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已排期")
        POSTPONED = "postponed", _("已延期")
        HELD = "held", _("已开庭")
        CANCELLED = "cancelled", _("已取消")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="hearings")
    starts_at = models.DateTimeField(_("开庭时间"))
    place = models.CharField(_("地点"), max_length=128, blank=True)
    online = models.BooleanField(_("网上开庭"), default=True)
    room_link = models.CharField(_("线上庭审室"), max_length=255, blank=True)
    notice_on = models.DateField(_("通知日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    postponement_requested_on = models.DateField(_("申请延期日期"), null=True, blank=True)
    postponement_reason = models.TextField(_("延期理由"), blank=True)
    held_at = models.DateTimeField(_("实际开庭时间"), null=True, blank=True)
    transcript = models.TextField(_("庭审笔录"), blank=True)
    attendance = models.JSONField(_("到庭情况"), default=list, blank=True)

    scope = of_a_case(("case__enterprise_id", "case__commission_id"))

    class Meta:
        ordering = ["case", "starts_at", "id"]
        verbose_name = _("开庭")
        verbose_name_plural = _("开庭")

    def __str__(self) -> str:
        return f"{self.case} {self.starts_at:%Y-%m-%d %H:%M}"


class CaseDocument(models.Model):
    """A document issued on a case (受理通知书, 开庭通知书, 调解协议书, 调解书, 裁决书…) as a PDF,
    served on each party electronically (`Service`)."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("受理通知书")
        REFUSAL = "refusal", _("不予受理通知书")
        HEARING_NOTICE = "hearing_notice", _("开庭通知书")
        MEDIATION_AGREEMENT = "mediation_agreement", _("调解协议书")
        ARBITRATION_MEDIATION = "arbitration_mediation", _("仲裁调解书")
        AWARD = "award", _("仲裁裁决书")
        FINAL_AWARD = "final_award", _("终局裁决书")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书类型"), max_length=24, choices=Kind.choices)
    number = models.CharField(_("文书编号"), max_length=64, blank=True)
    title = models.CharField(_("标题"), max_length=128)
    file = models.FileField(upload_to="disputes/documents/", max_length=255)
    sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("制作时间"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    scope = of_a_case()

    class Meta:
        ordering = ["case", "issued_at", "id"]
        verbose_name = _("案件文书")
        verbose_name_plural = _("案件文书")

    def __str__(self) -> str:
        return self.title


class Service(models.Model):
    """Electronic service (电子送达) of one document on one party: sent, then receipted when the party
    opens it (送达回证)."""

    class Channel(models.TextChoices):
        ELECTRONIC = "electronic", _("电子送达")
        SMS = "sms", _("短信通知")
        POST = "post", _("邮寄送达")
        IN_PERSON = "in_person", _("直接送达")

    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="services")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="services")
    channel = models.CharField(_("送达方式"), max_length=12, choices=Channel.choices, default=Channel.ELECTRONIC)
    sent_at = models.DateTimeField(_("发送时间"))
    receipt_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    receipt_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope = ScopeSpec(
        region="document__case__region__code",
        organization=("document__case__enterprise_id", "document__case__commission_id"),
        person="party__person_id",
        service=True,
    )

    def __str__(self) -> str:
        return f"{self.document} → {self.party}"

    class Meta:
        ordering = ["document", "party"]
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        constraints = [models.UniqueConstraint(fields=["document", "party"], name="dispute_service_once")]


class CourtOutcome(models.Model):
    """A court's handling of an award sued on (LDMAL-48..50): the party's suit or set-aside
    application and the court's result, for the consistency rate (裁审一致率)."""

    class Kind(models.TextChoices):
        LAWSUIT = "lawsuit", _("不服裁决起诉")
        SET_ASIDE = "set_aside", _("申请撤销终局裁决")

    class Result(models.TextChoices):
        PENDING = "pending", _("审理中")
        UPHELD = "upheld", _("与仲裁裁决一致")
        MODIFIED = "modified", _("部分改判")
        REVERSED = "reversed", _("改判")
        SET_ASIDE = "set_aside", _("撤销仲裁裁决")
        SET_ASIDE_REFUSED = "set_aside_refused", _("驳回撤销申请")
        WITHDRAWN = "withdrawn", _("撤诉")

    CONSISTENT = (Result.UPHELD, Result.SET_ASIDE_REFUSED)
    DECIDED = (Result.UPHELD, Result.MODIFIED, Result.REVERSED, Result.SET_ASIDE, Result.SET_ASIDE_REFUSED)

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="court_outcomes")
    court = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="court_outcomes")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    plaintiff = models.CharField(_("起诉方"), max_length=12, choices=DisputeCase.ApplicantSide.choices)
    filed_on = models.DateField(_("起诉日期"))
    court_case_number = models.CharField(_("法院案号"), max_length=64, blank=True)
    result = models.CharField(_("裁判结果"), max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField(_("裁判日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeSpec(
        region="case__region__code",
        organization=("case__enterprise_id", "case__commission_id", "court_id"),
        person=("case__worker_id", "case__parties__person_id"),
        service=True,
    )

    def __str__(self) -> str:
        return f"{self.case} · {self.get_result_display()}"

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("法院裁判结果")
        verbose_name_plural = _("法院裁判结果")
