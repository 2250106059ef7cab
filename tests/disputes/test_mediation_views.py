"""The mediation pages and API: the panel's actions for each user, the POST forms with their errors,
the mediators' queue, the agreement PDF, and the same actions by API — another county's mediator
and another enterprise's HR get nothing, and bad input changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hexie.core.models import Organization
from hexie.disputes.models import Channel, DisputeCase
from hexie.disputes.services import mediation, routing
from tests.disputes.factory import make_case

Status = DisputeCase.Status


@pytest.fixture
def mediating(world):
    case = make_case(world.enterprise_a, world.alice_person)
    routing.start_mediation(case, world.alice, organization=world.lixia_mediation, channel=Channel.REGIONAL)
    case.refresh_from_db()
    return case


@pytest.fixture
def internal_case(world):
    case = make_case(world.enterprise_a, world.alice_person)
    routing.start_internal(case, world.alice)
    case.refresh_from_db()
    return case


def actions_of(client, case):
    response = client.get(reverse("disputes:mediation-actions", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- the panel ---------------------------------------------------------------------------------


def test_the_panel_shows_each_user_their_own_actions(world, client_for, mediating):
    page = actions_of(client_for(world.mediator), mediating)
    assert "action-handover" not in page  # nowhere else to go in Lixia yet
    Organization.objects.create(name="解放路街道劳动关系服务站", kind="station", region_id="370102")
    page = actions_of(client_for(world.mediator), mediating)
    assert 'id="handover-route"' in page and "解放路街道劳动关系服务站" in page
    for anchor in ("action-agree", "action-handover", "action-assign", "action-fail_mediation"):
        assert anchor in page
    assert "调解期限至" in page
    page = actions_of(client_for(world.alice), mediating)
    assert "action-fail_mediation" in page and "action-agree" not in page
    page = actions_of(client_for(world.hr_a), mediating)
    assert "action-" not in page
    response = client_for(world.mediator_shizhong).get(reverse("disputes:mediation-actions", args=[mediating.pk]))
    assert response.status_code == 404


def test_the_internal_complaint_panel(world, client_for, internal_case):
    assert "action-reply_internal" in actions_of(client_for(world.hr_a), internal_case)
    page = actions_of(client_for(world.alice), internal_case)
    assert "action-resolve_internal" in page and "action-mediate" in page
    assert "历下区劳动人事争议调解委员会" in page  # a routing option


def test_the_case_page_includes_the_panel(world, client_for, mediating):
    mediation.record_agreement(mediating, world.mediator, terms="支付工资12000元", amount="12000")
    response = client_for(world.alice).get(reverse("disputes:case-detail", args=[mediating.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="mediation-panel"' in page and reverse("disputes:mediation-actions", args=[mediating.pk]) in page
    assert "历下区劳动人事争议调解委员会" in page and "支付工资12000元" in page
    assert reverse("disputes:mediation-agreement", args=[mediating.mediations.get().pk]) in page


# --- the POST forms ----------------------------------------------------------------------------


def test_hr_replies_and_the_worker_escalates_by_the_forms(world, client_for, internal_case):
    case = internal_case
    response = client_for(world.hr_a).post(
        reverse("disputes:mediation-reply", args=[case.pk]), {"text": "已安排财务核对工资"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.internal_reply == "已安排财务核对工资"
    route = f"{world.lixia_mediation.pk}:{Channel.REGIONAL}"
    response = client_for(world.alice).post(
        reverse("disputes:mediation-escalate", args=[case.pk]), {"route": route, "note": "不接受"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and case.mediation_org == world.lixia_mediation


def test_hr_of_another_enterprise_cannot_reply_by_the_form(world, client_for, internal_case):
    response = client_for(world.hr_b).post(reverse("disputes:mediation-reply", args=[internal_case.pk]), {"text": "x"})
    assert response.status_code == 404
    internal_case.refresh_from_db()
    assert internal_case.internal_reply == ""


def test_a_negative_amount_is_shown_on_the_form(world, client_for, mediating):
    response = client_for(world.mediator).post(
        reverse("disputes:mediation-agree", args=[mediating.pk]), {"terms": "支付工资", "amount": "-5"}
    )
    assert response.status_code == 200
    assert "金额不能为负数" in response.content.decode()
    mediating.refresh_from_db()
    assert mediating.status == Status.MEDIATING and not mediating.documents.exists()


def test_handing_over_to_a_non_mediation_organization_by_the_form(world, client_for, mediating):
    route = f"{world.lixia_arbitration.pk}:{Channel.REGIONAL}"
    response = client_for(world.mediator).post(
        reverse("disputes:mediation-handover", args=[mediating.pk]), {"route": route}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert mediating.mediations.count() == 1


def test_a_mediator_of_another_county_is_refused_by_the_forms(world, client_for, mediating):
    client = client_for(world.mediator_shizhong)
    for name, data in (("mediation-agree", {"terms": "支付", "amount": "1"}), ("mediation-fail", {"note": "不成"})):
        assert client.post(reverse(f"disputes:{name}", args=[mediating.pk]), data).status_code == 404
    mediating.refresh_from_db()
    assert mediating.status == Status.MEDIATING


def test_a_refused_act_in_scope_is_forbidden(world, client_for, mediating):
    """HR sees the case but may not record an agreement: 403, nothing written."""
    response = client_for(world.hr_a).post(
        reverse("disputes:mediation-agree", args=[mediating.pk]), {"terms": "支付", "amount": "1"}
    )
    assert response.status_code == 403
    mediating.refresh_from_db()
    assert mediating.status == Status.MEDIATING


def test_agreement_and_its_pdf(world, client_for, mediating):
    response = client_for(world.mediator).post(
        reverse("disputes:mediation-agree", args=[mediating.pk]), {"terms": "支付工资9000元", "amount": "9000"}
    )
    assert response.status_code == 302
    attempt = mediating.mediations.get()
    response = client_for(world.alice).get(reverse("disputes:mediation-agreement", args=[attempt.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(world.bob).get(reverse("disputes:mediation-agreement", args=[attempt.pk])).status_code == 404


def test_arbitration_after_the_lapse_by_the_form(world, client_for, mediating):
    url = reverse("disputes:mediation-arbitration", args=[mediating.pk])
    response = client_for(world.alice).post(url)
    assert response.status_code == 200 and "第十四条" in response.content.decode()
    DisputeCase.objects.filter(pk=mediating.pk).update(mediation_deadline=timezone.localdate() - timedelta(days=1))
    assert "action-apply_arbitration" in actions_of(client_for(world.alice), mediating)
    assert client_for(world.alice).post(url).status_code == 302
    mediating.refresh_from_db()
    assert mediating.status == Status.ARB_REVIEW


# --- the queue ---------------------------------------------------------------------------------


def test_the_queue_shows_the_mediators_cases_with_days_left(world, client_for, mediating):
    bob = make_case(world.enterprise_b, world.bob_person)
    routing.start_mediation(bob, world.bob, organization=world.shizhong_mediation, channel=Channel.REGIONAL)
    page = client_for(world.mediator).get(reverse("disputes:mediation-queue")).content.decode()
    assert mediating.mediation_number in page and "王丽" in page
    assert "李强" not in page
    assert str((mediating.mediation_deadline - timezone.localdate()).days) in page
    page = client_for(world.mediator_shizhong).get(reverse("disputes:mediation-queue")).content.decode()
    assert "李强" in page and "王丽" not in page


# --- the API -----------------------------------------------------------------------------------


def post_json(client, url, body):
    return client.post(url, data=body, content_type="application/json")


def test_the_api_reads_a_case_and_replies(world, client_for, internal_case):
    client = client_for(world.hr_a)
    data = client.get(reverse("api:get_case_mediation", kwargs={"id": internal_case.pk})).json()
    assert data["status"] == "internal" and data["options"] == []
    response = post_json(client, reverse("api:reply_internal", kwargs={"id": internal_case.pk}), {"text": "同意补发"})
    assert response.status_code == 200 and response.json()["internal_reply"] == "同意补发"
    response = post_json(
        client_for(world.hr_b), reverse("api:reply_internal", kwargs={"id": internal_case.pk}), {"text": "x"}
    )
    assert response.status_code == 404


def test_the_api_agreement_errors_are_bilingual_and_change_nothing(world, client_for, mediating):
    url = reverse("api:record_agreement", kwargs={"id": mediating.pk})
    response = post_json(client_for(world.mediator), url, {"terms": "支付工资", "amount": "-1"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "amount"] and error["msg"].startswith("金额不能为负数")
    response = post_json(client_for(world.hr_a), url, {"terms": "支付工资", "amount": "1"})
    assert response.status_code == 403
    assert post_json(client_for(world.mediator_shizhong), url, {"terms": "支付", "amount": "1"}).status_code == 404
    mediating.refresh_from_db()
    assert mediating.status == Status.MEDIATING

    response = post_json(client_for(world.mediator), url, {"terms": "支付工资", "amount": "100.50"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "mediated" and data["attempts"][0]["has_agreement"] is True
    assert data["attempts"][0]["organization_name"] == "历下区劳动人事争议调解委员会"


def test_the_api_hand_over_and_confirmation(world, client_for, mediating):
    client = client_for(world.mediator)
    url = reverse("api:handover_mediation", kwargs={"id": mediating.pk})
    response = post_json(client, url, {"organization": world.lixia_court.pk, "channel": "regional"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "organization"]
    attempt = mediation.record_agreement(mediating, world.mediator, terms="支付工资", amount="10")
    url = reverse("api:request_confirmation", kwargs={"id": attempt.pk})
    today = timezone.localdate().isoformat()
    response = post_json(client, url, {"court": world.lixia_court.pk, "requested_on": today})
    assert response.status_code == 200 and response.json()["confirmation_result"] == "pending"
    url = reverse("api:record_confirmation", kwargs={"id": attempt.pk})
    response = post_json(client_for(world.court_liaison), url, {"result": "confirmed"})
    assert response.status_code == 200 and response.json()["confirmation_result"] == "confirmed"


def test_the_api_queue(world, client_for, mediating):
    rows = client_for(world.mediator).get(reverse("api:list_mediation_queue")).json()["items"]
    assert [r["id"] for r in rows] == [mediating.pk]
    assert client_for(world.mediator_shizhong).get(reverse("api:list_mediation_queue")).json()["items"] == []
