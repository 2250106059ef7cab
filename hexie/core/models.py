"""The core model every module builds on: regions, organizations, people, employments,
memberships, attachments, jobs, the working-day calendar and workflow timelines."""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import crypto
from .codes import clean_mobile, clean_uscc, parse_id_number
from .scoping import ScopeSpec


class Region(models.Model):
    """A division under GB/T 2260: 6-digit codes to county, 9 digits for townships and streets.

    A region's descendants are the codes that start with its `prefix` (37 for the province, 3701
    for Jinan, 370102 for a district, the full code for a township), so scoping by region is one
    indexed prefix filter on the code.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县区")
        TOWNSHIP = "township", _("乡镇街道")

    PREFIX_LENGTH = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9}

    code = models.CharField(_("区划代码"), max_length=9, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: self.PREFIX_LENGTH[self.level]]

    def contains(self, code: str) -> bool:
        return code.startswith(self.prefix)

    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class Organization(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INDUSTRIAL_PARK = "park", _("工业园区")
        TOWNSHIP_OFFICE = "township", _("乡镇（街道）")
        GOVERNMENT = "government", _("人社部门")
        UNION = "union", _("工会")
        ENTERPRISE_FEDERATION = "enterprise_federation", _("企业联合会/企业家协会")
        COMMERCE_FEDERATION = "commerce_federation", _("工商联")
        MEDIATION_COMMITTEE = "mediation", _("调解组织")
        ARBITRATION_COMMISSION = "arbitration", _("劳动人事争议仲裁委员会")
        EVALUATOR = "evaluator", _("第三方评估机构")
        SERVICE_STATION = "station", _("劳动关系服务站")
        COURT = "court", _("人民法院")

    # The four parties of the tripartite mechanism (三方四家) whose staff see their whole region.
    TRIPARTITE = (Kind.GOVERNMENT, Kind.UNION, Kind.ENTERPRISE_FEDERATION, Kind.COMMERCE_FEDERATION)

    class Ownership(models.TextChoices):
        STATE = "state", _("国有")
        COLLECTIVE = "collective", _("集体")
        PRIVATE = "private", _("民营")
        FOREIGN = "foreign", _("外商投资")
        HMT = "hmt", _("港澳台投资")
        PUBLIC_INSTITUTION = "institution", _("事业单位")
        OTHER = "other", _("其他")

    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=128, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="organizations"
    )
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices, blank=True)
    ownership = models.CharField(_("经济类型"), max_length=16, choices=Ownership.choices, blank=True)
    size = models.CharField(_("规模"), max_length=8, choices=Size.choices, blank=True)
    headcount = models.PositiveIntegerField(_("职工人数"), default=0)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    established = models.DateField(_("成立日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="region__code", organization="id", service=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.uscc:
            self.uscc = clean_uscc(self.uscc)
        elif self.kind == self.Kind.ENTERPRISE:
            raise ValidationError({"uscc": _("企业必须填写统一社会信用代码")})

    def get_absolute_url(self) -> str:
        return reverse("organization-detail", args=[self.pk])


class Person(models.Model):
    """A worker or any other natural person. The ID number (居民身份证号码) and phone are kept
    encrypted; `id_hash` finds a person by number; pages only ever show the masked forms."""

    name = models.CharField(_("姓名"), max_length=64)
    id_cipher = models.TextField(editable=False)
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=18, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=[("M", _("男")), ("F", _("女"))], editable=False)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("手机号"), max_length=11, blank=True, editable=False)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在地区"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("工作所在地区，决定哪一级工作人员可以查看"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="region__code", organization="employments__enterprise_id", person="id")

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.id_masked}）"

    def set_id_number(self, value: str) -> None:
        parsed = parse_id_number(value)
        self.id_cipher = crypto.encrypt(parsed.number)
        self.id_hash = crypto.lookup_hash(parsed.number)
        self.id_masked = crypto.mask(parsed.number, 6, 4)
        self.birth_date = parsed.birth_date
        self.sex = parsed.sex

    def set_phone(self, value: str) -> None:
        if not value:
            self.phone_cipher = self.phone_hash = self.phone_masked = ""
            return
        number = clean_mobile(value)
        self.phone_cipher = crypto.encrypt(number)
        self.phone_hash = crypto.lookup_hash(number)
        self.phone_masked = crypto.mask(number, 3, 4)

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher)

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @classmethod
    def find_by_id_number(cls, value: str):
        return cls.objects.filter(id_hash=crypto.lookup_hash(value)).first()

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.pk])


class Employment(models.Model):
    class Kind(models.TextChoices):
        LABOR_CONTRACT = "contract", _("劳动合同用工")
        DISPATCH = "dispatch", _("劳务派遣")
        PART_TIME = "part_time", _("非全日制用工")
        PLATFORM = "platform", _("平台网约劳动者")

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="employments")
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="employments"
    )
    kind = models.CharField(_("用工形式"), max_length=16, choices=Kind.choices, default=Kind.LABOR_CONTRACT)
    position = models.CharField(_("岗位"), max_length=64, blank=True)
    start = models.DateField(_("入职日期"))
    end = models.DateField(_("离职日期"), null=True, blank=True)

    scope = ScopeSpec(region="enterprise__region__code", organization="enterprise_id", person="person_id")

    class Meta:
        ordering = ["-start"]
        verbose_name = _("用工")
        verbose_name_plural = _("用工")
        constraints = [
            models.UniqueConstraint(fields=["person", "enterprise", "start"], name="employment_unique_start"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="employment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "end"])]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.enterprise.name}"

    @property
    def active(self) -> bool:
        return self.end is None or self.end >= timezone.localdate()

    def get_absolute_url(self) -> str:
        return reverse("employment-detail", args=[self.pk])


class Role(models.TextChoices):
    """What a member does in their organization; the organization's kind and region give the scope."""

    STAFF = "staff", _("工作人员")
    ADMIN = "admin", _("管理员")
    HR = "hr", _("人力资源")
    LEGAL_REPRESENTATIVE = "legal_rep", _("法定代表人")
    MEDIATOR = "mediator", _("调解员")
    ARBITRATOR = "arbitrator", _("仲裁员")
    COORDINATOR = "coordinator", _("劳动关系协调员")
    GRID_MEMBER = "grid", _("网格员")
    EVALUATOR = "evaluator", _("评估人员")
    COURT_LIAISON = "court_liaison", _("法院联络员")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    scope = ScopeSpec(region="organization__region__code", organization="organization_id")

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Attachment(models.Model):
    """An uploaded file: content-addressed by sha256, with its owner fixing who may see it."""

    ALLOWED_TYPES = {
        "application/pdf": ".pdf",
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
        "text/csv": ".csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    }

    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(region="region__code", organization="organization_id", person="person_id", owner="uploaded_by_id")

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class Job(models.Model):
    """One long action (import, batch, report): its progress, result or error, whoever runs it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=64, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    progress = models.PositiveIntegerField(_("进度"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope = ScopeSpec(owner="created_by_id")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("任务")
        verbose_name_plural = _("任务")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def get_absolute_url(self) -> str:
        return reverse("job-detail", args=[self.pk])


class CalendarDay(models.Model):
    """A statutory holiday (放假) or a make-up working day (调休上班) in the working-day calendar.

    Seeded from chinese-calendar; province staff add the official schedule of each new year (the
    package has none after 2026) and then mark the year official in `CalendarYear`.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班日")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=32, blank=True)

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose official holiday schedule is in `CalendarDay`; other years count weekends only
    and every deadline touching them is provisional."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("来源"), max_length=64, default="chinese-calendar")

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已公布安排的年份")
        verbose_name_plural = _("已公布安排的年份")

    def __str__(self) -> str:
        return str(self.year)


class TimelineEntry(models.Model):
    """One step in an object's workflow: who moved it, from what to what, and the deadline set."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("操作"), max_length=64)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_role = models.CharField(max_length=16, blank=True)
    note = models.TextField(_("说明"), blank=True)
    deadline = models.DateField(_("期限"), null=True, blank=True)
    deadline_provisional = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    scope = ScopeSpec(owner="actor_id")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class ApiToken(models.Model):
    """A personal API token. Only its sha256 is stored; the token is shown once when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=64)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    expires = models.DateField(_("过期日期"), null=True, blank=True)

    scope = ScopeSpec(owner="user_id")

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires: date | None = None) -> tuple["ApiToken", str]:
        token = "hx_" + secrets.token_urlsafe(32)
        return cls.objects.create(
            user=user, name=name, prefix=token[:8], digest=cls.hash(token), expires=expires
        ), token


class MinimumWage(models.Model):
    """A minimum-wage standard (最低工资标准) in force in a region from a date.

    A row applies to its region and every region below it unless a more specific row exists; the
    row in force on a day is the latest `effective_from` on or before it (see
    `hexie.core.minimum_wage.minimum_wage`). `confirmed` is False for figures RULES.md marks
    unconfirmed until staff check them against the official document.
    """

    class Tier(models.IntegerChoices):
        FIRST = 1, _("一类")
        SECOND = 2, _("二类")
        THIRD = 3, _("三类")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="minimum_wages", verbose_name=_("地区"))
    tier = models.PositiveSmallIntegerField(_("档次"), choices=Tier.choices)
    monthly = models.DecimalField(_("月最低工资（元）"), max_digits=9, decimal_places=2)
    hourly = models.DecimalField(_("小时最低工资（元）"), max_digits=7, decimal_places=2)
    effective_from = models.DateField(_("执行日期"))
    source = models.CharField(_("文件依据"), max_length=128, blank=True)
    confirmed = models.BooleanField(_("已核实"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ScopeSpec(public=True)

    class Meta:
        ordering = ["region_id", "-effective_from"]
        verbose_name = _("最低工资标准")
        verbose_name_plural = _("最低工资标准")
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="minimum_wage_region_date"),
            models.CheckConstraint(
                condition=models.Q(monthly__gt=0, hourly__gt=0, tier__gte=1, tier__lte=3),
                name="minimum_wage_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.effective_from} {self.monthly}"
