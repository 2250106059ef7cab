"""Workers' wage complaints (欠薪投诉) and their handling by labor inspection: a complaint from a
phone, anonymous to the employer, is investigated; the employer is ordered to pay within a period
(责令限期支付); the payment is recorded; the case is closed. An ignored order is what BL-5 needs to
propose the employer for the blacklist (services/listings.py).

The employer never sees a complaint (Complaint's scope has no organization path) and the order
names the amount and the number of workers, never the worker.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Organization
from hexie.core.numbering import take_numbers
from hexie.core.scoping import scoped

from ..models import Complaint, Project, RosterEntry, WageNumberSequence
from ..rules import yuan


def _amount(value, field: str, errors: dict, *, positive: bool = False) -> Decimal | None:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        errors[field] = ValidationError(_("金额应为数字"), code="invalid_amount")
        return None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        errors[field] = ValidationError(_("金额应大于零") if positive else _("金额不能为负数"), code="invalid_amount")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors[field] = ValidationError(_("金额最多两位小数"), code="invalid_amount")
        return None
    return yuan(amount)


def complaint_number(region_code: str, year: int) -> str:
    prefix = f"TS-{region_code[:6]}-{year}-"
    (n,) = take_numbers(WageNumberSequence, prefix)
    return f"{prefix}{n:06d}"


def employers_of(person) -> list[Organization]:
    """The employers a worker may complain about: those of the projects they are enrolled on, and
    the projects' general contractors (who answer for the subcontractors' arrears, WPR-30)."""
    entries = RosterEntry.objects.filter(person=person).select_related("employer", "project__general_contractor")
    found: dict[int, Organization] = {}
    for entry in entries:
        found.setdefault(entry.employer_id, entry.employer)
        found.setdefault(entry.project.general_contractor_id, entry.project.general_contractor)
    return list(found.values())


def file_complaint(user, data: dict) -> Complaint:
    """A worker's own complaint. `data`: project (id, optional), employer (id, required: one of
    `employers_of`), facts, amount, months, workers. Nothing is written unless all of it is valid."""
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied(_("只有劳动者本人可以投诉"))
    errors: dict = {}
    employers = {org.pk: org for org in employers_of(person)}
    employer = employers.get(_int(data.get("employer")))
    if employer is None:
        errors["employer"] = ValidationError(_("请选择您所在项目的用工单位或总承包单位"), code="unknown_employer")
    project = None
    if data.get("project"):
        project = Project.objects.filter(pk=_int(data.get("project")), roster__person=person).first()
        if project is None:
            errors["project"] = ValidationError(_("您不在该项目的实名登记名册中"), code="unknown_project")
    facts = (data.get("facts") or "").strip()
    if len(facts) < 10:
        errors["facts"] = ValidationError(_("请说明拖欠工资的情况（至少10个字）"), code="facts_too_short")
    amount = _amount(data.get("amount", ""), "amount", errors, positive=True)
    months, workers = _int(data.get("months")) or 0, _int(data.get("workers")) or 0
    if not 1 <= months <= 120:
        errors["months"] = ValidationError(_("拖欠月数应在1至120之间"), code="invalid_months")
    if not 1 <= workers <= 10000:
        errors["workers"] = ValidationError(_("涉及人数应在1至10000之间"), code="invalid_workers")
    if errors:
        raise ValidationError(errors)
    region = project.region if project else employer.region
    with transaction.atomic():
        return Complaint.objects.create(
            number=complaint_number(region.code, timezone.localdate().year),
            person=person,
            project=project,
            employer=employer,
            region=region,
            facts=facts,
            amount=amount,
            months=months,
            workers=workers,
            filed_at=timezone.now(),
        )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def visible_complaints(user):
    return scoped(Complaint.objects.select_related("employer", "project", "region", "person"), user)


def investigate(complaint: Complaint, user, note: str = "") -> Complaint:
    with transaction.atomic():
        complaint.handler = user
        Complaint.workflow.apply(complaint, "investigate", user, note=note)
    return complaint


def dismiss(complaint: Complaint, user, reason: str) -> Complaint:
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("请填写不予立案的理由"), code="reason_required")})
    with transaction.atomic():
        complaint.closed_on = timezone.localdate()
        Complaint.workflow.apply(complaint, "dismiss", user, note=reason)
    return complaint


def order_payment(complaint: Complaint, user, deadline: date, note: str = "") -> Complaint:
    """责令限期支付: the employer must pay by `deadline` (a day after today)."""
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": ValidationError(_("支付期限应晚于今天"), code="deadline_past")})
    with transaction.atomic():
        complaint.order_deadline = deadline
        Complaint.workflow.apply(complaint, "order", user, note=note)
    return complaint


def record_payment(complaint: Complaint, user, amount, paid_on: date) -> Complaint:
    """Money recovered for the workers. Paying in full moves the case to PAID; a part payment is
    added and the case stays where it is."""
    errors: dict = {}
    value = _amount(amount, "amount", errors, positive=True)
    if paid_on > timezone.localdate():
        errors["paid_on"] = ValidationError(_("支付日期不能晚于今天"), code="future_date")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        complaint.paid_amount = yuan(complaint.paid_amount + value)
        complaint.paid_on = paid_on
        if complaint.paid_amount >= complaint.amount:
            Complaint.workflow.apply(
                complaint, "record_payment", user, note=_("已支付%(amount)s元") % {"amount": value}
            )
        else:
            complaint.save(update_fields=["paid_amount", "paid_on"])
    return complaint


def close(complaint: Complaint, user, note: str = "") -> Complaint:
    with transaction.atomic():
        complaint.closed_on = timezone.localdate()
        Complaint.workflow.apply(complaint, "close", user, note=note)
    return complaint


def order_ignored(complaint: Complaint, today: date | None = None) -> bool:
    """The order's deadline passed without full payment (BL-5's precondition)."""
    today = today or timezone.localdate()
    return (
        complaint.status == Complaint.Status.ORDERED
        and complaint.order_deadline is not None
        and complaint.order_deadline < today
        and complaint.paid_amount < complaint.amount
    )
