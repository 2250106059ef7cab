"""The enterprise's internal complaint (企业内部申诉) and mediation (调解, LDMAL-10..16).

Internal complaint: the worker asks the enterprise first (`routing.start_internal`, its own
15-day clock). The enterprise's HR or legal representative answers (`reply_internal`); the worker
accepts the answer (`resolve_internal`) or takes the case to external mediation (`escalate`). The
reply is kept on the case itself (`internal_reply`, `internal_replied_at`) with a timeline entry
written the way `hexie.core.workflow` writes one, and NOT as a MediationAttempt: the complaint is
the enterprise answering for itself, not mediation by a third party, so it must neither count in
the mediation success rate nor start the LDMAL-14 clock. A complaint left unanswered past its
deadline goes to the county's regional committee by the daily clock (`escalate_lapsed_internal`).

Mediation: each organization's turn at a case is a MediationAttempt. `handover` ends the current
attempt as HANDED_OVER and opens the next one; the history stays. An agreement (`record_agreement`)
is issued as a 调解协议书 PDF and served on the parties; a failure (`record_failure`) closes the
mediation. LDMAL-14 lets a party apply for arbitration once fifteen days have passed without an
agreement: the clock does not end mediation by itself (`lapsed_mediations` lists the cases for an
alarm) and a party applies with `apply_after_lapse`.

Every action checks who may act, runs in one transaction and changes nothing when refused.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.models import Membership, Organization, Region

from .. import pdf
from ..models import ENTERPRISE, CaseDocument, Channel, DisputeCase, MediationAttempt
from . import display_name, record, routing
from .documents import issue_document, serve

Status = DisputeCase.Status
CENT = Decimal("0.01")
ENTERPRISE_ROLES = ENTERPRISE  # HR, legal representative or admin of the enterprise itself
MEDIATOR_ROLES = frozenset({"mediator", "coordinator", "admin"})
COURT_ROLES = frozenset({"court_liaison", "admin"})
# Labels of the timeline entries this module writes for acts that change no status (the workflow's
# transitions carry their own labels).
TIMELINE_LABELS = {
    "reply_internal": gettext_lazy("用人单位答复内部申诉"),
    "assign_mediator": gettext_lazy("指派调解员"),
    "request_confirmation": gettext_lazy("申请司法确认"),
    "record_confirmation": gettext_lazy("登记司法确认结果"),
}
CONFIRMATION_DAYS = 30  # 民事诉讼法第二百零五条: apply within 30 days of the agreement taking effect


# --- who may act ---------------------------------------------------------------------------------


def _member(user, organization_id: int | None, roles) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or organization_id is None:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, organization_id=organization_id, role__in=roles).exists()


def is_enterprise_user(user, case: DisputeCase) -> bool:
    """HR, legal representative or admin of the case's own enterprise."""
    return _member(user, case.enterprise_id, ENTERPRISE_ROLES)


def is_worker(user, case: DisputeCase) -> bool:
    """The worker of the case; in a collective case also an elected representative (LDMAL-7: the
    workers act through their representatives)."""
    person_id = getattr(getattr(user, "person", None), "pk", None) if user is not None else None
    if not person_id:
        return False
    if case.worker_id == person_id:
        return True
    parties = case.parties.filter(person_id=person_id)
    if case.kind == DisputeCase.Kind.COLLECTIVE:
        parties = parties.filter(representative=True)
    return parties.exists()


def is_mediator(user, organization_id: int | None) -> bool:
    """A mediator or coordinator of the organization holding the mediation."""
    return _member(user, organization_id, MEDIATOR_ROLES)


def current_attempt(case: DisputeCase) -> MediationAttempt | None:
    """The organization's turn now running on `case`, if any."""
    return case.mediations.filter(outcome=MediationAttempt.Outcome.PENDING).order_by("-started_at", "-id").first()


def _require_status(case: DisputeCase, status: str, message: str) -> None:
    if case.status != status:
        raise ValidationError(message, code="status")


def _require_mediator(user, attempt: MediationAttempt | None) -> None:
    if attempt is None or not is_mediator(user, attempt.organization_id):
        raise PermissionDenied(_("只有承办本案调解组织的调解员可以办理"))


def _text(value: str, field: str, message: str, max_length: int = 4000) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    if len(value) > max_length:
        raise ValidationError({field: _("内容不能超过%(n)s字") % {"n": max_length}}, code="max_length")
    return value


# --- the enterprise's internal complaint (企业内部申诉) -----------------------------------------


def reply_internal(case: DisputeCase, user, text: str) -> DisputeCase:
    """The enterprise answers the worker's internal complaint; a later answer replaces the earlier
    one on the case (each stays in the timeline)."""
    if not is_enterprise_user(user, case):
        raise PermissionDenied(_("只有本案用人单位的人事或法定代表人可以答复内部申诉"))
    _require_status(case, Status.INTERNAL, _("案件不在企业内部申诉阶段，不能答复"))
    text = _text(text, "text", _("请填写答复内容"))
    with transaction.atomic():
        case.internal_reply = text
        case.internal_replied_at = timezone.now()
        case.save(update_fields=["internal_reply", "internal_replied_at"])
        record(case, "reply_internal", user, "hr", text)
    return case


def resolve_internal(case: DisputeCase, user, note: str = "") -> DisputeCase:
    """The worker accepts the enterprise's answer: the complaint is resolved (结案)."""
    if not is_worker(user, case):
        raise PermissionDenied(_("只有申诉的劳动者可以确认内部申诉已解决"))
    _require_status(case, Status.INTERNAL, _("案件不在企业内部申诉阶段"))
    with transaction.atomic():
        case.outcome = DisputeCase.Outcome.INTERNAL_RESOLVED
        case.closed_on = timezone.localdate()
        DisputeCase.workflow.apply(case, "resolve_internal", user, note=note.strip())
    return case


def escalate(case: DisputeCase, user, organization: Organization, channel: str, note: str = "") -> MediationAttempt:
    """The worker is not satisfied: the case goes to external mediation (LDMAL-10); the LDMAL-14
    clock starts now."""
    if not is_worker(user, case):
        raise PermissionDenied(_("只有申诉的劳动者可以申请外部调解"))
    _require_status(case, Status.INTERNAL, _("案件不在企业内部申诉阶段"))
    return routing.start_mediation(case, user, organization=organization, channel=channel, note=note.strip())


def regional_committee(region: Region) -> Organization | None:
    """The county's own mediation committee (not an enterprise's), else the city's."""
    county = region.code[:6]
    for code in (county, county[:4] + "00"):
        found = (
            Organization.objects.filter(kind=Organization.Kind.MEDIATION_COMMITTEE, region_id=code, parent__isnull=True)
            .order_by("pk")
            .first()
        )
        if found:
            return found
    return None


def escalate_lapsed_internal(today: date) -> int:
    """The daily clock: internal complaints whose deadline has passed (the day after the last day)
    go to mediation at the county's regional committee as the system (LDMAL-14 starts then), so
    an unanswered complaint never stalls. Returns how many moved; a county with no committee
    leaves its cases where they are."""
    moved = 0
    lapsed = DisputeCase.objects.filter(status=Status.INTERNAL, internal_deadline__lt=today).select_related("region")
    for case in lapsed:
        committee = regional_committee(case.region)
        if committee is None:
            continue
        routing.start_mediation(
            case,
            None,
            organization=committee,
            channel=Channel.REGIONAL,
            note=_("企业内部申诉逾期未解决，自动转入调解"),
        )
        moved += 1
    return moved


# --- routing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediationOption:
    """An organization a case may be routed to, with the channel it mediates through."""

    organization: Organization
    channel: str

    @property
    def label(self) -> str:
        return f"{self.organization.name}（{Channel(self.channel).label}）"


def _channel_of(organization: Organization, enterprise_id: int) -> str:
    if organization.kind == Organization.Kind.SERVICE_STATION:
        return Channel.STATION
    if organization.kind == Organization.Kind.TOWNSHIP_OFFICE:
        return Channel.COORDINATOR
    if organization.parent_id == enterprise_id:
        return Channel.ENTERPRISE
    if len(organization.region_id) == 9:
        return Channel.TOWNSHIP
    if organization.industry:
        return Channel.INDUSTRY
    return Channel.REGIONAL


def mediation_options(case: DisputeCase) -> list[MediationOption]:
    """Where `case` may be mediated: the enterprise's own committee, the township and street
    stations and committees of the case's county, the county's and the city's industry and
    regional committees, and the labor-relations coordinators of the county's townships (劳动关系
    协调员). Another enterprise's own committee is never an option."""
    county = case.region_id[:6]
    organizations = (
        routing.mediation_organizations(case.region, case.enterprise_id)
        | Organization.objects.filter(kind=Organization.Kind.MEDIATION_COMMITTEE, parent_id=case.enterprise_id)
        | Organization.objects.filter(kind=Organization.Kind.TOWNSHIP_OFFICE, region__code__startswith=county)
    )
    organizations = organizations.exclude(
        Q(parent__kind=Organization.Kind.ENTERPRISE) & ~Q(parent_id=case.enterprise_id)
    ).select_related("parent")
    options = [MediationOption(o, _channel_of(o, case.enterprise_id)) for o in organizations.distinct()]
    order = {c: i for i, c in enumerate(Channel.values)}
    return sorted(options, key=lambda o: (order[o.channel], o.organization.region_id, o.organization.name))


def check_route(case: DisputeCase, organization: Organization | None, channel: str) -> None:
    """A field error unless `organization` is one of `case`'s mediation options and `channel` a
    channel it may mediate through (a township office only through its coordinators)."""
    if organization is None:
        raise ValidationError({"organization": _("请选择调解组织")}, code="required")
    if channel not in Channel.values:
        raise ValidationError({"channel": _("调解渠道无效")}, code="invalid_channel")
    if organization.kind not in (*routing.MEDIATION_KINDS, Organization.Kind.TOWNSHIP_OFFICE):
        raise ValidationError({"organization": _("所选组织不是调解组织")}, code="not_mediation")
    if organization.pk not in {o.organization.pk for o in mediation_options(case)}:
        raise ValidationError(
            {"organization": _("所选调解组织不在本案管辖范围内（本单位、本县区及所属乡镇街道、本市）")},
            code="out_of_area",
        )
    if organization.kind == Organization.Kind.TOWNSHIP_OFFICE and channel != Channel.COORDINATOR:
        raise ValidationError({"channel": _("乡镇（街道）只能通过劳动关系协调员调解")}, code="invalid_channel")


# --- mediation -----------------------------------------------------------------------------------


def assign_mediator(attempt: MediationAttempt, mediator_user, user) -> MediationAttempt:
    """The organization holding the mediation names its mediator (a mediator or coordinator of that
    organization)."""
    _require_mediator(user, attempt)
    if attempt.outcome != MediationAttempt.Outcome.PENDING or attempt.case.status != Status.MEDIATING:
        raise ValidationError(_("该调解已结束，不能指派调解员"), code="status")
    if (
        mediator_user is None
        or not Membership.objects.filter(
            user=mediator_user, organization_id=attempt.organization_id, role__in=("mediator", "coordinator")
        ).exists()
    ):
        raise ValidationError({"mediator": _("调解员须为承办调解组织的调解员或劳动关系协调员")}, code="not_member")
    with transaction.atomic():
        attempt.mediator = mediator_user
        attempt.save(update_fields=["mediator"])
        record(
            attempt.case,
            "assign_mediator",
            user,
            "mediator",
            _("指派调解员：%(name)s") % {"name": display_name(mediator_user)},
        )
    return attempt


def handover(case: DisputeCase, user, *, organization: Organization, channel: str, note: str = "") -> MediationAttempt:
    """Hand the case to another mediation channel (八调衔接): the current attempt ends as
    HANDED_OVER and the next one starts, the history kept.

    The LDMAL-14 clock is NOT restarted: fifteen days run from the party's first request for
    mediation, whichever organization holds the case, so a hand-over can never hold a party back
    from arbitration. The deadline stamped when mediation started stays as it is."""
    attempt = current_attempt(case)
    _require_mediator(user, attempt)
    _require_status(case, Status.MEDIATING, _("案件不在调解中，不能移交"))
    check_route(case, organization, channel)
    if organization.pk == attempt.organization_id and channel == attempt.channel:
        raise ValidationError({"organization": _("案件已在该调解组织调解")}, code="same")
    note = (note or "").strip()
    now = timezone.now()
    with transaction.atomic():
        attempt.outcome = MediationAttempt.Outcome.HANDED_OVER
        attempt.ended_at = now
        attempt.note = note or attempt.note
        attempt.save(update_fields=["outcome", "ended_at", "note"])
        case.mediation_org = organization
        DisputeCase.workflow.apply(
            case, "handover", user, note=_("移交%(org)s：%(note)s") % {"org": organization.name, "note": note}
        )
        return MediationAttempt.objects.create(case=case, organization=organization, channel=channel, started_at=now)


def _money(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: _("金额格式不正确")}, code="invalid") from None
    if not amount.is_finite():
        raise ValidationError({field: _("金额格式不正确")}, code="invalid")
    if amount < 0:
        raise ValidationError({field: _("金额不能为负数")}, code="negative")
    if amount >= Decimal("1e12"):
        raise ValidationError({field: _("金额过大")}, code="too_large")
    return amount.quantize(CENT)


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def agreement_document(case: DisputeCase, attempt: MediationAttempt, on: date) -> pdf.Document:
    """What the 调解协议书 says (LDMAL-14: the parties, the claims, the agreed terms, signed by the
    mediator and sealed by the organization)."""
    parties = []
    for party in case.parties.select_related("organization", "person").order_by("side", "id"):
        line = f"{party.get_side_display()}：{party.name}"
        if party.organization_id and party.organization.legal_representative:
            line += f"，法定代表人：{party.organization.legal_representative}"
        if party.organization_id and party.organization.address:
            line += f"，住所：{party.organization.address}"
        parties.append(line)
    claims = []
    for i, claim in enumerate(case.claims.order_by("id"), start=1):
        text = f"{i}. {claim.get_kind_display()}"
        if claim.description:
            text += f"：{claim.description}"
        if claim.amount is not None:
            text += f"，金额{_yuan(claim.amount)}元"
        claims.append(text)
    terms = [line.strip() for line in attempt.terms.splitlines() if line.strip()]
    if attempt.amount is not None:
        terms.append(f"协议金额合计人民币{_yuan(attempt.amount)}元。")
    mediator = display_name(attempt.mediator)
    return pdf.Document(
        title="劳动争议调解协议书",
        number=case.mediation_number,
        issuer=attempt.organization.name,
        issued_on=on,
        parties=parties,
        sections=[
            ("争议事项及请求", claims or [case.get_cause_display()]),
            ("事实与理由", [case.facts]),
            ("经调解，双方当事人自愿达成如下协议：", terms),
        ],
        closing=[
            "本协议经双方当事人签名或者盖章，经调解员签名并经调解组织盖章后生效，对双方当事人具有约束力，"
            "当事人应当履行（《中华人民共和国劳动争议调解仲裁法》第十四条、第十五条）。",
            "达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁；"
            "因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，用人单位在协议约定期限内"
            "不履行的，劳动者可以持调解协议书依法向人民法院申请支付令（第十五条、第十六条）。",
            *([f"调解员：{mediator}"] if mediator else []),
        ],
    )


def record_agreement(case: DisputeCase, user, *, terms: str, amount=None) -> MediationAttempt:
    """The parties agree (调解成功): the case closes as mediated, the 调解协议书 is issued as a PDF
    and served on every party."""
    attempt = current_attempt(case)
    _require_mediator(user, attempt)
    _require_status(case, Status.MEDIATING, _("案件不在调解中，不能记录调解协议"))
    terms = _text(terms, "terms", _("请填写调解协议内容"))
    amount = _money(amount, "amount")
    today = timezone.localdate()
    with transaction.atomic():
        attempt.terms = terms
        attempt.amount = amount
        if attempt.mediator_id is None and is_mediator(user, attempt.organization_id) and not user.is_superuser:
            attempt.mediator = user  # the mediator who recorded the agreement signs it
        attempt.outcome = MediationAttempt.Outcome.AGREED
        attempt.ended_at = timezone.now()
        case.outcome = DisputeCase.Outcome.MEDIATED
        case.mediation_result = DisputeCase.MediationResult.AGREED
        case.closed_on = today
        case.amount_awarded = amount
        DisputeCase.workflow.apply(case, "agree", user, note=terms)
        document = issue_document(
            case, CaseDocument.Kind.MEDIATION_AGREEMENT, agreement_document(case, attempt, today), user
        )
        attempt.agreement.name = document.file.name
        attempt.save()
        serve(document, user)
    return attempt


def record_failure(case: DisputeCase, user, note: str) -> DisputeCase:
    """Mediation fails (调解不成): the mediator records it, or the worker ends the mediation; the
    parties may apply for arbitration."""
    attempt = current_attempt(case)
    if not (is_worker(user, case) or (attempt is not None and is_mediator(user, attempt.organization_id))):
        raise PermissionDenied(_("只有承办调解组织的调解员或申请调解的劳动者可以终止调解"))
    _require_status(case, Status.MEDIATING, _("案件不在调解中"))
    note = _text(note, "note", _("请说明调解不成的情况"))
    with transaction.atomic():
        _end_failed(case, attempt, note)
        DisputeCase.workflow.apply(case, "fail_mediation", user, note=note)
    return case


def _end_failed(case: DisputeCase, attempt: MediationAttempt | None, note: str) -> None:
    if attempt is not None:
        attempt.outcome = MediationAttempt.Outcome.FAILED
        attempt.ended_at = timezone.now()
        attempt.note = note
        attempt.save(update_fields=["outcome", "ended_at", "note"])
    case.outcome = DisputeCase.Outcome.MEDIATION_FAILED
    case.mediation_result = DisputeCase.MediationResult.FAILED
    case.closed_on = timezone.localdate()


def lapsed_mediations(today: date):
    """Cases still mediating after their LDMAL-14 fifteen days (for the daily alarm): the parties
    may now apply for arbitration; nothing ends by itself."""
    return DisputeCase.objects.filter(status=Status.MEDIATING, mediation_deadline__lt=today)


def apply_after_lapse(case: DisputeCase, user, today: date | None = None) -> DisputeCase:
    """LDMAL-14: fifteen days have passed since the request without an agreement, so a party
    applies for arbitration. The lapse is recorded as the clock's (SYSTEM) "fail_mediation" and
    the party's application follows in the same transaction, so the statuses keep their one
    workflow and no other path leaves MEDIATING for arbitration."""
    today = today or timezone.localdate()
    if not (is_worker(user, case) or is_enterprise_user(user, case)):
        raise PermissionDenied(_("只有本案当事人可以申请仲裁"))
    _require_status(case, Status.MEDIATING, _("案件不在调解中"))
    if case.mediation_deadline is None or case.mediation_deadline >= today:
        raise ValidationError(
            _("调解期限至%(day)s届满，届满后仍未达成调解协议的方可申请仲裁（劳动争议调解仲裁法第十四条）")
            % {"day": case.mediation_deadline or "—"},
            code="LDMAL-14",
        )
    note = _("自申请调解之日起十五日内未达成调解协议（劳动争议调解仲裁法第十四条）")
    with transaction.atomic():
        _end_failed(case, current_attempt(case), note)
        DisputeCase.workflow.apply(case, "fail_mediation", None, note=note)
        routing.apply_for_arbitration(case, user)
    return case


# --- judicial confirmation (司法确认) -------------------------------------------------------------


def request_confirmation(attempt: MediationAttempt, user, court: Organization, requested_on: date) -> MediationAttempt:
    """Record that the parties asked a court to confirm the agreement (司法确认), within thirty days
    of it taking effect."""
    case = attempt.case
    if not (is_mediator(user, attempt.organization_id) or is_worker(user, case) or is_enterprise_user(user, case)):
        raise PermissionDenied(_("只有承办调解组织的调解员或本案当事人可以登记司法确认申请"))
    if attempt.outcome != MediationAttempt.Outcome.AGREED:
        raise ValidationError(_("只有达成调解协议的调解可以申请司法确认"), code="status")
    if attempt.confirmation_result in ("pending", "confirmed"):
        raise ValidationError(_("已申请司法确认"), code="duplicate")
    if court is None or court.kind != Organization.Kind.COURT:
        raise ValidationError({"court": _("司法确认应向人民法院申请")}, code="not_court")
    agreed_on = timezone.localtime(attempt.ended_at).date()
    if requested_on is None:
        raise ValidationError({"requested_on": _("请填写申请日期")}, code="required")
    if requested_on < agreed_on or requested_on > timezone.localdate():
        raise ValidationError({"requested_on": _("申请日期应在调解协议生效之后、今天之前")}, code="invalid")
    if (requested_on - agreed_on).days > CONFIRMATION_DAYS:
        raise ValidationError(
            {"requested_on": _("应自调解协议生效之日起三十日内申请司法确认（民事诉讼法第二百零五条）")},
            code="late",
        )
    with transaction.atomic():
        attempt.confirmation_court = court
        attempt.confirmation_requested_on = requested_on
        attempt.confirmation_result = "pending"
        attempt.save(update_fields=["confirmation_court", "confirmation_requested_on", "confirmation_result"])
        record(case, "request_confirmation", user, _role(user, case, attempt), court.name)
    return attempt


def record_confirmation(attempt: MediationAttempt, user, result: str) -> MediationAttempt:
    """The court's ruling on the request: the agreement confirmed (确认有效) or the request
    rejected; recorded by the court's liaison or the mediation organization."""
    if not (_member(user, attempt.confirmation_court_id, COURT_ROLES) or is_mediator(user, attempt.organization_id)):
        raise PermissionDenied(_("只有受理法院的联络员或承办调解组织的调解员可以登记司法确认结果"))
    if attempt.confirmation_result != "pending":
        raise ValidationError(_("没有待审查的司法确认申请"), code="status")
    if result not in ("confirmed", "rejected"):
        raise ValidationError({"result": _("司法确认结果无效")}, code="invalid")
    with transaction.atomic():
        attempt.confirmation_result = result
        attempt.save(update_fields=["confirmation_result"])
        label = dict(MediationAttempt._meta.get_field("confirmation_result").choices)[result]
        record(attempt.case, "record_confirmation", user, _role(user, attempt.case, attempt), str(label))
    return attempt


def _role(user, case: DisputeCase, attempt: MediationAttempt) -> str:
    if is_mediator(user, attempt.organization_id):
        return "mediator"
    if _member(user, attempt.confirmation_court_id, COURT_ROLES):
        return "court_liaison"
    return "worker" if is_worker(user, case) else "hr"


# --- what a user may do now (for the panel and the API) ------------------------------------------


@dataclass
class MediationState:
    """The mediation panel of one case for one user."""

    case: DisputeCase
    attempts: list
    current: MediationAttempt | None
    may_reply: bool
    may_resolve: bool
    may_escalate: bool
    may_mediate: bool  # hand over, agree, assign a mediator
    may_fail: bool
    may_apply_after_lapse: bool
    may_request_confirmation: MediationAttempt | None
    may_record_confirmation: MediationAttempt | None
    days_left: int | None
    options: list


def mediation_state(case: DisputeCase, user, today: date | None = None) -> MediationState:
    today = today or timezone.localdate()
    attempts = list(case.mediations.select_related("organization", "mediator", "confirmation_court"))
    current = next((a for a in reversed(attempts) if a.outcome == MediationAttempt.Outcome.PENDING), None)
    worker = is_worker(user, case)
    enterprise = is_enterprise_user(user, case)
    mediating = case.status == Status.MEDIATING
    mediator = mediating and current is not None and is_mediator(user, current.organization_id)
    agreed = next((a for a in reversed(attempts) if a.outcome == MediationAttempt.Outcome.AGREED), None)
    lapsed = mediating and case.mediation_deadline is not None and case.mediation_deadline < today
    internal = case.status == Status.INTERNAL
    return MediationState(
        case=case,
        attempts=attempts,
        current=current,
        may_reply=internal and enterprise,
        may_resolve=internal and worker,
        may_escalate=internal and worker,
        may_mediate=mediator,
        may_fail=mediating and (mediator or worker),
        may_apply_after_lapse=lapsed and (worker or enterprise),
        may_request_confirmation=agreed
        if agreed
        and agreed.confirmation_result in ("", "rejected")
        and (worker or enterprise or is_mediator(user, agreed.organization_id))
        else None,
        may_record_confirmation=agreed
        if agreed
        and agreed.confirmation_result == "pending"
        and (is_mediator(user, agreed.organization_id) or _member(user, agreed.confirmation_court_id, COURT_ROLES))
        else None,
        days_left=(case.mediation_deadline - today).days if mediating and case.mediation_deadline else None,
        options=mediation_options(case) if (internal and worker) or mediator else [],
    )
