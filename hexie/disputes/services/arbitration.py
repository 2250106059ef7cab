"""Arbitration (劳动人事争议仲裁) from acceptance to the served award.

    accept(case, user)                                    # LDMAL-29/30/32 clocks, 受理通知书 served
    refuse(case, user, reason)                            # 不予受理通知书 served, case closed
    compose_tribunal(case, user, kind="sole", arbitrators=[u])      # LDMAL-31
    recuse(member, user, reason); appoint(case, user, arbitrator=u) # LDMAL-33 回避 and replacement
    submit_defence(case, user, text)                      # the respondent's 答辩 (late is recorded)
    schedule_hearing(case, user, starts_at=..., notice_on=...)      # LDMAL-35, 开庭通知书 served
    postpone_hearing(hearing, user, requested_on=..., reason=..., new_starts_at=...)
    hold_hearing(hearing, user, transcript=..., attendance={party_id: "who appeared"})
    exchange_evidence(case, user); record_opinion(evidence, user, text)   # 证据交换, 质证意见
    issue_award(case, user, results={claim_id: (result, amount)}, reasoning=...)  # LDMAL-43/47
    extend(case, user, note); suspend(case, user, reason); resume(case, user)
    settle(case, user, terms, amount); withdraw(case, user)
    serve_award(case, user)                               # AWARDED → SERVED, each party served

Only arbitrators of the case's own commission act (the workflow checks the role; `check_arbitrator`
checks the commission). Each action runs in one transaction and writes a timeline entry; bad input is
a ValidationError with nothing written. `at` (a datetime) dates an action other than now, for the
demo's history and for tests; pages never pass it.

Clocks stamped at acceptance (the "accept" transition stamps the 45-day award deadline itself):
the copy to the respondent within five days of acceptance (LDMAL-30); the defence within ten days
of receiving the copy, counted from the last day the copy may be served (acceptance + five working
days), so the respondent's clock never starts before it could hold the copy; the tribunal's
composition notified within five days of acceptance (LDMAL-32).

A clock ends when its duty is done, so an open case shows overdue only for what is still owed:
- the copy to the respondent: `accept` serves the 受理通知书 with the application copy on every
  party at once (electronic service), so `respondent_copy_deadline` is cleared there as soon as the
  respondent's Service exists (a case with no respondent party keeps it running); the notice
  still states the statutory last day;
- the tribunal notice: cleared by `compose_tribunal` (a recusal and a new appointment later do not
  restart it);
- the defence: cleared by `submit_defence` (a late one is recorded as late first).
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.calendar import add_period
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Membership, TimelineEntry
from hexie.core.rules import ERROR, WARNING, Finding
from hexie.core.scoping import roles_on
from hexie.core.workflow import TransitionError

from .. import rules
from ..models import ARBITRATORS, CaseDocument, Claim, DisputeCase, Evidence, Hearing, Party, TribunalMember
from ..pdf import Document, chinese_date
from . import display_name, documents, record
from .numbers import arbitration_number

Status = DisputeCase.Status
CENT = Decimal("0.01")
AWARD_KINDS = (CaseDocument.Kind.FINAL_AWARD, CaseDocument.Kind.AWARD)
SEATS = {
    "sole": (TribunalMember.Seat.SOLE,),
    "three": (TribunalMember.Seat.PRESIDING,) + (TribunalMember.Seat.MEMBER,) * 2,
}
ARBITRATOR_ROLES = ("arbitrator", "admin")
# Legal documents read the same in every language (hexie.disputes.pdf): their words are not translated.
RESULT_ZH = {"upheld": "支持", "partly": "部分支持", "rejected": "驳回", "settled": "调解解决"}
SEAT_ZH = {"sole": "独任仲裁员", "presiding": "首席仲裁员", "member": "仲裁员"}
# Labels of the timeline entries this module writes for acts that change no status (the workflow's
# transitions carry their own labels).
TIMELINE_LABELS = {
    "compose_tribunal": gettext_lazy("组成仲裁庭"),
    "recuse": gettext_lazy("仲裁员回避"),
    "appoint": gettext_lazy("另行指定仲裁员"),
    "defence": gettext_lazy("被申请人提交答辩意见"),
    "exchange_evidence": gettext_lazy("证据交换"),
    "evidence_opinion": gettext_lazy("发表质证意见"),
}
ROOM_URL = "https://ting.hexie.example/room/{token}"


@dataclass
class Outcome:
    """What an action did, with the warnings it recorded (a late defence, a late postponement
    request, an absent applicant)."""

    obj: object
    findings: list[Finding] = field(default_factory=list)


# --- who acts ---------------------------------------------------------------------------------


def is_commission_arbitrator(case: DisputeCase, user) -> bool:
    """An arbitrator (or administrator) of the case's own commission, or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return (
        bool(case.commission_id)
        and Membership.objects.filter(user=user, organization_id=case.commission_id, role__in=ARBITRATOR_ROLES).exists()
    )


def check_arbitrator(case: DisputeCase, user) -> None:
    if not is_commission_arbitrator(case, user):
        raise PermissionDenied(_("只有本案仲裁委员会的仲裁员可以办理"))


def commission_arbitrators(case: DisputeCase):
    """The users who may sit on the case's tribunal: arbitrators of its commission."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organization_id=case.commission_id, memberships__role="arbitrator", is_active=True)
        .distinct()
        .order_by("username")
    )


def _today(at: datetime | None) -> date:
    return timezone.localtime(at).date() if at else timezone.localdate()


def _record(case: DisputeCase, action: str, user, note: str = "", *, at: datetime | None = None) -> TimelineEntry:
    """A timeline entry for an act that does not move the case (tribunal, defence, evidence)."""
    roles = sorted(roles_on(user, case) & (ARBITRATORS | {"worker", "hr", "legal_rep"})) if user else []
    return record(case, action, user, roles[0] if roles else "", note, at=at)


def _require(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: message})
    return value


def _move(case: DisputeCase, action: str, user, *, note: str = "", at: datetime | None = None) -> TimelineEntry:
    """The workflow move on the locked case row; a move the status does not allow is a clear
    ValidationError (nothing written) rather than a TransitionError."""
    current = DisputeCase.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
    if current != case.status:
        raise ValidationError(_("案件状态已变更，请刷新后重试"))
    try:
        return DisputeCase.workflow.apply(case, action, user, note=note, at=at or timezone.now())
    except TransitionError as error:
        raise ValidationError(str(error)) from None


# --- documents ----------------------------------------------------------------------------------


def _party_lines(case: DisputeCase) -> list[str]:
    lines = []
    for side, label in (
        (Party.Side.APPLICANT, "申请人"),
        (Party.Side.RESPONDENT, "被申请人"),
        (Party.Side.THIRD, "第三人"),
    ):
        names = [p.name for p in case.parties.all() if p.side == side]
        if len(names) > 5:
            names = [*names[:5], f"等{len(names)}人"]
        if names:
            lines.append(f"{label}：{'、'.join(names)}")
    return lines


def _issue(case: DisputeCase, kind: str, title: str, sections, user, on: date, *, number: str = "", closing=()):
    with translation.override("zh-hans"):
        content = Document(
            title=title,
            number=number or case.arbitration_number,
            issuer=case.commission.name if case.commission_id else "",
            issued_on=on,
            parties=_party_lines(case),
            sections=list(sections),
            closing=list(closing),
        )
        return documents.issue_document(case, kind, content, user)


def _claims_text(case: DisputeCase) -> list[str]:
    out = []
    for i, claim in enumerate(case.claims.all(), 1):
        text = f"{i}. {rules.CLAIM_LABELS.get(claim.kind, claim.kind)}"
        if claim.description:
            text += f"：{claim.description}"
        if claim.amount is not None:
            text += f"，{claim.amount}元"
        out.append(text)
    return out


# --- acceptance (LDMAL-29/30/32) ----------------------------------------------------------------


@transaction.atomic
def accept(case: DisputeCase, user, *, at: datetime | None = None) -> DisputeCase:
    """受理: the arbitration number, the acceptance date, the clocks of LDMAL-30/32 and the
    受理通知书 served on every party."""
    check_arbitrator(case, user)
    on = _today(at)
    _move(case, "accept", user, at=at or timezone.now())
    case.accepted_on = on
    if not case.arbitration_number:
        case.arbitration_number = arbitration_number(case.region_id, on.year)
    copy = rules.deadline("respondent_copy", on)
    defence = rules.deadline("defence", copy.date)
    tribunal = rules.deadline("tribunal_notice", on)
    case.respondent_copy_deadline, case.respondent_copy_deadline_provisional = copy.date, copy.provisional
    case.defence_deadline, case.defence_deadline_provisional = defence.date, defence.provisional or copy.provisional
    case.tribunal_deadline, case.tribunal_deadline_provisional = tribunal.date, tribunal.provisional
    case.save()
    document = _issue(
        case,
        CaseDocument.Kind.ACCEPTANCE,
        "受理通知书",
        [
            (
                "",
                [
                    f"{case.commission.name}于{chinese_date(on)}受理申请人与被申请人之间的劳动人事争议仲裁申请（申请编号{case.number}），案号{case.arbitration_number}。"
                ],
            ),
            ("仲裁请求", _claims_text(case)),
            (
                "有关事项",
                [
                    f"一、仲裁申请书副本随本通知书送达被申请人（劳动争议调解仲裁法第三十条：应于{chinese_date(copy.date)}前送达）。",
                    f"二、被申请人应当于{chinese_date(defence.date)}前提交答辩书；未提交答辩书的，不影响仲裁程序的进行。",
                    f"三、仲裁委员会将于{chinese_date(tribunal.date)}前将仲裁庭的组成情况书面通知当事人（第三十二条）。",
                    f"四、仲裁庭应当于{chinese_date(case.award_deadline)}前结束仲裁（第四十三条）；案情复杂需要延期的，经批准可以延长，延长期限不得超过十五日。",
                    "五、当事人应当对自己提出的主张提供证据，请通过平台上传证据材料。",
                ],
            ),
        ],
        user,
        on,
    )
    served = documents.serve(document, user)
    if any(s.party.side == Party.Side.RESPONDENT for s in served):
        # the application copy went with the notice: the LDMAL-30 duty is done
        case.respondent_copy_deadline, case.respondent_copy_deadline_provisional = None, False
        case.save(update_fields=["respondent_copy_deadline", "respondent_copy_deadline_provisional"])
    return case


@transaction.atomic
def refuse(case: DisputeCase, user, reason: str, *, at: datetime | None = None) -> DisputeCase:
    """不予受理 with the reasons in writing (LDMAL-29); the applicant may then sue (不予受理通知书)."""
    check_arbitrator(case, user)
    reason = _require(reason, "reason", _("不予受理应当书面说明理由（劳动争议调解仲裁法第二十九条）"))
    on = _today(at)
    _move(case, "refuse", user, note=reason, at=at or timezone.now())
    case.refusal_reason = reason
    case.outcome = DisputeCase.Outcome.REFUSED
    case.closed_on = on
    case.save()
    document = _issue(
        case,
        CaseDocument.Kind.REFUSAL,
        "不予受理通知书",
        [
            (
                "",
                [
                    f"申请人于{chinese_date(case.filed_on)}提出的劳动人事争议仲裁申请（申请编号{case.number}），经审查，本委决定不予受理。"
                ],
            ),
            ("理由", [reason]),
            ("", ["申请人对本通知不服的，可以就该劳动争议事项向人民法院提起诉讼（劳动争议调解仲裁法第二十九条）。"]),
        ],
        user,
        on,
        number=case.arbitration_number or case.number,
    )
    documents.serve(document, user)
    return case


# --- tribunal (LDMAL-31..33) --------------------------------------------------------------------


def _check_arbitrators(case: DisputeCase, arbitrators) -> None:
    allowed = set(commission_arbitrators(case).values_list("pk", flat=True))
    strangers = [a for a in arbitrators if a.pk not in allowed]
    if strangers:
        names = "、".join(display_name(a) for a in strangers)
        raise ValidationError({"arbitrators": _("%(names)s不是本案仲裁委员会的仲裁员") % {"names": names}})


def active_tribunal(case: DisputeCase):
    return case.tribunal.filter(recused_at__isnull=True).select_related("arbitrator")


@transaction.atomic
def compose_tribunal(
    case: DisputeCase, user, *, kind: str = "sole", arbitrators=(), presiding=None, at: datetime | None = None
) -> list[TribunalMember]:
    """组庭 (LDMAL-31): a sole arbitrator for a simple case or three with one presiding (the first
    named unless `presiding` says otherwise)."""
    check_arbitrator(case, user)
    if case.status not in DisputeCase.ARBITRATION_RUNNING:
        raise ValidationError(_("案件尚未受理或已结案，不能组成仲裁庭"))
    if kind not in SEATS:
        raise ValidationError({"kind": _("仲裁庭组成方式应为独任或三人合议")})
    arbitrators = list(arbitrators)
    if len({a.pk for a in arbitrators}) != len(arbitrators):
        raise ValidationError({"arbitrators": _("同一仲裁员不能重复担任")})
    if len(arbitrators) != len(SEATS[kind]):
        raise ValidationError(
            {"arbitrators": _("独任仲裁应指定一名仲裁员") if kind == "sole" else _("合议仲裁庭应由三名仲裁员组成")}
        )
    _check_arbitrators(case, arbitrators)
    if active_tribunal(case).exists():
        raise ValidationError(_("仲裁庭已经组成；更换仲裁员请办理回避后另行指定"))
    if presiding is not None:
        if presiding not in arbitrators:
            raise ValidationError({"presiding": _("首席仲裁员应为合议庭成员之一")})
        arbitrators.remove(presiding)
        arbitrators.insert(0, presiding)
    now = at or timezone.now()
    members = [
        TribunalMember.objects.create(case=case, arbitrator=a, seat=seat, appointed_at=now)
        for a, seat in zip(arbitrators, SEATS[kind], strict=True)
    ]
    note = "、".join(f"{m.get_seat_display()}{display_name(m.arbitrator)}" for m in members)
    if case.tribunal_deadline and _today(at) > case.tribunal_deadline:
        note += _("（晚于仲裁庭组成通知期限%(day)s，第三十二条）") % {"day": case.tribunal_deadline}
    case.tribunal_kind = kind
    case.tribunal_deadline, case.tribunal_deadline_provisional = None, False  # LDMAL-32 duty done
    case.save(update_fields=["tribunal_kind", "tribunal_deadline", "tribunal_deadline_provisional"])
    _record(case, "compose_tribunal", user, note, at=now)
    return members


@transaction.atomic
def recuse(member: TribunalMember, user, reason: str, *, at: datetime | None = None) -> TribunalMember:
    """回避 (LDMAL-33): the arbitrator leaves the seat; `appoint` fills it."""
    case = member.case
    check_arbitrator(case, user)
    reason = _require(reason, "reason", _("请填写回避事由"))
    if member.recused_at is not None:
        raise ValidationError(_("该仲裁员已经回避"))
    if case.status not in DisputeCase.ARBITRATION_RUNNING:
        raise ValidationError(_("案件已结案，不能办理回避"))
    member.recused_at = at or timezone.now()
    member.recusal_reason = reason
    member.save(update_fields=["recused_at", "recusal_reason"])
    _record(
        case,
        "recuse",
        user,
        f"{member.get_seat_display()}{display_name(member.arbitrator)}：{reason}",
        at=member.recused_at,
    )
    return member


def vacant_seats(case: DisputeCase) -> list[str]:
    seats = list(SEATS.get(case.tribunal_kind, ()))
    for m in active_tribunal(case):
        if m.seat in seats:
            seats.remove(m.seat)
    return seats


@transaction.atomic
def appoint(case: DisputeCase, user, *, arbitrator, at: datetime | None = None) -> TribunalMember:
    """Fill the seat a recused arbitrator left (另行指定仲裁员)."""
    check_arbitrator(case, user)
    seats = vacant_seats(case)
    if not case.tribunal_kind or not seats:
        raise ValidationError(_("仲裁庭没有空缺的席位"))
    _check_arbitrators(case, [arbitrator])
    if case.tribunal.filter(arbitrator=arbitrator).exists():
        raise ValidationError({"arbitrator": _("该仲裁员已在本案仲裁庭任职或已回避，不能再次指定")})
    member = TribunalMember.objects.create(
        case=case, arbitrator=arbitrator, seat=seats[0], appointed_at=at or timezone.now()
    )
    _record(case, "appoint", user, f"{member.get_seat_display()}{display_name(arbitrator)}", at=member.appointed_at)
    return member


# --- defence and evidence -----------------------------------------------------------------------


def _side_of(case: DisputeCase, user) -> str | None:
    party = documents.party_of(case, user) if getattr(user, "is_authenticated", False) else None
    return party.side if party else None


@transaction.atomic
def submit_defence(case: DisputeCase, user, text: str, *, at: datetime | None = None) -> Outcome:
    """The respondent's defence (答辩, LDMAL-30). After the defence deadline it is still taken and
    recorded as late: the law lets the proceedings go on without one, so a late one is no bar."""
    if _side_of(case, user) != Party.Side.RESPONDENT:
        raise PermissionDenied(_("只有被申请人可以提交答辩意见"))
    text = _require(text, "text", _("请填写答辩意见"))
    if case.status not in DisputeCase.ARBITRATION_RUNNING:
        raise ValidationError(_("案件不在仲裁审理中，不能提交答辩意见"))
    on = _today(at)
    findings = []
    note = ""
    if case.defence_deadline and on > case.defence_deadline:
        message = _("逾期提交答辩：答辩期限为%(day)s（劳动争议调解仲裁法第三十条）") % {"day": case.defence_deadline}
        findings.append(Finding("LDMAL-30", WARNING, message))
        note = message
    case.defence = text
    case.defence_deadline, case.defence_deadline_provisional = None, False  # the window is used
    case.save(update_fields=["defence", "defence_deadline", "defence_deadline_provisional"])
    _record(case, "defence", user, note, at=at)
    return Outcome(case, findings)


def visible_evidence(case: DisputeCase, user):
    """The evidence `user` may see on `case`: everything for the commission and officials; a party
    its own side's and, once exchanged, the other side's (证据交换)."""
    side = _side_of(case, user)
    qs = case.evidence.select_related("attachment").order_by("submitted_at", "id")
    if side is None:
        return qs
    return qs.filter(side=side) | qs.filter(exchanged_at__isnull=False)


@transaction.atomic
def exchange_evidence(case: DisputeCase, user, *, at: datetime | None = None) -> int:
    """证据交换: every item not yet exchanged is shown to the other side. Returns how many."""
    check_arbitrator(case, user)
    if case.status not in DisputeCase.ARBITRATION_RUNNING:
        raise ValidationError(_("案件不在仲裁审理中，不能组织证据交换"))
    now = at or timezone.now()
    count = case.evidence.filter(exchanged_at__isnull=True).update(exchanged_at=now)
    if not count:
        raise ValidationError(_("没有待交换的证据"))
    _record(case, "exchange_evidence", user, _("交换证据%(count)s件") % {"count": count}, at=now)
    return count


@transaction.atomic
def record_opinion(evidence: Evidence, user, text: str, *, at: datetime | None = None) -> Evidence:
    """质证意见 on an exchanged item: by the other side, or by the tribunal taking it down."""
    case = evidence.case
    side = _side_of(case, user)
    if not is_commission_arbitrator(case, user) and (side is None or side == evidence.side):
        raise PermissionDenied(_("只有对方当事人或仲裁员可以发表质证意见"))
    text = _require(text, "text", _("请填写质证意见"))
    evidence.refresh_from_db(fields=["exchanged_at"])
    if evidence.exchanged_at is None:
        raise ValidationError(_("证据尚未交换，不能质证"))
    evidence.opinion = text
    evidence.save(update_fields=["opinion"])
    _record(case, "evidence_opinion", user, f"{evidence.title}：{text}", at=at)
    return evidence


# --- hearings (LDMAL-35) ------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _check_notice(notice_on: date, starts_at: datetime, today: date) -> None:
    if notice_on < today:
        raise ValidationError({"notice_on": _("通知日期不能早于今天")})
    errors = [
        f for f in rules.hearing_notice_findings(notice_on, timezone.localtime(starts_at).date()) if f.level == ERROR
    ]
    if errors:
        raise ValidationError({"starts_at": [f.message for f in errors]})


def _notice_document(hearing: Hearing, user, on: date, *, postponed_from: Hearing | None = None) -> CaseDocument:
    case = hearing.case
    local = timezone.localtime(hearing.starts_at)
    where = f"网上开庭，线上庭审室：{hearing.room_link}" if hearing.online else f"地点：{hearing.place}"
    members = "、".join(f"{SEAT_ZH[m.seat]}{display_name(m.arbitrator)}" for m in active_tribunal(case))
    lines = [
        f"本委受理的{case.arbitration_number}劳动人事争议一案，定于{chinese_date(local.date())}{local:%H时%M分}开庭审理。",
        where,
    ]
    if postponed_from is not None:
        old = timezone.localtime(postponed_from.starts_at)
        lines.insert(0, f"原定于{chinese_date(old.date())}{old:%H时%M分}的开庭延期。")
    if members:
        lines.append(f"仲裁庭组成：{members}。")
    return _issue(
        case,
        CaseDocument.Kind.HEARING_NOTICE,
        "开庭通知书",
        [
            ("", lines),
            (
                "注意事项",
                [
                    "一、申请人无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以视为撤回仲裁申请（劳动争议调解仲裁法第三十六条）。",
                    "二、被申请人无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以缺席裁决（第三十六条）。",
                    "三、当事人有正当理由的，可以在开庭三日前请求延期开庭（第三十五条）。",
                ],
            ),
        ],
        user,
        on,
    )


def _room_link() -> str:
    return getattr(settings, "DISPUTES_HEARING_ROOM_URL", ROOM_URL).format(token=secrets.token_urlsafe(12))


@transaction.atomic
def schedule_hearing(
    case: DisputeCase,
    user,
    *,
    starts_at: datetime,
    online: bool = True,
    place: str = "",
    notice_on: date | None = None,
    at: datetime | None = None,
) -> Hearing:
    """排期开庭: the notice goes out at least five days before the hearing (LDMAL-35); a shorter
    notice is refused with nothing written. A 开庭通知书 is served on every party."""
    check_arbitrator(case, user)
    today = _today(at)
    notice_on = notice_on or today
    starts_at = _aware(starts_at)
    _check_notice(notice_on, starts_at, today)
    place = (place or "").strip()
    if not online and not place:
        raise ValidationError({"place": _("现场开庭请填写开庭地点")})
    if case.status in DisputeCase.ARBITRATION_OPEN and not active_tribunal(case).exists():
        raise ValidationError(_("请先组成仲裁庭再排期开庭（劳动争议调解仲裁法第三十一条）"))
    local = timezone.localtime(starts_at)
    _move(case, "schedule_hearing", user, note=f"{local:%Y-%m-%d %H:%M}", at=at or timezone.now())
    hearing = Hearing.objects.create(
        case=case,
        starts_at=starts_at,
        online=online,
        place=place,
        room_link=_room_link() if online else "",
        notice_on=notice_on,
    )
    documents.serve(_notice_document(hearing, user, notice_on), user)
    return hearing


@transaction.atomic
def postpone_hearing(
    hearing: Hearing,
    user,
    *,
    requested_on: date,
    reason: str,
    new_starts_at: datetime,
    notice_on: date | None = None,
    at: datetime | None = None,
) -> Outcome:
    """延期开庭: a late request (fewer than three days before the hearing) is a warning the tribunal
    weighs, not a bar. The new hearing gets its own notice, five days ahead again."""
    case = hearing.case
    check_arbitrator(case, user)
    reason = _require(reason, "reason", _("请填写延期理由"))
    if hearing.status != Hearing.Status.SCHEDULED:
        raise ValidationError(_("只有已排期的开庭可以延期"))
    today = _today(at)
    notice_on = notice_on or today
    new_starts_at = _aware(new_starts_at)
    if new_starts_at <= hearing.starts_at:
        raise ValidationError({"new_starts_at": _("延期后的开庭时间应晚于原定时间")})
    _check_notice(notice_on, new_starts_at, today)
    findings = rules.postponement_findings(requested_on, timezone.localtime(hearing.starts_at).date())
    note = reason + "".join(f"（{f.message}）" for f in findings)
    _move(case, "postpone_hearing", user, note=note, at=at or timezone.now())
    hearing.status = Hearing.Status.POSTPONED
    hearing.postponement_requested_on = requested_on
    hearing.postponement_reason = reason
    hearing.save(update_fields=["status", "postponement_requested_on", "postponement_reason"])
    new = Hearing.objects.create(
        case=case,
        starts_at=new_starts_at,
        online=hearing.online,
        place=hearing.place,
        room_link=_room_link() if hearing.online else "",
        notice_on=notice_on,
    )
    documents.serve(_notice_document(new, user, notice_on, postponed_from=hearing), user)
    return Outcome(new, findings)


@transaction.atomic
def hold_hearing(hearing: Hearing, user, *, transcript: str, attendance: dict, at: datetime | None = None) -> Outcome:
    """开庭审理: the record (庭审笔录) and who appeared for each party (`attendance`: party id →
    who appeared, "" or missing for absent). An absent applicant may be treated as withdrawing,
    an absent respondent heard by default (LDMAL-36): noted for the tribunal, the hearing stands."""
    case = hearing.case
    check_arbitrator(case, user)
    transcript = _require(transcript, "transcript", _("请填写庭审笔录"))
    if hearing.status != Hearing.Status.SCHEDULED:
        raise ValidationError(_("只有已排期的开庭可以记录庭审"))
    held_at = at or timezone.now()
    if timezone.localtime(held_at).date() < timezone.localtime(hearing.starts_at).date():
        raise ValidationError(_("开庭日期未到，不能记录庭审"))
    parties = list(case.parties.all())
    known = {p.pk for p in parties}
    try:
        attendance = {int(k): str(v or "").strip() for k, v in (attendance or {}).items()}
    except (TypeError, ValueError):
        raise ValidationError({"attendance": _("到庭情况中有不属于本案的当事人")}) from None
    unknown = set(attendance) - known
    if unknown:
        raise ValidationError({"attendance": _("到庭情况中有不属于本案的当事人")})
    rows = [
        {
            "party": p.pk,
            "side": p.side,
            "name": p.name,
            "present": bool(attendance.get(p.pk)),
            "appeared": attendance.get(p.pk, ""),
        }
        for p in parties
    ]
    findings = []
    sides_present = {(r["side"], r["present"]) for r in rows}
    if (Party.Side.APPLICANT, True) not in sides_present:
        findings.append(
            Finding("LDMAL-36", WARNING, _("申请人未到庭：无正当理由拒不到庭的，可以视为撤回仲裁申请（第三十六条）"))
        )
    if (Party.Side.RESPONDENT, True) not in sides_present:
        findings.append(
            Finding("LDMAL-36", WARNING, _("被申请人未到庭：无正当理由拒不到庭的，可以缺席裁决（第三十六条）"))
        )
    _move(case, "hold_hearing", user, note="；".join(f.message for f in findings), at=held_at)
    hearing.status = Hearing.Status.HELD
    hearing.held_at = held_at
    hearing.transcript = transcript
    hearing.attendance = rows
    hearing.save(update_fields=["status", "held_at", "transcript", "attendance"])
    return Outcome(hearing, findings)


# --- award (LDMAL-43/47) ------------------------------------------------------------------------


def _amount(value, field_name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: _("金额格式不正确")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field_name: _("金额不能为负数")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field_name: _("金额最多保留两位小数")})
    return amount.quantize(CENT)


def _rights_notice(final: bool) -> list[str]:
    if final:
        return [
            "本裁决为终局裁决，自作出之日起发生法律效力。",
            "劳动者对本裁决不服的，可以自收到裁决书之日起十五日内向人民法院提起诉讼（劳动争议调解仲裁法第四十八条）。",
            "用人单位有证据证明本裁决有第四十九条规定情形之一的，可以自收到裁决书之日起三十日内向仲裁委员会所在地的中级人民法院申请撤销裁决。",
        ]
    return [
        "当事人对本裁决不服的，可以自收到裁决书之日起十五日内向人民法院提起诉讼；期满不起诉的，裁决书发生法律效力（劳动争议调解仲裁法第五十条）。"
    ]


def _award_document(case, user, on, claims, reasoning, *, final: bool, part: str = ""):
    lines = []
    for i, c in enumerate(claims, 1):
        label = rules.CLAIM_LABELS.get(c.kind, c.kind)
        asked = f"（请求{c.amount}元）" if c.amount is not None else ""
        if c.result == Claim.Result.REJECTED:
            lines.append(f"{i}. 驳回申请人关于{label}的请求{asked}。")
        elif c.awarded_amount is not None:
            lines.append(
                f"{i}. 被申请人于本裁决生效之日起十日内支付申请人{label}{c.awarded_amount}元"
                f"{asked}（{RESULT_ZH[c.result]}）。"
            )
        else:
            lines.append(f"{i}. {label}：{RESULT_ZH[c.result]}。")
    title = "终局裁决书" if final else "仲裁裁决书"
    kind = CaseDocument.Kind.FINAL_AWARD if final else CaseDocument.Kind.AWARD
    return _issue(
        case,
        kind,
        title,
        [
            (
                "",
                [
                    f"申请人与被申请人劳动人事争议一案，本委于{chinese_date(case.accepted_on)}受理，依法组成仲裁庭，开庭进行了审理。本案现已审理终结。"
                ],
            ),
            ("仲裁请求", _claims_text(case)),
            ("被申请人答辩意见", [case.defence or "被申请人未提交书面答辩意见。"]),
            ("本委认为", [reasoning]),
            ("裁决如下" + (f"（{part}）" if part else ""), lines),
        ],
        user,
        on,
        number=case.arbitration_number,
        closing=_rights_notice(final),
    )


@transaction.atomic
def issue_award(
    case: DisputeCase, user, *, results: dict, reasoning: str, at: datetime | None = None
) -> list[CaseDocument]:
    """作出裁决 after a hearing was held (LDMAL-43). Each claim is classified final or not
    (LDMAL-47, `rules.claim_is_final` with the local minimum wage on the acceptance date, tested
    on `rules.amount_tested_for_finality`); a partial award is issued as two documents, the final
    items in a 终局裁决书 and the others in a 仲裁裁决书 (办案规则第五十条)."""
    check_arbitrator(case, user)
    if case.status != Status.HEARD or not case.hearings.filter(status=Hearing.Status.HELD).exists():
        raise ValidationError(_("仲裁庭尚未开庭审理，不能作出裁决"))
    reasoning = _require(reasoning, "reasoning", _("请填写裁决理由"))
    claims = list(case.claims.all())
    results = {int(k): v for k, v in (results or {}).items()}
    missing = [c for c in claims if c.pk not in results]
    if missing or set(results) - {c.pk for c in claims}:
        raise ValidationError({"results": _("应对每一项仲裁请求作出裁决")})
    wage = minimum_wage(case.region_id, case.accepted_on or _today(at))
    if wage is None:
        raise ValidationError(_("未找到当地月最低工资标准，无法认定终局裁决"))
    for claim in claims:
        result, amount = results[claim.pk]
        if result not in (Claim.Result.UPHELD, Claim.Result.PARTLY, Claim.Result.REJECTED):
            raise ValidationError({"results": _("第%(n)s项请求的裁决结果无效") % {"n": claim.pk}})
        amount = _amount(amount, "results")
        if result == Claim.Result.REJECTED:
            amount = Decimal("0.00") if claim.amount is not None else None
        elif amount is None and claim.amount is not None:
            if result == Claim.Result.PARTLY:
                raise ValidationError({"results": _("部分支持的请求应填写裁决金额")})
            amount = claim.amount
        if amount is not None and claim.amount is not None and amount > claim.amount:
            raise ValidationError(
                {
                    "results": _("裁决金额不能超过请求金额：%(label)s请求%(asked)s元")
                    % {"label": claim.get_kind_display(), "asked": claim.amount}
                }
            )
        claim.result, claim.awarded_amount = result, amount
        tested = rules.amount_tested_for_finality(result, claim.amount, amount)
        claim.final = rules.claim_is_final(claim.kind, tested, minimum_wage=wage)
    finality = rules.award_finality(
        [(c.kind, rules.amount_tested_for_finality(c.result, c.amount, c.awarded_amount)) for c in claims],
        minimum_wage=wage,
    )
    on = _today(at)
    _move(case, "award", user, at=at or timezone.now())
    for claim in claims:
        claim.save(update_fields=["result", "awarded_amount", "final"])
    case.outcome = DisputeCase.Outcome.AWARDED
    case.finality = finality
    case.awarded_on = case.closed_on = on
    case.amount_awarded = sum((c.awarded_amount or Decimal("0") for c in claims), Decimal("0.00"))
    case.save()
    if finality == "partial":
        return [
            _award_document(case, user, on, [c for c in claims if c.final], reasoning, final=True, part="终局部分"),
            _award_document(
                case, user, on, [c for c in claims if not c.final], reasoning, final=False, part="非终局部分"
            ),
        ]
    return [_award_document(case, user, on, claims, reasoning, final=finality == "final")]


# --- the clock: extension, suspension ------------------------------------------------------------


@transaction.atomic
def extend(case: DisputeCase, user, approved_by_note: str, *, at: datetime | None = None) -> DisputeCase:
    """延长审理期限 (LDMAL-43): once, by fifteen natural days, with the commission director's
    approval (recorded in `approved_by_note`)."""
    check_arbitrator(case, user)
    note = _require(approved_by_note, "approved_by_note", _("请填写批准情况（批准人、批准日期）"))
    if case.award_extended:
        raise ValidationError(_("审理期限只能延长一次（劳动争议调解仲裁法第四十三条）"))
    if case.award_deadline is None:
        raise ValidationError(_("案件没有正在计算的裁决期限"))
    new = rules.deadline("award_extension", case.award_deadline)
    _move(case, "extend", user, note=note, at=at or timezone.now())
    case.award_deadline, case.award_deadline_provisional = new.date, new.provisional or case.award_deadline_provisional
    case.award_extended = True
    case.save()
    return case


@transaction.atomic
def suspend(case: DisputeCase, user, reason: str, *, at: datetime | None = None) -> DisputeCase:
    """中止审理: the award clock stops; a scheduled hearing is called off."""
    check_arbitrator(case, user)
    reason = _require(reason, "reason", _("请填写中止审理的事由"))
    _move(case, "suspend", user, note=reason, at=at or timezone.now())
    case.suspended_on = _today(at)
    case.save()
    case.hearings.filter(status=Hearing.Status.SCHEDULED).update(status=Hearing.Status.CANCELLED)
    return case


@transaction.atomic
def resume(case: DisputeCase, user, *, at: datetime | None = None) -> DisputeCase:
    """恢复审理: the award deadline moves by the natural days the case was suspended, onto the next
    working day when it lands on a rest day (core calendar). The case is back to ACCEPTED (the
    workflow's table): a hearing is scheduled and held again before the award."""
    check_arbitrator(case, user)
    on = _today(at)
    days = max((on - case.suspended_on).days, 0) if case.suspended_on else 0
    _move(case, "resume", user, note=_("中止%(days)s日") % {"days": days}, at=at or timezone.now())
    if case.award_deadline:
        moved = add_period(case.award_deadline, days, "natural")
        case.award_deadline, case.award_deadline_provisional = (
            moved.date,
            moved.provisional or case.award_deadline_provisional,
        )
    case.suspended_on = None
    case.save()
    return case


# --- other endings ------------------------------------------------------------------------------


@transaction.atomic
def settle(case: DisputeCase, user, terms: str, amount, *, at: datetime | None = None) -> CaseDocument:
    """仲裁调解 (LDMAL-42): the agreed terms in a 仲裁调解书 served on the parties; the case closes."""
    check_arbitrator(case, user)
    terms = _require(terms, "terms", _("请填写调解协议内容"))
    amount = _amount(amount, "amount")
    if amount is None:
        raise ValidationError({"amount": _("请填写调解金额（无金额的填0）")})
    on = _today(at)
    _move(case, "settle", user, at=at or timezone.now())
    case.outcome = DisputeCase.Outcome.SETTLED
    case.closed_on = on
    case.amount_awarded = amount
    case.save()
    case.claims.update(result=Claim.Result.SETTLED)
    document = _issue(
        case,
        CaseDocument.Kind.ARBITRATION_MEDIATION,
        "仲裁调解书",
        [
            ("仲裁请求", _claims_text(case)),
            ("", ["本案在仲裁庭主持下，双方当事人自愿达成如下协议："]),
            ("协议内容", [terms, f"调解金额合计{amount}元。"]),
            ("", ["本调解书经双方当事人签收后，发生法律效力（劳动争议调解仲裁法第四十二条）。"]),
        ],
        user,
        on,
    )
    documents.serve(document, user)
    return document


@transaction.atomic
def withdraw(case: DisputeCase, user, *, reason: str = "", at: datetime | None = None) -> DisputeCase:
    """撤回仲裁申请: by the applicant, or recorded by the commission's arbitrator."""
    if not is_commission_arbitrator(case, user) and _side_of(case, user) != Party.Side.APPLICANT:
        raise PermissionDenied(_("只有申请人或本案仲裁员可以撤回仲裁申请"))
    _move(case, "withdraw", user, note=(reason or "").strip(), at=at or timezone.now())
    case.outcome = DisputeCase.Outcome.WITHDRAWN
    case.closed_on = _today(at)
    case.save()
    return case


# --- service (电子送达) ---------------------------------------------------------------------------


def award_documents(case: DisputeCase):
    return case.documents.filter(kind__in=AWARD_KINDS).order_by("issued_at", "id")


@transaction.atomic
def serve_award(case: DisputeCase, user, *, at: datetime | None = None) -> list:
    """送达裁决书: every award document on every party, electronically; the case is SERVED and each
    party's receipt follows when they open it (`documents.receipt`)."""
    check_arbitrator(case, user)
    if case.status != Status.AWARDED:
        raise ValidationError(_("只有已作出裁决的案件可以送达裁决书"))
    docs = list(award_documents(case))
    if not docs:
        raise ValidationError(_("没有可送达的裁决书"))
    _move(case, "serve", user, at=at or timezone.now())
    case.served_on = _today(at)
    case.save()
    return [s for d in docs for s in documents.serve(d, user)]


def open_document(document: CaseDocument, user):
    """A user opens a served document: when they are the party it was served on, that is the
    receipt (送达回证). Returns the receipted services."""
    party = documents.party_of(document.case, user) if getattr(user, "is_authenticated", False) else None
    if party is None:
        return []
    return [documents.receipt(s, user) for s in document.services.filter(party=party)]
