"""Migrant-worker wage supervision (农民工工资支付监管): construction projects with their contracting
chain, real-name rosters and attendance, the wage special account, the construction unit's monthly
labor-cost allocations, the wage deposit, payrolls and payouts, arrears warnings, workers'
complaints with orders to pay, and the blacklist and key-attention list.

The daily arrears check reads `WorkMonth` (attendance rolled up per worker and month on every
import) beside `Payroll` and `Payout`, so it is a set-based join over worker-months, never a scan of
daily punches.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Attachment, Job, Organization, Person, Region
from hexie.core.scoping import ScopeSpec
from hexie.core.workflow import SYSTEM, Transition, Workflow, WorkflowModel

MONEY = {"max_digits": 14, "decimal_places": 2}
STAFF = frozenset({"staff", "admin"})
INSPECTORS = frozenset({"staff", "admin", "grid"})
CONTRACTOR = frozenset({"hr", "legal_rep", "admin"})

PROJECT_ORGS = ("construction_unit_id", "general_contractor_id", "subcontracts__subcontractor_id")


def via(prefix: str, paths=PROJECT_ORGS) -> tuple[str, ...]:
    return tuple(f"{prefix}__{p}" for p in paths)


class Project(models.Model):
    """A construction project under supervision (在建工程项目), with its rights-information board
    (WPR-34), wage officer (WPR-28) and the grid member responsible."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("未开工")
        ACTIVE = "active", _("在建")
        SUSPENDED = "suspended", _("停工")
        COMPLETED = "completed", _("已竣工")
        CLOSED = "closed", _("已销户")

    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=128)
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="projects")
    address = models.CharField(_("项目地址"), max_length=255, blank=True)
    construction_unit = models.ForeignKey(
        Organization, verbose_name=_("建设单位"), on_delete=models.PROTECT, related_name="projects_built"
    )
    general_contractor = models.ForeignKey(
        Organization, verbose_name=_("施工总承包单位"), on_delete=models.PROTECT, related_name="projects_contracted"
    )
    contract_amount = models.DecimalField(_("合同金额（元）"), **MONEY)
    labor_cost_share = models.DecimalField(
        _("人工费用占比"), max_digits=5, decimal_places=4, default=0, help_text=_("合同约定的人工费用占合同金额的比例")
    )
    starts_on = models.DateField(_("开工日期"))
    ends_on = models.DateField(_("计划竣工日期"))
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    payday = models.PositiveSmallIntegerField(_("每月发薪日"), default=15)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    wage_officer = models.CharField(_("劳资专管员"), max_length=64, blank=True)
    wage_officer_phone = models.CharField(_("劳资专管员电话"), max_length=20, blank=True)
    notice_board = models.BooleanField(_("已设立维权信息告示牌"), default=False)
    notice_board_photo = models.ForeignKey(
        Attachment, verbose_name=_("告示牌照片"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grid_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任网格员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects_watched",
    )
    deposit_exempt = models.BooleanField(_("免存工资保证金"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="region__code", organization=PROJECT_ORGS, service=True)

    class Meta:
        ordering = ["region_id", "code"]
        verbose_name = _("工程项目")
        verbose_name_plural = _("工程项目")
        constraints = [
            models.CheckConstraint(condition=models.Q(contract_amount__gte=0), name="project_amount_not_negative"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="project_dates_order"),
            models.CheckConstraint(
                condition=models.Q(payday__gte=1) & models.Q(payday__lte=31), name="project_payday_in_month"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wages:project-detail", args=[self.pk])


class Subcontract(models.Model):
    """One link of the contracting chain: `subcontractor` works under `parent` (the general contractor
    when empty)."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("专业分包")
        LABOR = "labor", _("劳务分包")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="subcontracts")
    subcontractor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="subcontracts")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    kind = models.CharField(_("分包类型"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(_("分包金额（元）"), null=True, blank=True, **MONEY)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), service=True)

    class Meta:
        verbose_name = _("分包单位")
        verbose_name_plural = _("分包单位")
        constraints = [models.UniqueConstraint(fields=["project", "subcontractor"], name="subcontract_once")]

    def __str__(self) -> str:
        return f"{self.project} · {self.subcontractor}"


class RosterEntry(models.Model):
    """A worker under real-name management on a project (实名制, WPR-28), with the employer in the
    chain that hired them, the agreed rate and their own bank account (WPR-31)."""

    class RateKind(models.TextChoices):
        DAILY = "daily", _("按日")
        MONTHLY = "monthly", _("按月")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roster")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rosters")
    employer = models.ForeignKey(Organization, verbose_name=_("用工单位"), on_delete=models.PROTECT, related_name="+")
    badge = models.CharField(_("考勤工号"), max_length=32, help_text=_("考勤机上的人员编号"))
    trade = models.CharField(_("工种"), max_length=32, blank=True)
    rate = models.DecimalField(_("约定工资（元）"), **MONEY)
    rate_kind = models.CharField(_("计薪方式"), max_length=8, choices=RateKind.choices, default=RateKind.DAILY)
    bank_account_masked = models.CharField(_("工资卡"), max_length=32, blank=True)
    enrolled_on = models.DateField(_("进场日期"))
    left_on = models.DateField(_("退场日期"), null=True, blank=True)
    contract_signed = models.BooleanField(_("已签订劳动合同"), default=False)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), person="person_id", service=True)

    class Meta:
        ordering = ["project", "badge"]
        verbose_name = _("实名登记")
        verbose_name_plural = _("实名登记")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="roster_person_once"),
            models.UniqueConstraint(fields=["project", "badge"], name="roster_badge_once"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="roster_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.person.name}"


class Attendance(models.Model):
    """One day's punches of one worker (考勤), as attendance machines export them. A worker is on one
    project a day: (person, day) is unique across projects."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("日期"))
    first_in = models.TimeField(_("上班打卡"), null=True, blank=True)
    last_out = models.TimeField(_("下班打卡"), null=True, blank=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    scope = ScopeSpec(region="project__region__code", organization=via("project"), person="person_id", service=True)

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"

    class Meta:
        verbose_name = _("考勤记录")
        verbose_name_plural = _("考勤记录")
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="attendance_one_project_a_day")]
        indexes = [models.Index(fields=["project", "day"])]


class WorkMonth(models.Model):
    """Attendance of one worker on one project in one month (first day of the month), rolled up on
    every attendance import; what the arrears check reads."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="work_months")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_months")
    month = models.DateField(_("月份"))
    days = models.DecimalField(_("出勤天数"), max_digits=5, decimal_places=1)
    hours = models.DecimalField(_("出勤小时"), max_digits=6, decimal_places=1, default=0)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), person="person_id", service=True)

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.days}"

    class Meta:
        verbose_name = _("月度出勤")
        verbose_name_plural = _("月度出勤")
        constraints = [models.UniqueConstraint(fields=["project", "person", "month"], name="work_month_once")]


class SpecialAccount(models.Model):
    """The project's wage special account (农民工工资专用账户, WPR-26/27), opened by the general
    contractor; closed only after completion, 30 days' notice and no arrears."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="special_account")
    bank = models.CharField(_("开户银行"), max_length=64)
    account_masked = models.CharField(_("账号"), max_length=32)
    opened_on = models.DateField(_("开户日期"))
    close_notice_on = models.DateField(_("销户公示日期"), null=True, blank=True)
    closed_on = models.DateField(_("销户日期"), null=True, blank=True)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), service=True)

    class Meta:
        verbose_name = _("工资专用账户")
        verbose_name_plural = _("工资专用账户")

    def __str__(self) -> str:
        return f"{self.bank} {self.account_masked}"


class Allocation(models.Model):
    """The construction unit's labor-cost allocation for one month (人工费用按月拨付, WPR-24):
    scheduled by the contract, paid into the special account."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    month = models.DateField(_("月份"))
    scheduled = models.DecimalField(_("应拨金额（元）"), **MONEY)
    paid = models.DecimalField(_("实拨金额（元）"), default=0, **MONEY)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    bank_reference = models.CharField(_("银行流水号"), max_length=64, blank=True)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), service=True)

    def __str__(self) -> str:
        return f"{self.project_id} {self.month:%Y-%m} {self.paid}/{self.scheduled}"

    class Meta:
        ordering = ["project", "month"]
        verbose_name = _("人工费用拨付")
        verbose_name_plural = _("人工费用拨付")
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="allocation_month_once"),
            models.CheckConstraint(
                condition=models.Q(scheduled__gte=0) & models.Q(paid__gte=0), name="allocation_not_negative"
            ),
        ]


class Deposit(models.Model):
    """The wage deposit (工资保证金, WPR-32): cash in a deposit account or a bank guarantee, and what
    was drawn from it to pay arrears."""

    class Form(models.TextChoices):
        CASH = "cash", _("现金存储")
        BANK_GUARANTEE = "bank_guarantee", _("银行保函")
        INSURANCE = "insurance", _("工程担保公司保函或保险")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deposits")
    form = models.CharField(_("存储形式"), max_length=16, choices=Form.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    bank = models.CharField(_("银行或担保机构"), max_length=64, blank=True)
    guarantee_number = models.CharField(_("保函编号"), max_length=64, blank=True)
    deposited_on = models.DateField(_("存储日期"))
    expires_on = models.DateField(_("到期日期"), null=True, blank=True)
    used = models.DecimalField(_("已动用（元）"), default=0, **MONEY)
    returned_on = models.DateField(_("退还日期"), null=True, blank=True)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), service=True)

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.amount}"

    class Meta:
        verbose_name = _("工资保证金")
        verbose_name_plural = _("工资保证金")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) & models.Q(used__gte=0), name="deposit_amount_positive"
            )
        ]


class Payroll(models.Model):
    """One worker's wages due for one month on one project (工资表, WPR-15/31): entered or imported
    from the payroll the general contractor's wage officer prepares."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="payrolls")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="payrolls")
    employer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"))
    days = models.DecimalField(_("出勤天数"), max_digits=5, decimal_places=1, default=0)
    gross = models.DecimalField(_("应发工资（元）"), **MONEY)
    deductions = models.DecimalField(_("扣除（元）"), default=0, **MONEY)
    net = models.DecimalField(_("实发工资（元）"), **MONEY)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    scope = ScopeSpec(region="project__region__code", organization=via("project"), person="person_id", service=True)

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.net}"

    class Meta:
        verbose_name = _("工资表")
        verbose_name_plural = _("工资表")
        constraints = [
            models.UniqueConstraint(fields=["project", "person", "month"], name="payroll_month_once"),
            models.CheckConstraint(
                condition=models.Q(gross__gte=0) & models.Q(deductions__gte=0) & models.Q(net__gte=0),
                name="payroll_not_negative",
            ),
        ]


class Payout(models.Model):
    """Money paid to one worker from the special account (代发, WPR-31), from the bank's payout file;
    the bank's reference makes a re-imported file change nothing."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="payouts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="payouts")
    month = models.DateField(_("工资所属月份"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    paid_on = models.DateField(_("发放日期"))
    bank_reference = models.CharField(_("银行流水号"), max_length=64, unique=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    scope = ScopeSpec(region="project__region__code", organization=via("project"), person="person_id", service=True)

    def __str__(self) -> str:
        return f"{self.bank_reference} {self.amount}"

    class Meta:
        verbose_name = _("工资发放")
        verbose_name_plural = _("工资发放")
        indexes = [models.Index(fields=["project", "month"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_positive")]


class ArrearsWarning(WorkflowModel):
    """A finding of the arrears check (欠薪预警): one kind of breach on one project for one month,
    with the workers and amount owed, assigned to the grid member and the labor inspection team
    with a deadline. Re-running the check updates an open warning, never opens a second one; paying
    the arrears closes it."""

    class Kind(models.TextChoices):
        UNPAID = "unpaid", _("发薪日未发放工资")
        UNDERPAID = "underpaid", _("少发工资")
        BELOW_MINIMUM = "below_minimum", _("低于最低工资标准")
        ALLOCATION = "allocation", _("人工费用未按月拨付")
        DEPOSIT = "deposit", _("未存储工资保证金")
        ROSTER = "roster", _("实名制登记不全")

    class Status(models.TextChoices):
        OPEN = "open", _("待处置")
        HANDLING = "handling", _("处置中")
        CLOSED = "closed", _("已解除")

    initial_status = Status.OPEN
    workflow = Workflow(
        Transition("handle", Status.OPEN, Status.HANDLING, INSPECTORS, _("开始处置")),
        Transition("resolve", (Status.OPEN, Status.HANDLING), Status.CLOSED, INSPECTORS | {SYSTEM}, _("解除预警")),
        Transition("reopen", Status.CLOSED, Status.OPEN, {SYSTEM}, _("再次发现，重新预警")),
    )

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="warnings")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    month = models.DateField(_("月份"))
    rule = models.CharField(_("依据"), max_length=16)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    workers = models.PositiveIntegerField(_("涉及人数"), default=0)
    amount = models.DecimalField(_("涉及金额（元）"), default=0, **MONEY)
    detail = models.TextField(_("情况"), blank=True)
    opened_on = models.DateField(_("发现日期"))
    deadline = models.DateField(_("处置期限"), null=True, blank=True)
    deadline_provisional = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("网格员"), on_delete=models.SET_NULL, null=True, blank=True
    )
    inspection = models.ForeignKey(
        Organization,
        verbose_name=_("劳动保障监察机构"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_on = models.DateField(_("解除日期"), null=True, blank=True)

    scope = ScopeSpec(region="project__region__code", organization=via("project"), service=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("欠薪预警")
        verbose_name_plural = _("欠薪预警")
        constraints = [models.UniqueConstraint(fields=["project", "kind", "month"], name="warning_once_a_month")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()} · {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("wages:warning-detail", args=[self.pk])


class Complaint(WorkflowModel):
    """A worker's wage complaint (欠薪投诉), filed from a phone and anonymous to the employer: it
    opens an inspection case with an order to pay (限期支付), the payment recorded, then closure."""

    class Status(models.TextChoices):
        FILED = "filed", _("已受理")
        INVESTIGATING = "investigating", _("调查中")
        ORDERED = "ordered", _("已责令限期支付")
        PAID = "paid", _("已支付")
        CLOSED = "closed", _("已结案")
        DISMISSED = "dismissed", _("不予立案")

    initial_status = Status.FILED
    workflow = Workflow(
        Transition("investigate", Status.FILED, Status.INVESTIGATING, INSPECTORS, _("立案调查")),
        Transition("dismiss", (Status.FILED, Status.INVESTIGATING), Status.DISMISSED, INSPECTORS, _("不予立案")),
        Transition("order", Status.INVESTIGATING, Status.ORDERED, INSPECTORS, _("责令限期支付")),
        Transition("record_payment", (Status.INVESTIGATING, Status.ORDERED), Status.PAID, INSPECTORS, _("记录支付")),
        Transition("close", (Status.PAID, Status.ORDERED), Status.CLOSED, INSPECTORS, _("结案")),
    )

    number = models.CharField(_("投诉编号"), max_length=32, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("投诉人"), on_delete=models.PROTECT, related_name="wage_complaints"
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints")
    employer = models.ForeignKey(Organization, verbose_name=_("被投诉单位"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    facts = models.TextField(_("投诉事项"))
    amount = models.DecimalField(_("拖欠金额（元）"), **MONEY)
    months = models.PositiveSmallIntegerField(_("拖欠月数"), default=1)
    workers = models.PositiveIntegerField(_("涉及人数"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.FILED, db_index=True)
    filed_at = models.DateTimeField(_("投诉时间"))
    order_deadline = models.DateField(_("限期支付期限"), null=True, blank=True)
    paid_amount = models.DecimalField(_("已追回金额（元）"), default=0, **MONEY)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    # The employer never sees a complaint (anonymous to the employer): no organization path.
    scope = ScopeSpec(region="region__code", person="person_id", service=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("欠薪投诉")
        verbose_name_plural = _("欠薪投诉")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="complaint_amount_not_negative")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("wages:complaint-detail", args=[self.pk])


class WageNumberSequence(models.Model):
    """The last complaint number given out under one prefix (see hexie.core.numbering)."""

    prefix = models.CharField(max_length=32, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    scope = ScopeSpec()
    audit_exempt = True

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self) -> str:
        return f"{self.prefix}{self.last}"


class ListingThreshold(models.Model):
    """A province's figures for the criminal threshold of refusing to pay wages (拒不支付劳动报酬罪
    数额较大), which BL-5 uses: one worker's three months' wages of `individual` yuan, or ten workers'
    `collective` yuan in total. Each province fixes its own within the national ranges (¥5,000–20,000
    and ¥30,000–100,000); staff keep the table (RULES.md: Shandong's figures unconfirmed)."""

    region = models.OneToOneField(Region, verbose_name=_("省份"), on_delete=models.PROTECT, related_name="+")
    individual = models.DecimalField(_("个人数额标准（元）"), **MONEY)
    collective = models.DecimalField(_("集体数额标准（元）"), **MONEY)
    source = models.CharField(_("依据"), max_length=255, blank=True)
    confirmed = models.BooleanField(_("已核实"), default=False)

    scope = ScopeSpec(public=True)

    class Meta:
        verbose_name = _("拒不支付劳动报酬罪数额标准")
        verbose_name_plural = _("拒不支付劳动报酬罪数额标准")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(individual__gte=5000)
                & models.Q(individual__lte=20000)
                & models.Q(collective__gte=30000)
                & models.Q(collective__lte=100000),
                name="threshold_within_national_ranges",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.individual}/{self.collective}"


class Listing(WorkflowModel):
    """An employer proposed for, put on and taken off the blacklist (失信联合惩戒对象名单, BL) or the
    key-attention list (重点关注名单), with the statutory notice, objection and decision clocks."""

    class Kind(models.TextChoices):
        BLACKLIST = "blacklist", _("失信联合惩戒对象名单")
        ATTENTION = "attention", _("重点关注名单")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("拟列入")
        NOTIFIED = "notified", _("已告知")
        OBJECTED = "objected", _("当事人提出异议")
        LISTED = "listed", _("已列入")
        DECLINED = "declined", _("不予列入")
        REMOVED = "removed", _("已移出")

    initial_status = Status.PROPOSED
    workflow = Workflow(
        Transition("notify", Status.PROPOSED, Status.NOTIFIED, STAFF, _("告知拟列入")),
        Transition("object", Status.NOTIFIED, Status.OBJECTED, CONTRACTOR, _("提出异议")),
        Transition("decide", (Status.NOTIFIED, Status.OBJECTED), Status.LISTED, STAFF, _("作出列入决定")),
        Transition("attend", Status.PROPOSED, Status.LISTED, STAFF, _("列入重点关注名单")),
        Transition(
            "decline", (Status.PROPOSED, Status.NOTIFIED, Status.OBJECTED), Status.DECLINED, STAFF, _("不予列入")
        ),
        Transition("remove", Status.LISTED, Status.REMOVED, STAFF | {SYSTEM}, _("移出名单")),
    )

    kind = models.CharField(_("名单"), max_length=12, choices=Kind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="wage_listings")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    responsible_person = models.CharField(_("法定代表人或主要负责人"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    findings = models.JSONField(_("列入依据"), default=list)
    workers_owed = models.PositiveIntegerField(_("拖欠人数"), default=0)
    months_owed = models.PositiveSmallIntegerField(_("拖欠月数"), default=0)
    amount_owed = models.DecimalField(_("拖欠金额（元）"), default=0, **MONEY)
    proposed_on = models.DateField(_("提出日期"))
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    objection_deadline = models.DateField(_("异议期限"), null=True, blank=True)
    objection = models.TextField(_("异议内容"), blank=True)
    decision_deadline = models.DateField(_("决定期限"), null=True, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    expires_on = models.DateField(_("期满日期"), null=True, blank=True)
    corrected_on = models.DateField(_("改正日期"), null=True, blank=True)
    pledged = models.BooleanField(_("已作出信用承诺"), default=False)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(_("移出原因"), max_length=128, blank=True)
    published = models.BooleanField(_("已公开"), default=False)

    scope = ScopeSpec(region="region__code", organization="organization_id", service=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("欠薪名单")
        verbose_name_plural = _("欠薪名单")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("wages:listing-detail", args=[self.pk])
