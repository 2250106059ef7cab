"""The four-party reviews (三方四家会签) level by level, returns and rejections, 公示 with public
objections, and naming.

Quancheng Machinery (Lixia) applies for the provincial level, so its application is signed off by
the four offices of Lixia, then of Jinan, then of Shandong (see the `campaign` fixture).
"""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hexie.campaign.models import Application, Naming, Objection, Signoff
from hexie.campaign.services import applications as services
from hexie.core.workflow import TransitionError

from .conftest import PARTIES, fill_self_assessment

S = Application.Status


def submitted(world, level="province"):
    """Quancheng Machinery's application for `level`, submitted and accepted by Lixia."""
    application = services.create_application(world.hr_a, world.round, world.enterprise_a, level)
    fill_self_assessment(application)
    services.submit_application(world.hr_a, application)
    services.accept_application(world.lixia, application)
    return application


def approve_level(world, application, level, **kwargs):
    for username in PARTIES[level]:
        services.sign_off(world.users[username], application, "approve", "符合标准", 90, **kwargs)


def in_notice(world, level="county", at=None):
    application = submitted(world, level)
    for review in ("county", "city", "province")[: ("county", "city", "province").index(level) + 1]:
        approve_level(world, application, review, at=at)
    assert application.status == S.NOTICE
    return application


def test_the_whole_path_county_city_province_with_all_four_parties(campaign):
    application = submitted(campaign)
    assert application.status == S.COUNTY_REVIEW
    for level, after in (("county", S.CITY_REVIEW), ("city", S.PROVINCE_REVIEW), ("province", S.NOTICE)):
        first_three, last = PARTIES[level][:3], PARTIES[level][3]
        for username in first_three:
            services.sign_off(campaign.users[username], application, "approve", "同意")
            assert application.review_level == level  # three of four is not enough
        services.sign_off(campaign.users[last], application, "approve", "同意", "92.5")
        application.refresh_from_db()
        assert application.status == after
    grid = services.signoff_grid(application)
    assert [level for level, _label, _cells in grid] == ["county", "city", "province"]
    assert all(s is not None and s.decision == "approve" for _l, _t, cells in grid for s in cells)
    assert Signoff.objects.filter(application=application, cycle=1).count() == 12
    assert application.notice_ends is not None
    moves = [e.action for e in application.timeline]
    assert moves == ["submit", "accept", "to_city", "to_province", "to_notice"]


def test_a_county_application_goes_to_notice_after_the_county_review(campaign):
    application = submitted(campaign, "county")
    approve_level(campaign, application, "county")
    assert application.status == S.NOTICE


@pytest.mark.parametrize(
    "username",
    [
        "shizhong",  # staff of another county
        "city",  # the right region, the wrong level
        "province",
        "mediator",  # not a tripartite office
        "hr_a",
        "evaluator",
    ],
)
def test_a_reviewer_from_elsewhere_is_refused_and_nothing_changes(campaign, client_for, username):
    application = submitted(campaign)
    with pytest.raises(PermissionDenied):
        services.sign_off(campaign.users[username], application, "approve", "同意")
    with pytest.raises(PermissionDenied):
        services.sign_off(campaign.users[username], application, "reject", "不同意")
    response = client_for(campaign.users[username]).post(
        reverse("campaign:signoff", args=[application.pk]), {"decision": "reject", "note": "不同意"}
    )
    assert response.status_code in (403, 404)
    application.refresh_from_db()
    assert application.status == S.COUNTY_REVIEW and not application.signoffs.exists()


def test_shizhong_staff_cannot_accept_a_lixia_application(campaign):
    application = services.create_application(campaign.hr_a, campaign.round, campaign.enterprise_a, "county")
    fill_self_assessment(application)
    services.submit_application(campaign.hr_a, application)
    with pytest.raises(PermissionDenied):
        services.accept_application(campaign.shizhong, application)
    with pytest.raises(PermissionDenied):
        services.accept_application(campaign.city, application)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_one_signoff_per_party_per_level_per_cycle(campaign):
    application = submitted(campaign)
    services.sign_off(campaign.union_lixia, application, "approve", "")
    with pytest.raises(ValidationError) as caught:
        services.sign_off(campaign.union_lixia, application, "approve", "")
    assert "工会已在本轮县级评审中签署意见" in str(caught.value)
    assert application.signoffs.count() == 1


def test_return_and_reject_need_reasons(campaign):
    application = submitted(campaign)
    with pytest.raises(ValidationError) as caught:
        services.sign_off(campaign.ef_lixia, application, "return", "  ")
    assert "必须说明理由" in str(caught.value)
    assert application.status == S.COUNTY_REVIEW and not application.signoffs.exists()


def test_a_return_then_a_resubmission_starts_a_new_cycle_that_needs_all_four_again(campaign, client_for):
    application = submitted(campaign)
    approve_level(campaign, application, "county")
    services.sign_off(campaign.city, application, "approve", "")
    services.sign_off(campaign.union_city, application, "return", "工资集体协商材料不全")
    application.refresh_from_db()
    assert application.status == S.RETURNED and application.decision_note == "工资集体协商材料不全"
    page = client_for(campaign.hr_a).get(reverse("campaign:application-detail", args=[application.pk]))
    assert "工资集体协商材料不全" in page.content.decode()

    services.save_self_assessment(campaign.hr_a, application, {})  # the unit may edit again
    services.submit_application(campaign.hr_a, application)
    assert application.cycle == 2 and application.status == S.SUBMITTED and application.decision_note == ""
    services.accept_application(campaign.lixia, application)
    assert all(s is None for _l, _t, cells in services.signoff_grid(application) for s in cells)
    for username in PARTIES["county"][:3]:
        services.sign_off(campaign.users[username], application, "approve", "")
    assert application.status == S.COUNTY_REVIEW  # cycle 1's approvals do not count
    services.sign_off(campaign.cf_lixia, application, "approve", "")
    assert application.status == S.CITY_REVIEW
    assert application.signoffs.filter(cycle=1).count() == 6 and application.signoffs.filter(cycle=2).count() == 4


def test_any_party_may_reject_with_reasons(campaign):
    application = submitted(campaign)
    services.sign_off(campaign.lixia, application, "approve", "")
    services.sign_off(campaign.cf_lixia, application, "reject", "近一年发生群体性劳动纠纷")
    application.refresh_from_db()
    assert application.status == S.REJECTED and "群体性" in application.decision_note
    with pytest.raises(ValidationError):
        services.sign_off(campaign.ef_lixia, application, "approve", "")
    with pytest.raises(TransitionError):  # a rejected application is not resubmitted
        services.submit_application(campaign.hr_a, application)


def test_the_notice_deadline_counts_five_working_days_across_national_day(campaign):
    # the last sign-off on Mon 28 Sep 2026: 29, 30 Sep, (1-7 Oct National Day), 9, 10 Oct (a make-up workday)
    at = timezone.make_aware(datetime(2026, 9, 28, 10, 0))
    application = in_notice(campaign, "county", at=at)
    assert application.notice_ends == date(2026, 10, 10)
    entry = application.timeline.get(action="to_notice")
    assert entry.deadline == date(2026, 10, 10) and not entry.deadline_provisional


# --- 公示, objections and naming --------------------------------------------------------------------


def test_the_public_notice_page_lists_units_in_notice_without_login(campaign, client):
    application = in_notice(campaign)
    page = client.get(reverse("campaign:public-notice")).content.decode()
    assert "济南泉城机械有限公司" in page and "提出异议" in page
    draft = services.create_application(campaign.hr_b, campaign.round, campaign.enterprise_b, "county")
    assert draft.organization.name not in client.get(reverse("campaign:public-notice")).content.decode()
    assert application.notice_ends >= timezone.localdate()


def test_a_public_objection_during_notice_blocks_naming_until_handled(campaign, client):
    application = in_notice(campaign)
    url = reverse("campaign:public-objection", args=[application.pk])
    response = client.post(
        url,
        {
            "text": "该企业2026年拖欠部分职工加班费未支付，请核查。",
            "contact_name": "张先生",
            "contact_phone": "138-0000-0009",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.contact_phone == "13800000009" and objection.status == Objection.Status.OPEN

    after = application.notice_ends + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.name_application(campaign.lixia, application, today=after)
    assert "未处理的公示异议" in str(caught.value)
    assert application.status == S.NOTICE and not Naming.objects.exists()

    with pytest.raises(PermissionDenied):
        services.handle_objection(campaign.shizhong, objection, False, "经核查不属实")
    services.handle_objection(campaign.lixia, objection, False, "经核查，加班费已足额支付")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED and objection.handled_by == campaign.lixia

    with pytest.raises(ValidationError) as caught:  # and not before the notice has ended
        services.name_application(campaign.lixia, application, today=application.notice_ends)
    assert "期满后才能命名" in str(caught.value)
    with pytest.raises(PermissionDenied):
        services.name_application(campaign.shizhong, application, today=after)
    naming = services.name_application(campaign.lixia, application, today=after)
    application.refresh_from_db()
    assert application.status == S.NAMED and naming.application == application and naming.level == "county"


def test_an_upheld_objection_returns_or_rejects_the_application(campaign):
    returned, rejected = in_notice(campaign), None
    objection = services.record_objection(returned, "该企业存在未签订劳动合同的情况，请核实。")
    services.handle_objection(campaign.union_lixia, objection, True, "经核查属实，退回整改")
    returned.refresh_from_db()
    assert returned.status == S.RETURNED and "退回整改" in returned.decision_note

    rejected = services.create_application(campaign.hr_a, campaign.round, campaign.enterprise_a, "city")
    fill_self_assessment(rejected)
    services.submit_application(campaign.hr_a, rejected)
    services.accept_application(campaign.lixia, rejected)
    approve_level(campaign, rejected, "county")
    approve_level(campaign, rejected, "city")
    objection = services.record_objection(rejected, "该企业发生过重大安全生产事故，请核实。")
    services.handle_objection(campaign.city, objection, True, "属实", action="reject")
    rejected.refresh_from_db()
    assert rejected.status == S.REJECTED
    with pytest.raises(ValidationError):  # handled once
        services.handle_objection(campaign.city, objection, False, "再议")


@pytest.mark.parametrize(
    "data,message",
    [
        ({"text": "太短了"}, "至少10个字"),
        ({"text": "字" * 2001}, "2000"),
        ({"text": "该企业存在违法用工情况请核查", "contact_phone": "电话号码"}, "7到20位数字"),
        ({"text": "该企业存在违法用工情况请核查", "website": "http://spam.example"}, "提交无效"),
    ],
)
def test_bad_objections_are_refused_with_clear_errors(campaign, client, data, message):
    application = in_notice(campaign)
    response = client.post(reverse("campaign:public-objection", args=[application.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Objection.objects.exists()


def test_objections_are_taken_only_while_in_notice(campaign, client):
    application = submitted(campaign, "county")
    response = client.post(
        reverse("campaign:public-objection", args=[application.pk]), {"text": "该企业存在违法用工情况请核查"}
    )
    assert response.status_code == 404
    approve_level(campaign, application, "county")
    with pytest.raises(ValidationError) as caught:
        services.record_objection(
            application, "该企业存在违法用工情况请核查", today=application.notice_ends + timedelta(days=1)
        )
    assert "不在公示期内" in str(caught.value)
    assert not Objection.objects.exists()


def test_the_detail_page_shows_the_grid_actions_and_the_timeline(campaign, client_for):
    application = services.create_application(campaign.hr_a, campaign.round, campaign.enterprise_a, "county")
    fill_self_assessment(application)
    client = client_for(campaign.hr_a)
    url = reverse("campaign:application-detail", args=[application.pk])
    assert "提交申报" in client.get(url).content.decode()
    assert (
        client.post(reverse("campaign:application-action", args=[application.pk]), {"action": "submit"}).status_code
        == 302
    )
    staff = client_for(campaign.lixia)
    page = staff.get(url).content.decode()
    assert "受理" in page and "提交申报" not in page
    staff.post(reverse("campaign:application-action", args=[application.pk]), {"action": "accept"})
    for username in PARTIES["county"]:
        client_for(campaign.users[username]).post(
            reverse("campaign:signoff", args=[application.pk]), {"decision": "approve", "note": "同意", "score": "90"}
        )
    application.refresh_from_db()
    assert application.status == S.NOTICE
    page = client_for(campaign.lixia).get(url).content.decode()
    for text in ("人社部门", "工会", "企业联合会/企业家协会", "工商联", "公示中", "县级四方会签通过"):
        assert text in page
    denied = client_for(campaign.shizhong).post(
        reverse("campaign:signoff", args=[application.pk]), {"decision": "approve"}
    )
    assert denied.status_code == 404  # another county's application is not even visible
