"""Wages API, projects part: projects (list, detail, create), the roster (list, enroll), and
recording an allocation or a deposit. Projects are looked up within the caller's scope first: one
outside it is a 404 whatever the request holds; the JSON body is read after that."""

from datetime import date
from decimal import Decimal
from enum import Enum

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from hexie.core.api import READ, WRITE, ObjectId, Page, in_chinese
from hexie.core.schemas import RegionCode
from hexie.core.scoping import scoped

from ..models import Deposit, Project, RosterEntry
from ..services import accounts
from ..services import projects as service

router = Router(tags=["wage projects"])

ProjectStatus = Enum("ProjectStatus", {s.name: s.value for s in Project.Status}, type=str)
RateKind = Enum("RateKind", {s.name: s.value for s in RosterEntry.RateKind}, type=str)
DepositForm = Enum("DepositForm", {s.name: s.value for s in Deposit.Form}, type=str)


def money(**kwargs):
    return Field(max_digits=14, decimal_places=2, **kwargs)


class ProjectFilter(Schema):
    region: RegionCode | None = Field(None, description="地区代码前缀")
    status: ProjectStatus | None = None
    grid_member: int | None = Field(None, ge=1, le=2**31 - 1, description="责任网格员（用户编号）")


class SubcontractOut(Schema):
    id: int
    subcontractor: int = Field(..., alias="subcontractor_id")
    subcontractor_name: str
    parent: int | None = Field(None, alias="parent_id")
    kind: str
    amount: Decimal | None

    @staticmethod
    def resolve_subcontractor_name(obj) -> str:
        return obj.subcontractor.name


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    region: str = Field(..., alias="region_id")
    address: str
    construction_unit: int = Field(..., alias="construction_unit_id")
    general_contractor: int = Field(..., alias="general_contractor_id")
    contract_amount: Decimal
    labor_cost_share: Decimal
    starts_on: date
    ends_on: date
    completed_on: date | None
    payday: int
    status: str
    grid_member: int | None = Field(None, alias="grid_member_id")
    wage_officer: str
    notice_board: bool
    deposit_exempt: bool


class RatesOut(Schema):
    enrolled: int
    complete: int
    enrolment_rate: Decimal | None = Field(
        description="实名制登记完整率（%）：已签劳动合同且有工资卡的在册工人 / 在册工人"
    )
    attending: int
    attendance_rate: Decimal | None = Field(description="考勤更新率（%）：近7日有考勤的在册工人 / 在册工人")


class ProjectDetailOut(ProjectOut):
    subcontracts: list[SubcontractOut]
    rates: RatesOut
    special_account: dict | None
    deposit_balance: Decimal

    @staticmethod
    def resolve_subcontracts(obj) -> list:
        return list(obj.subcontracts.select_related("subcontractor").order_by("pk"))

    @staticmethod
    def resolve_rates(obj) -> dict:
        rates = service.project_rates(obj)
        return {
            "enrolled": rates.enrolled,
            "complete": rates.complete,
            "enrolment_rate": rates.enrolment_rate,
            "attending": rates.attending,
            "attendance_rate": rates.attendance_rate,
        }

    @staticmethod
    def resolve_special_account(obj) -> dict | None:
        account = getattr(obj, "special_account", None)
        if account is None:
            return None
        return {
            "bank": account.bank,
            "account_masked": account.account_masked,
            "opened_on": account.opened_on,
            "close_notice_on": account.close_notice_on,
            "closed_on": account.closed_on,
        }

    @staticmethod
    def resolve_deposit_balance(obj) -> Decimal:
        return accounts.deposit_balance(obj)


class ProjectIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=128)
    region: str = Field(pattern=r"^\d{6}(\d{3})?$", description="所在地区代码（县6位或乡镇9位）")
    address: str = Field("", max_length=255)
    construction_unit: int = Field(ge=1, le=2**31 - 1, description="建设单位（组织编号）")
    general_contractor: int = Field(ge=1, le=2**31 - 1, description="施工总承包单位（组织编号）")
    contract_amount: Decimal = money()
    labor_cost_share: Decimal = Field(Decimal("0"), max_digits=5, decimal_places=4)
    starts_on: date
    ends_on: date
    payday: int = Field(15, description="每月发薪日（1–31）")
    grid_member: int | None = Field(None, ge=1, le=2**31 - 1)
    wage_officer: str = Field("", max_length=64)
    wage_officer_phone: str = Field("", max_length=20)
    deposit_exempt: bool = False


class RosterOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    name: str
    id_masked: str
    employer: int = Field(..., alias="employer_id")
    badge: str
    trade: str
    rate: Decimal
    rate_kind: str
    bank_account_masked: str
    enrolled_on: date
    left_on: date | None
    contract_signed: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_masked(obj) -> str:
        return obj.person.id_masked


class EnrollIn(Schema):
    name: str = Field(min_length=1, max_length=64)
    id_number: str = Field(min_length=15, max_length=18, description="身份证号（只保存加密与脱敏形式）")
    phone: str = Field("", max_length=11)
    employer: int = Field(ge=1, le=2**31 - 1, description="用工单位（分包链中的组织编号）")
    badge: str = Field(min_length=1, max_length=32, description="考勤机上的人员编号")
    trade: str = Field("", max_length=32)
    rate: Decimal = money(gt=0)
    rate_kind: RateKind = RateKind.DAILY
    bank_account: str = Field("", max_length=32, description="工资卡号（保存时脱敏）")
    enrolled_on: date | None = None
    contract_signed: bool = False


class AllocationIn(Schema):
    month: date = Field(description="所属月份（该月任一日）")
    paid: Decimal = money(gt=0)
    paid_on: date
    bank_reference: str = Field(min_length=1, max_length=64)


class AllocationOut(Schema):
    id: int
    month: date
    scheduled: Decimal
    paid: Decimal
    paid_on: date | None
    bank_reference: str
    recorded: bool = Field(description="false：同一银行流水号已登记，未重复计入")


class DepositIn(Schema):
    form: DepositForm
    amount: Decimal = money(gt=0)
    deposited_on: date
    bank: str = Field("", max_length=64)
    guarantee_number: str = Field("", max_length=64)
    expires_on: date | None = None


class DepositOut(Schema):
    id: int
    form: str
    amount: Decimal
    bank: str
    guarantee_number: str
    deposited_on: date
    expires_on: date | None
    used: Decimal
    returned_on: date | None


def _body(request, schema: type[Schema]):
    """The JSON body, read after the project was found (a foreign project is a 404 first)."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except PydanticValidationError as exc:
        raise ValidationError(
            [
                {"type": e["type"], "loc": ("body", *e["loc"]), "msg": e["msg"]}
                for e in exc.errors(include_url=False, include_context=False, include_input=False)
            ]
        ) from exc


def _json_body(schema: type[Schema]) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


def _project(request, id: int) -> Project:
    return get_object_or_404(service.visible_projects(request.user), pk=id)


@router.get("/projects", response={200: list[ProjectOut], **READ}, summary="在建工程项目")
@paginate(Page)
def list_wage_projects(request, filters: Query[ProjectFilter]):
    qs = service.visible_projects(request.user).order_by("region_id", "code", "pk")
    if filters.region:
        qs = qs.filter(region__code__startswith=filters.region)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    if filters.grid_member:
        qs = qs.filter(grid_member_id=filters.grid_member)
    return qs


@router.post(
    "/projects", response={201: ProjectOut, **WRITE}, summary="登记在建工程项目", openapi_extra=_json_body(ProjectIn)
)
def create_wage_project(request):
    """The labor office of the project's region registers it (body: ProjectIn)."""
    payload = _body(request, ProjectIn)
    with in_chinese():
        project = service.create_project(request.user, **payload.dict())
    return Status(201, project)


@router.get("/projects/{id}", response={200: ProjectDetailOut, **READ}, summary="项目详情、分包链、实名制比率")
def get_wage_project(request, id: int = ObjectId):
    return _project(request, id)


@router.get("/projects/{id}/roster", response={200: list[RosterOut], **READ}, summary="实名制花名册")
@paginate(Page)
def list_wage_roster(request, id: int = ObjectId):
    project = _project(request, id)
    return (
        scoped(RosterEntry.objects.filter(project=project), request.user)
        .select_related("person")
        .order_by("badge", "pk")
    )


@router.post(
    "/projects/{id}/roster",
    response={201: RosterOut, **WRITE},
    summary="实名登记（按身份证号查找或新建人员）",
    openapi_extra=_json_body(EnrollIn),
)
def enroll_wage_worker(request, id: int = ObjectId):
    project = _project(request, id)
    payload = _body(request, EnrollIn)
    data = payload.dict()
    data["rate_kind"] = payload.rate_kind.value
    with in_chinese():
        entry = service.enroll(request.user, project, **data)
    return Status(201, entry)


@router.post(
    "/projects/{id}/allocations",
    response={200: AllocationOut, **WRITE},
    summary="登记人工费用拨付（按银行流水号幂等）",
    openapi_extra=_json_body(AllocationIn),
)
def record_wage_allocation(request, id: int = ObjectId):
    project = _project(request, id)
    payload = _body(request, AllocationIn)
    with in_chinese():
        allocation, recorded = accounts.record_allocation(request.user, project, **payload.dict())
    allocation.recorded = recorded
    return allocation


@router.post(
    "/projects/{id}/deposits",
    response={201: DepositOut, **WRITE},
    summary="登记工资保证金",
    openapi_extra=_json_body(DepositIn),
)
def record_wage_deposit(request, id: int = ObjectId):
    project = _project(request, id)
    payload = _body(request, DepositIn)
    data = payload.dict()
    data["form"] = payload.form.value
    with in_chinese():
        deposit = accounts.record_deposit(request.user, project, **data)
    return Status(201, deposit)
