"""The lifecycle of a contract in force: change (变更), renewal (续订), the expiry reminder and the
end (终止 or 解除) with its reason, severance (经济补偿) and termination certificate (LCL-50).

Each public function is one user action in one transaction: it checks who may act, writes the
change and a timeline entry. A change or a renewal is a new draft that `supersedes` the contract;
it then goes through issue and signing like any other contract, and when it is sealed the old one
becomes SUPERSEDED (the signing part does that move).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core import crypto
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import TimelineEntry
from hexie.core.scoping import roles_on
from hexie.core.senders import sms_sender

from .. import rules
from ..models import ENTERPRISE_ROLES, Kind, LaborContract, Termination, TermKind
from .drafting import DRAFT_FIELDS

Status = LaborContract.Status
CENT = Decimal("0.01")
REMIND_DAYS = 30  # issue 4: expiry reminders 30 days ahead
LCL_IN_FORCE = rules.LCL_IN_FORCE


@dataclass(frozen=True)
class Reason:
    """One ground for ending a contract, with its article and whether severance is owed (LCL-46).

    `before_2008`: whether service before 2008-01-01 also counts for severance (LCL-97 para. 3: when
    the rules then in force made the employer pay on this ground — its own dissolution by
    agreement, for incapacity or a changed situation, or a layoff; an expiring fixed term paid
    nothing). `notice`: the employer owes 30 days' written notice or one month's pay (LCL-40)."""

    code: str
    kind: str  # "terminate" (终止, LCL-44) or "dissolve" (解除, LCL-36..41)
    article: str
    label: str
    severance: bool
    before_2008: bool = False
    notice: bool = False


REASONS: dict[str, Reason] = {
    r.code: r
    for r in (
        Reason(
            "LCL-36-employer",
            "dissolve",
            "劳动合同法第三十六条、第四十六条第二项",
            gettext_lazy("用人单位提出，双方协商一致解除"),
            True,
            True,
        ),
        Reason(
            "LCL-36-worker", "dissolve", "劳动合同法第三十六条", gettext_lazy("劳动者提出，双方协商一致解除"), False
        ),
        Reason("LCL-37", "dissolve", "劳动合同法第三十七条", gettext_lazy("劳动者提前三十日书面通知解除"), False),
        Reason(
            "LCL-38",
            "dissolve",
            "劳动合同法第三十八条、第四十六条第一项",
            gettext_lazy("用人单位未及时足额支付劳动报酬、未缴纳社会保险等，劳动者解除"),
            True,
            True,
        ),
        Reason(
            "LCL-39",
            "dissolve",
            "劳动合同法第三十九条",
            gettext_lazy("劳动者严重违纪、试用期不符合录用条件等，用人单位解除"),
            False,
        ),
        Reason(
            "LCL-40-1",
            "dissolve",
            "劳动合同法第四十条第一项、第四十六条第三项",
            gettext_lazy("劳动者患病或非因工负伤，医疗期满后不能从事原工作也不能从事另行安排的工作"),
            True,
            True,
            True,
        ),
        Reason(
            "LCL-40-2",
            "dissolve",
            "劳动合同法第四十条第二项、第四十六条第三项",
            gettext_lazy("劳动者不能胜任工作，经过培训或者调整工作岗位仍不能胜任"),
            True,
            True,
            True,
        ),
        Reason(
            "LCL-40-3",
            "dissolve",
            "劳动合同法第四十条第三项、第四十六条第三项",
            gettext_lazy("客观情况发生重大变化致使劳动合同无法履行，经协商未能就变更达成协议"),
            True,
            True,
            True,
        ),
        Reason(
            "LCL-41",
            "dissolve",
            "劳动合同法第四十一条、第四十六条第四项",
            gettext_lazy("经济性裁员"),
            True,
            True,
        ),
        Reason(
            "LCL-44-1",
            "terminate",
            "劳动合同法第四十四条第一项、第四十六条第五项",
            gettext_lazy("劳动合同期满（用人单位不续订或降低条件续订）"),
            True,
        ),
        Reason(
            "LCL-44-1-refused",
            "terminate",
            "劳动合同法第四十四条第一项、第四十六条第五项",
            gettext_lazy("劳动合同期满，用人单位维持或提高条件续订而劳动者不同意"),
            False,
        ),
        Reason(
            "LCL-44-2",
            "terminate",
            "劳动合同法第四十四条第二项",
            gettext_lazy("劳动者开始依法享受基本养老保险待遇"),
            False,
        ),
        Reason(
            "LCL-44-3",
            "terminate",
            "劳动合同法第四十四条第三项",
            gettext_lazy("劳动者死亡，或者被人民法院宣告死亡或者宣告失踪"),
            False,
        ),
        Reason(
            "LCL-44-4",
            "terminate",
            "劳动合同法第四十四条第四项、第四十六条第六项",
            gettext_lazy("用人单位被依法宣告破产"),
            True,
        ),
        Reason(
            "LCL-44-5",
            "terminate",
            "劳动合同法第四十四条第五项、第四十六条第六项",
            gettext_lazy("用人单位被吊销营业执照、责令关闭、撤销或者决定提前解散"),
            True,
        ),
    )
}
EXPIRY = REASONS["LCL-44-1"]

# What a change (变更) may alter: a draft's fields but the history a successor derives (probation
# is agreed once, the first day of work and the earlier terms stay); the parties and template stay.
CHANGEABLE = tuple(
    name
    for name in DRAFT_FIELDS
    if name
    not in ("probation_end", "probation_wage", "first_work_day", "previous_fixed_terms", "worker_requested_fixed_term")
)
COPIED = (
    "kind",
    "enterprise",
    "worker",
    "employment",
    "template",
    "first_work_day",
    "previous_fixed_terms",
    "worker_requested_fixed_term",
    *CHANGEABLE,
)
NOT_VALIDATED = ("document", "findings", "supersedes")


def reason_choices(kind: str | None = None) -> list[tuple[str, str]]:
    return [(r.code, f"{r.label}（{r.code}）") for r in REASONS.values() if kind in (None, r.kind)]


def yuan(amount: Decimal) -> str:
    """¥1,234.56 元"""
    return f"¥{amount:,.2f} 元"


def reason_label(code: str) -> str:
    reason = REASONS.get(code)
    return f"{reason.label}（{code}）" if reason else code


def may_manage(user, contract: LaborContract) -> bool:
    """Enterprise HR, legal representatives and admins of the contract's enterprise."""
    return bool(roles_on(user, contract) & ENTERPRISE_ROLES)


def _require_manager(user, contract: LaborContract) -> set[str]:
    roles = roles_on(user, contract)
    if not roles & ENTERPRISE_ROLES:
        raise PermissionDenied(_("只有本单位的人事或法定代表人可以办理劳动合同的变更、续订、终止和解除"))
    return roles


def _timeline(contract: LaborContract, action: str, user, note: str, roles: set[str]) -> None:
    TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LaborContract),
        object_id=str(contract.pk),
        action=action,
        from_status=contract.status,
        to_status=contract.status,
        actor=user,
        actor_role=sorted(roles & ENTERPRISE_ROLES)[0] if roles else "",
        note=note,
    )


def _next_number(contract: LaborContract) -> str:
    """The old number with a version suffix: HT-…-0001 → HT-…-0001-V2, then -V3…"""
    base = contract.number.split("-V")[0]
    version = 2
    while LaborContract.objects.filter(number=f"{base}-V{version}").exists():
        version += 1
    return f"{base}-V{version}"


def _release_abandoned_successor(contract: LaborContract) -> None:
    """A change or renewal may be drafted again after the last one was cancelled or declined;
    while one is in draft or being signed, a second one is refused."""
    successor = LaborContract.objects.filter(supersedes=contract).first()
    if successor is None:
        return
    if successor.status not in (Status.CANCELLED, Status.DECLINED):
        raise ValidationError(
            _("该合同已有变更或续订的新版本 %(number)s（%(status)s），请先办结或作废")
            % {"number": successor.number, "status": successor.get_status_display()}
        )
    successor.supersedes = None
    successor.save(update_fields=["supersedes"])


def _successor(contract: LaborContract, fields: dict, user, *, change_kind: str, note: str, **extra) -> LaborContract:
    unknown = sorted(set(fields) - set(CHANGEABLE))
    if unknown:
        raise ValidationError({name: _("不能在变更或续订中修改此项") for name in unknown})
    values = {name: getattr(contract, name) for name in COPIED}
    values.update(
        number=_next_number(contract),
        supersedes=contract,
        change_kind=change_kind,
        change_note=note,
        created_by=user,
        # LCL-19 para. 2: one probation per employer and worker; a changed or renewed contract has none.
        probation_end=None,
        probation_wage=None,
        **extra,
    )
    new = LaborContract(**values)
    for name, value in fields.items():
        setattr(new, name, value)
    if new.term_kind in (TermKind.OPEN_ENDED, TermKind.TASK):
        new.end = None
    new.full_clean(exclude=NOT_VALIDATED)
    new.save()
    return new


@transaction.atomic
def change_contract(contract: LaborContract, fields: dict, note: str, user) -> LaborContract:
    """变更 (LCL-35): the parties agree in writing to change terms of a contract in force. Makes a
    new DRAFT contract with the changed `fields` that supersedes `contract`; it takes effect when
    both sign it. `note` says what was agreed and why."""
    roles = _require_manager(user, contract)
    contract = LaborContract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != Status.IN_FORCE:
        raise ValidationError(_("只有履行中的劳动合同可以变更"))
    if not (note or "").strip():
        raise ValidationError({"change_note": _("请写明双方协商一致变更的内容和原因（劳动合同法第三十五条）")})
    changed = {name: value for name, value in fields.items() if getattr(contract, name, object()) != value}
    if not changed:
        raise ValidationError(_("没有修改任何约定内容"))
    _release_abandoned_successor(contract)
    new = _successor(contract, changed, user, change_kind="change", note=note.strip())
    text = _("拟定变更后的合同 %(number)s：%(note)s") % {"number": new.number, "note": note}
    _timeline(contract, "change", user, text, roles)
    return new


@transaction.atomic
def renew_contract(contract: LaborContract, fields: dict, user, note: str = "") -> LaborContract:
    """续订: a new DRAFT contract for the next term that supersedes `contract`, starting the day
    after it ends unless `fields` say otherwise. It counts the consecutive fixed terms so far in
    `previous_fixed_terms`, from which the checks show the LCL-14 open-ended entitlement."""
    roles = _require_manager(user, contract)
    contract = LaborContract.objects.select_for_update().get(pk=contract.pk)
    if contract.status not in (Status.IN_FORCE, Status.EXPIRED):
        raise ValidationError(_("只有履行中或期满终止的劳动合同可以续订"))
    if contract.term_kind != TermKind.FIXED or contract.end is None:
        raise ValidationError(_("只有固定期限劳动合同可以续订"))
    _release_abandoned_successor(contract)
    fields = {"start": contract.end + timedelta(days=1), **fields}
    new = _successor(
        contract,
        fields,
        user,
        change_kind="renewal",
        note=note.strip(),
        previous_fixed_terms=contract.previous_fixed_terms + 1,
    )
    _timeline(contract, "renew", user, _("拟定续订合同 %(number)s") % {"number": new.number}, roles)
    return new


# --- severance and the end of a contract ---------------------------------------------------------


def service_start(contract: LaborContract) -> date:
    """The first day of service with this employer (用工之日): the employment's start, else the
    contract's first working day, else its start."""
    if contract.employment_id and contract.employment.start:
        return min(contract.employment.start, contract.start)
    return contract.first_work_day or contract.start


def _shift(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def compute_severance(
    reason: Reason,
    start: date,
    ended_on: date,
    average_wage: Decimal,
    *,
    local_average_wage: Decimal,
    minimum: Decimal,
    unlawful: bool,
) -> tuple[bool, Decimal]:
    """(owed, amount) for a contract ended on `reason` after service `start`..`ended_on`.

    LCL-46 says whether severance is owed; LCL-47 (in `rules.severance`) how much. Unlawful ends
    owe damages of twice that (LCL-87) whatever the reason, counted from the first day of service
    (LCLR-25). Service before 2008-01-01 counts only when the reason paid under the rules then in
    force (LCL-97, `Reason.before_2008`). Counting from before 2008 calls the rule on the same days
    moved forward by a multiple of 28 years (the Gregorian calendar repeats every 28 years between
    1901 and 2099), because `rules.severance` itself counts from 2008-01-01 on."""
    owed = reason.severance or unlawful
    if not owed:
        return False, Decimal("0.00")
    whole_service = unlawful or reason.before_2008
    years = 28 * -(-(LCL_IN_FORCE.year - start.year) // 28) if whole_service and start < LCL_IN_FORCE else 0
    amount = rules.severance(
        _shift(start, years),
        _shift(ended_on, years),
        average_wage,
        local_average_wage=local_average_wage,
        minimum_wage=minimum,
        unlawful=unlawful,
    )
    return True, amount


def _money(value, field: str, errors: dict, *, positive: bool = False) -> Decimal | None:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = _("请输入金额")
        return None
    if amount < 0 or (positive and amount == 0):
        errors[field] = _("金额必须大于零") if positive else _("金额不能为负数")
        return None
    return amount


def _certificate_number(contract: LaborContract) -> str:
    return f"ZM-{contract.number}"


def _record_end(
    contract: LaborContract,
    *,
    kind: str,
    reason: Reason,
    ended_on: date,
    average_wage: Decimal,
    local_average_wage: Decimal,
    unlawful: bool,
    note: str,
    user,
    roles: set[str] | None,
) -> Termination:
    from ..termination_pdf import render_termination_certificate

    minimum = minimum_wage(contract.enterprise.region_id, ended_on) or Decimal("0")
    owed, amount = compute_severance(
        reason,
        service_start(contract),
        ended_on,
        average_wage,
        # An unknown local average (0, the system's own expiry) applies no LCL-47 cap.
        local_average_wage=local_average_wage or max(average_wage, minimum),
        minimum=minimum,
        unlawful=unlawful,
    )
    contract.ended_on = ended_on
    action = "expire" if kind == "expire" else kind
    LaborContract.workflow.apply(contract, action, user, note=f"{reason.code} {note}".strip(), roles=roles)
    termination = Termination.objects.create(
        contract=contract,
        kind=kind,
        reason=reason.code,
        article=reason.article,
        ended_on=ended_on,
        average_wage=average_wage,
        local_average_wage=local_average_wage,
        unlawful=unlawful,
        severance_owed=owed,
        severance=amount,
        note=note,
        certificate_number=_certificate_number(contract),
        created_by=user,
    )
    pdf = render_termination_certificate(termination)
    termination.certificate.save(f"{termination.certificate_number}.pdf", ContentFile(pdf), save=True)
    return termination


@transaction.atomic
def end_contract(
    contract: LaborContract,
    kind: str,
    reason_code: str,
    ended_on: date,
    average_wage: Decimal,
    local_average_wage: Decimal,
    unlawful: bool,
    note: str,
    user,
    notice_given: date | None = None,
) -> Termination:
    """终止 (kind "terminate", LCL-44) or 解除 (kind "dissolve", LCL-36..41) a contract in force on
    `reason_code` (a key of REASONS). Severance is computed by rule (LCL-46, 47, 87, 97) from the
    average monthly wage of the last 12 months and the local average monthly wage (for the LCL-47
    cap); a Termination row with its certificate (LCL-50) records the end, and the worker's
    employment there ends on the same day. On an LCL-40 ground without 30 days' written notice
    (`notice_given`, the day the notice was served) the note records the extra month's pay owed
    (代通知金, at the contract wage). Bad input raises a ValidationError naming the field, and
    nothing is written."""
    roles = _require_manager(user, contract)
    contract = (
        LaborContract.objects.select_for_update(of=("self",))
        .select_related("employment", "enterprise")
        .get(pk=contract.pk)
    )
    errors: dict[str, str] = {}
    if contract.status != Status.IN_FORCE:
        raise ValidationError(_("只有履行中的劳动合同可以终止或解除"))
    if kind not in ("terminate", "dissolve"):
        errors["kind"] = _("请选择终止或解除")
    reason = REASONS.get(reason_code)
    if reason is None:
        errors["reason"] = _("未知的终止或解除原因：%(code)s") % {"code": reason_code}
    elif kind in ("terminate", "dissolve") and reason.kind != kind:
        errors["reason"] = (
            _("该原因适用于劳动合同的终止（第四十四条）")
            if reason.kind == "terminate"
            else _("该原因适用于劳动合同的解除（第三十六条至第四十一条）")
        )
    if not isinstance(ended_on, date):
        errors["ended_on"] = _("请输入终止或解除日期")
    elif ended_on < contract.start:
        errors["ended_on"] = _("终止或解除日期不能早于合同起始日期 %(start)s") % {"start": contract.start}
    if notice_given is not None and isinstance(ended_on, date) and notice_given > ended_on:
        errors["notice_given"] = _("书面通知日期不能晚于解除日期")
    average = _money(average_wage, "average_wage", errors)
    local = _money(local_average_wage, "local_average_wage", errors, positive=True)
    if errors:
        raise ValidationError(errors)
    if Termination.objects.filter(contract=contract).exists():
        raise ValidationError(_("该合同已有终止或解除记录"))
    notes = [(note or "").strip()]
    if reason.notice and rules.notice_findings(notice_given or ended_on, ended_on, by="employer"):
        notes.append(
            _("未提前三十日书面通知，应额外支付一个月工资（代通知金）%(amount)s（劳动合同法第四十条）")
            % {"amount": yuan(contract.wage)}
        )
    termination = _record_end(
        contract,
        kind=kind,
        reason=reason,
        ended_on=ended_on,
        average_wage=average,
        local_average_wage=local,
        unlawful=bool(unlawful),
        note="；".join(n for n in notes if n),
        user=user,
        roles=roles,
    )
    employment = contract.employment
    if employment and employment.start <= ended_on and (employment.end is None or employment.end > ended_on):
        employment.end = ended_on
        employment.save(update_fields=["end"])
    return termination


# --- the daily job: reminders and expiry ---------------------------------------------------------


def expiring(on_date: date, days: int = REMIND_DAYS) -> Q:
    """Contracts in force whose end falls within `days` days from `on_date` (inclusive)."""
    return Q(status=Status.IN_FORCE, end__gte=on_date, end__lte=on_date + timedelta(days=days))


def reminders_due(on_date: date):
    return (
        LaborContract.objects.filter(expiring(on_date), expiry_reminded_on__isnull=True)
        .select_related("worker", "enterprise")
        .order_by("end", "pk")
    )


def expired_by(on_date: date):
    return (
        LaborContract.objects.filter(status=Status.IN_FORCE, end__lt=on_date, term_kind=TermKind.FIXED)
        .select_related("employment", "enterprise", "worker")
        .order_by("end", "pk")
    )


def remind_expiry(on_date: date) -> int:
    """Stamp each contract expiring within 30 days that was not yet reminded, and text its worker
    once the stamps commit (the enterprise sees them on its expiring-contracts list). Run inside
    the caller's transaction; a second run the same day finds nothing to send."""
    contracts = list(reminders_due(on_date))
    texts = []
    for contract in contracts:
        if contract.worker.phone_cipher:
            kind = _("劳动合同") if contract.kind == Kind.LABOR else _("平台劳动者书面协议")
            texts.append(
                (
                    crypto.decrypt(contract.worker.phone_cipher),
                    _(
                        "【和谐劳动】%(name)s，您与%(enterprise)s的%(kind)s（%(number)s）将于%(end)s到期，请留意续订事宜。"
                    )
                    % {
                        "name": contract.worker.name,
                        "enterprise": contract.enterprise.name,
                        "kind": kind,
                        "number": contract.number,
                        "end": contract.end.isoformat(),
                    },
                )
            )
    LaborContract.objects.filter(pk__in=[c.pk for c in contracts]).update(expiry_reminded_on=on_date)

    def send():
        sender = sms_sender()
        for phone, text in texts:
            sender.send(phone, text)

    transaction.on_commit(send)
    return len(contracts)


def expire_contracts(on_date: date) -> int:
    """Move each fixed-term contract still in force after its end to EXPIRED (the system's move,
    LCL-44-1), with a Termination row and certificate. The wage basis is not known to the system:
    the contract wage stands in for the 12-month average and no LCL-47 cap is applied (the local
    average wage is recorded as 0); the note says so, and the enterprise corrects it if needed."""
    count = 0
    for contract in expired_by(on_date):
        _record_end(
            contract,
            kind="expire",
            reason=EXPIRY,
            ended_on=contract.end,
            average_wage=contract.wage,
            local_average_wage=Decimal("0.00"),
            unlawful=False,
            note=_("合同期满，系统自动终止；经济补偿按合同工资估算，以用人单位核定为准"),
            user=None,
            roles=None,
        )
        count += 1
    return count
