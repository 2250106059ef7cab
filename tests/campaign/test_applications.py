"""Rounds, applications, self-assessments with evidence, evaluators, lists, ranking and quotas.

Quancheng Machinery (enterprise_a, Lixia) applies in the open provincial round of the `campaign`
fixture; Baotu Foods (enterprise_b, Shizhong) is the other enterprise.
"""

import random
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hexie.campaign.models import Answer, Application, Assessment, Round
from hexie.campaign.services import applications as services
from hexie.core.models import Attachment, Region
from tests.world import make_org, make_user

from .conftest import fill_self_assessment, make_round, today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="劳动合同台账.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def leaf(world, code):
    return world.system.indicators.get(code=code)


def apply(world, org=None, level="county", user=None):
    return services.create_application(user or world.hr_a, world.round, org or world.enterprise_a, level)


# --- rounds --------------------------------------------------------------------------------------


def round_data(world, region_code, **extra):
    return {
        "name": "2026年度历下区创建评选",
        "year": 2026,
        "subject_kind": "enterprise",
        "system": world.system,
        "region": Region.objects.get(code=region_code),
        "opens": today(),
        "closes": today() + timedelta(days=20),
        "quotas": {"county": 30},
        **extra,
    }


def test_county_staff_create_and_edit_rounds_of_their_own_county(campaign):
    round_ = services.create_round(campaign.lixia, round_data(campaign, "370102"))
    assert round_.quota("county") == 30 and round_.quota("city") is None
    services.update_round(campaign.union_lixia, round_, {"quotas": {"county": 25, "city": 5}})
    round_.refresh_from_db()
    assert round_.quotas == {"county": 25, "city": 5}


@pytest.mark.parametrize("user", ["shizhong", "hr_a", "alice", "mediator"])
def test_others_may_not_organise_a_round_in_lixia(campaign, user):
    count = Round.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_round(campaign.users[user], round_data(campaign, "370102"))
    assert Round.objects.count() == count


def test_a_round_closing_before_it_opens_or_with_negative_quotas_is_refused(campaign):
    with pytest.raises(ValidationError) as caught:
        services.create_round(campaign.lixia, round_data(campaign, "370102", closes=today() - timedelta(days=1)))
    assert "申报截止日期不能早于开始日期" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.create_round(campaign.lixia, round_data(campaign, "370102", quotas={"county": -1}))
    assert "名额必须是非负整数" in str(caught.value)


def test_the_round_form_page(campaign, client_for):
    client = client_for(campaign.lixia)
    url = reverse("campaign:round-create", args=["370102"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "历下区第一批",
            "year": 2026,
            "subject_kind": "enterprise",
            "system": campaign.system.pk,
            "opens": today().isoformat(),
            "closes": (today() + timedelta(days=9)).isoformat(),
            "quota_county": "12",
        },
    )
    round_ = Round.objects.get(name="历下区第一批")
    assert response.status_code == 302 and round_.region_id == "370102" and round_.quotas == {"county": 12}
    assert client.get(reverse("campaign:round-create", args=["370103"])).status_code == 403


# --- applications --------------------------------------------------------------------------------


def test_an_enterprise_applies_with_a_self_assessment_on_the_rounds_system(campaign):
    application = apply(campaign)
    assert application.status == Application.Status.DRAFT and application.cycle == 0
    assert application.self_assessment.by == Assessment.By.SELF
    assert application.self_assessment.system == campaign.system
    assert application.self_assessment.organization == campaign.enterprise_a


def test_an_application_past_the_closing_date_is_refused(campaign):
    closed = make_round(
        campaign.system, opens=today() - timedelta(days=40), closes=today() - timedelta(days=1), name="已截止批次"
    )
    with pytest.raises(ValidationError) as caught:
        services.create_application(campaign.hr_a, closed, campaign.enterprise_a, "county")
    assert "已截止批次" in str(caught.value) and "截止申报" in str(caught.value)
    assert not Application.objects.exists() and not Assessment.objects.exists()


def test_a_second_application_for_the_same_level_and_round_is_refused(campaign):
    apply(campaign)
    with pytest.raises(ValidationError) as caught:
        apply(campaign)
    assert "不能重复申报" in str(caught.value)
    assert Application.objects.count() == 1 and Assessment.objects.count() == 1
    apply(campaign, level="city")  # another level of the same round is a separate application
    assert Application.objects.count() == 2


def test_the_create_page_shows_the_errors_in_chinese(campaign, client_for):
    client = client_for(campaign.hr_a)
    data = {"round": campaign.round.pk, "organization": campaign.enterprise_a.pk, "level": "county"}
    assert client.post(reverse("campaign:application-create"), data).status_code == 302
    response = client.post(reverse("campaign:application-create"), data)
    assert response.status_code == 200 and "不能重复申报" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_unit_kind_must_match_the_round_and_only_its_own_people_apply(campaign):
    with pytest.raises(ValidationError) as caught:
        services.create_application(campaign.park_staff, campaign.round, campaign.park_lixia, "county")
    assert "本批次面向企业" in str(caught.value)
    with pytest.raises(PermissionDenied):
        services.create_application(campaign.lixia, campaign.round, campaign.enterprise_a, "county")
    with pytest.raises(PermissionDenied):
        services.create_application(campaign.hr_b, campaign.round, campaign.enterprise_a, "county")
    assert not Application.objects.exists()


def test_a_city_round_takes_no_provincial_applications(campaign):
    city_round = make_round(campaign.system, "370100", name="济南市批次")
    with pytest.raises(ValidationError):
        services.create_application(campaign.hr_a, city_round, campaign.enterprise_a, "province")
    qd_hr = make_user("hr_qd", org=campaign.enterprise_qd, role="hr")
    with pytest.raises(ValidationError) as caught:  # and Qingdao's enterprise is outside Jinan
        services.create_application(qd_hr, city_round, campaign.enterprise_qd, "county")
    assert "不在本批次的组织地区内" in str(caught.value)


# --- self-assessment ------------------------------------------------------------------------------


def test_the_self_assessment_is_scored_with_its_evidence_and_shows_the_gaps(campaign):
    application = apply(campaign)
    l11, l12, graded, veto = (leaf(campaign, c) for c in ("1.1", "1.2", "2", "V1"))
    answers = {
        l11.pk: {"value": True, "note": "全员签订"},
        l12.pk: {"value": True},
        graded.pk: {"value": "中"},
        veto.pk: {"value": False},
    }
    services.save_self_assessment(campaign.hr_a, application, answers)
    rows = {r.indicator.code: r for r in services.assessment_rows(application.self_assessment)}
    assert rows["1.1"].evidence_missing and rows["1.1"].score == 0 and "佐证材料" in rows["1.1"].message
    assert rows["2"].shortfall == Decimal("20")
    assert application.self_assessment.total == Decimal("50")

    services.save_self_assessment(campaign.hr_a, application, answers, {l11.pk: [pdf()]})
    application.self_assessment.refresh_from_db()
    rows = {r.indicator.code: r for r in services.assessment_rows(application.self_assessment)}
    assert not rows["1.1"].gap and rows["1.1"].evidence[0].name == "劳动合同台账.pdf"
    assert application.self_assessment.total == Decimal("80")
    assert Answer.objects.get(assessment=application.self_assessment, indicator=l11).note == "全员签订"


@pytest.mark.parametrize(
    "name,content",
    [
        ("名单.csv", b"name,id\n\xe7\x8e\x8b,1\n"),  # a platform type, but not evidence
        ("script.exe", b"MZ\x90\x00"),
        ("假的.pdf", b"not a pdf at all"),
    ],
)
def test_evidence_of_a_forbidden_type_is_a_field_error_and_nothing_is_saved(campaign, name, content):
    application = apply(campaign)
    l11 = leaf(campaign, "1.1")
    with pytest.raises(ValidationError) as caught:
        services.save_self_assessment(
            campaign.hr_a,
            application,
            {l11.pk: {"value": True}},
            {l11.pk: [pdf("好的.pdf"), SimpleUploadedFile(name, content)]},
        )
    assert list(caught.value.error_dict) == [f"evidence_{l11.pk}"]
    assert "1.1" in caught.value.messages[0]
    assert not Attachment.objects.exists() and not Answer.objects.exists()


def test_the_self_assessment_page_saves_and_refuses_a_bad_file(campaign, client_for):
    application = apply(campaign)
    l11, l12 = leaf(campaign, "1.1"), leaf(campaign, "1.2")
    client = client_for(campaign.hr_a)
    url = reverse("campaign:assessment-edit", args=[application.pk])
    page = client.get(url).content.decode()
    assert "依法签订劳动合同" in page and "职工满意度" in page
    bad = client.post(url, {f"value_{l11.pk}": "yes", f"evidence_{l11.pk}": SimpleUploadedFile("x.txt", b"hello")})
    assert bad.status_code == 200 and "不支持的文件类型" in bad.content.decode()
    assert not Answer.objects.exists()
    good = client.post(url, {f"value_{l11.pk}": "yes", f"value_{l12.pk}": "no", f"evidence_{l11.pk}": pdf()})
    assert good.status_code == 302
    answers = {a.indicator.code: a for a in Answer.objects.filter(assessment=application.self_assessment)}
    assert answers["1.1"].value is True and answers["1.2"].value is False and answers["1.1"].evidence.count() == 1
    # county staff read it but may not change it
    assert client_for(campaign.lixia).post(url, {f"value_{l11.pk}": "no"}).status_code == 403


def test_submitting_needs_a_complete_self_assessment_and_starts_cycle_one(campaign):
    application = apply(campaign)
    with pytest.raises(ValidationError) as caught:
        services.submit_application(campaign.hr_a, application)
    assert "自评尚未完成" in str(caught.value)
    fill_self_assessment(application)
    with pytest.raises(PermissionDenied):
        services.submit_application(campaign.hr_b, application)
    services.submit_application(campaign.hr_a, application)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.cycle == 1
    assert application.submitted_at is not None
    with pytest.raises(ValidationError):  # submitted: the self-assessment is frozen
        services.save_self_assessment(campaign.hr_a, application, {leaf(campaign, "1.2").pk: {"value": False}})


# --- lists, export, API -----------------------------------------------------------------------------


@pytest.fixture
def two_applications(campaign):
    mine = apply(campaign)
    theirs = apply(campaign, campaign.enterprise_b, user=campaign.hr_b)
    return mine, theirs


@pytest.mark.parametrize(
    "viewer,sees,hidden",
    [
        ("hr_a", "济南泉城机械有限公司", "济南趵突食品有限公司"),
        ("lixia", "济南泉城机械有限公司", "济南趵突食品有限公司"),
        ("shizhong", "济南趵突食品有限公司", "济南泉城机械有限公司"),
    ],
)
def test_lists_exports_and_the_api_stay_in_scope(two_applications, client_for, campaign, viewer, sees, hidden):
    client = client_for(campaign.users[viewer])
    page = client.get(reverse("campaign:application-list")).content.decode()
    assert sees in page and hidden not in page
    export = client.get(reverse("campaign:application-export") + "?level=county")
    book = openpyxl.load_workbook(BytesIO(export.content), read_only=True)
    cells = {str(c) for row in book.active.iter_rows(values_only=True) for c in row if c}
    assert sees in cells and hidden not in cells
    api = client.get("/api/campaign/applications").json()
    assert [a["organization_name"] for a in api["items"]] == [sees]
    mine, theirs = two_applications
    other = theirs if sees == "济南泉城机械有限公司" else mine
    assert client.get(f"/api/campaign/applications/{other.pk}").status_code == 404
    assert client.get(reverse("campaign:application-detail", args=[other.pk])).status_code == 404


def test_the_list_filters_by_round_status_and_level(two_applications, client_for, campaign):
    mine, _theirs = two_applications
    client = client_for(campaign.city)
    assert "济南泉城机械有限公司" in client.get(reverse("campaign:application-list") + "?status=draft").content.decode()
    page = client.get(reverse("campaign:application-list") + "?level=province").content.decode()
    assert "济南泉城机械有限公司" not in page
    other = make_round(campaign.system, name="另一批次")
    page = client.get(reverse("campaign:application-list") + f"?round={other.pk}").content.decode()
    assert "济南泉城机械有限公司" not in page


# --- evaluator ------------------------------------------------------------------------------------


def test_an_assigned_evaluator_sees_the_application_and_records_a_scoring_with_a_report(campaign, client_for):
    application = apply(campaign)
    fill_self_assessment(application)
    services.submit_application(campaign.hr_a, application)
    services.accept_application(campaign.lixia, application)
    client = client_for(campaign.evaluator)
    url = reverse("campaign:application-detail", args=[application.pk])
    assert client.get(url).status_code == 404  # not assigned yet

    with pytest.raises(PermissionDenied):
        services.assign_evaluator(campaign.hr_a, application, campaign.evaluator_org)
    services.assign_evaluator(campaign.lixia, application, campaign.evaluator_org)
    assert client.get(url).status_code == 200
    assert "济南泉城机械有限公司" in client.get(reverse("campaign:application-list")).content.decode()

    l11, l12, graded, veto = (leaf(campaign, c) for c in ("1.1", "1.2", "2", "V1"))
    answers = {l11.pk: {"value": True}, l12.pk: {"value": True}, graded.pk: {"value": "高"}, veto.pk: {"value": False}}
    with pytest.raises(ValidationError):
        services.record_evaluation(campaign.evaluator, application, answers, report=SimpleUploadedFile("r.csv", b"a,b"))
    assert application.evaluator_assessment is None
    result = services.record_evaluation(
        campaign.evaluator, application, answers, {l11.pk: [pdf("现场核查.pdf")]}, report=pdf("评估报告.pdf")
    )
    application.refresh_from_db()
    assert application.evaluator_assessment == result and result.by == Assessment.By.EVALUATOR
    assert result.assessor == campaign.evaluator_org and result.total == Decimal("100")
    assert result.report.name == "评估报告.pdf"
    assert application.self_assessment.total != result.total  # kept beside the unit's own
    with pytest.raises(PermissionDenied):
        services.record_evaluation(campaign.hr_a, application, answers)
    page = client_for(campaign.lixia).get(url).content.decode()
    assert "评估报告.pdf" in page and "山东和谐评估咨询有限公司" in page


# --- ranking, quotas, national recommendation -----------------------------------------------------


def candidate(campaign, org_name, total, *, vetoed=False, evaluator_total=None):
    org = make_org(random.Random(org_name), org_name, "enterprise", "370102")
    hr = make_user(f"hr_{org.pk}", org=org, role="hr")
    application = services.create_application(hr, campaign.round, org, "county")
    fill_self_assessment(application)
    services.submit_application(hr, application)
    Assessment.objects.filter(pk=application.self_assessment_id).update(total=Decimal(total), vetoed=vetoed)
    if evaluator_total is not None:
        evaluation = Assessment.objects.create(
            organization=org, system=campaign.system, by="evaluator", total=Decimal(evaluator_total)
        )
        Application.objects.filter(pk=application.pk).update(evaluator_assessment=evaluation)
    return application


def test_candidates_rank_by_score_with_the_evaluators_first_and_vetoed_last(campaign, client_for):
    a = candidate(campaign, "甲公司", "95", vetoed=True)
    b = candidate(campaign, "乙公司", "88")
    c = candidate(campaign, "丙公司", "70", evaluator_total="91")
    d = candidate(campaign, "丁公司", "85")
    draft = services.create_application(campaign.hr_a, campaign.round, campaign.enterprise_a, "county")
    ranked = services.ranking(campaign.round, "county")
    assert [x.application for x in ranked] == [c, b, d, a]  # the draft is no candidate
    assert draft not in [x.application for x in ranked]
    assert [x.score for x in ranked] == [Decimal("91"), Decimal("88"), Decimal("85"), Decimal("95")]
    assert [x.source for x in ranked] == ["evaluator", "self", "self", "self"]
    assert [x.within_quota for x in ranked] == [True, True, False, False]  # county quota 2; vetoed never within
    page = client_for(campaign.lixia).get(reverse("campaign:round-detail", args=[campaign.round.pk])).content.decode()
    assert page.index("丙公司") < page.index("乙公司") < page.index("丁公司") < page.index("甲公司")
    assert "名额内" in page and "名额外" in page
    public = client_for(campaign.hr_b).get(reverse("campaign:round-detail", args=[campaign.round.pk])).content
    assert "丙公司" not in public.decode()  # another enterprise sees the round, not the others' ranking


def test_only_province_staff_recommend_named_units_to_the_national_level(campaign, client_for):
    application = apply(campaign, level="province")
    for action, role in (("submit", "hr"), ("accept", "staff"), ("to_notice", "staff")):
        Application.workflow.apply(application, action, campaign.admin, roles={role})
    with pytest.raises(ValidationError):  # not named yet
        services.recommend_national(campaign.province, application)
    Application.workflow.apply(application, "name", campaign.admin, roles={"staff"})
    with pytest.raises(PermissionDenied):
        services.recommend_national(campaign.city, application)
    services.recommend_national(campaign.union_province, application)
    application.refresh_from_db()
    assert application.recommended_national
    export = client_for(campaign.province).get(reverse("campaign:application-export") + "?recommended_national=1")
    book = openpyxl.load_workbook(BytesIO(export.content), read_only=True)
    cells = {str(c) for row in book.active.iter_rows(values_only=True) for c in row if c}
    assert "济南泉城机械有限公司" in cells
