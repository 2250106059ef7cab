"""The internal complaint and mediation: Alice complains to Quancheng Machinery (Lixia), the
enterprise answers, she escalates to Lixia's mediation committee, the case is handed over, agreed
with a 调解协议书 served on both parties, or fails and goes to arbitration; judicial confirmation is
recorded. Bad input — a mediator of Shizhong, a hand-over to a non-mediation organization, a
negative amount, a closed case — is refused with nothing changed."""

import random
import shutil
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hexie.core.models import Membership, Organization, Region, TimelineEntry
from hexie.core.senders import ConsoleSmsSender
from hexie.disputes import rules
from hexie.disputes.models import CaseDocument, Channel, DisputeCase, MediationAttempt, Service
from hexie.disputes.services import mediation, routing
from tests.disputes.factory import make_case
from tests.world import make_org, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
Status = DisputeCase.Status


def state(case):
    """What a refused action must leave untouched."""
    case = DisputeCase.objects.get(pk=case.pk)
    return (
        case.status,
        case.outcome,
        case.closed_on,
        case.mediation_org_id,
        case.mediation_deadline,
        case.internal_reply,
        list(case.mediations.values_list("organization_id", "outcome", "mediator_id", "terms", "confirmation_result")),
        case.timeline.count(),
        case.documents.count(),
    )


@pytest.fixture
def internal_case(world):
    case = make_case(world.enterprise_a, world.alice_person)
    routing.start_internal(case, world.alice)
    case.refresh_from_db()
    return case


@pytest.fixture
def mediating(world):
    case = make_case(world.enterprise_a, world.alice_person)
    routing.start_mediation(case, world.alice, organization=world.lixia_mediation, channel=Channel.REGIONAL)
    case.refresh_from_db()
    return case


@pytest.fixture
def station(world):
    """A street station under Lixia (历下区泉城路街道劳动关系服务站, 370102001)."""
    region = Region.objects.filter(code__startswith="370102", level="township").first()
    if region is None:
        region = Region.objects.create(code="370102001", name="解放路街道", level="township", parent_id="370102")
    return Organization.objects.create(name=f"{region.name}劳动关系服务站", kind="station", region=region)


# --- the internal complaint --------------------------------------------------------------------


def test_the_enterprise_replies_and_the_worker_accepts(world, internal_case):
    case = internal_case
    assert case.status == Status.INTERNAL and case.internal_deadline is not None
    mediation.reply_internal(case, world.hr_a, "  同意于10月10日前补发6月至8月工资。 ")
    case.refresh_from_db()
    assert case.internal_reply == "同意于10月10日前补发6月至8月工资。" and case.internal_replied_at is not None
    entry = case.timeline.get(action="reply_internal")
    assert entry.actor == world.hr_a and entry.from_status == entry.to_status == "internal"
    assert not case.mediations.exists()  # the complaint is not mediation (no attempt, no LDMAL-14 clock)

    mediation.resolve_internal(case, world.alice, "已收到补发工资")
    case.refresh_from_db()
    assert case.status == Status.INTERNAL_RESOLVED
    assert case.outcome == "internal_resolved" and case.closed_on == timezone.localdate()
    assert case.internal_deadline is None


def test_hr_of_another_enterprise_cannot_reply(world, internal_case):
    before = state(internal_case)
    with pytest.raises(PermissionDenied):
        mediation.reply_internal(internal_case, world.hr_b, "与我司无关")
    for user in (world.alice, world.mediator, world.lixia):
        with pytest.raises(PermissionDenied):
            mediation.reply_internal(internal_case, user, "代为答复")
    assert state(internal_case) == before


def test_an_empty_reply_is_refused(world, internal_case):
    before = state(internal_case)
    with pytest.raises(ValidationError) as error:
        mediation.reply_internal(internal_case, world.hr_a, "   ")
    assert "text" in error.value.error_dict
    assert state(internal_case) == before


def test_only_the_worker_accepts_or_escalates(world, internal_case):
    before = state(internal_case)
    with pytest.raises(PermissionDenied):
        mediation.resolve_internal(internal_case, world.hr_a)
    with pytest.raises(PermissionDenied):
        mediation.escalate(internal_case, world.hr_a, world.lixia_mediation, Channel.REGIONAL)
    assert state(internal_case) == before


def test_the_worker_escalates_to_external_mediation(world, internal_case):
    case = internal_case
    attempt = mediation.escalate(case, world.alice, world.lixia_mediation, Channel.REGIONAL, "企业答复不满意")
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and case.mediation_org == world.lixia_mediation
    assert case.internal_deadline is None
    # LDMAL-14: fifteen natural days from the request
    assert case.mediation_deadline == rules.deadline("mediation", timezone.localdate()).date
    assert attempt.outcome == "pending" and attempt.channel == "regional"
    assert "鲁0102劳人调字第" in case.mediation_number


def test_a_lapsed_complaint_goes_to_the_regional_committee_by_itself(world):
    lapsed = make_case(world.enterprise_a, world.alice_person, status="internal", internal_deadline=date(2026, 9, 16))
    running = make_case(world.enterprise_a, world.carol_person, status="internal", internal_deadline=date(2026, 9, 17))
    # the county's committee, not an enterprise's own committee that happens to sort first
    Organization.objects.create(
        name="泉城机械劳动争议调解委员会", kind="mediation", region_id="370102", parent=world.enterprise_a
    )
    assert mediation.escalate_lapsed_internal(date(2026, 9, 17)) == 1
    lapsed.refresh_from_db()
    running.refresh_from_db()
    assert lapsed.status == Status.MEDIATING and lapsed.mediation_org == world.lixia_mediation
    entry = lapsed.timeline.get(action="mediate")
    assert entry.actor is None and entry.actor_role == "system"
    assert lapsed.mediations.get().channel == Channel.REGIONAL
    assert running.status == Status.INTERNAL
    assert mediation.escalate_lapsed_internal(date(2026, 9, 17)) == 0


# --- routing ------------------------------------------------------------------------------------


def test_routing_options_of_a_case(world, station):
    case = make_case(world.enterprise_a, world.alice_person)
    own = Organization.objects.create(
        name="泉城机械劳动争议调解委员会", kind="mediation", region_id="370102", parent=world.enterprise_a
    )
    other = Organization.objects.create(
        name="某其他企业调解委员会", kind="mediation", region_id="370102", parent=world.enterprise_b
    )
    city = make_org(random.Random(1), "济南市劳动人事争议调解中心", "mediation", "370100")
    industry = Organization.objects.create(
        name="历下区餐饮行业调解委员会", kind="mediation", region_id="370102", industry="H"
    )
    options = {o.organization: o.channel for o in mediation.mediation_options(case)}
    assert options[own] == Channel.ENTERPRISE
    assert options[station] == Channel.STATION
    assert options[world.lixia_mediation] == Channel.REGIONAL
    assert options[industry] == Channel.INDUSTRY
    assert options[city] == Channel.REGIONAL
    for absent in (other, world.shizhong_mediation, world.lixia_arbitration, world.enterprise_a, world.lixia_court):
        assert absent not in options
    assert list(options)[0] == own  # the enterprise's own committee first


def test_routing_refuses_a_non_mediation_organization_at_the_start(world):
    case = make_case(world.enterprise_a, world.alice_person)
    before = state(case)
    for org, channel in (
        (world.lixia_arbitration, Channel.REGIONAL),
        (world.enterprise_b, Channel.ENTERPRISE),
        (world.shizhong_mediation, Channel.REGIONAL),
    ):
        with pytest.raises(ValidationError) as error:
            routing.start_mediation(case, world.alice, organization=org, channel=channel)
        assert "organization" in error.value.error_dict
        assert case.mediation_org_id is None
    with pytest.raises(ValidationError):
        routing.start_mediation(case, world.alice, organization=world.lixia_mediation, channel="nonsense")
    assert state(case) == before


# --- mediators, hand-over, the clock -----------------------------------------------------------


def test_assigning_a_mediator(world, mediating):
    attempt = mediating.mediations.get()
    colleague = make_user("mediator_li", org=world.lixia_mediation, role="mediator")
    mediation.assign_mediator(attempt, colleague, world.mediator)
    attempt.refresh_from_db()
    assert attempt.mediator == colleague
    assert mediating.timeline.filter(action="assign_mediator").exists()
    before = state(mediating)
    with pytest.raises(ValidationError) as error:  # not a member of the committee
        mediation.assign_mediator(attempt, world.mediator_shizhong, world.mediator)
    assert "mediator" in error.value.error_dict
    with pytest.raises(PermissionDenied):  # Shizhong's mediator cannot name anyone on a Lixia case
        mediation.assign_mediator(attempt, world.mediator_shizhong, world.mediator_shizhong)
    assert state(mediating) == before


def test_hand_over_keeps_the_history_and_the_clock(world, mediating, station):
    case = mediating
    deadline = case.mediation_deadline
    Membership.objects.create(user=make_user("station_mediator"), organization=station, role="mediator")
    new = mediation.handover(case, world.mediator, organization=station, channel=Channel.STATION, note="就近调解")
    case.refresh_from_db()
    first, second = case.mediations.order_by("started_at", "id")
    assert first.outcome == "handed_over" and first.ended_at is not None and first.note == "就近调解"
    assert second == new and second.outcome == "pending" and second.organization == station
    assert case.mediation_org == station and case.status == Status.MEDIATING
    assert case.mediation_deadline == deadline  # LDMAL-14 runs from the first request
    assert case.timeline.filter(action="handover").count() == 1
    # the committee has handed it over: now only the station acts
    with pytest.raises(PermissionDenied):
        mediation.record_agreement(case, world.mediator, terms="支付工资")
    station_mediator = station.memberships.get().user
    mediation.record_agreement(case, station_mediator, terms="支付工资12000元", amount="12000")
    case.refresh_from_db()
    assert case.status == Status.MEDIATED


def test_hand_over_to_a_non_mediation_organization_is_refused(world, mediating):
    before = state(mediating)
    for org in (world.lixia_arbitration, world.lixia_court, world.enterprise_a, world.shizhong_mediation):
        with pytest.raises(ValidationError) as error:
            mediation.handover(mediating, world.mediator, organization=org, channel=Channel.REGIONAL)
        assert "organization" in error.value.error_dict
    assert state(mediating) == before


def test_a_mediator_from_another_county_is_refused(world, mediating):
    before = state(mediating)
    shizhong = world.mediator_shizhong
    with pytest.raises(PermissionDenied):
        mediation.record_agreement(mediating, shizhong, terms="支付工资", amount="1000")
    with pytest.raises(PermissionDenied):
        mediation.record_failure(mediating, shizhong, "调解不成")
    with pytest.raises(PermissionDenied):
        mediation.handover(mediating, shizhong, organization=world.shizhong_mediation, channel=Channel.REGIONAL)
    assert state(mediating) == before
    mediation.record_failure(mediating, world.mediator, "双方分歧较大")  # Lixia's own mediator may
    mediating.refresh_from_db()
    assert mediating.status == Status.MEDIATION_FAILED


# --- agreement and its PDF ---------------------------------------------------------------------


def test_agreement_issues_a_pdf_served_on_both_parties(world, mediating, settings):
    settings.SMS_SENDER = "hexie.core.senders.ConsoleSmsSender"
    ConsoleSmsSender.outbox.clear()
    attempt = mediation.record_agreement(
        mediating, world.mediator, terms="被申请人于2026年10月15日前支付申请人工资人民币10000元。", amount="10000"
    )
    case = DisputeCase.objects.get(pk=mediating.pk)
    assert case.status == Status.MEDIATED and case.outcome == "mediated"
    assert case.closed_on == timezone.localdate() and case.amount_awarded == Decimal("10000.00")
    assert case.mediation_deadline is None
    attempt.refresh_from_db()
    assert attempt.outcome == "agreed" and attempt.amount == Decimal("10000.00") and attempt.ended_at
    assert attempt.mediator == world.mediator  # who recorded it signs it
    document = case.documents.get(kind=CaseDocument.Kind.MEDIATION_AGREEMENT)
    assert attempt.agreement.name == document.file.name
    assert document.number == case.mediation_number and document.title == "劳动争议调解协议书"
    assert Service.objects.filter(document=document).count() == 2  # Alice and Quancheng Machinery
    assert any("调解协议书" in message for _, message in ConsoleSmsSender.outbox)

    data = document.file.open("rb").read()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for expected in (
        "劳动争议调解协议书",
        "王丽",
        "济南泉城机械有限公司",
        "拖欠工资",
        "10,000.00",
        "历下区劳动人事争议调解委员会",
        "调解员：mediator",
    ):
        assert expected in text, expected


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    from io import BytesIO

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.mark.parametrize(
    "terms, amount, field",
    [("支付工资", "-1", "amount"), ("支付工资", "abc", "amount"), ("  ", "100", "terms")],
)
def test_bad_agreements_are_refused(world, mediating, terms, amount, field):
    before = state(mediating)
    with pytest.raises(ValidationError) as error:
        mediation.record_agreement(mediating, world.mediator, terms=terms, amount=amount)
    assert field in error.value.error_dict
    assert state(mediating) == before
    assert not CaseDocument.objects.exists()


def test_acting_on_a_closed_case_is_refused(world, mediating):
    mediation.record_agreement(mediating, world.mediator, terms="支付工资", amount="100")
    case = DisputeCase.objects.get(pk=mediating.pk)
    before = state(case)
    with pytest.raises((ValidationError, PermissionDenied)):
        mediation.record_agreement(case, world.mediator, terms="再次调解", amount="1")
    with pytest.raises((ValidationError, PermissionDenied)):
        mediation.record_failure(case, world.alice, "调解不成")
    with pytest.raises((ValidationError, PermissionDenied)):
        mediation.handover(case, world.mediator, organization=world.lixia_mediation, channel=Channel.REGIONAL)
    with pytest.raises(ValidationError):
        mediation.reply_internal(case, world.hr_a, "答复")
    with pytest.raises(ValidationError):
        mediation.escalate(case, world.alice, world.lixia_mediation, Channel.REGIONAL)
    assert state(case) == before


# --- failure, the LDMAL-14 lapse and arbitration -----------------------------------------------


def test_the_worker_ends_mediation_and_applies_for_arbitration(world, mediating):
    mediation.record_failure(mediating, world.alice, "企业不同意支付")
    case = DisputeCase.objects.get(pk=mediating.pk)
    assert case.status == Status.MEDIATION_FAILED and case.outcome == "mediation_failed" and case.closed_on
    assert case.mediations.get().outcome == "failed"
    routing.apply_for_arbitration(case, world.alice)
    assert case.status == Status.ARB_REVIEW and case.commission == world.lixia_arbitration


def test_a_failure_needs_a_reason_and_hr_cannot_end_mediation(world, mediating):
    before = state(mediating)
    with pytest.raises(ValidationError):
        mediation.record_failure(mediating, world.mediator, "")
    with pytest.raises(PermissionDenied):
        mediation.record_failure(mediating, world.hr_a, "不同意")
    assert state(mediating) == before


def test_after_fifteen_days_a_party_may_go_to_arbitration(world):
    case = make_case(world.enterprise_a, world.alice_person)
    routing.start_mediation(case, world.alice, organization=world.lixia_mediation, channel=Channel.REGIONAL)
    case.refresh_from_db()
    deadline = case.mediation_deadline
    assert list(mediation.lapsed_mediations(deadline)) == []
    assert list(mediation.lapsed_mediations(deadline + timedelta(days=1))) == [case]

    before = state(case)
    with pytest.raises(ValidationError) as error:  # not yet lapsed
        mediation.apply_after_lapse(case, world.alice, today=deadline)
    assert error.value.code == "LDMAL-14"
    with pytest.raises(PermissionDenied):
        mediation.apply_after_lapse(case, world.mediator, today=deadline + timedelta(days=1))
    assert state(case) == before

    mediation.apply_after_lapse(case, world.alice, today=deadline + timedelta(days=1))
    case = DisputeCase.objects.get(pk=case.pk)
    assert case.status == Status.ARB_REVIEW and case.outcome == "mediation_failed"
    assert case.mediation_deadline is None and case.acceptance_deadline is not None
    assert case.mediations.get().outcome == "failed"
    actions = list(case.timeline.values_list("action", "actor_role"))
    assert actions[-2:] == [("fail_mediation", "system"), ("apply_arbitration", "worker")]
    assert not mediation.lapsed_mediations(deadline + timedelta(days=1)).exists()


# --- judicial confirmation ---------------------------------------------------------------------


@pytest.fixture
def agreed(world, mediating):
    return mediation.record_agreement(mediating, world.mediator, terms="支付工资8000元", amount="8000")


def test_judicial_confirmation_is_requested_and_recorded(world, agreed):
    today = timezone.localdate()
    mediation.request_confirmation(agreed, world.mediator, world.lixia_court, today)
    agreed.refresh_from_db()
    assert agreed.confirmation_court == world.lixia_court and agreed.confirmation_result == "pending"
    assert agreed.confirmation_requested_on == today
    with pytest.raises(PermissionDenied):
        mediation.record_confirmation(agreed, world.hr_a, "confirmed")
    mediation.record_confirmation(agreed, world.court_liaison, "confirmed")
    agreed.refresh_from_db()
    assert agreed.confirmation_result == "confirmed"
    case = agreed.case
    assert [e.action for e in case.timeline.filter(action__contains="confirmation")] == [
        "request_confirmation",
        "record_confirmation",
    ]


def test_judicial_confirmation_bad_input(world, agreed, mediating):
    before = state(mediating)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        mediation.request_confirmation(agreed, world.mediator, world.lixia_arbitration, today)
    assert "court" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        mediation.request_confirmation(agreed, world.mediator, world.lixia_court, today + timedelta(days=1))
    assert "requested_on" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        mediation.request_confirmation(agreed, world.mediator_shizhong, world.lixia_court, today)
    with pytest.raises(ValidationError):  # nothing requested yet
        mediation.record_confirmation(agreed, world.mediator, "confirmed")
    assert state(mediating) == before


def test_confirmation_is_asked_within_thirty_days(world, agreed):
    MediationAttempt.objects.filter(pk=agreed.pk).update(ended_at=datetime(2026, 9, 1, 10, tzinfo=SHANGHAI))
    agreed.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        mediation.request_confirmation(agreed, world.alice, world.lixia_court, date(2026, 10, 2))
    assert "三十日" in str(error.value)
    mediation.request_confirmation(agreed, world.alice, world.lixia_court, date(2026, 10, 1))
    assert TimelineEntry.objects.filter(action="request_confirmation", actor=world.alice).exists()


def test_a_pending_attempt_cannot_be_confirmed(world, mediating):
    attempt = mediating.mediations.get()
    with pytest.raises(ValidationError):
        mediation.request_confirmation(attempt, world.mediator, world.lixia_court, timezone.localdate())


def test_in_a_collective_case_only_representatives_act_for_the_workers(world, internal_case):
    from hexie.disputes.models import Party

    DisputeCase.objects.filter(pk=internal_case.pk).update(kind="collective", workers=12)
    internal_case.refresh_from_db()
    carol = Party.objects.create(
        case=internal_case, side=Party.Side.APPLICANT, person=world.carol_person, name=world.carol_person.name
    )
    carol_user = make_user("carol", person=world.carol_person)
    with pytest.raises(PermissionDenied):
        mediation.resolve_internal(internal_case, carol_user)
    Party.objects.filter(pk=carol.pk).update(representative=True)
    mediation.resolve_internal(internal_case, carol_user)
    assert internal_case.status == Status.INTERNAL_RESOLVED


def test_every_timeline_entry_of_the_part_has_a_label(world, agreed):
    mediation.request_confirmation(agreed, world.mediator, world.lixia_court, timezone.localdate())
    mediation.record_confirmation(agreed, world.mediator, "rejected")
    transitions = {t.action for t in DisputeCase.workflow.transitions}
    for action in agreed.case.timeline.values_list("action", flat=True):
        assert action in transitions or action in mediation.TIMELINE_LABELS, action
