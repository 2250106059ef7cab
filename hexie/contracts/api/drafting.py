"""Contracts API, drafting part (mounted by `api.py` at /api/contracts/): list and read contracts
within the caller's scope, draft, update a draft, check it, issue it for signing; read templates.

A contract or template outside the caller's scope is a 404; changing one needs a role in its
enterprise (403); a service's refusal is a 422 with one entry per field in Chinese and English
(`hexie.api`). The worker is only ever shown masked.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hexie.core.api import READ, WRITE, ObjectId, Page, in_chinese
from hexie.core.models import Organization, Person
from hexie.core.schemas import BodyId, Id, IsoDate, text
from hexie.core.scoping import scoped

from ..models import HoursSystem, Kind, LaborContract, TermKind, WageForm
from ..services import drafting

router = Router(tags=["contracts"])  # "/templates" is routed before "/{id}", which would take it

ContractStatus = Enum("ContractStatus", {s.name: s.value for s in LaborContract.Status}, type=str)
ContractKind = Enum("ContractKind", {s.name: s.value for s in Kind}, type=str)
ContractTermKind = Enum("ContractTermKind", {s.name: s.value for s in TermKind}, type=str)
HoursSystemChoice = Enum("HoursSystemChoice", {s.name: s.value for s in HoursSystem}, type=str)
WageFormChoice = Enum("WageFormChoice", {s.name: s.value for s in WageForm}, type=str)


def money(default=None):
    return Field(default, ge=0, le=Decimal("999999999999.99"), decimal_places=2)


def hours():
    return Field(None, ge=0, le=Decimal("99.9"), decimal_places=1)


class FindingOut(Schema):
    code: str = Field(description="规则代码，如 LCL-19")
    level: str = Field(description="error（阻止发起签署）或 warning（提示双方）")
    message: str


class ContractOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    enterprise: int = Field(..., alias="enterprise_id")
    enterprise_name: str = Field(..., alias="enterprise.name")
    worker: int = Field(..., alias="worker_id")
    worker_name: str = Field(..., alias="worker.name")
    worker_id_masked: str = Field(..., alias="worker.id_masked")
    template: int = Field(..., alias="template_id")
    template_version: int = Field(..., alias="template.version")
    term_kind: str
    start: date
    end: date | None
    task: str
    probation_end: date | None
    first_work_day: date | None
    position: str
    job_description: str
    work_place: str
    hours_system: str
    rest: str
    hours_per_day: Decimal | None
    hours_per_week: Decimal | None
    wage: Decimal
    wage_form: str
    probation_wage: Decimal | None
    payday: int
    pay_cycle_days: int | None
    social_insurance: str
    protection: str
    termination_terms: str
    other_terms: str
    worker_address: str
    previous_fixed_terms: int
    worker_requested_fixed_term: bool
    findings: list[FindingOut]
    unsigned_sha256: str
    issued_at: datetime | None
    effective_at: datetime | None
    created_at: datetime


class DraftFields(Schema):
    """The model text's fields of a draft (all optional on update)."""

    term_kind: ContractTermKind | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    task: text(255) | None = None
    probation_end: IsoDate | None = None
    first_work_day: IsoDate | None = None
    position: text(64) | None = None
    job_description: text(255) | None = None
    work_place: text(128) | None = None
    hours_system: HoursSystemChoice | None = None
    rest: text(255) | None = None
    hours_per_day: Decimal | None = hours()
    hours_per_week: Decimal | None = hours()
    wage: Decimal | None = money()
    wage_form: WageFormChoice | None = None
    probation_wage: Decimal | None = money()
    payday: int | None = Field(None, ge=1, le=31)
    pay_cycle_days: int | None = Field(None, ge=1, le=31)
    social_insurance: text(255) | None = None
    protection: text(255) | None = None
    termination_terms: text(4000) | None = None
    other_terms: text(4000) | None = None
    worker_address: text(255) | None = None
    previous_fixed_terms: int | None = Field(None, ge=0, le=100)
    worker_requested_fixed_term: bool | None = None


class ContractIn(DraftFields):
    enterprise: BodyId
    worker: BodyId
    template: BodyId
    start: IsoDate
    position: text(64, 1)
    work_place: text(128, 1)
    wage: Decimal = money(...)


# Fields a JSON null may not clear (the model has no "unknown" for them).
NOT_NULL = {"term_kind", "start", "task", "position", "job_description", "work_place", "hours_system", "rest"}
NOT_NULL |= {"wage", "wage_form", "payday", "social_insurance", "protection", "termination_terms", "other_terms"}
NOT_NULL |= {"worker_address", "previous_fixed_terms", "worker_requested_fixed_term"}


def _fields(payload: DraftFields, *, exclude_unset: bool) -> dict:
    data = payload.model_dump(exclude_unset=exclude_unset, exclude={"enterprise", "worker", "template"})
    if not exclude_unset:
        data = {k: v for k, v in data.items() if v is not None or k in payload.model_fields_set}
    fields = {}
    for name, value in data.items():
        if value is None and name in NOT_NULL:
            value = "" if name not in ("wage", "payday", "previous_fixed_terms") else None
        fields[name] = value.value if isinstance(value, Enum) else value
    return fields


class CheckOut(Schema):
    errors: int
    warnings: int
    findings: list[FindingOut]


class ContractFilter(Schema):
    status: ContractStatus | None = None
    kind: ContractKind | None = None
    term_kind: ContractTermKind | None = None
    enterprise: Id | None = Field(None, description="用人单位编号")
    q: text(100) | None = Field(None, description="劳动者姓名或合同编号")
    expiring: int | None = Field(None, ge=1, le=366, description="在此天数内到期的履行中合同")


class ClauseOut(Schema):
    order: int
    key: str
    heading: str
    text: str
    source: str
    mandatory: bool


class TemplateOut(Schema):
    id: int
    code: str
    version: int
    name: str
    kind: str
    term_kind: str
    enterprise: int | None = Field(None, alias="enterprise_id")
    status: str
    based_on: int | None = Field(None, alias="based_on_id")
    source: str
    published_at: datetime | None


class TemplateDetailOut(TemplateOut):
    clauses: list[ClauseOut]

    @staticmethod
    def resolve_clauses(obj) -> list:
        return list(obj.clauses.all())


def _contracts(user):
    return scoped(LaborContract.objects.select_related("enterprise", "worker", "template"), user)


def _contract(request, id: int) -> LaborContract:
    return get_object_or_404(_contracts(request.user), pk=id)


@router.get("/templates", response={200: list[TemplateOut], **READ}, summary="合同模板")
@paginate(Page)
def list_contract_templates(request):
    """The platform's model texts and the templates of the enterprises within the caller's scope."""
    return drafting.visible_templates(request.user).order_by("code", "-version", "id")


@router.get("/templates/{id}", response={200: TemplateDetailOut, **READ}, summary="合同模板及条款")
def get_contract_template(request, id: int = ObjectId):
    return get_object_or_404(drafting.visible_templates(request.user), pk=id)


@router.get("", response={200: list[ContractOut], **READ}, summary="劳动合同")
@paginate(Page)
def list_contracts(request, filters: Query[ContractFilter]):
    qs = _contracts(request.user).order_by("-created_at", "-id")
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.term_kind:
        qs = qs.filter(term_kind=filters.term_kind.value)
    if filters.enterprise:
        qs = qs.filter(enterprise_id=filters.enterprise)
    if filters.q:
        qs = qs.filter(Q(worker__name__icontains=filters.q) | Q(number__icontains=filters.q))
    if filters.expiring:
        today = timezone.localdate()
        qs = qs.filter(
            status=LaborContract.Status.IN_FORCE, end__gte=today, end__lte=today + timedelta(days=filters.expiring)
        )
    return qs


@router.post("", response={201: ContractOut, **WRITE}, summary="起草劳动合同", url_name="list_contracts")
def create_contract(request, payload: ContractIn):
    """Draft a contract for a worker of the caller's enterprise from a published template; the
    findings of the legal checks come back with it."""
    enterprise = get_object_or_404(scoped(Organization.objects.all(), request.user), pk=payload.enterprise)
    worker = get_object_or_404(scoped(Person.objects.all(), request.user), pk=payload.worker)
    template = get_object_or_404(drafting.visible_templates(request.user), pk=payload.template)
    with in_chinese():
        contract = drafting.draft_contract(
            enterprise, worker, template, _fields(payload, exclude_unset=False), request.user
        )
    return Status(201, _contracts(request.user).get(pk=contract.pk))


@router.get("/{id}", response={200: ContractOut, **READ}, summary="劳动合同详情")
def get_contract(request, id: int = ObjectId):
    return _contract(request, id)


@router.patch("/{id}", response={200: ContractOut, **WRITE}, summary="修改合同草稿", url_name="get_contract")
def update_contract(request, payload: DraftFields, id: int = ObjectId):
    """Change a draft's fields (only a draft: an issued contract is immutable) and check it again."""
    contract = _contract(request, id)
    with in_chinese():
        drafting.update_draft(contract, _fields(payload, exclude_unset=True), request.user)
    return _contract(request, id)


@router.post("/{id}/check", response={200: CheckOut, **WRITE}, summary="合法性检查")
def check_contract(request, id: int = ObjectId):
    contract = _contract(request, id)
    with in_chinese():
        findings = drafting.recheck_contract(contract, request.user)
    errors = sum(1 for f in findings if f.level == "error")
    return {"errors": errors, "warnings": len(findings) - errors, "findings": [f._asdict() for f in findings]}


@router.post("/{id}/issue", response={200: ContractOut, **WRITE}, summary="发起签署")
def issue_contract(request, id: int = ObjectId):
    """Check again and, without errors, render the PDF and text the worker to sign; with errors a
    422 lists them by field (e.g. `probation_end`: "LCL-19 …")."""
    contract = _contract(request, id)
    with in_chinese():
        drafting.issue_contract(contract, request.user)
    return _contract(request, id)
