"""Arbitration pages and API: the panel's acts for each user, the forms' errors on their fields
(nothing written), the hearing calendar, the served documents on the worker's phone, and the API's
404 / 403 / 422 answers."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hexie.core.models import MinimumWage, Region
from hexie.disputes import rules
from hexie.disputes.models import CaseDocument, DisputeCase, Hearing, Service
from hexie.disputes.services import arbitration as arb
from tests.disputes.factory import make_case

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def review(world):
    return make_case(world.enterprise_a, world.alice_person, status="arb_review", arbitration_number="")


def _past_hearing(world, review):
    """Accepted a month ago, a hearing ten days ago (not yet recorded)."""
    today = timezone.localdate()
    arb.accept(review, world.arbitrator, at=at(today - timedelta(days=30)))
    review.refresh_from_db()
    arb.compose_tribunal(review, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    notice = today - timedelta(days=25)
    return arb.schedule_hearing(
        review, world.arbitrator, starts_at=at(today - timedelta(days=10), 9), notice_on=notice, at=at(notice)
    )


def test_the_panel_offers_each_user_their_own_acts(world, review, client_for):
    url = reverse("disputes:arbitration-panel", args=[review.pk])
    html = client_for(world.arbitrator).get(url).content.decode()
    assert 'id="action-accept"' in html and 'id="action-refuse"' in html
    for viewer in ("alice", "hr_a", "lixia"):
        html = client_for(world.users[viewer]).get(url).content.decode()
        assert 'id="action-accept"' not in html, viewer
    assert 'id="action-withdraw"' in client_for(world.alice).get(url).content.decode()
    assert 'id="action-withdraw"' not in client_for(world.hr_a).get(url).content.decode()


def test_the_case_page_loads_the_panel(world, review, client_for):
    html = client_for(world.arbitrator).get(reverse("disputes:case-detail", args=[review.pk])).content.decode()
    assert reverse("disputes:arbitration-panel", args=[review.pk]) in html


def test_acceptance_from_the_panel_and_the_defence_form(world, review, client_for):
    client = client_for(world.arbitrator)
    response = client.post(reverse("disputes:arbitration-accept", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "accepted" and review.documents.filter(kind="acceptance").exists()
    assert client_for(world.alice).get(reverse("disputes:arbitration-defence", args=[review.pk])).status_code == 403
    client = client_for(world.hr_a)
    url = reverse("disputes:arbitration-defence", args=[review.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": ""}).status_code == 200  # the form again, its error on the field
    assert client.post(url, {"text": "已足额支付。"}).status_code == 302
    review.refresh_from_db()
    assert review.defence == "已足额支付。"
    assert "已足额支付" in client.get(reverse("disputes:arbitration-panel", args=[review.pk])).content.decode()


def test_the_refusal_form_needs_a_reason(world, review, client_for):
    client = client_for(world.arbitrator)
    url = reverse("disputes:arbitration-refuse", args=[review.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "arb_review"
    assert client.post(url, {"reason": "超过仲裁时效且无中断事由"}).status_code == 302
    review.refresh_from_db()
    assert review.status == "refused"


def test_the_hearing_form_refuses_a_short_notice_on_its_field(world, review, client_for):
    arb.accept(review, world.arbitrator)
    arb.compose_tribunal(review, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    client = client_for(world.arbitrator)
    url = reverse("disputes:arbitration-hearing", args=[review.pk])
    today = timezone.localdate()
    earliest = rules.earliest_hearing(today).date
    short = (earliest - timedelta(days=1)).isoformat()
    response = client.post(url, {"starts_at": f"{short}T09:00", "notice_on": today.isoformat(), "online": "on"})
    assert response.status_code == 200
    assert "开庭通知应当在开庭五日前送达当事人" in response.content.decode()
    assert not Hearing.objects.filter(case=review).exists()
    assert not review.documents.filter(kind="hearing_notice").exists()
    response = client.post(
        url, {"starts_at": f"{earliest.isoformat()}T09:00", "notice_on": today.isoformat(), "online": "on"}
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get(case=review)
    assert timezone.localtime(hearing.starts_at).date() == earliest and hearing.online


def test_hold_award_and_serve_through_the_pages(world, review, client_for):
    MinimumWage.objects.create(
        region=Region.objects.get(code="370100"),
        tier=1,
        monthly=Decimal("2200.00"),
        hourly=Decimal("22.00"),
        effective_from=date(2023, 10, 1),
    )
    hearing = _past_hearing(world, review)
    client = client_for(world.arbitrator)
    applicant, respondent = review.parties.order_by("side", "id")
    response = client.post(
        reverse("disputes:arbitration-hold", args=[hearing.pk]),
        {"transcript": "笔录", f"party_{applicant.pk}": "王丽本人", f"party_{respondent.pk}": ""},
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == "held"
    claim = review.claims.get()
    url = reverse("disputes:arbitration-award", args=[review.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"result_{claim.pk}": "partly", f"amount_{claim.pk}": "", "reasoning": "理由"})
    assert response.status_code == 200  # a partly upheld claim needs its amount
    response = client.post(url, {f"result_{claim.pk}": "partly", f"amount_{claim.pk}": "9000", "reasoning": "理由"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "awarded" and review.finality == "final"
    assert client.post(reverse("disputes:arbitration-serve", args=[review.pk])).status_code == 302
    review.refresh_from_db()
    assert review.status == "served"
    html = client.get(reverse("disputes:arbitration-panel", args=[review.pk])).content.decode()
    assert "终局裁决" in html and "王丽本人" in html and "未到庭" in html and "未签收" in html

    # the worker's phone: the award with its 签收/查看 button; opening it records her receipt
    alice = client_for(world.alice)
    html = alice.get(reverse("disputes:my-case-detail", args=[review.pk])).content.decode()
    award = review.documents.get(kind=CaseDocument.Kind.FINAL_AWARD)
    assert "终局裁决书" in html and "签收/查看" in html
    assert reverse("disputes:arbitration-document", args=[award.pk]) in html
    assert alice.get(reverse("disputes:arbitration-document", args=[award.pk])).status_code == 200
    assert Service.objects.get(document=award, party=applicant).receipt_at is not None
    html = alice.get(reverse("disputes:my-case-detail", args=[review.pk])).content.decode()
    assert "已签收" in html


def test_other_users_cannot_open_the_arbitrators_forms(world, review, client_for):
    for viewer in ("alice", "hr_a", "lixia"):
        client = client_for(world.users[viewer])
        for name in ("disputes:arbitration-refuse", "disputes:arbitration-hearing", "disputes:arbitration-award"):
            assert client.get(reverse(name, args=[review.pk])).status_code == 403, (viewer, name)
        assert client.post(reverse("disputes:arbitration-accept", args=[review.pk])).status_code == 403
    review.refresh_from_db()
    assert review.status == "arb_review"


def test_the_hearing_calendar_shows_upcoming_hearings_in_scope(world, review, client_for):
    arb.accept(review, world.arbitrator)
    arb.compose_tribunal(review, world.arbitrator, kind="sole", arbitrators=[world.arbitrator])
    starts = rules.earliest_hearing(timezone.localdate()).date
    arb.schedule_hearing(review, world.arbitrator, starts_at=at(starts, 14))
    html = client_for(world.arbitrator).get(reverse("disputes:hearing-calendar") + "?mine=1").content.decode()
    assert str(review) in html and "14:00" in html and "我承办" in html
    assert str(review) not in client_for(world.hr_b).get(reverse("disputes:hearing-calendar")).content.decode()


# --- API ------------------------------------------------------------------------------------


def test_the_api_walks_acceptance_to_a_hearing(world, review, client_for):
    client = client_for(world.arbitrator)
    base = f"/api/disputes/arbitration/cases/{review.pk}"
    response = client.post(f"{base}/accept")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "accepted" and data["defence_deadline"] and data["documents"][0]["kind"] == "acceptance"
    response = client.post(
        f"{base}/tribunal", {"kind": "sole", "arbitrators": [world.arbitrator.pk]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    today = timezone.localdate()
    short = at(rules.earliest_hearing(today).date - timedelta(days=1), 9).isoformat()
    response = client.post(f"{base}/hearings", {"starts_at": short}, content_type="application/json")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "starts_at"] and "五日" in error["msg"]
    assert not Hearing.objects.filter(case=review).exists()
    good = at(rules.earliest_hearing(today).date, 9).isoformat()
    response = client.post(f"{base}/hearings", {"starts_at": good}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "hearing_scheduled"
    # an award before the hearing was held: 422, nothing changed
    claim = review.claims.get()
    response = client.post(
        f"{base}/award",
        {"results": [{"claim": claim.pk, "result": "upheld"}], "reasoning": "理由"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "开庭" in response.json()["detail"][0]["msg"]
    review.refresh_from_db()
    assert review.status == "hearing_scheduled" and review.outcome == ""


def test_the_api_refuses_others(world, review, client_for):
    base = f"/api/disputes/arbitration/cases/{review.pk}"
    assert client_for(world.hr_a).post(f"{base}/accept").status_code == 403
    assert client_for(world.hr_b).post(f"{base}/accept").status_code == 404
    response = client_for(world.arbitrator).post(f"{base}/refuse", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "reason"]
    assert DisputeCase.objects.get(pk=review.pk).status == "arb_review"


def test_the_api_shows_a_party_only_exchanged_evidence_of_the_other_side(world, review, client_for):
    from django.core.files.base import ContentFile

    from hexie.core.models import Attachment
    from hexie.disputes.models import Evidence

    arb.accept(review, world.arbitrator)
    a = Attachment(name="考勤.pdf", content_type="application/pdf", size=8, sha256="0" * 64, uploaded_by=world.hr_a)
    a.file.save("考勤.pdf", ContentFile(b"%PDF-1.4"), save=True)
    Evidence.objects.create(case=review, side="respondent", title="考勤表", attachment=a, submitted_by=world.hr_a)
    url = f"/api/disputes/arbitration/cases/{review.pk}"
    assert client_for(world.alice).get(url).json()["evidence"] == []
    assert [e["title"] for e in client_for(world.hr_a).get(url).json()["evidence"]] == ["考勤表"]


def test_the_tribunal_recusal_and_postponement_forms(world, review, client_for):
    from tests.world import make_user

    second = make_user("arb_b", org=world.lixia_arbitration, role="arbitrator")
    arb.accept(review, world.arbitrator)
    client = client_for(world.arbitrator)
    url = reverse("disputes:arbitration-tribunal", args=[review.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "three", "first": world.arbitrator.pk, "second": second.pk})
    assert response.status_code == 200 and "合议仲裁庭应由三名仲裁员组成" in response.content.decode()
    assert not review.tribunal.exists()
    assert client.post(url, {"kind": "sole", "first": world.arbitrator.pk}).status_code == 302
    member = review.tribunal.get()
    response = client.post(reverse("disputes:arbitration-recuse", args=[member.pk]), {"reason": "近亲属关系"})
    assert response.status_code == 302
    response = client.post(reverse("disputes:arbitration-appoint", args=[review.pk]), {"arbitrator": second.pk})
    assert response.status_code == 302
    assert [m.arbitrator for m in arb.active_tribunal(review)] == [second]

    starts = rules.earliest_hearing(timezone.localdate()).date
    hearing = arb.schedule_hearing(review, world.arbitrator, starts_at=at(starts, 9))
    later = rules.earliest_hearing(starts).date
    response = client.post(
        reverse("disputes:arbitration-postpone", args=[hearing.pk]),
        {"requested_on": starts.isoformat(), "reason": "代理人出差", "new_starts_at": f"{later.isoformat()}T09:00"},
        follow=True,
    )
    assert response.status_code == 200
    assert "延期开庭应当在开庭三日前提出" in response.content.decode()  # the late request's warning
    hearing.refresh_from_db()
    assert hearing.status == "postponed" and review.hearings.filter(status="scheduled").count() == 1


@pytest.mark.parametrize("ending", ["refused", "settled", "withdrawn", "suspended", "extended"])
def test_the_panel_renders_each_ending_for_each_user(world, review, client_for, ending):
    if ending == "refused":
        arb.refuse(review, world.arbitrator, "不属于受理范围")
    else:
        arb.accept(review, world.arbitrator)
        if ending == "settled":
            arb.settle(review, world.arbitrator, "一次性支付8000元", "8000")
        elif ending == "withdrawn":
            arb.withdraw(review, world.alice)
        elif ending == "suspended":
            arb.suspend(review, world.arbitrator, "等待工伤认定")
        else:
            arb.extend(review, world.arbitrator, "经主任批准")
    url = reverse("disputes:arbitration-panel", args=[review.pk])
    for user in (world.arbitrator, world.alice, world.hr_a, world.lixia):
        response = client_for(user).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="arbitration-panel"' in html
        assert 'id="action-extend"' not in html  # closed, suspended or extended once already
    arbitrator_html = client_for(world.arbitrator).get(url).content.decode()
    assert ('id="action-resume"' in arbitrator_html) is (ending == "suspended")
