"""Electronic labor contracts (电子劳动合同), their templates, signatures and lifecycle; written
agreements of platform workers (平台网约劳动者书面协议); collective contracts (集体合同) with their
bargaining records and the 15-day review clock.

A contract is drafted from a versioned template (`ContractTemplate`), checked by the pure rules in
`rules.py`, signed by the worker (one-time code, `SigningCode`) and sealed by the enterprise, each a
PAdES signature recorded as a `Signature`. Once signed the document is immutable: its sha256 is kept
and any change (变更) or renewal (续订) is a new `LaborContract` that `supersedes` the old one.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Employment, Industry, Job, Organization, Person, Region
from hexie.core.scoping import ScopeSpec
from hexie.core.workflow import SYSTEM, DeadlineRule, Transition, Workflow, WorkflowModel

MONEY = {"max_digits": 14, "decimal_places": 2}
ENTERPRISE_ROLES = frozenset({"hr", "legal_rep", "admin"})
STAFF = frozenset({"staff", "admin"})


class Kind(models.TextChoices):
    """What a contract document is: counted separately in every statistic."""

    LABOR = "labor", _("劳动合同")
    PLATFORM = "platform", _("平台劳动者书面协议")


class TermKind(models.TextChoices):
    FIXED = "fixed", _("固定期限")
    OPEN_ENDED = "open_ended", _("无固定期限")
    TASK = "task", _("以完成一定工作任务为期限")
    PART_TIME = "part_time", _("非全日制")


class HoursSystem(models.TextChoices):
    STANDARD = "standard", _("标准工时制")
    COMPREHENSIVE = "comprehensive", _("综合计算工时制")
    FLEXIBLE = "flexible", _("不定时工作制")


class WageForm(models.TextChoices):
    MONTHLY = "monthly", _("月工资")
    PIECE = "piece", _("计件工资")
    HOURLY = "hourly", _("小时工资")
    ANNUAL = "annual", _("年薪制")


class ContractTemplate(models.Model):
    """A versioned contract text (合同模板). The platform's model texts (示范文本) have no
    enterprise; an enterprise's own template starts as a copy of one and adds clauses. A published
    version is frozen: editing it makes version + 1, and each contract keeps the version it used."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        RETIRED = "retired", _("已停用")

    code = models.CharField(_("模板编码"), max_length=32)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("文书类型"), max_length=16, choices=Kind.choices, default=Kind.LABOR)
    term_kind = models.CharField(_("默认期限类型"), max_length=16, choices=TermKind.choices, default=TermKind.FIXED)
    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contract_templates",
        help_text=_("空白表示平台示范文本"),
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("来源模板"), on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("依据"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    scope = ScopeSpec(region="enterprise__region__code", organization="enterprise_id")

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("合同模板")
        verbose_name_plural = _("合同模板")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code", "version"], name="contract_template_version"),
            models.UniqueConstraint(
                fields=["code", "version"], condition=models.Q(enterprise__isnull=True), name="model_text_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class TemplateClause(models.Model):
    """One clause of a template: a model-text clause (fixed wording with {placeholders} filled from
    the contract's fields) or one the enterprise added (约定的其他事项)."""

    class Source(models.TextChoices):
        MODEL = "model", _("示范文本条款")
        ENTERPRISE = "enterprise", _("企业自定条款")

    template = models.ForeignKey(ContractTemplate, on_delete=models.CASCADE, related_name="clauses")
    order = models.PositiveSmallIntegerField(_("顺序"))
    key = models.SlugField(_("条款标识"), max_length=32)
    heading = models.CharField(_("标题"), max_length=64)
    text = models.TextField(_("条款内容"))
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.MODEL)
    mandatory = models.BooleanField(_("必备条款"), default=False, help_text=_("劳动合同法第十七条规定的必备条款"))

    scope = ScopeSpec(region="template__enterprise__region__code", organization="template__enterprise_id")

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("模板条款")
        verbose_name_plural = _("模板条款")
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="template_clause_key")]

    def __str__(self) -> str:
        return self.heading


class NumberSequence(models.Model):
    """The last contract number given out under one prefix (`HT-370102-2026-`). Numbers are taken
    by one UPDATE … SET last = last + n, whose row lock serializes concurrent drafts and batches of
    the same county and year without retries (see `services.drafting.allocate_numbers`)."""

    prefix = models.CharField(max_length=24, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    scope = ScopeSpec()
    audit_exempt = True  # a counter, not a record anyone changes

    class Meta:
        verbose_name = _("合同编号序列")
        verbose_name_plural = _("合同编号序列")

    def __str__(self) -> str:
        return f"{self.prefix}{self.last:06d}"


def contract_path(instance: "LaborContract", filename: str) -> str:
    return f"contracts/{instance.enterprise.region_id}/{instance.number}/{filename}"


class LaborContract(WorkflowModel):
    """One labor contract or platform-worker agreement, with the model text's fields (LCL-17,
    LCLR-8). Drafted by enterprise HR, signed by the worker, sealed by the enterprise; in force
    when both signatures with timestamps are applied (ECG). Immutable once signing starts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        AWAITING_WORKER = "awaiting_worker", _("待劳动者签署")
        AWAITING_SEAL = "awaiting_seal", _("待企业盖章")
        IN_FORCE = "in_force", _("履行中")
        SUPERSEDED = "superseded", _("已变更")
        EXPIRED = "expired", _("期满终止")
        TERMINATED = "terminated", _("已终止")
        DISSOLVED = "dissolved", _("已解除")
        DECLINED = "declined", _("劳动者拒签")
        CANCELLED = "cancelled", _("已作废")

    SIGNING = (Status.AWAITING_WORKER, Status.AWAITING_SEAL)
    ENDED = (Status.SUPERSEDED, Status.EXPIRED, Status.TERMINATED, Status.DISSOLVED)

    initial_status = Status.DRAFT
    workflow = Workflow(
        Transition("issue", Status.DRAFT, Status.AWAITING_WORKER, ENTERPRISE_ROLES, _("发起签署")),
        Transition("worker_sign", Status.AWAITING_WORKER, Status.AWAITING_SEAL, {"worker"}, _("劳动者签署")),
        Transition("decline", Status.AWAITING_WORKER, Status.DECLINED, {"worker"}, _("拒绝签署")),
        Transition("seal", Status.AWAITING_SEAL, Status.IN_FORCE, ENTERPRISE_ROLES, _("企业盖章")),
        Transition("cancel", (Status.DRAFT, *SIGNING), Status.CANCELLED, ENTERPRISE_ROLES, _("作废")),
        Transition("supersede", Status.IN_FORCE, Status.SUPERSEDED, ENTERPRISE_ROLES, _("变更（新版本生效）")),
        Transition("expire", Status.IN_FORCE, Status.EXPIRED, {*ENTERPRISE_ROLES, SYSTEM}, _("期满终止")),
        Transition("terminate", Status.IN_FORCE, Status.TERMINATED, ENTERPRISE_ROLES, _("终止")),
        Transition("dissolve", Status.IN_FORCE, Status.DISSOLVED, ENTERPRISE_ROLES, _("解除")),
    )

    number = models.CharField(_("合同编号"), max_length=32, unique=True)
    kind = models.CharField(_("文书类型"), max_length=16, choices=Kind.choices, default=Kind.LABOR, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="labor_contracts"
    )
    worker = models.ForeignKey(Person, verbose_name=_("劳动者"), on_delete=models.PROTECT, related_name="contracts")
    employment = models.ForeignKey(
        Employment,
        verbose_name=_("用工记录"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    template = models.ForeignKey(
        ContractTemplate, verbose_name=_("模板"), on_delete=models.PROTECT, related_name="contracts"
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("变更或续订前的合同"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    change_kind = models.CharField(
        _("订立方式"),
        max_length=16,
        choices=[("new", _("新订")), ("change", _("变更")), ("renewal", _("续订"))],
        default="new",
    )
    change_note = models.TextField(_("变更说明"), blank=True)
    batch = models.ForeignKey(
        Job, verbose_name=_("批量发起任务"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # term (LCL-12..15)
    term_kind = models.CharField(_("期限类型"), max_length=16, choices=TermKind.choices)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("终止日期"), null=True, blank=True)
    task = models.CharField(_("工作任务"), max_length=255, blank=True)
    probation_end = models.DateField(_("试用期截止"), null=True, blank=True)
    first_work_day = models.DateField(_("用工之日"), null=True, blank=True)
    # job and place, hours (LCL-17)
    position = models.CharField(_("工作岗位"), max_length=64)
    job_description = models.CharField(_("工作内容"), max_length=255, blank=True)
    work_place = models.CharField(_("工作地点"), max_length=128)
    hours_system = models.CharField(
        _("工时制度"), max_length=16, choices=HoursSystem.choices, default=HoursSystem.STANDARD
    )
    rest = models.CharField(_("休息休假"), max_length=255, blank=True)
    hours_per_day = models.DecimalField(_("日工作小时"), max_digits=4, decimal_places=1, null=True, blank=True)
    hours_per_week = models.DecimalField(_("周工作小时"), max_digits=4, decimal_places=1, null=True, blank=True)
    # pay (LCL-17, 20, 72)
    wage = models.DecimalField(_("工资（元）"), **MONEY)
    wage_form = models.CharField(_("工资形式"), max_length=16, choices=WageForm.choices, default=WageForm.MONTHLY)
    probation_wage = models.DecimalField(_("试用期工资（元）"), null=True, blank=True, **MONEY)
    payday = models.PositiveSmallIntegerField(_("每月发薪日"), default=10)
    pay_cycle_days = models.PositiveSmallIntegerField(_("结算周期（天）"), null=True, blank=True)
    # the other LCL-17 clauses
    social_insurance = models.CharField(_("社会保险"), max_length=255, blank=True)
    protection = models.CharField(_("劳动保护和职业危害防护"), max_length=255, blank=True)
    termination_terms = models.TextField(_("变更、解除和终止"), blank=True)
    other_terms = models.TextField(_("双方约定的其他事项"), blank=True)
    worker_address = models.CharField(_("劳动者住址"), max_length=255, blank=True)
    # LCL-14 history, entered or derived from earlier contracts
    previous_fixed_terms = models.PositiveSmallIntegerField(_("此前连续订立固定期限合同次数"), default=0)
    worker_requested_fixed_term = models.BooleanField(_("劳动者提出订立固定期限合同"), default=False)
    paper = models.BooleanField(
        _("纸质合同备案"),
        default=False,
        help_text=_("线下签订的纸质劳动合同在平台登记备案：计入签订率，没有电子签名和合同文件"),
    )
    # checks, document and signing record
    findings = models.JSONField(_("合法性检查结果"), default=list, blank=True)
    document = models.FileField(_("合同文件"), upload_to=contract_path, max_length=255, blank=True)
    unsigned_sha256 = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("发起时间"), null=True, blank=True)
    effective_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    ended_on = models.DateField(_("终止或解除日期"), null=True, blank=True)
    expiry_reminded_on = models.DateField(_("到期提醒日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="enterprise__region__code", organization="enterprise_id", person="worker_id")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("劳动合同")
        verbose_name_plural = _("劳动合同")
        indexes = [
            models.Index(fields=["enterprise", "kind", "status"]),
            models.Index(fields=["worker", "status"]),
            models.Index(fields=["status", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="contract_end_after_start",
            ),
            models.CheckConstraint(condition=models.Q(wage__gte=0), name="contract_wage_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.worker.name}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:contract-detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


class SigningCode(models.Model):
    """A one-time code sent to the worker's phone before they sign (ECG identity verification).
    Only a keyed hash of the code is kept; a code is single-use, expires, and allows few tries."""

    contract = models.ForeignKey(LaborContract, on_delete=models.CASCADE, related_name="signing_codes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    phone_masked = models.CharField(_("手机号"), max_length=11)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)

    scope = ScopeSpec(person="person_id")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("签署验证码")
        verbose_name_plural = _("签署验证码")

    def __str__(self) -> str:
        return f"{self.contract.number} → {self.phone_masked}"


class Signature(models.Model):
    """One applied PAdES signature: who, when, how their identity and intent were verified (ECG),
    and the hash of the revision it produced."""

    class Role(models.TextChoices):
        WORKER = "worker", _("劳动者签名")
        ENTERPRISE = "enterprise", _("用人单位盖章")

    contract = models.ForeignKey(LaborContract, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(_("签署方"), max_length=16, choices=Role.choices)
    signer_name = models.CharField(_("签署人"), max_length=128)
    signer_serial = models.CharField(_("证书主体编号"), max_length=64)
    certificate_serial = models.CharField(_("证书序列号"), max_length=64)
    signed_at = models.DateTimeField(_("签署时间"))
    timestamp_at = models.DateTimeField(_("时间戳时间"))
    tsa = models.CharField(_("时间戳服务"), max_length=255)
    revision_sha256 = models.CharField(_("签署后文件摘要"), max_length=64)
    verification = models.CharField(_("身份核验方式"), max_length=64, help_text=_("如：短信验证码、企业账号"))
    signing_code = models.ForeignKey(SigningCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    scope = ScopeSpec(
        region="contract__enterprise__region__code",
        organization="contract__enterprise_id",
        person="contract__worker_id",
    )

    class Meta:
        ordering = ["contract", "signed_at"]
        verbose_name = _("签名")
        verbose_name_plural = _("签名")
        constraints = [models.UniqueConstraint(fields=["contract", "role"], name="one_signature_per_role")]

    def __str__(self) -> str:
        return f"{self.contract.number} {self.get_role_display()} {self.signer_name}"


class Termination(models.Model):
    """How a contract ended (终止 or 解除): the reason with its article, the severance computed by
    rule (LCL-47, 87, 97) and the termination certificate (LCL-50)."""

    contract = models.OneToOneField(LaborContract, on_delete=models.PROTECT, related_name="termination")
    kind = models.CharField(
        _("类型"), max_length=16, choices=[("terminate", _("终止")), ("dissolve", _("解除")), ("expire", _("期满终止"))]
    )
    reason = models.CharField(_("原因"), max_length=32, help_text=_("原因代码，如 LCL-36、LCL-40-1、LCL-44-1"))
    article = models.CharField(_("法律依据"), max_length=64)
    ended_on = models.DateField(_("终止或解除日期"))
    average_wage = models.DecimalField(_("前十二个月平均工资（元）"), **MONEY)
    local_average_wage = models.DecimalField(_("上年度当地职工月平均工资（元）"), **MONEY)
    unlawful = models.BooleanField(_("违法解除"), default=False)
    severance_owed = models.BooleanField(_("应支付经济补偿"), default=False)
    severance = models.DecimalField(_("经济补偿（元）"), default=0, **MONEY)
    note = models.TextField(_("说明"), blank=True)
    certificate_number = models.CharField(_("证明编号"), max_length=40, unique=True)
    certificate = models.FileField(_("解除或终止劳动合同证明"), upload_to="contracts/certificates/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(
        region="contract__enterprise__region__code",
        organization="contract__enterprise_id",
        person="contract__worker_id",
    )

    class Meta:
        verbose_name = _("合同终止解除")
        verbose_name_plural = _("合同终止解除")

    def __str__(self) -> str:
        return f"{self.contract.number} {self.get_kind_display()}"


class CollectiveContract(WorkflowModel):
    """A collective contract (集体合同) or a special one on wages (工资专项集体合同): bargained by the
    union with the employer (or, regional/industry-wide, with the enterprise representatives for
    many small enterprises), passed by the workers' congress, submitted to the labor administration
    and in force unless objected to within 15 days (LCL-51..54, 工资集体协商试行办法)."""

    class Status(models.TextChoices):
        BARGAINING = "bargaining", _("协商中")
        VOTED = "voted", _("职代会已通过")
        SUBMITTED = "submitted", _("已报送审查")
        EFFECTIVE = "effective", _("已生效")
        OBJECTED = "objected", _("审查有异议")
        EXPIRED = "expired", _("已到期")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Kind(models.TextChoices):
        GENERAL = "general", _("综合性集体合同")
        WAGE = "wage", _("工资专项集体合同")
        WOMEN = "women", _("女职工权益保护专项集体合同")
        SAFETY = "safety", _("劳动安全卫生专项集体合同")

    class Coverage(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        REGIONAL = "regional", _("区域性")
        INDUSTRY = "industry", _("行业性")

    PARTIES = frozenset({"hr", "legal_rep", "admin", "staff"})
    initial_status = Status.BARGAINING
    workflow = Workflow(
        Transition("vote", (Status.BARGAINING, Status.OBJECTED), Status.VOTED, PARTIES, _("职代会表决通过")),
        Transition(
            "submit",
            Status.VOTED,
            Status.SUBMITTED,
            PARTIES,
            _("报送人社部门审查"),
            deadline=DeadlineRule("review_deadline", 15, "natural", "LCL-54"),
        ),
        Transition("object", Status.SUBMITTED, Status.OBJECTED, STAFF, _("提出审查意见"), clears=("review_deadline",)),
        Transition("approve", Status.SUBMITTED, Status.EFFECTIVE, STAFF, _("审查无异议"), clears=("review_deadline",)),
        Transition("take_effect", Status.SUBMITTED, Status.EFFECTIVE, {SYSTEM}, _("十五日内未提出异议，自行生效")),
        Transition("expire", Status.EFFECTIVE, Status.EXPIRED, {SYSTEM, *STAFF}, _("期满")),
        Transition(
            "withdraw", (Status.BARGAINING, Status.VOTED, Status.OBJECTED), Status.WITHDRAWN, PARTIES, _("撤回")
        ),
    )

    number = models.CharField(_("编号"), max_length=32, unique=True)
    title = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    coverage = models.CharField(_("覆盖范围"), max_length=16, choices=Coverage.choices, default=Coverage.ENTERPRISE)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.BARGAINING)
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices, blank=True)
    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_contracts",
        help_text=_("企业集体合同的用人单位；区域性、行业性合同为空"),
    )
    union = models.ForeignKey(
        Organization, verbose_name=_("工会"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    employer_side = models.CharField(_("企业方代表"), max_length=128)
    covered_enterprises = models.ManyToManyField(
        Organization, verbose_name=_("覆盖企业"), blank=True, related_name="covering_collective_contracts"
    )
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"), default=0)
    start = models.DateField(_("起始日期"), null=True, blank=True)
    end = models.DateField(_("终止日期"), null=True, blank=True)
    wage_increase_percent = models.DecimalField(
        _("工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    minimum_pay = models.DecimalField(_("最低工资约定（元）"), null=True, blank=True, **MONEY)
    clauses = models.JSONField(_("合同条款"), default=list, blank=True, help_text=_("[{heading, text}]"))
    requested_on = models.DateField(_("提出协商要求日期"), null=True, blank=True)
    congress_on = models.DateField(_("职代会日期"), null=True, blank=True)
    delegates_total = models.PositiveIntegerField(_("职工代表总数"), default=0)
    delegates_present = models.PositiveIntegerField(_("出席代表人数"), default=0)
    votes_for = models.PositiveIntegerField(_("赞成票"), default=0)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    review_deadline = models.DateField(_("审查期限"), null=True, blank=True)
    review_deadline_provisional = models.BooleanField(default=False)
    review_opinion = models.TextField(_("审查意见"), blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="region__code", organization=("enterprise_id", "union_id", "covered_enterprises__id"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        indexes = [models.Index(fields=["status", "review_deadline"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:collective-detail", args=[self.pk])


class BargainingRecord(models.Model):
    """One step of collective bargaining (集体协商): the request and its 20-day reply, an offer,
    a session with its attendance and minutes."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("提出协商要求")
        REPLY = "reply", _("书面回应")
        OFFER = "offer", _("协商方案（要约）")
        SESSION = "session", _("协商会议")

    contract = models.ForeignKey(CollectiveContract, on_delete=models.CASCADE, related_name="bargaining")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("日期"))
    party = models.CharField(_("提出方"), max_length=16, choices=[("workers", _("职工方")), ("employer", _("企业方"))])
    summary = models.TextField(_("内容摘要"))
    proposed_increase_percent = models.DecimalField(
        _("提出的工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    attendees = models.PositiveSmallIntegerField(_("出席人数"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="contract__region__code", organization=("contract__enterprise_id", "contract__union_id"))

    class Meta:
        ordering = ["contract", "on", "id"]
        verbose_name = _("集体协商记录")
        verbose_name_plural = _("集体协商记录")

    def __str__(self) -> str:
        return f"{self.contract.number} {self.get_kind_display()} {self.on}"
