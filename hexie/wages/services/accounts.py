"""The wage special account (工资专用账户, WPR-26/27), the construction unit's monthly labor-cost
allocations (人工费用按月拨付, WPR-24) and the wage deposit (工资保证金, WPR-32).

- **Account**: opened by the general contractor (or recorded by the labor office) with the bank,
  the account number (kept masked) and the date; closing (销户) needs the project completed, a
  closing notice posted at least 30 days before (WPR-27) and no open arrears warning.
- **Allocations**: the schedule has one row per month from the start month to the planned end
  month: the contract amount × the labor-cost share spread evenly, the last month taking the
  rounding remainder (so the months add up exactly), unless a month's amount was entered. A
  payment adds to its month's `paid`; the bank reference makes recording it again change nothing.
- **Deposits**: cash (with the bank), a bank guarantee or an insurance/guarantee company's letter
  (with its number and expiry); drawn on to pay arrears (never more than deposited) and returned
  after completion with no arrears open.
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.rules import ERROR, Finding, add_months

from ..models import Allocation, ArrearsWarning, Deposit, Project, SpecialAccount
from ..rules import ACCOUNT_CLOSE_NOTICE_DAYS
from .projects import CENT, _money, _require, mask_account, may_keep, may_manage

OPEN_WARNINGS = (ArrearsWarning.Status.OPEN, ArrearsWarning.Status.HANDLING)
REFERENCE_SEPARATOR = ";"


def _date(value, field: str, errors: dict, *, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            errors[field] = _("必填")
        return None
    if not isinstance(value, date):
        errors[field] = _("应为日期（YYYY-MM-DD）")
        return None
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- the special account (WPR-26/27) -----------------------------------------------------------


def account_close_findings(
    *, completed_on: date | None, notice_on: date | None, on: date, open_warnings: int
) -> list[Finding]:
    """WPR-27: the special account is closed only after completion, a notice posted 30 days
    before, and with no arrears outstanding. No findings: it may be closed on `on`."""
    findings = []
    if completed_on is None:
        findings.append(Finding("WPR-27", ERROR, "工程尚未竣工，工资专用账户不能销户"))
    if notice_on is None:
        findings.append(Finding("WPR-27", ERROR, "尚未发布销户公示"))
    elif on < notice_on + timedelta(days=ACCOUNT_CLOSE_NOTICE_DAYS):
        earliest = notice_on + timedelta(days=ACCOUNT_CLOSE_NOTICE_DAYS)
        findings.append(Finding("WPR-27", ERROR, f"销户公示满30日后方可销户（最早{earliest:%Y-%m-%d}）"))
    if open_warnings:
        findings.append(Finding("WPR-27", ERROR, f"项目尚有{open_warnings}条未解除的欠薪预警，不能销户"))
    return findings


def _open_warnings(project: Project) -> int:
    return project.warnings.filter(status__in=OPEN_WARNINGS).count()


@transaction.atomic
def open_account(user, project: Project, *, bank: str, account_number: str, opened_on: date) -> SpecialAccount:
    _require(may_keep(user, project), _("只有施工总承包单位或人社部门可以登记工资专用账户"))
    errors: dict[str, Any] = {}
    bank = (bank or "").strip()
    if not bank:
        errors["bank"] = _("请填写开户银行")
    elif len(bank) > 64:
        errors["bank"] = _("内容过长，最多 %(n)d 个字") % {"n": 64}
    digits = str(account_number or "").replace(" ", "")
    if not digits.isdigit() or not 8 <= len(digits) <= 30:
        errors["account_number"] = _("账号应为 8 到 30 位数字")
    _date(opened_on, "opened_on", errors)
    if SpecialAccount.objects.filter(project=project).exists():
        errors["bank"] = _("本项目已登记工资专用账户")
    _raise(errors)
    return SpecialAccount.objects.create(
        project=project, bank=bank, account_masked=mask_account(digits), opened_on=opened_on
    )


@transaction.atomic
def give_close_notice(user, account: SpecialAccount, on: date | None = None) -> SpecialAccount:
    """Post the closing notice (销户公示): only after the project's completion."""
    project = account.project
    _require(may_keep(user, project), _("只有施工总承包单位或人社部门可以发布销户公示"))
    on = on or timezone.localdate()
    if project.completed_on is None:
        raise ValidationError({"on": _("工程尚未竣工，不能发布销户公示（WPR-27）")})
    if on < project.completed_on:
        raise ValidationError({"on": _("公示日期早于竣工日期")})
    if account.closed_on:
        raise ValidationError({"on": _("账户已销户")})
    account.close_notice_on = on
    account.save(update_fields=["close_notice_on"])
    return account


@transaction.atomic
def close_account(user, account: SpecialAccount, on: date | None = None) -> SpecialAccount:
    project = account.project
    _require(may_manage(user, project), _("只有人社部门工作人员可以确认工资专用账户销户"))
    on = on or timezone.localdate()
    if account.closed_on:
        raise ValidationError({"on": _("账户已销户")})
    findings = account_close_findings(
        completed_on=project.completed_on,
        notice_on=account.close_notice_on,
        on=on,
        open_warnings=_open_warnings(project),
    )
    if findings:
        raise ValidationError({"on": [f"{f.code} {f.message}" for f in findings]})
    account.closed_on = on
    account.save(update_fields=["closed_on"])
    return account


# --- allocations (WPR-24) --------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def project_months(project: Project) -> list[date]:
    months, month, last = [], month_start(project.starts_on), month_start(project.ends_on)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def scheduled_amounts(project: Project) -> dict[date, Decimal]:
    """The contract's labor cost spread evenly over the project's months; the last month takes
    the remainder so the schedule adds up to the labor cost exactly."""
    months = project_months(project)
    total = (project.contract_amount * project.labor_cost_share).quantize(CENT)
    each = (total / len(months)).quantize(CENT, rounding=ROUND_DOWN)
    amounts = dict.fromkeys(months, each)
    amounts[months[-1]] = total - each * (len(months) - 1)
    return amounts


@transaction.atomic
def build_schedule(user, project: Project) -> int:
    """Create the schedule's missing months (months already there, entered or paid, are kept)."""
    _require(may_keep(user, project), _("只有人社部门或施工总承包单位可以生成拨付计划"))
    have = set(project.allocations.values_list("month", flat=True))
    rows = [
        Allocation(project=project, month=month, scheduled=amount)
        for month, amount in scheduled_amounts(project).items()
        if month not in have
    ]
    Allocation.objects.bulk_create(rows)
    return len(rows)


def _month(value, errors: dict) -> date | None:
    month = _date(value, "month", errors)
    return month_start(month) if month else None


@transaction.atomic
def set_scheduled(user, project: Project, *, month: date, scheduled) -> Allocation:
    """Enter one month's amount due by the contract (instead of the even spread)."""
    _require(may_keep(user, project), _("只有人社部门或施工总承包单位可以修改拨付计划"))
    errors: dict[str, Any] = {}
    month = _month(month, errors)
    amount = _money(scheduled, "scheduled", errors)
    _raise(errors)
    allocation, _created = Allocation.objects.get_or_create(
        project=project, month=month, defaults={"scheduled": amount}
    )
    if allocation.scheduled != amount:
        allocation.scheduled = amount
        allocation.save(update_fields=["scheduled"])
    return allocation


@transaction.atomic
def record_allocation(
    user, project: Project, *, month: date, paid, paid_on: date, bank_reference: str
) -> tuple[Allocation, bool]:
    """The construction unit paid `paid` for `month` into the special account: (allocation,
    recorded). The same bank reference again changes nothing (recorded False)."""
    _require(may_keep(user, project), _("只有人社部门或施工总承包单位可以登记人工费用拨付"))
    errors: dict[str, Any] = {}
    month = _month(month, errors)
    amount = _money(paid, "paid", errors, positive=True)
    _date(paid_on, "paid_on", errors)
    reference = (bank_reference or "").strip()
    if not reference:
        errors["bank_reference"] = _("请填写银行流水号")
    elif REFERENCE_SEPARATOR in reference or len(reference) > 64:
        errors["bank_reference"] = _("银行流水号格式不正确")
    if month and paid_on and paid_on < project.starts_on - timedelta(days=31):
        errors["paid_on"] = _("拨付日期早于项目开工日期")
    _raise(errors)
    for other in project.allocations.exclude(bank_reference=""):
        if reference in other.bank_reference.split(REFERENCE_SEPARATOR):
            if other.month != month:
                raise ValidationError(
                    {"bank_reference": _("该流水号已登记为 %(m)s 的拨付") % {"m": f"{other.month:%Y-%m}"}}
                )
            return other, False
    allocation = Allocation.objects.select_for_update().filter(project=project, month=month).first()
    if allocation is None:
        scheduled = scheduled_amounts(project).get(month, Decimal("0.00"))
        allocation = Allocation(project=project, month=month, scheduled=scheduled)
    references = [r for r in allocation.bank_reference.split(REFERENCE_SEPARATOR) if r] + [reference]
    joined = REFERENCE_SEPARATOR.join(references)
    if len(joined) > 64:
        raise ValidationError({"bank_reference": _("该月拨付笔数过多，请合并登记")})
    allocation.paid = (allocation.paid or Decimal("0")) + amount
    allocation.paid_on = max(filter(None, [allocation.paid_on, paid_on]))
    allocation.bank_reference = joined
    allocation.save()
    return allocation, True


def allocation_table(project: Project, on: date | None = None) -> list[dict]:
    """The schedule beside what was paid, month by month, with what is owed for months due."""
    on = on or timezone.localdate()
    rows = []
    for a in project.allocations.order_by("month"):
        due = a.month <= month_start(on)
        rows.append(
            {
                "allocation": a,
                "month": a.month,
                "scheduled": a.scheduled,
                "paid": a.paid,
                "short": max(a.scheduled - a.paid, Decimal("0.00")) if due else Decimal("0.00"),
                "due": due,
            }
        )
    return rows


# --- deposits (WPR-32) ------------------------------------------------------------------------------


@transaction.atomic
def record_deposit(
    user,
    project: Project,
    *,
    form: str,
    amount,
    deposited_on: date,
    bank: str = "",
    guarantee_number: str = "",
    expires_on: date | None = None,
) -> Deposit:
    _require(may_keep(user, project), _("只有施工总承包单位或人社部门可以登记工资保证金"))
    errors: dict[str, Any] = {}
    if form not in Deposit.Form.values:
        errors["form"] = _("请选择存储形式")
    value = _money(amount, "amount", errors, positive=True)
    _date(deposited_on, "deposited_on", errors)
    expires = _date(expires_on, "expires_on", errors, required=False)
    bank = (bank or "").strip()[:64]
    number = (guarantee_number or "").strip()[:64]
    if form == Deposit.Form.CASH and not bank:
        errors["bank"] = _("现金存储须填写存储银行")
    if form in (Deposit.Form.BANK_GUARANTEE, Deposit.Form.INSURANCE):
        if not number:
            errors["guarantee_number"] = _("保函须填写保函编号")
        if not bank:
            errors["bank"] = _("请填写出具保函的银行或担保机构")
        if expires is None and "expires_on" not in errors:
            errors["expires_on"] = _("保函须填写到期日期")
        elif expires and deposited_on and isinstance(deposited_on, date) and expires <= deposited_on:
            errors["expires_on"] = _("到期日期应晚于存储日期")
        elif number and project.deposits.filter(guarantee_number=number).exists():
            errors["guarantee_number"] = _("该保函已登记")
    _raise(errors)
    return Deposit.objects.create(
        project=project,
        form=form,
        amount=value,
        bank=bank,
        guarantee_number=number,
        deposited_on=deposited_on,
        expires_on=expires if form != Deposit.Form.CASH else expires,
    )


@transaction.atomic
def use_deposit(user, deposit: Deposit, amount) -> Deposit:
    """Draw on the deposit to pay arrears (the labor office decides): never more than it holds."""
    deposit = Deposit.objects.select_for_update().select_related("project").get(pk=deposit.pk)
    _require(may_manage(user, deposit.project), _("只有人社部门工作人员可以动用工资保证金"))
    errors: dict[str, Any] = {}
    value = _money(amount, "amount", errors, positive=True)
    _raise(errors)
    if deposit.returned_on:
        raise ValidationError({"amount": _("保证金已退还，不能动用")})
    if deposit.used + value > deposit.amount:
        raise ValidationError(
            {"amount": _("动用金额超过保证金余额（余额 %(left)s 元）") % {"left": deposit.amount - deposit.used}}
        )
    deposit.used += value
    deposit.save(update_fields=["used"])
    return deposit


@transaction.atomic
def return_deposit(user, deposit: Deposit, returned_on: date | None = None) -> Deposit:
    """Return the deposit after completion with no arrears open (WPR-32)."""
    deposit = Deposit.objects.select_for_update().select_related("project").get(pk=deposit.pk)
    project = deposit.project
    _require(may_manage(user, project), _("只有人社部门工作人员可以退还工资保证金"))
    on = returned_on or timezone.localdate()
    if deposit.returned_on:
        raise ValidationError({"returned_on": _("保证金已退还")})
    if project.completed_on is None:
        raise ValidationError({"returned_on": _("工程竣工后方可退还工资保证金")})
    if on < project.completed_on:
        raise ValidationError({"returned_on": _("退还日期早于竣工日期")})
    if _open_warnings(project):
        raise ValidationError({"returned_on": _("项目尚有未解除的欠薪预警，不能退还保证金")})
    deposit.returned_on = on
    deposit.save(update_fields=["returned_on"])
    return deposit


def deposit_balance(project: Project) -> Decimal:
    """What the project's deposits still hold (not returned, less what was drawn)."""
    total = Decimal("0.00")
    for d in project.deposits.filter(returned_on__isnull=True):
        total += d.amount - d.used
    return total
