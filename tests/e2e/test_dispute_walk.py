"""A labor dispute from a phone filing to a served award in a real browser (issue 5's walk).

Alice, on a 375 px phone, files against Quancheng Machinery (looked up by name) for ¥12,000 of
unpaid wages and asks the Lixia mediation committee to mediate; the mediator, at a desk, records
that mediation failed; Alice applies for arbitration from her phone. The Lixia arbitrator accepts,
composes a sole tribunal and schedules an online hearing: a hearing four working days away is
refused (LDMAL-35: notice at least five days ahead, nothing written), the earliest lawful day is
accepted and its 开庭通知书 served on both parties. On the hearing day the arbitrator records the
hearing with its transcript, issues the award (¥12,000 of wages in Jinan is under twelve months
of the local minimum wage: a final award, LDMAL-47) and serves it. Alice, on her phone, sees the
served award, opens it (her receipt is recorded) and downloads the PDF, which carries the case's
arbitration number.

The hearing must wait for its day: the walk moves the server's clock (django.utils.timezone.now,
shared by the live server's thread) to the hearing day rather than faking the hearing's date. The
sessions of the week before have expired by then (eight hours), so everyone logs in again.
"""

import shutil
import subprocess
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hexie.core import refcache
from hexie.core.senders import ConsoleSmsSender
from hexie.disputes import rules
from hexie.disputes.models import CaseDocument, DisputeCase, Hearing, Service
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
Status = DisputeCase.Status


@pytest.fixture(autouse=True)
def quiet_senders(settings):
    settings.SMS_SENDER = "hexie.core.senders.ConsoleSmsSender"
    ConsoleSmsSender.outbox.clear()
    refcache.invalidate_all()  # the minimum-wage table was reseeded by e2e_world
    yield
    refcache.invalidate_all()


def no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def alerts(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def refreshed(case: DisputeCase) -> DisputeCase:
    case.refresh_from_db()
    return case


def move_clock_to(monkeypatch, moment: datetime) -> None:
    """Time passes: every `timezone.now()` of the server (and so `localdate()`) reads `moment` on."""
    offset = moment - timezone.now()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)


def test_a_worker_files_on_a_phone_mediation_fails_and_the_award_reaches_her_phone(
    log_in, live_server, e2e_world, monkeypatch, tmp_path
):
    w = e2e_world
    base = live_server.url
    today = timezone.localdate()

    # --- Alice files from her phone: the enterprise looked up by name, a wage claim, mediation ---
    phone = log_in("alice", viewport=PHONE)
    pages = [phone]
    phone.goto(f"{base}{reverse('disputes:my-cases')}")
    phone.click("#file-case")
    phone.wait_for_selector("#filing-form")
    no_sideways_scrolling(phone)
    phone.fill("#id_enterprise", "")
    phone.fill("#id_enterprise", "泉城机械")
    phone.click(f"#enterprise-results button:has-text('{w.enterprise_a.name}')")
    phone.wait_for_selector("#enterprise-picked")
    assert phone.input_value("#id_enterprise") == w.enterprise_a.name
    phone.select_option("#id_claim_kind_1", "wages")
    phone.fill("#id_claim_amount_1", "12000")
    phone.fill("#id_claim_description_1", "支付2026年7月至9月拖欠工资12000元")
    phone.fill(
        "#id_facts", "申请人自2022年3月起在被申请人处任装配工，被申请人拖欠2026年7月至9月工资共12000元，经催要未付。"
    )
    phone.fill("#id_known_on", (today - timedelta(days=30)).isoformat())
    phone.check("input[name=route][value=mediation]")
    phone.select_option("#id_mediation_org", label=w.lixia_mediation.name)
    no_sideways_scrolling(phone)
    phone.click("#submit-filing")
    phone.wait_for_selector("#plain-status")
    assert "申请已提交" in alerts(phone), alerts(phone)
    case = DisputeCase.objects.get(worker=w.alice_person)
    assert case.status == Status.MEDIATING
    assert case.enterprise == w.enterprise_a and case.mediation_org == w.lixia_mediation
    assert case.claim_total == 12000 and case.claims.get().kind == "wages"
    assert case.number in phone.inner_text("#case-summary")
    assert phone.inner_text("#case-status") == "调解中"
    no_sideways_scrolling(phone)

    # --- the mediator, at a desk, records that mediation failed ---
    mediator = log_in("mediator")
    pages.append(mediator)
    mediator.on("dialog", lambda dialog: dialog.accept())
    mediator.goto(f"{base}{reverse('disputes:case-detail', args=[case.pk])}")
    fail = mediator.locator("#action-fail_mediation")
    fail.locator("summary").click()
    fail.locator("textarea").fill("双方对拖欠工资数额分歧较大，被申请人不同意支付，调解不成。")
    fail.locator("button[type=submit]").click()
    mediator.wait_for_selector("text=已记录调解不成")
    assert refreshed(case).status == Status.MEDIATION_FAILED
    assert case.mediations.get().outcome == "failed"

    # --- Alice applies for arbitration from her phone ---
    phone.goto(f"{base}{reverse('disputes:my-case-detail', args=[case.pk])}")
    assert "调解没有成功" in phone.inner_text("#plain-status")
    phone.click("#route-apply_arbitration")
    phone.wait_for_selector("text=已提交仲裁申请")
    assert refreshed(case).status == Status.ARB_REVIEW and case.commission == w.lixia_arbitration
    assert phone.inner_text("#case-status") == "仲裁申请审查中"

    # --- the arbitrator accepts and composes a sole tribunal ---
    arbitrator = log_in("arbitrator")
    pages.append(arbitrator)
    arbitrator.on("dialog", lambda dialog: dialog.accept())
    detail = f"{base}{reverse('disputes:case-detail', args=[case.pk])}"
    arbitrator.goto(detail)
    arbitrator.click("#action-accept button")
    arbitrator.wait_for_selector("text=已受理，受理通知书已送达各方当事人")
    assert refreshed(case).status == Status.ACCEPTED and case.arbitration_number and case.accepted_on
    assert case.documents.filter(kind=CaseDocument.Kind.ACCEPTANCE).exists()

    arbitrator.click("#action-compose")
    arbitrator.select_option("#id_kind", "sole")
    arbitrator.select_option("#id_first", str(w.arbitrator.pk))
    arbitrator.click("#arbitration-form button[type=submit]")
    arbitrator.wait_for_selector("text=仲裁庭已组成")
    assert case.tribunal.get().arbitrator == w.arbitrator and refreshed(case).tribunal_kind == "sole"

    # --- a hearing: four working days' notice refused (LDMAL-35), five accepted with its notice ---
    arbitrator.click("#action-schedule_hearing")
    notice_on = date.fromisoformat(arbitrator.input_value("#id_notice_on"))  # today, as the server says
    earliest = rules.earliest_hearing(notice_on).date
    too_soon = earliest - timedelta(days=1)
    arbitrator.fill("#id_starts_at", f"{too_soon.isoformat()}T09:30")
    arbitrator.click("#arbitration-form button[type=submit]")
    error = arbitrator.locator("#id_starts_at ~ .invalid-feedback")
    assert "开庭通知应当在开庭五日前送达当事人" in error.inner_text()
    assert f"最早可于{earliest:%Y年%m月%d日}开庭（第三十五条）" in error.inner_text()
    assert not Hearing.objects.filter(case=case).exists()
    assert not case.documents.filter(kind=CaseDocument.Kind.HEARING_NOTICE).exists()
    assert refreshed(case).status == Status.ACCEPTED

    arbitrator.fill("#id_starts_at", f"{earliest.isoformat()}T09:30")
    arbitrator.click("#arbitration-form button[type=submit]")
    arbitrator.wait_for_selector("text=开庭通知书已送达")
    hearing = Hearing.objects.get(case=case)
    assert refreshed(case).status == Status.HEARING_SCHEDULED and hearing.online
    assert timezone.localtime(hearing.starts_at).date() == earliest
    notice = case.documents.get(kind=CaseDocument.Kind.HEARING_NOTICE)
    assert set(notice.services.values_list("party__side", flat=True)) == {"applicant", "respondent"}
    documents = arbitrator.locator("#case-documents")
    documents.locator("text=开庭通知书").wait_for()
    assert "未签收" in documents.inner_text()

    # Alice sees the notice on her phone.
    phone.goto(f"{base}{reverse('disputes:my-case-detail', args=[case.pk])}")
    assert "开庭通知书" in phone.inner_text("#my-documents")
    no_sideways_scrolling(phone)

    # --- the hearing day: the clock moves on; the arbitrator records the hearing ---
    hearing_day = timezone.make_aware(datetime.combine(earliest, time(11, 0)))
    move_clock_to(monkeypatch, hearing_day)
    assert timezone.localdate() == earliest
    arbitrator = log_in("arbitrator")
    pages.append(arbitrator)
    arbitrator.on("dialog", lambda dialog: dialog.accept())
    arbitrator.goto(detail)
    arbitrator.click("#action-hold_hearing")
    arbitrator.fill(
        "#id_transcript", "仲裁员：现在开庭。申请人陈述仲裁请求……被申请人对拖欠工资无异议，称资金周转困难。"
    )
    applicant, respondent = case.parties.order_by("side", "id")
    arbitrator.fill(f"#id_party_{respondent.pk}", "张伟（委托代理人）")
    arbitrator.click("#arbitration-form button[type=submit]")
    arbitrator.wait_for_selector("text=庭审记录已保存")
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.HELD and "现在开庭" in hearing.transcript
    assert refreshed(case).status == Status.HEARD

    # --- the award: ¥12,000 of wages in Jinan is a final award (LDMAL-47) ---
    arbitrator.click("#action-award")
    claim = case.claims.get()
    arbitrator.select_option(f"#id_result_{claim.pk}", "upheld")
    arbitrator.fill("#id_reasoning", "被申请人拖欠申请人工资的事实清楚，证据充分，本委予以支持。")
    arbitrator.click("#arbitration-form button[type=submit]")
    arbitrator.wait_for_selector("text=已作出裁决")
    assert refreshed(case).status == Status.AWARDED and case.finality == DisputeCase.Finality.FINAL
    award = case.documents.get(kind=CaseDocument.Kind.FINAL_AWARD)
    assert arbitrator.inner_text("#award-finality") == "终局裁决"
    assert "终局" in arbitrator.inner_text("#award-results")

    # --- served ---
    arbitrator.click("#action-serve button")
    arbitrator.wait_for_selector("text=裁决书已电子送达各方当事人")
    assert refreshed(case).status == Status.SERVED and case.served_on == earliest
    service = Service.objects.get(document=award, party=applicant)
    assert service.receipt_at is None

    texts = [message for to, message in ConsoleSmsSender.outbox if to == "13800000001"]
    assert any(f"《{award.title}》" in message for message in texts), texts

    # --- Alice sees the served award on her phone, opens it (the receipt) and downloads it ---
    phone = log_in("alice", viewport=PHONE)
    pages.append(phone)
    phone.goto(f"{base}{reverse('disputes:my-cases')}")
    phone.click(f"text={case.number}")
    phone.wait_for_selector("#my-documents")
    assert "裁决书已送达" in phone.inner_text("#plain-status")
    row = phone.locator("#my-documents .list-group-item", has_text=award.title)
    assert "待签收" in row.inner_text()
    no_sideways_scrolling(phone)
    with phone.expect_popup() as popup:
        row.locator(f"a[data-receipt='{service.pk}']").click()
    popup.value.close()
    service.refresh_from_db()
    assert service.receipt_at is not None
    phone.reload()
    row = phone.locator("#my-documents .list-group-item", has_text=award.title)
    assert "已签收" in row.inner_text() and "查看" in row.inner_text()
    no_sideways_scrolling(phone)

    href = row.locator("a[data-receipt]").get_attribute("href")
    response = phone.request.get(f"{base}{href}?download=1")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment")
    pdf = tmp_path / "award.pdf"
    pdf.write_bytes(response.body())
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the award")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert case.arbitration_number in flat and "终局裁决书" in flat, text
    assert [page.errors for page in pages] == [[]] * len(pages)
