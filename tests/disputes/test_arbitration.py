"""Arbitration from acceptance to the served award: the clocks stamped at acceptance, the tribunal,
the hearing notice (LDMAL-35), the hearing record, evidence exchange, the award's finality
(LDMAL-47) with its documents, extension, suspension, settlement and electronic service with the
worker's receipt — and the bad inputs, each a clear error with nothing changed."""

import shutil
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hexie.core import refcache
from hexie.core.calendar import add_period, is_workday
from hexie.core.models import Membership, MinimumWage, Organization, Region, TimelineEntry
from hexie.disputes import rules
from hexie.disputes.models import CaseDocument, Claim, DisputeCase, Evidence, Hearing, Party, Service
from hexie.disputes.services import arbitration as arb
from tests.disputes.factory import make_case
from tests.world import make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDFTOTEXT = shutil.which("pdftotext")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def jinan_wage(world):
    """Jinan pays Shandong's first tier, ¥2,200 a month (12 × = ¥26,400)."""
    MinimumWage.objects.create(
        region=Region.objects.get(code="370100"),
        tier=1,
        monthly=Decimal("2200.00"),
        hourly=Decimal("22.00"),
        effective_from=date(2023, 10, 1),
        source="测试：济南市执行第一档",
    )
    refcache.invalidate_all()
    return Decimal("2200.00")


def review_case(world, **kw):
    return make_case(world.enterprise_a, world.alice_person, status="arb_review", arbitration_number="", **kw)


def snapshot(case):
    case.refresh_from_db()
    return (
        {f.attname: getattr(case, f.attname) for f in DisputeCase._meta.concrete_fields},
        CaseDocument.objects.filter(case=case).count(),
        Hearing.objects.filter(case=case).count(),
        TimelineEntry.objects.filter(object_id=str(case.pk)).count(),
        list(case.claims.values_list("result", "awarded_amount", "final")),
    )


def pdf_text(document: CaseDocument) -> str:
    with document.file.open("rb") as f:
        data = f.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return text.replace("\n", "")  # lines wrap anywhere in Chinese


ACCEPTED = date(2026, 9, 28)  # a Monday before the National Day holiday (10-01..10-07)


def accepted_case(world, **kw):
    case = review_case(world, **kw)
    arb.accept(case, world.arbitrator, at=at(ACCEPTED))
    case.refresh_from_db()
    return case


def heard_case(world, **kw):
    case = accepted_case(world, **kw)
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator], at=at(ACCEPTED))
    hearing = arb.schedule_hearing(
        case,
        world.arbitrator,
        starts_at=at(date(2026, 10, 20), 9),
        notice_on=date(2026, 10, 9),
        at=at(date(2026, 10, 9)),
    )
    party_ids = {p.pk: p.name for p in case.parties.all()}
    arb.hold_hearing(
        hearing,
        world.arbitrator,
        transcript="庭审笔录：双方陈述……",
        attendance=party_ids,
        at=at(date(2026, 10, 20), 11),
    )
    case.refresh_from_db()
    return case


# --- the whole path ---------------------------------------------------------------------------


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils not installed")
def test_the_whole_path_from_acceptance_to_the_workers_receipt(world, jinan_wage, client_for):
    case = review_case(world, amount=Decimal("20000.00"))
    arb.accept(case, world.arbitrator, at=at(ACCEPTED))
    case.refresh_from_db()
    assert case.status == "accepted" and case.accepted_on == ACCEPTED
    assert "鲁0102劳人仲案字第" in case.arbitration_number
    # LDMAL-30: copy within 5 working days: 9-29, 9-30, the holiday 10-01..10-07 skipped, 10-08, 10-09 and
    # Saturday 10-10, a make-up working day (调休上班)
    # (10-10): served at once with the acceptance notice, so that clock is done; the defence runs from it
    assert rules.deadline("respondent_copy", ACCEPTED).date == date(2026, 10, 10)
    assert case.respondent_copy_deadline is None
    assert case.defence_deadline == rules.deadline("defence", date(2026, 10, 10)).date == date(2026, 10, 23)
    assert case.tribunal_deadline == rules.deadline("tribunal_notice", ACCEPTED).date
    assert case.award_deadline == add_period(ACCEPTED, 45, "natural").date
    notice = case.documents.get(kind=CaseDocument.Kind.ACCEPTANCE)
    assert set(notice.services.values_list("party__side", flat=True)) == {"applicant", "respondent"}
    text = pdf_text(notice)
    assert "受理通知书" in text and case.arbitration_number in text and "答辩" in text
    assert "仲裁申请书副本随本通知书送达被申请人" in text and "2026年10月10日" in text

    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator], at=at(ACCEPTED))
    outcome = arb.submit_defence(case, world.hr_a, "已足额支付工资，不同意申请人请求。", at=at(date(2026, 10, 9)))
    assert outcome.findings == []
    hearing = arb.schedule_hearing(
        case,
        world.arbitrator,
        starts_at=at(date(2026, 10, 20), 9),
        notice_on=date(2026, 10, 9),
        at=at(date(2026, 10, 9)),
    )
    case.refresh_from_db()
    assert case.status == "hearing_scheduled" and hearing.room_link.startswith("https://")
    hearing_notice = case.documents.get(kind=CaseDocument.Kind.HEARING_NOTICE)
    assert "开庭通知书" in pdf_text(hearing_notice) and "2026年10月20日" in pdf_text(hearing_notice)

    applicant = case.parties.get(side="applicant")
    respondent = case.parties.get(side="respondent")
    outcome = arb.hold_hearing(
        hearing,
        world.arbitrator,
        transcript="仲裁员：请申请人陈述仲裁请求。……",
        attendance={applicant.pk: "王丽本人", respondent.pk: "委托代理人赵律师"},
        at=at(date(2026, 10, 20), 11),
    )
    assert outcome.findings == []
    hearing.refresh_from_db()
    assert hearing.status == "held" and {r["present"] for r in hearing.attendance} == {True}

    claim = case.claims.get()
    case.refresh_from_db()
    docs = arb.issue_award(
        case,
        world.arbitrator,
        results={claim.pk: ("partly", "15000.00")},
        reasoning="被申请人未能举证证明已足额支付工资。",
        at=at(date(2026, 10, 30)),
    )
    case.refresh_from_db()
    assert case.status == "awarded" and case.outcome == "awarded" and case.finality == "final"
    assert case.awarded_on == case.closed_on == date(2026, 10, 30) and case.amount_awarded == Decimal("15000.00")
    assert [d.kind for d in docs] == ["final_award"]
    text = pdf_text(docs[0])
    assert "终局裁决书" in text and "15000.00元" in text and "第四十八条" in text

    arb.serve_award(case, world.arbitrator, at=at(date(2026, 10, 31)))
    case.refresh_from_db()
    assert case.status == "served" and case.served_on == date(2026, 10, 31)
    service = Service.objects.get(document=docs[0], party=applicant)
    assert service.receipt_at is None

    # the worker opens it on the phone: the receipt is recorded for her own service only
    client = client_for(world.alice)
    response = client.get(f"/disputes/documents/{docs[0].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    service.refresh_from_db()
    assert service.receipt_at is not None and service.receipt_by == world.alice
    assert Service.objects.get(document=docs[0], party=respondent).receipt_at is None


def test_the_workers_phone_lists_documents_served_on_her(world, jinan_wage, client_for):
    case = heard_case(world)
    claim = case.claims.get()
    arb.issue_award(case, world.arbitrator, results={claim.pk: ("upheld", None)}, reasoning="理由")
    arb.serve_award(case, world.arbitrator)
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.alice
    html = Template('{% include "disputes/parts/my_documents.html" %}').render(
        Context({"case": case, "request": request, "user": world.alice})
    )
    assert "终局裁决书" in html and "签收" in html and "受理通知书" in html


def test_every_timeline_entry_of_the_part_has_a_label(world, jinan_wage):
    case = heard_case(world)
    arb.submit_defence(case, world.hr_a, "答辩")
    arb.recuse(case.tribunal.get(), world.arbitrator, "利害关系")
    arb.appoint(case, world.arbitrator, arbitrator=make_user("arb2", org=world.lixia_arbitration, role="arbitrator"))
    transitions = {t.action for t in DisputeCase.workflow.transitions}
    actions = set(TimelineEntry.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {"compose_tribunal", "recuse", "appoint", "defence", "accept", "hold_hearing"} <= actions
    for action in actions:
        assert action in transitions or action in arb.TIMELINE_LABELS, action


# --- the clocks end with their duties ----------------------------------------------------------


def test_a_clock_ends_when_its_duty_is_done_so_an_open_case_is_not_overdue(world, jinan_wage):
    from hexie.disputes.services.deadlines import case_clocks, overdue_q

    case = accepted_case(world)
    # the copy went to the respondent with the acceptance notice
    assert case.documents.get(kind="acceptance").services.filter(party__side="respondent").exists()
    assert case.respondent_copy_deadline is None and case.respondent_copy_deadline_provisional is False
    later = case.tribunal_deadline + timedelta(days=1)  # past the tribunal notice, before the defence
    assert {c.key for c in case_clocks(case, later) if c.state == "overdue"} == {"tribunal_notice"}
    assert DisputeCase.objects.filter(overdue_q(later), pk=case.pk).exists()

    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator], at=at(ACCEPTED))
    case.refresh_from_db()
    assert case.tribunal_deadline is None
    assert not [c for c in case_clocks(case, later) if c.state == "overdue"]
    assert not DisputeCase.objects.filter(overdue_q(later), pk=case.pk).exists()
    assert "defence" in {c.key for c in case_clocks(case, later)}

    arb.submit_defence(case, world.hr_a, "已足额支付工资。", at=at(date(2026, 10, 12)))
    case.refresh_from_db()
    assert case.defence_deadline is None and case.defence == "已足额支付工资。"
    after = case.award_deadline - timedelta(days=1)
    assert [c.key for c in case_clocks(case, after)] == ["award"]
    assert not DisputeCase.objects.filter(overdue_q(after), pk=case.pk).exists()
    assert DisputeCase.objects.filter(overdue_q(case.award_deadline + timedelta(days=1)), pk=case.pk).exists()


def test_a_late_tribunal_is_noted_before_its_clock_is_cleared(world, jinan_wage):
    case = accepted_case(world)
    late = case.tribunal_deadline + timedelta(days=2)
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator], at=at(late))
    case.refresh_from_db()
    entry = TimelineEntry.objects.get(object_id=str(case.pk), action="compose_tribunal")
    assert "晚于仲裁庭组成通知期限" in entry.note and case.tribunal_deadline is None


def test_the_tribunal_note_names_arbitrators_by_their_full_names(world, jinan_wage):
    case = accepted_case(world)
    world.arbitrator.first_name, world.arbitrator.last_name = "明", "李"
    world.arbitrator.save(update_fields=["first_name", "last_name"])
    others = [make_user(f"arb_{i}", org=world.lixia_arbitration, role="arbitrator") for i in (1, 2)]
    others[0].first_name, others[0].last_name = "芳", "王"
    others[0].save(update_fields=["first_name", "last_name"])
    arb.compose_tribunal(case, world.arbitrator, kind="three", arbitrators=[world.arbitrator, *others])
    note = TimelineEntry.objects.get(object_id=str(case.pk), action="compose_tribunal").note
    full = world.arbitrator.get_full_name()
    assert full and full in note and others[0].get_full_name() in note
    assert "arbitrator" not in note and "arb_1" not in note
    assert "arb_2" in note  # no full name: the login name


# --- acceptance and refusal --------------------------------------------------------------------


def test_refusal_needs_a_reason_and_serves_its_notice(world):
    case = review_case(world)
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        arb.refuse(case, world.arbitrator, "   ")
    assert "reason" in error.value.message_dict
    assert snapshot(case) == before
    arb.refuse(case, world.arbitrator, "申请人的请求不属于劳动人事争议处理范围。", at=at(ACCEPTED))
    case.refresh_from_db()
    assert case.status == "refused" and case.outcome == "refused" and case.closed_on == ACCEPTED
    assert case.refusal_reason.startswith("申请人的请求")
    doc = case.documents.get(kind=CaseDocument.Kind.REFUSAL)
    assert doc.services.count() == 2
    if PDFTOTEXT:
        assert "不予受理通知书" in pdf_text(doc) and "不属于劳动人事争议处理范围" in pdf_text(doc)


def test_an_arbitrator_of_another_commission_cannot_act(world):
    """A city commission's arbitrator reaches Lixia's cases by region (the workflow lets the role
    through); only the case's own commission acts."""
    city = Organization.objects.create(
        name="济南市劳动人事争议仲裁委员会", kind="arbitration", region=Region.objects.get(code="370100")
    )
    stranger = make_user("arbitrator_city", org=city, role="arbitrator")
    case = review_case(world)
    before = snapshot(case)
    for act in (lambda: arb.accept(case, stranger), lambda: arb.refuse(case, stranger, "理由")):
        with pytest.raises(PermissionDenied):
            act()
    assert snapshot(case) == before
    # nor can an enterprise's administrator, whose "admin" role the workflow's table would take
    Membership.objects.filter(user=world.hr_a).update(role="admin")
    with pytest.raises(PermissionDenied):
        arb.accept(case, world.hr_a)
    assert snapshot(case) == before
    # and a foreign arbitrator cannot sit on the tribunal
    accepted = accepted_case(world)
    with pytest.raises(ValidationError) as error:
        arb.compose_tribunal(accepted, world.arbitrator, kind="sole", arbitrators=[stranger])
    assert "arbitrators" in error.value.message_dict
    assert not accepted.tribunal.exists()


# --- tribunal ----------------------------------------------------------------------------------


def test_a_three_member_tribunal_and_a_recusal_with_its_replacement(world):
    commission = world.lixia_arbitration
    others = [make_user(f"arb{i}", org=commission, role="arbitrator") for i in range(3)]
    case = accepted_case(world)
    with pytest.raises(ValidationError):
        arb.compose_tribunal(case, world.arbitrator, kind="three", arbitrators=[others[0], others[0], others[1]])
    with pytest.raises(ValidationError):
        arb.compose_tribunal(case, world.arbitrator, kind="three", arbitrators=others[:2])
    assert not case.tribunal.exists()
    members = arb.compose_tribunal(
        case, world.arbitrator, kind="three", arbitrators=[world.arbitrator, *others[:2]], presiding=others[1]
    )
    assert [m.seat for m in members] == ["presiding", "member", "member"]
    assert members[0].arbitrator == others[1]
    with pytest.raises(ValidationError):
        arb.recuse(members[1], world.arbitrator, "")
    arb.recuse(members[1], world.arbitrator, "与被申请人有利害关系（第三十三条）")
    assert arb.vacant_seats(case) == ["member"]
    with pytest.raises(ValidationError):
        arb.appoint(case, world.arbitrator, arbitrator=members[1].arbitrator)  # the recused one
    new = arb.appoint(case, world.arbitrator, arbitrator=others[2])
    assert new.seat == "member" and arb.vacant_seats(case) == []
    assert arb.active_tribunal(case).count() == 3


# --- defence and evidence ------------------------------------------------------------------------


def test_a_late_defence_is_recorded_as_late_not_refused(world):
    case = accepted_case(world)
    with pytest.raises(PermissionDenied):
        arb.submit_defence(case, world.alice, "申请人不能答辩")
    late = case.defence_deadline + timedelta(days=1)
    outcome = arb.submit_defence(case, world.hr_a, "不同意。", at=at(late))
    case.refresh_from_db()
    assert case.defence == "不同意。"
    assert outcome.findings and "逾期" in outcome.findings[0].message
    assert TimelineEntry.objects.filter(object_id=str(case.pk), action="defence", note__contains="逾期").exists()


def test_evidence_is_seen_by_the_other_side_only_once_exchanged(world):
    from django.core.files.base import ContentFile

    from hexie.core.models import Attachment

    case = accepted_case(world)

    def evidence(side, title, user):
        a = Attachment(name=f"{title}.pdf", content_type="application/pdf", size=8, sha256="0" * 64, uploaded_by=user)
        a.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        return Evidence.objects.create(case=case, side=side, title=title, attachment=a, submitted_by=user)

    mine = evidence("applicant", "工资条", world.alice)
    theirs = evidence("respondent", "考勤记录", world.hr_a)
    assert set(arb.visible_evidence(case, world.alice)) == {mine}
    assert set(arb.visible_evidence(case, world.hr_a)) == {theirs}
    assert set(arb.visible_evidence(case, world.arbitrator)) == {mine, theirs}
    with pytest.raises(ValidationError):
        arb.record_opinion(theirs, world.alice, "考勤记录系单方制作，真实性不予认可。")
    assert arb.exchange_evidence(case, world.arbitrator) == 2
    assert set(arb.visible_evidence(case, world.alice)) == {mine, theirs}
    with pytest.raises(PermissionDenied):
        arb.record_opinion(mine, world.alice, "自己的证据")
    arb.record_opinion(theirs, world.alice, "考勤记录系单方制作，真实性不予认可。")
    theirs.refresh_from_db()
    assert theirs.opinion.startswith("考勤记录")
    with pytest.raises(ValidationError):
        arb.exchange_evidence(case, world.arbitrator)  # nothing left to exchange


def test_the_panel_hides_the_other_sides_unexchanged_evidence(world, client_for):
    from django.core.files.base import ContentFile

    from hexie.core.models import Attachment

    case = accepted_case(world)
    a = Attachment(name="考勤.pdf", content_type="application/pdf", size=8, sha256="0" * 64, uploaded_by=world.hr_a)
    a.file.save("考勤.pdf", ContentFile(b"%PDF-1.4"), save=True)
    Evidence.objects.create(case=case, side="respondent", title="单位考勤记录表", attachment=a, submitted_by=world.hr_a)
    url = f"/disputes/{case.pk}/arbitration/panel/"
    assert "单位考勤记录表" not in client_for(world.alice).get(url).content.decode()
    assert "单位考勤记录表" in client_for(world.hr_a).get(url).content.decode()
    assert "单位考勤记录表" in client_for(world.arbitrator).get(url).content.decode()
    arb.exchange_evidence(case, world.arbitrator)
    assert "单位考勤记录表" in client_for(world.alice).get(url).content.decode()


# --- hearings ----------------------------------------------------------------------------------


def test_a_hearing_notice_shorter_than_five_working_days_is_refused(world):
    case = accepted_case(world)
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    before = snapshot(case)
    notice = date(2026, 10, 12)  # Monday: five working days end Monday 10-19
    with pytest.raises(ValidationError) as error:
        arb.schedule_hearing(
            case, world.arbitrator, starts_at=at(date(2026, 10, 16), 9), notice_on=notice, at=at(notice)
        )
    assert "starts_at" in error.value.message_dict
    assert "五日" in error.value.message_dict["starts_at"][0]
    assert snapshot(case) == before
    hearing = arb.schedule_hearing(
        case, world.arbitrator, starts_at=at(date(2026, 10, 19), 9), notice_on=notice, at=at(notice)
    )
    assert hearing.notice_on == notice


def test_a_hearing_needs_a_tribunal_and_an_offline_one_a_place(world):
    case = accepted_case(world)
    day = date(2026, 10, 12)
    with pytest.raises(ValidationError):
        arb.schedule_hearing(case, world.arbitrator, starts_at=at(date(2026, 10, 26)), at=at(day))
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    with pytest.raises(ValidationError) as error:
        arb.schedule_hearing(case, world.arbitrator, starts_at=at(date(2026, 10, 26)), online=False, at=at(day))
    assert "place" in error.value.message_dict
    hearing = arb.schedule_hearing(
        case, world.arbitrator, starts_at=at(date(2026, 10, 26)), online=False, place="第一仲裁庭", at=at(day)
    )
    assert hearing.room_link == "" and hearing.place == "第一仲裁庭"


def test_a_late_postponement_request_is_a_warning_and_the_new_hearing_gets_a_new_notice(world):
    case = accepted_case(world)
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    day = date(2026, 10, 12)
    hearing = arb.schedule_hearing(
        case, world.arbitrator, starts_at=at(date(2026, 10, 20), 9), notice_on=day, at=at(day)
    )
    outcome = arb.postpone_hearing(
        hearing,
        world.arbitrator,
        requested_on=date(2026, 10, 19),
        reason="申请人住院治疗",
        new_starts_at=at(date(2026, 11, 2), 9),
        at=at(date(2026, 10, 19)),
    )
    assert outcome.findings and "三日前" in outcome.findings[0].message
    hearing.refresh_from_db()
    assert hearing.status == "postponed" and hearing.postponement_reason == "申请人住院治疗"
    assert outcome.obj.status == "scheduled" and case.documents.filter(kind="hearing_notice").count() == 2


def test_an_absent_applicant_is_noted(world):
    case = accepted_case(world)
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    hearing = arb.schedule_hearing(
        case,
        world.arbitrator,
        starts_at=at(date(2026, 10, 20), 9),
        notice_on=date(2026, 10, 9),
        at=at(date(2026, 10, 9)),
    )
    respondent = case.parties.get(side="respondent")
    with pytest.raises(ValidationError):  # a hearing is not recorded before its day
        arb.hold_hearing(hearing, world.arbitrator, transcript="笔录", attendance={}, at=at(date(2026, 10, 19)))
    outcome = arb.hold_hearing(
        hearing,
        world.arbitrator,
        transcript="申请人经书面通知未到庭。",
        attendance={respondent.pk: "人事经理"},
        at=at(date(2026, 10, 20)),
    )
    assert [f.code for f in outcome.findings] == ["LDMAL-36"] and "申请人未到庭" in outcome.findings[0].message
    hearing.refresh_from_db()
    assert {r["side"]: r["present"] for r in hearing.attendance} == {"applicant": False, "respondent": True}


# --- award ------------------------------------------------------------------------------------


def test_an_award_before_the_hearing_is_refused_with_nothing_changed(world, jinan_wage):
    case = accepted_case(world)
    claim = case.claims.get()
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        arb.issue_award(case, world.arbitrator, results={claim.pk: ("upheld", None)}, reasoning="理由")
    assert "开庭" in error.value.messages[0]
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("amount", "finality"),
    [(Decimal("26400.00"), "final"), (Decimal("26400.01"), "non_final"), (Decimal("100.00"), "final")],
)
def test_finality_at_twelve_months_of_the_jinan_minimum_wage(world, jinan_wage, amount, finality):
    case = heard_case(world, amount=amount)
    claim = case.claims.get()
    docs = arb.issue_award(case, world.arbitrator, results={claim.pk: ("upheld", None)}, reasoning="理由")
    case.refresh_from_db()
    claim.refresh_from_db()
    assert case.finality == finality and claim.final is (finality == "final")
    assert [d.kind for d in docs] == ["final_award" if finality == "final" else "award"]


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils not installed")
def test_a_partial_award_is_two_documents(world, jinan_wage):
    case = heard_case(world, amount=Decimal("26400.00"))
    Claim.objects.create(case=case, kind="damages", amount=Decimal("60000.00"), description="违法解除赔偿金")
    Claim.objects.create(case=case, kind="confirm_relation", description="确认劳动关系")
    wages, damages, relation = case.claims.order_by("id")
    docs = arb.issue_award(
        case,
        world.arbitrator,
        results={wages.pk: ("upheld", None), damages.pk: ("partly", "50000.00"), relation.pk: ("upheld", None)},
        reasoning="理由",
    )
    case.refresh_from_db()
    assert case.finality == "partial" and case.amount_awarded == Decimal("76400.00")
    assert [d.kind for d in docs] == ["final_award", "award"]
    final_text, other_text = pdf_text(docs[0]), pdf_text(docs[1])
    assert "拖欠工资" in final_text and "赔偿金" not in final_text.split("裁决如下")[1]
    assert "违法解除劳动合同赔偿金50000.00元" in other_text and "确认劳动关系" in other_text
    assert "第五十条" in other_text


@pytest.mark.parametrize(
    ("result", "claimed", "awarded", "tested"),
    [
        ("upheld", Decimal("30000.00"), Decimal("30000.00"), Decimal("30000.00")),
        ("partly", Decimal("30000.00"), Decimal("20000.00"), Decimal("20000.00")),  # 单项裁决数额
        ("rejected", Decimal("30000.00"), Decimal("0.00"), Decimal("30000.00")),
        ("upheld", None, None, None),  # a claim with no amount (reinstatement, the relation)
    ],
)
def test_the_amount_tested_for_finality(result, claimed, awarded, tested):
    assert rules.amount_tested_for_finality(result, claimed, awarded) == tested


def test_a_rejected_claim_is_tested_at_the_amount_claimed(world, jinan_wage):
    case = heard_case(world, amount=Decimal("90000.00"))
    claim = case.claims.get()
    arb.issue_award(case, world.arbitrator, results={claim.pk: ("rejected", None)}, reasoning="证据不足")
    claim.refresh_from_db()
    assert claim.final is False and claim.awarded_amount == Decimal("0.00")


def test_award_input_errors_change_nothing(world, jinan_wage):
    case = heard_case(world)
    claim = case.claims.get()
    before = snapshot(case)
    bad = [
        {},  # no result for the claim
        {claim.pk: ("upheld", "12000.01")},  # more than claimed
        {claim.pk: ("upheld", "-1")},
        {claim.pk: ("bogus", None)},
        {claim.pk: ("partly", None)},
    ]
    for results in bad:
        with pytest.raises(ValidationError):
            arb.issue_award(case, world.arbitrator, results=results, reasoning="理由")
    with pytest.raises(ValidationError):
        arb.issue_award(case, world.arbitrator, results={claim.pk: ("upheld", None)}, reasoning=" ")
    assert snapshot(case) == before


# --- the clock ---------------------------------------------------------------------------------


def test_the_award_deadline_is_extended_once_only(world):
    case = accepted_case(world)
    first = case.award_deadline
    with pytest.raises(ValidationError):
        arb.extend(case, world.arbitrator, "")
    arb.extend(case, world.arbitrator, "经仲裁委员会主任张某批准")
    case.refresh_from_db()
    assert case.award_extended and case.award_deadline == rules.deadline("award_extension", first).date
    assert case.award_deadline >= first + timedelta(days=15)
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        arb.extend(case, world.arbitrator, "再次申请延期")
    assert "一次" in error.value.messages[0]
    assert snapshot(case) == before


def test_suspension_moves_the_award_deadline_by_the_suspended_days(world):
    case = accepted_case(world)
    deadline = case.award_deadline  # 2026-11-12, a Thursday
    arb.suspend(case, world.arbitrator, "申请人因工伤住院，无法参加仲裁", at=at(date(2026, 10, 12)))
    case.refresh_from_db()
    assert case.status == "suspended" and case.suspended_on == date(2026, 10, 12)
    arb.resume(case, world.arbitrator, at=at(date(2026, 10, 21)))  # 9 days
    case.refresh_from_db()
    assert case.status == "accepted" and case.suspended_on is None
    moved = deadline + timedelta(days=9)  # Saturday 2026-11-21 → Monday 11-23
    assert not is_workday(moved)
    assert case.award_deadline == date(2026, 11, 23)
    with pytest.raises(ValidationError):
        arb.suspend(case, world.arbitrator, "")


def test_suspension_calls_off_a_scheduled_hearing(world):
    case = accepted_case(world)
    arb.compose_tribunal(case, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    day = date(2026, 10, 12)
    hearing = arb.schedule_hearing(case, world.arbitrator, starts_at=at(date(2026, 10, 26)), at=at(day))
    arb.suspend(case, world.arbitrator, "等待工伤认定结论", at=at(day))
    hearing.refresh_from_db()
    assert hearing.status == "cancelled"


# --- other endings -----------------------------------------------------------------------------


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils not installed")
def test_settlement_serves_an_arbitration_mediation_document(world):
    case = accepted_case(world)
    with pytest.raises(ValidationError):
        arb.settle(case, world.arbitrator, "", "100")
    with pytest.raises(ValidationError):
        arb.settle(case, world.arbitrator, "分期支付", "abc")
    doc = arb.settle(
        case, world.arbitrator, "被申请人于2026年10月31日前支付申请人工资8000元。", "8000", at=at(date(2026, 10, 12))
    )
    case.refresh_from_db()
    assert case.status == "settled" and case.outcome == "settled" and case.amount_awarded == Decimal("8000.00")
    assert case.closed_on == date(2026, 10, 12) and case.award_deadline is None
    assert set(case.claims.values_list("result", flat=True)) == {"settled"}
    assert doc.kind == "arbitration_mediation" and doc.services.count() == 2
    text = pdf_text(doc)
    assert "仲裁调解书" in text and "8000.00元" in text


def test_withdrawal_by_the_applicant_not_the_respondent(world):
    case = accepted_case(world)
    with pytest.raises(PermissionDenied):
        arb.withdraw(case, world.hr_a)
    arb.withdraw(case, world.alice, reason="已与单位和解")
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.outcome == "withdrawn" and case.closed_on is not None


def test_serving_needs_an_award(world):
    case = accepted_case(world)
    with pytest.raises(ValidationError):
        arb.serve_award(case, world.arbitrator)


def test_a_stranger_cannot_receipt_anothers_service(world, jinan_wage, client_for):
    case = heard_case(world)
    claim = case.claims.get()
    (doc,) = arb.issue_award(case, world.arbitrator, results={claim.pk: ("upheld", None)}, reasoning="理由")
    arb.serve_award(case, world.arbitrator)
    assert client_for(world.lixia).get(f"/disputes/documents/{doc.pk}/").status_code == 200
    assert not Service.objects.filter(document=doc, receipt_at__isnull=False).exists()
    assert client_for(world.bob).get(f"/disputes/documents/{doc.pk}/").status_code == 404
    assert Party.objects.filter(case=case).count() == 2
