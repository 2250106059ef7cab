"""Projects under wage supervision, their contracting chain and real-name rosters (WPR-28).

Who does what:
- the labor office (人社部门) staff of the project's region create projects, change any field and
  their status, set the grid member and the contracting chain;
- the general contractor's HR (or legal representative, administrator) updates its own project's
  wage officer and rights-information board (WPR-34), adds subcontractors and keeps the roster;
- a subcontractor's HR enrolls its own workers.

Definitions (shown on the project page and in the statistics):
- **enrolment rate (实名制登记完整率)**: of the workers enrolled on the project on a day (entered
  on or before it and not yet left), the share whose registration is complete — a signed labor
  contract *and* a wage card (bank account) on record — in percent, two places;
- **attendance update rate (考勤更新率)**: of the same workers, the share with at least one
  attendance row on the project in the last 7 days (the day itself and the 6 before it).
A project with nobody enrolled has no rate (None), not 0.

Every change is one transaction; bad input is a `ValidationError` naming the field, with nothing
written.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from hexie.core import crypto
from hexie.core.attachments import save_upload
from hexie.core.codes import clean_mobile, parse_id_number
from hexie.core.imports import (
    PERSON_COLUMNS,
    CellError,
    Column,
    Importer,
    Row,
    a_date,
    as_text,
    matching,
    template_workbook,
    text,
)
from hexie.core.jobs import JobContext, job_handler, start_job
from hexie.core.models import Attachment, Job, Membership, Organization, Person, Region, Role
from hexie.core.scoping import scoped, user_scope

from ..models import CONTRACTOR, Attendance, Project, RosterEntry, Subcontract

Status = Project.Status
CENT = Decimal("0.01")
MAX_MONEY = Decimal("999999999999.99")
ROSTER_JOB = "wages.import_roster"
ATTENDANCE_WINDOW_DAYS = 7
IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}
IMPORT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/csv": ".csv",
}
# Fields the general contractor's HR may change on its own project (WPR-28 wage officer, WPR-34 board).
CONTRACTOR_FIELDS = frozenset({"wage_officer", "wage_officer_phone", "notice_board"})
PROJECT_FIELDS = (
    "code",
    "name",
    "region",
    "address",
    "construction_unit",
    "general_contractor",
    "contract_amount",
    "labor_cost_share",
    "starts_on",
    "ends_on",
    "payday",
    "grid_member",
    "wage_officer",
    "wage_officer_phone",
    "notice_board",
    "deposit_exempt",
)
# Status changes a labor office may make; closing also needs the special account closed (WPR-27).
STATUS_MOVES = {
    Status.PLANNED: {Status.ACTIVE},
    Status.ACTIVE: {Status.SUSPENDED, Status.COMPLETED},
    Status.SUSPENDED: {Status.ACTIVE, Status.COMPLETED},
    Status.COMPLETED: {Status.ACTIVE, Status.CLOSED},
    Status.CLOSED: set(),
}


# --- who may do what ------------------------------------------------------------------------------


def visible_projects(user) -> QuerySet:
    return scoped(
        Project.objects.select_related("region", "construction_unit", "general_contractor", "grid_member"), user
    )


def _labor_office_prefixes(user) -> list[str]:
    """Region prefixes where `user` is labor-office staff (人社部门工作人员或管理员)."""
    if getattr(user, "is_superuser", False):
        return [""]
    rows = Membership.objects.filter(
        user=user, role__in=(Role.STAFF, Role.ADMIN), organization__kind=Organization.Kind.GOVERNMENT
    ).select_related("organization__region")
    return [m.organization.region.prefix for m in rows]


def is_labor_office(user, region_code: str) -> bool:
    return any(region_code.startswith(prefix) for prefix in _labor_office_prefixes(user))


def may_create(user) -> bool:
    return bool(_labor_office_prefixes(user))


def _org_roles(user, organization_id: int | None) -> set[str]:
    if organization_id is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.filter(user=user, organization_id=organization_id).values_list("role", flat=True))


def is_contractor(user, project: Project) -> bool:
    """HR, legal representative or administrator of the project's general contractor."""
    return bool(_org_roles(user, project.general_contractor_id) & CONTRACTOR)


def may_manage(user, project: Project) -> bool:
    """The labor office of the project's region."""
    return is_labor_office(user, project.region_id)


def may_keep(user, project: Project) -> bool:
    """The labor office or the general contractor (the roster, the board, the special account)."""
    return may_manage(user, project) or is_contractor(user, project)


def chain_employers(user, project: Project) -> set[int]:
    """Employers in the chain whose workers `user` may enroll: all of them for the labor office and
    the general contractor, a subcontractor's own for its HR."""
    chain = {project.general_contractor_id, *project.subcontracts.values_list("subcontractor_id", flat=True)}
    if may_keep(user, project):
        return chain
    mine = set(
        Membership.objects.filter(user=user, role__in=CONTRACTOR, organization_id__in=chain).values_list(
            "organization_id", flat=True
        )
    )
    return mine


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- validation helpers -----------------------------------------------------------------------------


def _money(value, field: str, errors: dict, *, positive: bool = False) -> Decimal | None:
    if value in (None, ""):
        errors[field] = _("必填")
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("应为金额（元）")
        return None
    if not amount.is_finite() or amount > MAX_MONEY:
        errors[field] = _("金额超出范围")
        return None
    if amount < 0 or (positive and amount == 0):
        errors[field] = _("金额必须大于 0") if positive else _("金额不能为负数")
        return None
    if amount != amount.quantize(CENT):
        errors[field] = _("金额最多保留两位小数")
        return None
    return amount.quantize(CENT)


def _organization(value, field: str, errors: dict, label: str) -> Organization | None:
    if value in (None, ""):
        errors[field] = _("请选择%(label)s") % {"label": label}
        return None
    if isinstance(value, Organization):
        return value
    org = Organization.objects.filter(pk=value).first() if str(value).isdigit() else None
    if org is None:
        errors[field] = _("%(label)s不存在") % {"label": label}
    return org


def grid_members(region_code: str) -> QuerySet:
    """Users who are grid members (网格员) of an organization in the same county as `region_code`."""
    county = region_code[:6]
    return (
        get_user_model()
        .objects.filter(memberships__role=Role.GRID_MEMBER, memberships__organization__region__code__startswith=county)
        .distinct()
        .order_by("username")
    )


def grid_member_choices(user) -> QuerySet:
    """Grid members of the counties `user` sees as staff (for filters and forms)."""
    scope = user_scope(user)
    users = get_user_model().objects.filter(memberships__role=Role.GRID_MEMBER)
    if not scope.everything:
        q = Q(pk__in=[])
        for prefix in scope.regions:
            q |= Q(memberships__organization__region__code__startswith=prefix)
        users = users.filter(q)
    return users.distinct().order_by("username")


def _clean_project(values: dict, instance: Project | None) -> dict:
    """Check and normalise project fields; a dict of field errors raises."""
    errors: dict[str, Any] = {}
    out = dict(values)
    current = (lambda name: getattr(instance, name)) if instance else (lambda name: None)

    if "code" in values:
        code = (values["code"] or "").strip()
        out["code"] = code
        if not code:
            errors["code"] = _("请填写项目编号")
        elif len(code) > 32:
            errors["code"] = _("项目编号最多 32 个字符")
        elif Project.objects.filter(code=code).exclude(pk=getattr(instance, "pk", None)).exists():
            errors["code"] = _("项目编号已存在")
    if "name" in values:
        out["name"] = (values["name"] or "").strip()
        if not out["name"]:
            errors["name"] = _("请填写项目名称")
        elif len(out["name"]) > 128:
            errors["name"] = _("项目名称最多 128 个字符")
    if "region" in values:
        region = values["region"]
        if not isinstance(region, Region):
            region = Region.objects.filter(code=str(region or "")).first()
        if region is None:
            errors["region"] = _("地区代码不存在")
        out["region"] = region
    if "construction_unit" in values:
        out["construction_unit"] = _organization(
            values["construction_unit"], "construction_unit", errors, _("建设单位")
        )
    if "general_contractor" in values:
        out["general_contractor"] = _organization(
            values["general_contractor"], "general_contractor", errors, _("施工总承包单位")
        )
    if "contract_amount" in values:
        out["contract_amount"] = _money(values["contract_amount"], "contract_amount", errors)
    if "labor_cost_share" in values:
        share = values["labor_cost_share"]
        try:
            share = Decimal(str(share if share not in (None, "") else "0"))
        except (InvalidOperation, ValueError):
            share = None
        if share is None or not share.is_finite() or share < 0 or share > 1:
            errors["labor_cost_share"] = _("人工费用占比应在 0 到 1 之间（如 0.25）")
        else:
            out["labor_cost_share"] = share.quantize(Decimal("0.0001"))
    for name in ("starts_on", "ends_on"):
        if name in values and not isinstance(values[name], date):
            errors[name] = _("应为日期（YYYY-MM-DD）")
    starts = out.get("starts_on", current("starts_on"))
    ends = out.get("ends_on", current("ends_on"))
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts and "ends_on" not in errors:
        errors["ends_on"] = _("计划竣工日期早于开工日期")
    if "payday" in values:
        payday = values["payday"]
        try:
            payday = int(payday)
        except (TypeError, ValueError):
            payday = None
        if payday is None or not 1 <= payday <= 31:
            errors["payday"] = _("每月发薪日应在 1 到 31 之间")
        out["payday"] = payday
    if "wage_officer_phone" in values and values["wage_officer_phone"]:
        try:
            out["wage_officer_phone"] = clean_mobile(values["wage_officer_phone"])
        except ValidationError:
            errors["wage_officer_phone"] = _("手机号为 11 位数字，以 1 开头")
    for name, length in (("address", 255), ("wage_officer", 64)):
        if name in values:
            out[name] = (values[name] or "").strip()
            if len(out[name]) > length:
                errors[name] = _("内容过长，最多 %(n)d 个字") % {"n": length}
    region = out.get("region", current("region"))
    if "grid_member" in values and values["grid_member"] not in (None, ""):
        member = values["grid_member"]
        user_id = getattr(member, "pk", member)
        if region is not None and not grid_members(region.code).filter(pk=user_id).exists():
            errors["grid_member"] = _("责任网格员须为项目所在县（市、区）的网格员")
        else:
            out["grid_member"] = get_user_model().objects.filter(pk=user_id).first()
    elif "grid_member" in values:
        out["grid_member"] = None
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def create_project(user, **values) -> Project:
    """A new project (the labor office of its region only), with its chain's head."""
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError(_("未知字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    _require(may_create(user), _("只有人社部门工作人员可以登记在建工程项目"))
    required = ("code", "name", "region", "construction_unit", "general_contractor", "contract_amount")
    for name in (*required, "starts_on", "ends_on"):
        values.setdefault(name, None)
    data = _clean_project(values, None)
    if not is_labor_office(user, data["region"].code):
        raise ValidationError({"region": _("只能登记本辖区的项目")})
    if data["construction_unit"] == data["general_contractor"]:
        raise ValidationError({"general_contractor": _("施工总承包单位不能与建设单位相同")})
    project = Project(**data, status=Status.ACTIVE)
    project.save()
    return project


@transaction.atomic
def update_project(user, project: Project, **changes) -> Project:
    """The labor office changes any field; the general contractor's HR only its wage officer and
    the board."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError(_("未知字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    if not may_manage(user, project):
        _require(is_contractor(user, project), _("只有人社部门或施工总承包单位可以修改项目"))
        _require(
            set(changes) <= CONTRACTOR_FIELDS,
            _("施工总承包单位只能修改劳资专管员和维权信息告示牌"),
        )
    data = _clean_project(changes, project)
    if data.get("region") is not None and not is_labor_office(user, data["region"].code):
        raise ValidationError({"region": _("只能登记本辖区的项目")})
    contractor = data.get("general_contractor", project.general_contractor)
    if data.get("construction_unit", project.construction_unit) == contractor:
        raise ValidationError({"general_contractor": _("施工总承包单位不能与建设单位相同")})
    for name, value in data.items():
        setattr(project, name, value)
    project.save()
    return project


@transaction.atomic
def post_notice_board(user, project: Project, *, posted: bool, photo=None) -> Project:
    """WPR-34: the rights-information board is posted on site; a photo of it is kept."""
    _require(may_keep(user, project), _("只有人社部门或施工总承包单位可以登记维权信息告示牌"))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if photo is not None:
        try:
            attachment = save_upload(
                photo, user=user, organization=project.general_contractor, region=project.region, allowed=IMAGE_TYPES
            )
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from None
        project.notice_board_photo = attachment
    if posted and project.notice_board_photo_id is None:
        raise ValidationError({"photo": _("请上传告示牌照片（WPR-34）")})
    project.notice_board = posted
    project.save(update_fields=["notice_board", "notice_board_photo"])
    return project


@transaction.atomic
def update_board(
    user, project: Project, *, wage_officer: str, wage_officer_phone: str, posted: bool, photo=None
) -> Project:
    """The wage officer (WPR-28) and the rights-information board (WPR-34) in one transaction."""
    update_project(user, project, wage_officer=wage_officer, wage_officer_phone=wage_officer_phone)
    return post_notice_board(user, project, posted=posted, photo=photo)


def _open_warnings(project: Project) -> int:
    from ..models import ArrearsWarning

    return project.warnings.filter(status__in=(ArrearsWarning.Status.OPEN, ArrearsWarning.Status.HANDLING)).count()


@transaction.atomic
def change_status(user, project: Project, status: str, *, on: date | None = None) -> Project:
    """planned → active ⇄ suspended → completed → closed (销户 only with the special account
    closed, WPR-27, and no open arrears warning)."""
    _require(may_manage(user, project), _("只有人社部门工作人员可以变更项目状态"))
    project = Project.objects.select_for_update().get(pk=project.pk)
    on = on or timezone.localdate()
    if status not in Status.values:
        raise ValidationError({"status": _("不是允许的状态")})
    if status not in STATUS_MOVES[project.status]:
        raise ValidationError(
            {
                "status": _("项目状态不能从“%(old)s”变更为“%(new)s”")
                % {"old": project.get_status_display(), "new": Status(status).label}
            }
        )
    if status == Status.COMPLETED:
        if on < project.starts_on:
            raise ValidationError({"on": _("竣工日期早于开工日期")})
        project.completed_on = on
    if status == Status.ACTIVE and project.status == Status.COMPLETED:
        project.completed_on = None
    if status == Status.CLOSED:
        account = getattr(project, "special_account", None)
        if account is not None and account.closed_on is None:
            raise ValidationError({"status": _("工资专用账户尚未销户，项目不能关闭（WPR-27）")})
        if _open_warnings(project):
            raise ValidationError({"status": _("项目尚有未解除的欠薪预警，不能关闭（WPR-27）")})
    project.status = status
    project.save(update_fields=["status", "completed_on"])
    return project


# --- the contracting chain ----------------------------------------------------------------------------


@transaction.atomic
def add_subcontract(
    user, project: Project, *, subcontractor, kind: str, parent: Subcontract | None = None, amount=None
) -> Subcontract:
    """A professional or labor subcontractor under the general contractor (no parent) or under
    another subcontractor of the project. A labor subcontractor does not subcontract further."""
    _require(may_keep(user, project), _("只有人社部门或施工总承包单位可以登记分包单位"))
    errors: dict[str, Any] = {}
    org = _organization(subcontractor, "subcontractor", errors, _("分包单位"))
    if kind not in Subcontract.Kind.values:
        errors["kind"] = _("请选择分包类型")
    if parent is not None and not isinstance(parent, Subcontract):
        parent = Subcontract.objects.filter(pk=parent).first() if str(parent).isdigit() else None
        if parent is None:
            errors["parent"] = _("上级分包单位不存在")
    if parent is not None and parent.project_id != project.pk:
        errors["parent"] = _("上级分包单位不属于本项目")
    elif parent is not None and parent.kind == Subcontract.Kind.LABOR:
        errors["parent"] = _("劳务分包单位不得再分包")
    value = None
    if amount not in (None, ""):
        value = _money(amount, "amount", errors)
    if org is not None:
        if org.pk in (project.general_contractor_id, project.construction_unit_id):
            errors["subcontractor"] = _("分包单位不能是建设单位或施工总承包单位")
        elif project.subcontracts.filter(subcontractor=org).exists():
            errors["subcontractor"] = _("该单位已在本项目的分包链中")
    if errors:
        raise ValidationError(errors)
    return Subcontract.objects.create(project=project, subcontractor=org, parent=parent, kind=kind, amount=value)


@dataclass
class ChainNode:
    depth: int
    organization: Organization
    kind_label: str
    link: Subcontract | None = None
    workers: int = 0


def chain(project: Project) -> list[ChainNode]:
    """The chain as an indented list: the general contractor, then each subcontractor under its parent."""
    links = list(project.subcontracts.select_related("subcontractor").order_by("pk"))
    workers = dict(
        project.roster.filter(left_on__isnull=True).values_list("employer_id").annotate(n=Count("pk")).order_by()
    )
    nodes = [
        ChainNode(
            0,
            project.general_contractor,
            str(gettext_lazy("施工总承包")),
            workers=workers.get(project.general_contractor_id, 0),
        )
    ]
    children: dict[int | None, list[Subcontract]] = {}
    for link in links:
        children.setdefault(link.parent_id, []).append(link)

    def walk(parent_id, depth):
        for link in children.get(parent_id, []):
            nodes.append(
                ChainNode(
                    depth, link.subcontractor, link.get_kind_display(), link, workers.get(link.subcontractor_id, 0)
                )
            )
            walk(link.pk, depth + 1)

    walk(None, 1)
    return nodes


# --- the roster (实名制, WPR-28) ----------------------------------------------------------------------


def mask_account(value: str) -> str:
    """A wage card number kept masked: the first 4 and the last 4 digits."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    return crypto.mask(digits, 4, 4) if digits else ""


def _clean_bank_account(value, errors: dict, field: str = "bank_account") -> str:
    raw = str(value or "").replace(" ", "")
    if not raw:
        return ""
    if "*" in raw:  # already masked (re-imported from an export)
        return raw[:32]
    if not raw.isdigit() or not 12 <= len(raw) <= 30:
        errors[field] = _("工资卡号应为 12 到 30 位数字")
        return ""
    return mask_account(raw)


def active_roster(project: Project, on: date | None = None) -> QuerySet:
    on = on or timezone.localdate()
    return project.roster.filter(enrolled_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gte=on))


@transaction.atomic
def enroll(
    user,
    project: Project,
    *,
    id_number: str,
    name: str,
    employer,
    badge: str,
    rate,
    rate_kind: str = RosterEntry.RateKind.DAILY,
    trade: str = "",
    phone: str = "",
    bank_account: str = "",
    enrolled_on: date | None = None,
    contract_signed: bool = False,
) -> RosterEntry:
    """Enroll a worker: the Person is found by ID number or created (in the project's region)."""
    allowed = chain_employers(user, project)
    _require(bool(allowed), _("只有人社部门或项目分包链中的单位可以进行实名登记"))
    if project.status == Status.CLOSED:
        raise ValidationError(_("项目已关闭，不能再登记"))
    errors: dict[str, Any] = {}
    parsed = None
    try:
        parsed = parse_id_number(str(id_number or "").strip())
    except ValidationError as exc:
        errors["id_number"] = exc.messages[0]
    name = (name or "").strip()
    if not name:
        errors["name"] = _("请填写姓名")
    if phone:
        try:
            phone = clean_mobile(phone)
        except ValidationError:
            errors["phone"] = _("手机号为 11 位数字，以 1 开头")
    org = _organization(getattr(employer, "pk", employer), "employer", errors, _("用工单位"))
    if org is not None and org.pk not in allowed:
        chain_ids = {project.general_contractor_id, *project.subcontracts.values_list("subcontractor_id", flat=True)}
        errors["employer"] = (
            _("用工单位须为本项目分包链中的单位") if org.pk not in chain_ids else _("只能登记本单位的工人")
        )
    badge = (badge or "").strip()
    if not badge:
        errors["badge"] = _("请填写考勤工号")
    elif len(badge) > 32:
        errors["badge"] = _("考勤工号最多 32 个字符")
    elif project.roster.filter(badge=badge).exists():
        errors["badge"] = _("该考勤工号已被本项目其他工人使用")
    amount = _money(rate, "rate", errors, positive=True)
    if rate_kind not in RosterEntry.RateKind.values:
        errors["rate_kind"] = _("请选择计薪方式")
    masked = _clean_bank_account(bank_account, errors)
    enrolled_on = enrolled_on or timezone.localdate()
    if enrolled_on < project.starts_on - timedelta(days=30):
        errors["enrolled_on"] = _("进场日期早于项目开工日期")
    person = Person.find_by_id_number(parsed.number) if parsed else None
    if person is not None:
        if person.name != name and "name" not in errors:
            errors["name"] = _("该身份证号已登记，姓名不一致")
        if project.roster.filter(person=person).exists():
            errors["id_number"] = _("该工人已在本项目实名登记")
    if errors:
        raise ValidationError(errors)
    if person is None:
        person = Person(name=name, region=project.region)
        person.set_id_number(parsed.number)
        person.set_phone(phone)
        person.save()
    return RosterEntry.objects.create(
        project=project,
        person=person,
        employer=org,
        badge=badge,
        trade=(trade or "").strip()[:32],
        rate=amount,
        rate_kind=rate_kind,
        bank_account_masked=masked,
        enrolled_on=enrolled_on,
        contract_signed=bool(contract_signed),
    )


@transaction.atomic
def update_entry(user, entry: RosterEntry, **changes) -> RosterEntry:
    """Complete a registration: contract signed, wage card, trade, rate."""
    _require(entry.employer_id in chain_employers(user, entry.project), _("只能修改本单位工人的实名登记"))
    errors: dict[str, Any] = {}
    if "rate" in changes:
        entry.rate = _money(changes["rate"], "rate", errors, positive=True)
    if "rate_kind" in changes:
        if changes["rate_kind"] not in RosterEntry.RateKind.values:
            errors["rate_kind"] = _("请选择计薪方式")
        entry.rate_kind = changes["rate_kind"]
    if "bank_account" in changes:
        entry.bank_account_masked = _clean_bank_account(changes["bank_account"], errors) or entry.bank_account_masked
    if "contract_signed" in changes:
        entry.contract_signed = bool(changes["contract_signed"])
    if "trade" in changes:
        entry.trade = (changes["trade"] or "").strip()[:32]
    if errors:
        raise ValidationError(errors)
    entry.save()
    return entry


@transaction.atomic
def leave(user, entry: RosterEntry, left_on: date) -> RosterEntry:
    """The worker leaves the site (退场)."""
    _require(entry.employer_id in chain_employers(user, entry.project), _("只能登记本单位工人退场"))
    if not isinstance(left_on, date):
        raise ValidationError({"left_on": _("应为日期（YYYY-MM-DD）")})
    if left_on < entry.enrolled_on:
        raise ValidationError({"left_on": _("退场日期早于进场日期")})
    if entry.left_on is not None:
        raise ValidationError({"left_on": _("该工人已于 %(d)s 退场") % {"d": entry.left_on}})
    entry.left_on = left_on
    entry.save(update_fields=["left_on"])
    return entry


# --- rates ----------------------------------------------------------------------------------------------


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class RosterRates:
    enrolled: int = 0
    complete: int = 0
    contract_signed: int = 0
    with_bank_account: int = 0
    attending: int = 0

    @property
    def enrolment_rate(self) -> Decimal | None:
        return percent(self.complete, self.enrolled)

    @property
    def attendance_rate(self) -> Decimal | None:
        return percent(self.attending, self.enrolled)


def roster_rates(project_ids, on: date | None = None) -> dict[int, RosterRates]:
    """{project id: RosterRates} on a day, one grouped query (see the module docstring)."""
    on = on or timezone.localdate()
    since = on - timedelta(days=ATTENDANCE_WINDOW_DAYS - 1)
    attended = Attendance.objects.filter(
        project_id=OuterRef("project_id"), person_id=OuterRef("person_id"), day__gte=since, day__lte=on
    )
    complete = Q(contract_signed=True) & ~Q(bank_account_masked="")
    rows = (
        RosterEntry.objects.filter(project_id__in=list(project_ids), enrolled_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .annotate(attended=Exists(attended))
        .values("project_id")
        .annotate(
            enrolled=Count("pk"),
            complete=Count("pk", filter=complete),
            signed=Count("pk", filter=Q(contract_signed=True)),
            banked=Count("pk", filter=~Q(bank_account_masked="")),
            attending=Count("pk", filter=Q(attended=True)),
        )
        .order_by()
    )
    return {
        r["project_id"]: RosterRates(r["enrolled"], r["complete"], r["signed"], r["banked"], r["attending"])
        for r in rows
    }


def project_rates(project: Project, on: date | None = None) -> RosterRates:
    return roster_rates([project.pk], on).get(project.pk, RosterRates())


# --- roster import ------------------------------------------------------------------------------------


def money_cell(cell: Any) -> Decimal:
    value = as_text(cell).replace(",", "").replace("，", "").removeprefix("¥").removeprefix("￥").removesuffix("元")
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise CellError(
            _("应为金额（元），如 300 或 300.00"), "must be an amount in yuan, e.g. 300 or 300.00"
        ) from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_MONEY:
        raise CellError(_("金额必须大于 0"), "the amount must be greater than 0")
    if amount != amount.quantize(CENT):
        raise CellError(_("金额最多保留两位小数"), "at most two decimal places")
    return amount.quantize(CENT)


RATE_KINDS = {
    "daily": RosterEntry.RateKind.DAILY,
    "按日": RosterEntry.RateKind.DAILY,
    "日": RosterEntry.RateKind.DAILY,
    "day": RosterEntry.RateKind.DAILY,
    "monthly": RosterEntry.RateKind.MONTHLY,
    "按月": RosterEntry.RateKind.MONTHLY,
    "月": RosterEntry.RateKind.MONTHLY,
    "month": RosterEntry.RateKind.MONTHLY,
}


def rate_kind_cell(cell: Any) -> str:
    kind = RATE_KINDS.get(as_text(cell).lower())
    if kind is None:
        raise CellError(_("计薪方式应为“按日”或“按月”"), "the pay basis must be daily (按日) or monthly (按月)")
    return kind.value


def yes_no(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    value = as_text(cell).lower()
    if value in ("是", "已签", "已签订", "y", "yes", "true", "1"):
        return True
    if value in ("否", "未签", "未签订", "n", "no", "false", "0"):
        return False
    raise CellError(_("应填“是”或“否”"), "must be yes (是) or no (否)")


def bank_cell(cell: Any) -> str:
    errors: dict = {}
    masked = _clean_bank_account(as_text(cell), errors)
    if errors:
        raise CellError(_("工资卡号应为 12 到 30 位数字"), "a wage card number has 12 to 30 digits")
    return masked


def uscc_cell(cell: Any) -> str:
    from hexie.core.imports import uscc

    return uscc(cell)


class RosterImporter(Importer):
    """The roster of one project: each row a worker (Person found by ID number or created) and
    their enrolment. A row whose worker is already enrolled with the same data is unchanged; with
    different data it is an error (change it on the project page)."""

    kind = "wages_roster"
    title = gettext_lazy("实名制花名册")
    key = "id_number"
    columns = (
        *PERSON_COLUMNS,
        Column(
            "employer",
            N_("用工单位统一社会信用代码"),
            "employer_uscc",
            uscc_cell,
            required=True,
            example="91370102MA3C0E0C23",
            memo=True,
        ),
        Column("badge", N_("考勤工号"), "badge", text(32), required=True, example="B0001"),
        Column("trade", N_("工种"), "trade", text(32), example="钢筋工", memo=True),
        Column("rate", N_("约定工资（元）"), "rate", money_cell, required=True, example="300", default=None),
        Column("rate_kind", N_("计薪方式"), "rate_kind", rate_kind_cell, example="按日", default="daily", memo=True),
        Column("bank_account", N_("工资卡号"), "bank_account", bank_cell, example="6222020200112233445"),
        Column(
            "enrolled_on",
            N_("进场日期"),
            "enrolled_on",
            a_date,
            required=True,
            example=date(2026, 3, 1),
            default=None,
            memo=True,
        ),
        Column(
            "contract_signed", N_("已签劳动合同"), "contract_signed", yes_no, example="是", default=False, memo=True
        ),
        Column("left_on", N_("退场日期"), "left_on", a_date, default=None, memo=True),
    )
    COMPARED = (
        "employer_id",
        "badge",
        "trade",
        "rate",
        "rate_kind",
        "bank_account_masked",
        "enrolled_on",
        "contract_signed",
        "left_on",
    )

    def __init__(self, user, *, project_id: int | None = None):
        super().__init__(user)
        self.project = visible_projects(user).filter(pk=project_id).first()
        if self.project is None:
            raise PermissionDenied(_("项目不存在或不在您的管理范围内"))
        self.allowed = chain_employers(user, self.project)
        if not self.allowed:
            raise PermissionDenied(_("只有人社部门或项目分包链中的单位可以导入花名册"))

    def key_of(self, row: Row):
        parsed = row.values.get("id_number")
        return parsed.number if parsed else None

    def mark_duplicates(self, rows: list[Row]) -> None:
        super().mark_duplicates(rows)
        first: dict[str, int] = {}
        column = self.column("badge")
        for row in rows:
            badge = row.values.get("badge")
            if not badge:
                continue
            if badge in first:
                row.fail(
                    column, _("考勤工号与第 %(n)d 行重复") % {"n": first[badge]}, f"badge duplicates row {first[badge]}"
                )
            else:
                first[badge] = row.number

    def check(self, rows: list[Row]) -> None:
        col = self.column
        hash_of = crypto.cipher().lookup_hash
        project = self.project
        for row in rows:
            parsed = row.values["id_number"]
            row.values["id_hash"] = hash_of(parsed.number) if parsed else None
        chain_ids = {project.general_contractor_id, *project.subcontracts.values_list("subcontractor_id", flat=True)}
        employers: dict[str, int] = {}
        codes = {r.values["employer"] for r in rows if r.values["employer"]}
        for queryset in matching(Organization.objects.all(), "uscc", codes):
            employers.update(queryset.values_list("uscc", "pk"))
        people: dict[str, Person] = {}
        for queryset in matching(
            Person.objects.all(), "id_hash", [r.values["id_hash"] for r in rows if r.values["id_hash"]]
        ):
            people.update((p.id_hash, p) for p in queryset)
        entries = {e.person_id: e for e in project.roster.all()}
        badges = {e.badge: e.person_id for e in entries.values()}
        for row in rows:
            v = row.values
            org_id = employers.get(v["employer"]) if v["employer"] else None
            if v["employer"] and org_id is None:
                row.fail(col("employer"), _("未找到该统一社会信用代码的单位"), "no organization has this code")
            elif org_id is not None and org_id not in chain_ids:
                row.fail(
                    col("employer"), _("用工单位须为本项目分包链中的单位"), "the employer is not in the project's chain"
                )
            elif org_id is not None and org_id not in self.allowed:
                row.fail(col("employer"), _("只能登记本单位的工人"), "you may enroll only your own workers")
            v["employer_id"] = org_id
            if v["enrolled_on"] and v["left_on"] and v["left_on"] < v["enrolled_on"]:
                row.fail(col("left_on"), _("退场日期早于进场日期"), "the leaving date is before the start")
            v["bank_account_masked"] = v["bank_account"]
            person = people.get(v["id_hash"]) if v["id_hash"] else None
            if person is not None:
                v["person"] = person
                if v["name"] and v["name"] != person.name:
                    row.fail(
                        col("name"),
                        _("该身份证号已登记，姓名不一致"),
                        "this ID number is registered under another name",
                    )
            holder = badges.get(v["badge"]) if v["badge"] else None
            if holder is not None and (person is None or holder != person.pk):
                row.fail(
                    col("badge"), _("该考勤工号已被本项目其他工人使用"), "another worker on the project has this badge"
                )
            if row.errors or person is None:
                continue
            known = entries.get(person.pk)
            if known is not None:
                if all(getattr(known, name) == v[name] for name in self.COMPARED):
                    row.unchanged = True
                else:
                    row.fail(
                        col("id_number"),
                        _("该工人已在本项目实名登记，但登记内容与文件不一致，请在项目页面修改"),
                        "this worker is enrolled on the project with other data; change it on the project page",
                    )

    def write(self, rows: list[Row]) -> None:
        todo = [r for r in rows if not r.unchanged]
        created_people = 0
        new_people = []
        for row in todo:
            v = row.values
            if "person" not in v:
                person = Person(name=v["name"], region=self.project.region)
                person.set_id_number(v["id_number"].number)
                person.set_phone(v["phone"] or "")
                new_people.append(person)
                v["person"] = person
        if new_people:
            Person.objects.bulk_create(new_people)
            created_people = len(new_people)
        RosterEntry.objects.bulk_create(
            [
                RosterEntry(
                    project=self.project,
                    person=r.values["person"],
                    **{name: r.values[name] for name in self.COMPARED},
                )
                for r in todo
            ]
        )
        self.stats = {"created": len(todo), "people_created": created_people, "unchanged": len(rows) - len(todo)}

    def summary(self) -> str:
        return (
            _("导入完成：新增实名登记 %(created)d 人（新建人员 %(people_created)d 人），未变 %(unchanged)d 人")
            % self.stats
        )


@job_handler(ROSTER_JOB)
def import_roster(ctx: JobContext) -> dict:
    """A project's roster from .xlsx or .csv, all or nothing (params: attachment, project)."""
    from functools import partial

    from hexie.core.imports import run_import

    return run_import(partial(RosterImporter, project_id=ctx.params["project"]), ctx)


def start_roster_import(user, project: Project, upload) -> Job:
    """Save the uploaded file and start the import job; the file's type is checked first."""
    if not chain_employers(user, project):
        raise PermissionDenied(_("只有人社部门或项目分包链中的单位可以导入花名册"))
    try:
        attachment = (
            upload
            if isinstance(upload, Attachment)
            else save_upload(upload, user=user, organization=project.general_contractor, allowed=IMPORT_TYPES)
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    return start_job(ROSTER_JOB, {"attachment": attachment.pk, "project": project.pk}, user=user)


def roster_jobs(user, project: Project) -> QuerySet:
    return scoped(Job.objects.filter(kind=ROSTER_JOB, params__project=project.pk), user).order_by("-pk")


def roster_template() -> bytes:
    return template_workbook(RosterImporter)
