"""Filing (立案申请): Alice files against Quancheng Machinery from her phone and her case takes the
route she chose (the enterprise's internal complaint, mediation, arbitration) with its number and
clock; Quancheng's HR files against one of its workers; an expired limitation period is a warning,
never a refusal. Every bad input is a clear field error with nothing written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hexie.core.models import Attachment, TimelineEntry
from hexie.disputes import rules
from hexie.disputes.models import (
    CaseNumberSequence,
    Claim,
    DisputeCase,
    Evidence,
    MediationAttempt,
    Party,
)
from hexie.disputes.services import filing
from tests.disputes.matrix_filing import application, pdf_upload, upload

Status = DisputeCase.Status


def counts() -> tuple:
    return tuple(
        m.objects.count()
        for m in (DisputeCase, Party, Claim, Evidence, Attachment, TimelineEntry, MediationAttempt, CaseNumberSequence)
    )


def refused(user, data, field: str, fragment: str = "") -> ValidationError:
    """File and expect a ValidationError on `field` (containing `fragment`) with nothing written."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        filing.file_case(user, data)
    assert counts() == before, "a refused filing wrote something"
    errors = caught.value.message_dict
    assert field in errors, errors
    assert fragment in " ".join(errors[field]), errors
    return caught.value


# --- individual filing and its routes -------------------------------------------------------------


def test_a_worker_files_for_arbitration_with_a_number_in_the_official_style(world):
    today = timezone.localdate()
    case = filing.file_case(world.alice, application(world, route="arbitration", agent_name="赵律师"))
    case.refresh_from_db()
    assert case.number == f"SQ-370102-{today.year}-000001"
    assert case.status == Status.ARB_REVIEW and case.commission == world.lixia_arbitration
    assert case.acceptance_deadline is not None and case.acceptance_deadline > today
    assert case.applicant_side == "worker" and case.kind == "individual" and case.agent_name == "赵律师"
    assert case.worker == world.alice_person and case.enterprise == world.enterprise_a
    assert case.region_id == "370102" and case.industry == "C" and case.filed_on == today
    assert case.created_by == world.alice and case.findings == []
    sides = {(p.side, p.person_id, p.organization_id) for p in case.parties.all()}
    assert sides == {("applicant", world.alice_person.pk, None), ("respondent", None, world.enterprise_a.pk)}
    assert [e.action for e in case.timeline] == ["apply_arbitration"]
    second = filing.file_case(world.alice, application(world, route="arbitration"))
    assert second.number == f"SQ-370102-{today.year}-000002"


def test_the_cause_is_the_largest_claim_and_the_total_their_sum(world):
    claims = [
        {"kind": "confirm_relation", "amount": ""},
        {"kind": "overtime", "amount": "3200.5"},
        {"kind": "severance", "amount": "18,000.00", "description": "支付解除劳动合同经济补偿"},
        {"kind": "wages", "amount": 9000},
    ]
    case = filing.file_case(world.alice, application(world, claims=claims))
    assert case.cause == "severance" and case.claim_total == Decimal("30200.50")
    stored = {c.kind: c.amount for c in case.claims.all()}
    assert stored == {
        "confirm_relation": None,
        "overtime": Decimal("3200.50"),
        "severance": Decimal("18000.00"),
        "wages": Decimal("9000.00"),
    }
    only_relation = filing.file_case(world.alice, application(world, claims=[{"kind": "confirm_relation"}]))
    assert only_relation.cause == "confirm_relation" and only_relation.claim_total == Decimal("0.00")


def test_the_enterprise_is_found_by_its_uscc_too(world):
    case = filing.file_case(world.alice, application(world, enterprise=f" {world.enterprise_a.uscc.lower()} "))
    assert case.enterprise == world.enterprise_a


def test_mediation_goes_to_a_committee_of_the_enterprises_county_with_its_clock(world):
    case = filing.file_case(world.alice, application(world, route="mediation"))
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and case.mediation_org == world.lixia_mediation
    assert "鲁0102劳人调字第" in case.mediation_number and case.mediation_deadline is not None
    attempt = case.mediations.get()
    assert attempt.organization == world.lixia_mediation and attempt.outcome == "pending"


def test_mediation_by_a_committee_of_another_county_is_refused(world):
    refused(
        world.alice, application(world, route="mediation", mediation_org=world.shizhong_mediation.pk), "mediation_org"
    )


@pytest.fixture
def committees(world):
    """Quancheng's own mediation committee and another Lixia enterprise's, both in 370102."""
    from hexie.core.models import Organization, Region

    lixia = Region.objects.get(code="370102")
    other = Organization.objects.create(name="济南历山电子有限公司", kind="enterprise", region=lixia, uscc="")
    own = Organization.objects.create(
        name="济南泉城机械有限公司劳动争议调解委员会", kind="mediation", region=lixia, parent=world.enterprise_a
    )
    foreign = Organization.objects.create(
        name="济南历山电子有限公司劳动争议调解委员会", kind="mediation", region=lixia, parent=other
    )
    return own, foreign


def test_another_enterprises_committee_is_never_offered_nor_taken(world, committees):
    from hexie.disputes.forms import FilingForm
    from hexie.disputes.services import routing
    from tests.disputes.factory import make_case

    own, foreign = committees
    region = world.enterprise_a.region
    offered = set(routing.mediation_organizations(region, world.enterprise_a.pk))
    assert own in offered and world.lixia_mediation in offered and foreign not in offered
    assert own not in set(routing.mediation_organizations(region)) and foreign not in set(
        routing.mediation_organizations(region)
    )
    case = make_case(world.enterprise_a, world.alice_person)
    choices = {o.organization for o in filing.mediation_choices(case)}
    assert own in choices and world.lixia_mediation in choices and foreign not in choices
    # the filing form, before the enterprise is known, offers no enterprise's own committee
    form_choices = set(FilingForm().fields["mediation_org"].queryset)
    assert world.lixia_mediation in form_choices and own not in form_choices and foreign not in form_choices
    refused(world.alice, application(world, route="mediation", mediation_org=foreign.pk), "mediation_org")
    # the platform's own pick: the county's committee, whichever name sorts first
    case = filing.file_case(world.alice, application(world, route="mediation"))
    assert case.mediation_org == world.lixia_mediation and case.mediations.get().channel == "regional"
    # the enterprise's own committee, chosen, mediates as the enterprise channel
    case = filing.file_case(world.alice, application(world, route="mediation", mediation_org=own.pk))
    assert case.mediation_org == own and case.mediations.get().channel == "enterprise"


def test_the_internal_complaint_runs_on_its_own_clock(world):
    case = filing.file_case(world.alice, application(world, route="internal"))
    case.refresh_from_db()
    assert case.status == Status.INTERNAL and case.internal_deadline is not None
    assert case.internal_deadline == rules.deadline("internal_reply", timezone.localdate()).date


def test_a_route_must_be_chosen(world):
    refused(world.alice, application(world, route=""), "route")
    refused(world.alice, application(world, route="court"), "route")


# --- the enterprise as applicant ------------------------------------------------------------------


def test_an_enterprise_files_against_one_of_its_workers_found_by_id_number(world):
    data = application(world, enterprise="", worker_id_number=world.carol_person.id_number, route="arbitration")
    data["claims"] = [{"kind": "other", "amount": "5000", "description": "返还培训费用"}]
    case = filing.file_case(world.hr_a, data)
    assert case.applicant_side == "enterprise" and case.worker == world.carol_person
    assert case.enterprise == world.enterprise_a and case.status == Status.ARB_REVIEW
    sides = {p.side: p.name for p in case.parties.all()}
    assert sides == {"applicant": world.enterprise_a.name, "respondent": "张敏"}


def test_an_enterprise_cannot_file_against_a_stranger_or_another_enterprise(world):
    data = application(world, enterprise="", worker_id_number=world.bob_person.id_number)
    refused(world.hr_a, data, "worker_id_number", "用工记录中没有")
    refused(world.hr_a, application(world, enterprise="", worker_id_number=""), "worker_id_number")
    before = counts()
    with pytest.raises(PermissionDenied):
        filing.file_case(
            world.hr_a,
            application(world, enterprise=world.enterprise_b.name, worker_id_number=world.bob_person.id_number),
        )
    assert counts() == before


def test_an_enterprise_has_no_internal_complaint_against_itself(world):
    data = application(world, enterprise="", worker_id_number=world.carol_person.id_number, route="internal")
    refused(world.hr_a, data, "route", "企业内部申诉")


# --- limitation (LDMAL-27) ------------------------------------------------------------------------


def test_an_expired_limitation_period_is_a_warning_not_a_refusal(world):
    today = timezone.localdate()
    data = application(
        world,
        known_on=today - timedelta(days=800),
        employment_ended_on=today - timedelta(days=800),
        claims=[{"kind": "severance", "amount": "20000"}, {"kind": "wages", "amount": "3000"}],
    )
    case = filing.file_case(world.alice, data)
    assert case.status == Status.ARB_REVIEW
    assert len(case.findings) == 2 and {f["level"] for f in case.findings} == {"warning"}
    assert all(f["code"] == "LDMAL-27" for f in case.findings)
    assert any("经济补偿" in f["message"] for f in case.findings)


def test_wages_owed_during_the_employment_are_not_barred(world):
    today = timezone.localdate()
    case = filing.file_case(world.alice, application(world, known_on=today - timedelta(days=800)))
    assert case.findings == []


# --- bad input: clear errors, nothing written -----------------------------------------------------


def test_a_filing_against_an_enterprise_that_does_not_exist(world):
    refused(world.alice, application(world, enterprise="济南不存在机械有限公司"), "enterprise", "未找到该用人单位")
    refused(world.alice, application(world, enterprise="91370102MA3C00000X"), "enterprise", "未找到该用人单位")
    refused(world.alice, application(world, enterprise=world.lixia_mediation.name), "enterprise")


@pytest.mark.parametrize(
    "amount, fragment",
    [
        ("-100", "金额不能为负数"),
        ("一万元", "金额应为数字"),
        ("12,000.005", "最多保留两位小数"),
        ("NaN", "金额应为数字"),
        ("1e30", "金额超出范围"),
        (1.5, "金额应为数字"),
        ("", "请填写金额"),
    ],
)
def test_a_bad_amount_is_refused(world, amount, fragment):
    refused(world.alice, application(world, claims=[{"kind": "wages", "amount": amount}]), "claims", fragment)


def test_there_must_be_a_claim_from_the_catalogue_and_each_kind_once(world):
    refused(world.alice, application(world, claims=[]), "claims", "至少填写一项")
    refused(world.alice, application(world, claims=[{"kind": "bonus", "amount": "1"}]), "claims", "不在目录中")
    twice = [{"kind": "wages", "amount": "1"}, {"kind": "wages", "amount": "2"}]
    refused(world.alice, application(world, claims=twice), "claims", "重复")


def test_known_on_may_not_be_in_the_future(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused(world.alice, application(world, known_on=tomorrow), "known_on", "不能晚于今天")
    refused(world.alice, application(world, known_on="2026/01/01"), "known_on", "YYYY-MM-DD")
    refused(world.alice, application(world, known_on=None), "known_on")


def test_facts_are_required(world):
    refused(world.alice, application(world, facts="  "), "facts")


def test_a_worker_files_only_for_themselves(world):
    data = application(world, worker_id_number=world.carol_person.id_number)
    refused(world.alice, data, "worker_id_number", "本人名义")
    # her own number is fine
    assert filing.file_case(world.alice, application(world, worker_id_number=world.alice_person.id_number))


def test_users_who_are_neither_a_worker_nor_an_enterprise_cannot_file(world):
    before = counts()
    for user in (world.lixia, world.mediator, world.arbitrator):
        with pytest.raises(PermissionDenied):
            filing.file_case(user, application(world))
    assert counts() == before


def test_evidence_of_a_forbidden_type_at_filing_refuses_the_whole_filing(world):
    data = application(
        world, evidence=[{"file": pdf_upload(), "title": "工资条"}, {"file": upload("a.exe", b"MZ\x90")}]
    )
    error = refused(world.alice, data, "evidence", "不支持的文件类型")
    assert "file type not allowed" in " ".join(error.message_dict["evidence"])


def test_evidence_uploaded_at_filing_is_the_applicants(world):
    data = application(world, evidence=[{"file": pdf_upload(), "title": "工资条", "purpose": "证明工资标准"}])
    case = filing.file_case(world.alice, data)
    item = case.evidence.get()
    assert item.side == "applicant" and item.title == "工资条" and item.submitted_by == world.alice
    assert item.attachment.person == world.alice_person and item.attachment.region_id == "370102"


# --- the enterprise lookup ------------------------------------------------------------------------


def test_the_enterprise_lookup_returns_at_most_ten_with_a_masked_uscc(world):
    import random

    from tests.world import make_org

    rng = random.Random(7)
    for i in range(12):
        make_org(rng, f"济南泉城配套{i:02d}有限公司", "enterprise", "370102")
    found = filing.search_enterprises("泉城")
    assert len(found) == 10 and all(o.kind == "enterprise" for o in found)
    assert filing.search_enterprises(world.enterprise_b.uscc[:8]) == [world.enterprise_b]
    assert filing.search_enterprises("泉") == []  # two characters at least
    assert filing.search_enterprises("调解委员会") == []
    masked = filing.masked_uscc(world.enterprise_a.uscc)
    assert len(masked) == 18 and "*" * 8 in masked and masked[-4:] == world.enterprise_a.uscc[-4:]
