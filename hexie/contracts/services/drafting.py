"""Templates and drafting (合同模板与起草): the enterprise's own versioned templates, drafting one
contract, the legal checks before signing, issuing it for signing, and cancelling a draft.

Templates. The platform's model texts (示范文本, no enterprise) are seeded by migration 0003. An
enterprise's HR copies one into its own template (`copy_template`), adds or edits its own clauses
(a model clause's wording is fixed) and publishes it; a published version is frozen, and editing it
means a new draft version (`new_version`, version + 1). Each contract keeps the version it used.

Drafting. `draft_contract` and `update_draft` fill the model text's fields (LCL-17, LCLR-8); only a
DRAFT can change — once issued the text is fixed (ECG: records true and tamper-proof), and a change
means a new contract. Every save stores the findings of `check_contract_terms`, so the draft page,
the worker's page and the API show the same warnings; errors block `issue_contract`.

Contract numbers are `HT-<enterprise region code>-<year>-<6-digit sequence>` (`XY-…` for platform
agreements). They come from `NumberSequence`, one row per prefix advanced by a single UPDATE whose
row lock makes concurrent drafts and batches in the same county wait for each other instead of
colliding (no retry loop, no max() over the contracts table).
"""

import hashlib
import string
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core import crypto
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Employment, Organization, Person, TimelineEntry
from hexie.core.numbering import take_numbers
from hexie.core.rules import ERROR, WARNING, Finding, full_months
from hexie.core.scoping import scoped, user_scope
from hexie.core.senders import sms_sender

from .. import rules
from ..models import ENTERPRISE_ROLES, ContractTemplate, Kind, LaborContract, NumberSequence, TemplateClause, TermKind

Status = LaborContract.Status

# The model text's fields a draft may set (everything else is derived or belongs to signing).
DRAFT_FIELDS = (
    "term_kind",
    "start",
    "end",
    "task",
    "probation_end",
    "first_work_day",
    "position",
    "job_description",
    "work_place",
    "hours_system",
    "rest",
    "hours_per_day",
    "hours_per_week",
    "wage",
    "wage_form",
    "probation_wage",
    "payday",
    "pay_cycle_days",
    "social_insurance",
    "protection",
    "termination_terms",
    "other_terms",
    "worker_address",
    "previous_fixed_terms",
    "worker_requested_fixed_term",
)

# Wording the drafting form and the roster offer for three LCL-17 clauses when HR leaves them as is.
STANDARD_TEXTS = {
    "rest": gettext_lazy("执行国家规定的工作时间和休息休假制度，享受法定节假日、年休假、婚丧假、产假等假期"),
    "social_insurance": gettext_lazy("甲方依法为乙方参加养老、医疗、失业、工伤、生育保险，按时足额缴纳社会保险费"),
    "protection": gettext_lazy("甲方按国家规定提供劳动保护用品和符合国家规定的劳动安全卫生条件，定期组织健康检查"),
}

# {placeholders} a clause may use, with what they say (shown when HR writes a clause).
PLACEHOLDERS = {
    "employer_name": gettext_lazy("用人单位名称"),
    "employer_address": gettext_lazy("用人单位住所"),
    "legal_representative": gettext_lazy("法定代表人（主要负责人）"),
    "worker_name": gettext_lazy("劳动者姓名"),
    "worker_id_number": gettext_lazy("劳动者身份证号码"),
    "worker_address": gettext_lazy("劳动者住址"),
    "start": gettext_lazy("起始日期"),
    "end": gettext_lazy("终止日期"),
    "end_text": gettext_lazy("终止日期的表述（“至……止”或“，不约定终止日期”）"),
    "task": gettext_lazy("工作任务"),
    "probation_text": gettext_lazy("试用期的表述"),
    "probation_end": gettext_lazy("试用期截止日期"),
    "position": gettext_lazy("工作岗位"),
    "job_description": gettext_lazy("工作内容"),
    "work_place": gettext_lazy("工作地点"),
    "hours_system": gettext_lazy("工时制度"),
    "hours_per_day": gettext_lazy("日工作小时"),
    "hours_per_week": gettext_lazy("周工作小时"),
    "rest": gettext_lazy("休息休假"),
    "wage": gettext_lazy("工资（元）"),
    "wage_form": gettext_lazy("工资形式"),
    "probation_wage": gettext_lazy("试用期工资（元）"),
    "probation_wage_text": gettext_lazy("试用期工资的表述"),
    "payday": gettext_lazy("每月发薪日"),
    "pay_cycle_days": gettext_lazy("结算周期（天）"),
    "social_insurance": gettext_lazy("社会保险"),
    "protection": gettext_lazy("劳动保护和职业危害防护"),
    "termination_terms": gettext_lazy("变更、解除和终止的约定"),
    "other_terms": gettext_lazy("双方约定的其他事项"),
}
BLANK = "＿＿＿＿"

# The field a finding's rule is about, for field-level errors (forms, the API, roster rows).
FINDING_FIELDS = {
    "LCL-19": "probation_end",
    "LCL-70": "probation_end",
    "LCL-20": "probation_wage",
    "MWR": "wage",
    "LCL-68": "hours_per_day",
    "LCL-72": "pay_cycle_days",
    "LCL-82": "first_work_day",
    "LCL-10": "first_work_day",
    "LCL-14": "term_kind",
}
# English of each rule's finding (roster reports and the API's 422 carry both languages).
FINDINGS_EN = {
    "LCL-10": "no written contract within one month of the first day of work: double wages are owed (LCL-10, 82)",
    "LCL-14": "an open-ended contract is owed (LCL-14)",
    "LCL-17": "a mandatory clause is missing or the term is inconsistent (LCL-17)",
    "LCL-19": "the probation is longer than the law allows, not allowed for this term, or agreed twice (LCL-19)",
    "LCL-20": "the probation wage is below 80% of the wage or below the local minimum wage (LCL-20)",
    "LCL-68": "part-time hours exceed 4 a day or 24 a week (LCL-68)",
    "LCL-70": "no probation may be agreed for part-time work (LCL-70)",
    "LCL-72": "the part-time pay cycle exceeds 15 days (LCL-72)",
    "LCL-82": "no written contract for a year: an open-ended contract is deemed concluded (LCL-82)",
    "MWR": "the wage is below the local minimum wage (MWR)",
}
# Statuses of a contract that was actually concluded (or is being signed): they count for the
# "probation only once" and "two fixed terms" rules; drafts, cancelled and declined ones do not.
CONCLUDED = (
    Status.AWAITING_WORKER,
    Status.AWAITING_SEAL,
    Status.IN_FORCE,
    Status.SUPERSEDED,
    Status.EXPIRED,
    Status.TERMINATED,
    Status.DISSOLVED,
)


# --- who may do what ------------------------------------------------------------------------------


def managed_enterprises(user) -> QuerySet:
    """The enterprises whose templates and contracts `user` manages: those where they are HR, legal
    representative or administrator (every enterprise for a superuser)."""
    enterprises = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE).select_related("region")
    if not getattr(user, "is_authenticated", False):
        return enterprises.none()
    if user.is_superuser:
        return enterprises
    return enterprises.filter(memberships__user=user, memberships__role__in=ENTERPRISE_ROLES).distinct()


def may_manage(user, enterprise: Organization | None) -> bool:
    return enterprise is not None and managed_enterprises(user).filter(pk=enterprise.pk).exists()


def _require_manager(user, enterprise: Organization | None) -> None:
    if not may_manage(user, enterprise):
        raise PermissionDenied(_("只有本企业的人力资源、法定代表人或管理员可以办理劳动合同"))


def _timeline(obj, action: str, user, previous: str, current: str, note: str = "") -> None:
    TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        from_status=previous,
        to_status=current,
        actor=user,
        actor_role="admin" if user.is_superuser else "hr",
        note=note,
    )


# --- templates ------------------------------------------------------------------------------------


def visible_templates(user) -> QuerySet:
    """The platform's published (and retired) model texts for everyone logged in, and the
    enterprise templates within the user's scope (their enterprise's, or their region's for staff)."""
    templates = ContractTemplate.objects.select_related("enterprise", "based_on")
    platform = Q(enterprise__isnull=True) & ~Q(status=ContractTemplate.Status.DRAFT)
    if not getattr(user, "is_authenticated", False):
        return templates.none()
    if user_scope(user).everything:
        return templates
    own = scoped(ContractTemplate.objects.all(), user).values("pk")
    return templates.filter(platform | Q(pk__in=own))


def usable_templates(enterprise: Organization) -> QuerySet:
    """Published templates a contract of `enterprise` may be drafted from: the model texts and its own."""
    return ContractTemplate.objects.filter(
        Q(enterprise__isnull=True) | Q(enterprise=enterprise), status=ContractTemplate.Status.PUBLISHED
    ).order_by(F("enterprise").desc(nulls_last=True), "code", "-version")


def _check_placeholders(text: str) -> list[str]:
    """Problems of a clause's {placeholders}: unknown names, positional or formatted fields, stray braces."""
    problems = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return [_("花括号不成对：字段请写作 {start} 这样的形式，文字中的花括号请写作 {{ 和 }}")]
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            problems.append(_("未知的字段“{%(name)s}”") % {"name": name})
    return problems


def _copy_clauses(source: ContractTemplate, target: ContractTemplate) -> None:
    TemplateClause.objects.bulk_create(
        TemplateClause(
            template=target,
            order=c.order,
            key=c.key,
            heading=c.heading,
            text=c.text,
            source=c.source,
            mandatory=c.mandatory,
        )
        for c in source.clauses.all()
    )


@transaction.atomic
def copy_template(source: ContractTemplate, user, enterprise: Organization | None = None) -> ContractTemplate:
    """Copy a model text (or one of the enterprise's templates) into a new draft template of
    `enterprise` (the user's only managed enterprise when not given), version 1 under a new code."""
    if enterprise is None:
        managed = list(managed_enterprises(user)[:2])
        if not managed:
            raise PermissionDenied(_("只有企业的人力资源、法定代表人或管理员可以复制合同模板"))
        if len(managed) > 1:
            raise ValidationError({"enterprise": _("请选择要复制到的企业")})
        enterprise = managed[0]
    _require_manager(user, enterprise)
    own = source.enterprise_id == enterprise.pk
    platform = source.enterprise_id is None and source.status != ContractTemplate.Status.DRAFT
    if not (own or platform):
        raise PermissionDenied(_("只能复制平台示范文本或本企业的模板"))
    base = source.code.removeprefix("MODEL-")[:24]
    taken = set(
        ContractTemplate.objects.filter(enterprise=enterprise, code__startswith=base).values_list("code", flat=True)
    )
    code = base
    suffix = 1
    while code in taken:
        suffix += 1
        code = f"{base}-{suffix}"
    name = source.name.removesuffix("示范文本") if source.enterprise_id is None else source.name
    template = ContractTemplate.objects.create(
        code=code,
        version=1,
        name=name[:128],
        kind=source.kind,
        term_kind=source.term_kind,
        enterprise=enterprise,
        based_on=source,
        status=ContractTemplate.Status.DRAFT,
        source=source.source,
        created_by=user,
    )
    _copy_clauses(source, template)
    _timeline(template, "copy", user, "", template.status, note=str(source))
    return template


@transaction.atomic
def new_version(template: ContractTemplate, user) -> ContractTemplate:
    """The draft to edit for `template`: itself while a draft; for a published or retired version,
    the next version's draft (made from it, version + 1), so contracts keep the version they used."""
    _require_manager(user, template.enterprise)
    if not template.frozen:
        return template
    versions = ContractTemplate.objects.select_for_update().filter(enterprise=template.enterprise, code=template.code)
    draft = versions.filter(status=ContractTemplate.Status.DRAFT).order_by("-version").first()
    if draft is not None:
        return draft
    top = versions.aggregate(v=Max("version"))["v"] or 0
    draft = ContractTemplate.objects.create(
        code=template.code,
        version=top + 1,
        name=template.name,
        kind=template.kind,
        term_kind=template.term_kind,
        enterprise=template.enterprise,
        based_on=template,
        status=ContractTemplate.Status.DRAFT,
        source=template.source,
        created_by=user,
    )
    _copy_clauses(template, draft)
    _timeline(draft, "new_version", user, "", draft.status, note=str(template))
    return draft


def _require_draft_template(user, template: ContractTemplate) -> None:
    _require_manager(user, template.enterprise)
    if template.frozen:
        raise ValidationError(_("已发布的模板不能修改，请生成新版本后编辑"), code="frozen")


@transaction.atomic
def update_template(template: ContractTemplate, user, data: dict) -> ContractTemplate:
    """Rename a draft template or change its default term kind."""
    _require_draft_template(user, template)
    for name in ("name", "term_kind"):
        if name in data:
            setattr(template, name, data[name])
    template.full_clean(exclude=["enterprise", "based_on", "created_by"], validate_constraints=False)
    template.save()
    return template


@transaction.atomic
def save_clause(template: ContractTemplate, user, data: dict, clause: TemplateClause | None = None) -> TemplateClause:
    """Add an enterprise clause to a draft template (clause None) or change one. A model-text
    clause's wording cannot be changed by an enterprise: it carries the LCL-17 clauses."""
    _require_draft_template(user, template)
    if clause is not None and clause.template_id != template.pk:
        raise PermissionDenied(_("该条款不属于此模板"))
    if clause is not None and clause.source == TemplateClause.Source.MODEL:
        raise ValidationError({"text": _("示范文本条款的内容不能修改，可在其后增加企业自定条款")}, code="model_clause")
    errors: dict[str, list[str]] = {}
    heading = (data.get("heading") or "").strip()
    text = (data.get("text") or "").strip()
    if not heading:
        errors["heading"] = [_("请填写条款标题")]
    if not text:
        errors["text"] = [_("请填写条款内容")]
    elif problems := _check_placeholders(text):
        errors["text"] = problems
    if errors:
        raise ValidationError(errors)
    if clause is None:
        clauses = template.clauses.all()
        top = clauses.aggregate(o=Max("order"))["o"] or 0
        keys = set(clauses.values_list("key", flat=True))
        number = 1
        while f"custom-{number}" in keys:
            number += 1
        clause = TemplateClause(
            template=template, key=f"custom-{number}", source=TemplateClause.Source.ENTERPRISE, order=top + 10
        )
    clause.heading, clause.text = heading[:64], text
    if data.get("order"):
        clause.order = data["order"]
    clause.save()
    return clause


@transaction.atomic
def delete_clause(clause: TemplateClause, user) -> None:
    template = clause.template
    _require_draft_template(user, template)
    if clause.source == TemplateClause.Source.MODEL:
        raise ValidationError(_("示范文本条款不能删除"), code="model_clause")
    clause.delete()


@transaction.atomic
def publish_template(template: ContractTemplate, user) -> ContractTemplate:
    """Publish a draft: it is frozen from now on, and the earlier published version of the same
    code is retired (contracts drafted from it keep it)."""
    _require_draft_template(user, template)
    if not template.clauses.exists():
        raise ValidationError(_("模板没有任何条款，不能发布"), code="empty")
    ContractTemplate.objects.filter(
        enterprise=template.enterprise, code=template.code, status=ContractTemplate.Status.PUBLISHED
    ).exclude(pk=template.pk).update(status=ContractTemplate.Status.RETIRED)
    template.status = ContractTemplate.Status.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])
    _timeline(template, "publish", user, ContractTemplate.Status.DRAFT, template.status)
    return template


# --- the text of a contract -----------------------------------------------------------------------


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else BLANK


def _amount(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else BLANK


def clause_values(contract: LaborContract) -> dict[str, str]:
    """The values of every placeholder for `contract`, in Chinese (a contract's text is Chinese
    whatever the reader's language). The worker's ID number is decrypted here, in memory only."""
    e, w, c = contract.enterprise, contract.worker, contract
    with translation.override("zh-hans"):
        hours_system = str(c.get_hours_system_display())
        wage_form = str(c.get_wage_form_display())
    if c.probation_end:
        probation = f"其中试用期自{_day(c.start)}起至{_day(c.probation_end)}止。"
    else:
        probation = "不约定试用期。"
    values = {
        "employer_name": e.name,
        "employer_address": e.address,
        "legal_representative": e.legal_representative,
        "worker_name": w.name,
        "worker_id_number": w.id_number if w.id_cipher else "",
        "worker_address": c.worker_address,
        "start": _day(c.start),
        "end": _day(c.end),
        "end_text": f"至{_day(c.end)}止" if c.end else "，不约定终止日期",
        "task": c.task,
        "probation_text": probation,
        "probation_end": _day(c.probation_end),
        "position": c.position,
        "job_description": c.job_description or c.position,
        "work_place": c.work_place,
        "hours_system": hours_system,
        "hours_per_day": str(c.hours_per_day) if c.hours_per_day is not None else BLANK,
        "hours_per_week": str(c.hours_per_week) if c.hours_per_week is not None else BLANK,
        "rest": c.rest,
        "wage": _amount(c.wage),
        "wage_form": wage_form,
        "probation_wage": _amount(c.probation_wage),
        "probation_wage_text": f"试用期月工资为{_amount(c.probation_wage)}元。" if c.probation_wage is not None else "",
        "payday": str(c.payday),
        "pay_cycle_days": str(c.pay_cycle_days) if c.pay_cycle_days else BLANK,
        "social_insurance": c.social_insurance,
        "protection": c.protection,
        "termination_terms": c.termination_terms,
        "other_terms": c.other_terms or "无",
    }
    blank_allowed = {"termination_terms", "probation_wage_text"}
    return {k: (v if v or k in blank_allowed else BLANK) for k, v in values.items()}


def render_clause(text: str, values: dict[str, str]) -> str:
    """A clause's wording with its placeholders filled; an unknown one stays visible as a blank."""

    class Values(dict):
        def __missing__(self, key):
            return BLANK

    try:
        return string.Formatter().vformat(text, (), Values(values))
    except (ValueError, IndexError, KeyError, AttributeError):
        return text


def contract_sections(contract: LaborContract) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of every clause but the parties (shown as the parties block)."""
    values = clause_values(contract)
    sections = []
    for clause in contract.template.clauses.all():
        if clause.key == "parties":
            continue
        paragraphs = [p for p in render_clause(clause.text, values).split("\n") if p.strip()]
        sections.append((clause.heading, paragraphs))
    return sections


def contract_title(contract: LaborContract) -> str:
    if contract.kind == Kind.PLATFORM:
        return "平台网约劳动者书面协议"
    with translation.override("zh-hans"):
        return f"劳动合同（{contract.get_term_kind_display()}）"


def contract_document(contract: LaborContract):
    """The contract as engineer A's renderer takes it (`hexie.contracts.pdf.ContractDocument`)."""
    from ..pdf import ContractDocument

    e, w = contract.enterprise, contract.worker
    employer = "甲方（用人单位）" if contract.kind == Kind.LABOR else "甲方（平台企业）"
    parties = [
        (employer, e.name),
        ("统一社会信用代码", e.uscc or ""),
        ("住所", e.address or BLANK),
        ("法定代表人（主要负责人）", e.legal_representative or BLANK),
        ("乙方（劳动者）", w.name),
        ("居民身份证号码", w.id_number if w.id_cipher else BLANK),
        ("住址", contract.worker_address or BLANK),
    ]
    footer = f"合同编号 {contract.number} · {contract.template.code} 第{contract.template.version}版"
    return ContractDocument(
        number=contract.number,
        title=contract_title(contract),
        parties=parties,
        sections=contract_sections(contract),
        footer=footer,
    )


# --- legal checks ---------------------------------------------------------------------------------


def _others(contract: LaborContract) -> QuerySet:
    """The same enterprise's other concluded contracts with the same worker."""
    others = LaborContract.objects.filter(
        enterprise_id=contract.enterprise_id, worker_id=contract.worker_id, status__in=CONCLUDED
    )
    if contract.pk:
        others = others.exclude(pk=contract.pk)
    if contract.change_kind == "change" and contract.supersedes_id:
        others = others.exclude(pk=contract.supersedes_id)  # a change keeps the original probation
    return others


def contract_terms(contract: LaborContract, *, employment: Employment | None = None) -> rules.ContractTerms:
    """The plain values the rules see: parties from the Organization and Person (the ID number
    decrypted in memory only), history from the same enterprise's earlier contracts."""
    e, w, c = contract.enterprise, contract.worker, contract
    employment = employment or c.employment
    years = Decimal(0)
    if employment is not None and c.start and employment.start < c.start:
        years = Decimal(full_months(employment.start, c.start - timedelta(days=1))) / 12
    earlier_fixed = (
        _others(c).filter(term_kind=TermKind.FIXED, status__in=(Status.IN_FORCE, Status.EXPIRED)).count()
        if c.term_kind == TermKind.FIXED
        else 0
    )
    # LCL-10/82 measure the first written contract from the first day of work; a renewal, a change
    # or any later contract follows a written one, so the one-month rule has nothing to measure.
    written_before = bool(c.supersedes_id) or _others(c).exists()
    with translation.override("zh-hans"):
        hours = str(c.get_hours_system_display())
    if c.hours_per_day is not None:
        hours += f"，每日{c.hours_per_day}小时"
    return rules.ContractTerms(
        term_kind=c.term_kind,
        start=c.start,
        end=c.end,
        probation_end=c.probation_end,
        wage=c.wage if c.wage is not None else Decimal(0),
        probation_wage=c.probation_wage,
        employer_name=e.name,
        employer_address=e.address,
        legal_representative=e.legal_representative,
        worker_name=w.name,
        worker_address=c.worker_address,
        worker_id_number=w.id_number if w.id_cipher else "",
        task=c.task,
        job=" ".join(filter(None, (c.position, c.job_description))),
        work_place=c.work_place,
        working_hours=hours,
        rest=c.rest,
        social_insurance=c.social_insurance,
        protection=c.protection,
        first_work_day=None if written_before else c.first_work_day,
        signed_on=timezone.localdate(),
        previous_fixed_terms=max(c.previous_fixed_terms, earlier_fixed),
        years_of_service=years,
        worker_requested_fixed_term=c.worker_requested_fixed_term,
        hours_per_day=c.hours_per_day,
        hours_per_week=c.hours_per_week,
        pay_cycle_days=c.pay_cycle_days,
    )


def check_contract_terms(contract: LaborContract, *, employment: Employment | None = None) -> list[Finding]:
    """Every legal check of `contract` before signing (rules.check_contract for labor contracts,
    rules.check_platform_agreement for platform workers' agreements), with the minimum wage in
    force in the enterprise's region on the start date (hourly for part-time work, LCL-72)."""
    terms = contract_terms(contract, employment=employment)
    region = contract.enterprise.region_id
    monthly = minimum_wage(region, contract.start)
    hourly = minimum_wage(region, contract.start, hourly=True)
    findings: list[Finding] = []
    if monthly is None:
        findings.append(
            Finding("MWR", WARNING, _("未查到当地最低工资标准，无法核对工资是否低于最低工资（最低工资规定）"))
        )
    if contract.kind == Kind.PLATFORM:
        findings += rules.check_platform_agreement(
            terms, minimum_wage=monthly or Decimal(0), hourly_minimum_wage=hourly or Decimal(0)
        )
        return findings
    part_time = contract.term_kind == TermKind.PART_TIME
    floor = (hourly if part_time else monthly) or Decimal(0)
    had_probation = _others(contract).filter(probation_end__isnull=False).exists()
    findings += rules.check_contract(terms, minimum_wage=floor, had_probation_before=had_probation)
    return findings


def as_stored(findings: Iterable[Finding]) -> list[dict]:
    return [{"code": f.code, "level": f.level, "message": str(f.message)} for f in findings]


def stored_findings(contract: LaborContract) -> list[Finding]:
    return [Finding(f["code"], f["level"], f["message"]) for f in contract.findings or []]


def findings_error(findings: Iterable[Finding]) -> ValidationError:
    """The error findings as a field-level ValidationError (each message starts with its rule code)."""
    errors: dict[str, list[ValidationError]] = {}
    for f in findings:
        if f.level != ERROR:
            continue
        name = FINDING_FIELDS.get(f.code, NON_FIELD_ERRORS)
        errors.setdefault(name, []).append(ValidationError(f"{f.code} {f.message}", code=f.code))
    return ValidationError(errors)


# --- drafting -------------------------------------------------------------------------------------


def number_prefix(enterprise: Organization, kind: str, year: int) -> str:
    return f"{'XY' if kind == Kind.PLATFORM else 'HT'}-{enterprise.region_id}-{year}-"


def allocate_numbers(prefix: str, count: int = 1) -> list[str]:
    """`count` consecutive new numbers under `prefix` (see hexie.core.numbering)."""
    return [f"{prefix}{n:06d}" for n in take_numbers(NumberSequence, prefix, count)]


def current_employment(enterprise: Organization, worker: Person, on: date | None = None) -> Employment | None:
    """The worker's employment at the enterprise, current on `on` (today when not given)."""
    on = on or timezone.localdate()
    return (
        Employment.objects.filter(enterprise=enterprise, person=worker)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .order_by("-start")
        .first()
    )


def _assign(contract: LaborContract, fields: dict) -> None:
    unknown = sorted(set(fields) - set(DRAFT_FIELDS))
    if unknown:
        raise ValidationError(
            {name: ValidationError(_("该字段不能在起草时填写"), code="unknown_field") for name in unknown}
        )
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(contract, name, value)


def _validate(contract: LaborContract) -> None:
    """Field errors in Chinese: the model's own (required, choices, lengths) and the date order."""
    errors: dict[str, list] = {}
    try:
        contract.full_clean(
            exclude=["number", "document", "template", "enterprise", "worker", "employment", "batch", "supersedes"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if contract.start and contract.end and contract.end < contract.start:
        errors.setdefault("end", []).append(_("终止日期不能早于起始日期"))
    if contract.wage is not None and contract.wage < 0:
        errors.setdefault("wage", []).append(_("工资不能为负数"))
    if contract.term_kind == TermKind.OPEN_ENDED and contract.end:
        errors.setdefault("end", []).append(_("无固定期限劳动合同不约定终止日期"))
    if errors:
        raise ValidationError(errors)


def _require_usable(template: ContractTemplate, enterprise: Organization) -> None:
    if not usable_templates(enterprise).filter(pk=template.pk).exists():
        raise ValidationError({"template": _("请选择已发布的平台示范文本或本企业的模板")}, code="template")


@transaction.atomic
def draft_contract(enterprise: Organization, worker: Person, template: ContractTemplate, fields: dict, user):
    """Draft one contract (or platform agreement, by the template's kind) for a worker employed by
    `enterprise`, with the model text's `fields`; its findings are stored on it."""
    _require_manager(user, enterprise)
    _require_usable(template, enterprise)
    employment = current_employment(enterprise, worker)
    if employment is None:
        raise ValidationError({"worker": _("该劳动者不是本企业在职职工，请先登记用工")}, code="not_employed")
    contract = LaborContract(
        enterprise=enterprise,
        worker=worker,
        employment=employment,
        template=template,
        kind=template.kind,
        term_kind=template.term_kind,
        position=employment.position,
        created_by=user,
    )
    _assign(contract, fields)
    _validate(contract)
    contract.findings = as_stored(check_contract_terms(contract))
    contract.number = allocate_numbers(number_prefix(enterprise, contract.kind, timezone.localdate().year))[0]
    contract.save()
    _timeline(contract, "draft", user, "", contract.status)
    return contract


def _locked(contract: LaborContract) -> LaborContract:
    return (
        LaborContract.objects.select_for_update().select_related("enterprise", "worker", "template").get(pk=contract.pk)
    )


def _require_draft(contract: LaborContract) -> None:
    if not contract.editable:
        raise ValidationError(
            _("只有草稿可以修改：合同已发起签署或已签署，内容不可更改；如需变更，请订立新的合同"), code="immutable"
        )


@transaction.atomic
def update_draft(contract: LaborContract, fields: dict, user) -> LaborContract:
    """Change a draft's fields and check it again. Anything past DRAFT is immutable."""
    contract = _locked(contract)
    _require_manager(user, contract.enterprise)
    _require_draft(contract)
    _assign(contract, fields)
    _validate(contract)
    contract.findings = as_stored(check_contract_terms(contract))
    contract.save()
    _timeline(contract, "update", user, contract.status, contract.status)
    return contract


@transaction.atomic
def recheck_contract(contract: LaborContract, user) -> list[Finding]:
    """Run the checks of a draft again (the minimum wage or the worker's history may have changed)."""
    contract = _locked(contract)
    _require_manager(user, contract.enterprise)
    _require_draft(contract)
    findings = check_contract_terms(contract)
    LaborContract.objects.filter(pk=contract.pk).update(findings=as_stored(findings))
    return findings


def worker_url(contract: LaborContract) -> str:
    """The worker's phone page of the contract (engineer C's "contracts:worker-contract")."""
    try:
        path = reverse("contracts:worker-contract", args=[contract.pk])
    except NoReverseMatch:
        path = f"/contracts/my/{contract.pk}/"
    return f"{settings.PUBLIC_BASE_URL}{path}"


def notify_worker(contract: LaborContract) -> None:
    """Text the worker that a contract waits for their signature (the phone decrypted in memory only)."""
    if not contract.worker.phone_cipher:
        return
    with translation.override("zh-hans"):
        message = _("【和谐劳动】%(enterprise)s向您发起%(title)s（编号%(number)s），请打开 %(url)s 查看并签署。") % {
            "enterprise": contract.enterprise.name,
            "title": contract_title(contract),
            "number": contract.number,
            "url": worker_url(contract),
        }
    sms_sender().send(crypto.decrypt(contract.worker.phone_cipher), message)


def render_and_issue(contract: LaborContract, user, *, roles: set[str] | None = None) -> LaborContract:
    """Render the PDF, keep it with its sha256 and move DRAFT → AWAITING_WORKER; the worker is texted
    once the caller's transaction commits. The caller has checked the contract."""
    from ..pdf import render_contract_pdf

    pdf = render_contract_pdf(contract_document(contract))
    contract.document.save(f"{contract.number}.pdf", ContentFile(pdf), save=False)
    contract.unsigned_sha256 = hashlib.sha256(pdf).hexdigest()
    contract.issued_at = timezone.now()
    LaborContract.workflow.apply(contract, "issue", user, roles=roles)
    pk = contract.pk
    transaction.on_commit(
        lambda: notify_worker(LaborContract.objects.select_related("worker", "enterprise").get(pk=pk))
    )
    return contract


def issue_contract(contract: LaborContract, user) -> LaborContract:
    """发起签署: check again, refuse with the errors (field by field), otherwise render the PDF and
    hand the contract to the worker. The findings of this check are kept either way."""
    with transaction.atomic():
        contract = _locked(contract)
        _require_manager(user, contract.enterprise)
        if contract.status != Status.DRAFT:
            raise ValidationError(_("只有草稿可以发起签署"), code="status")
        findings = check_contract_terms(contract)
        contract.findings = as_stored(findings)
        blocked = any(f.level == ERROR for f in findings)
        if not blocked:
            render_and_issue(contract, user)
    if blocked:
        LaborContract.objects.filter(pk=contract.pk, status=Status.DRAFT).update(findings=contract.findings)
        raise findings_error(findings)
    return contract


@transaction.atomic
def cancel_contract(contract: LaborContract, user, note: str = "") -> LaborContract:
    """作废 a draft (or a contract still being signed) through the workflow."""
    contract = _locked(contract)
    _require_manager(user, contract.enterprise)
    LaborContract.workflow.apply(contract, "cancel", user, note=note)
    return contract
