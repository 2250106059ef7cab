"""A labor contract from draft to verification in a real browser (issue 4's walk).

Quancheng Machinery's HR drafts a one-year contract for Alice with three months' probation; the
checks flag it (LCL-19: at most one month on a term under three years) and issuing is refused; HR
fixes the probation and issues. Alice, on a 375 px phone, reads the contract, requests the SMS code,
confirms her intent and signs; HR seals. A visitor uploads the signed PDF to the public verifier,
which names both signers and finds the chain and timestamps valid — and a copy with one byte
changed is refused.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hexie.contracts.models import LaborContract
from hexie.core.senders import ConsoleSmsSender
from tests.contracts.drafting_factory import with_addresses
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
Status = LaborContract.Status


@pytest.fixture(autouse=True)
def signing(settings, tmp_path_factory):
    settings.SIGNING_DIR = tmp_path_factory.mktemp("signing")
    settings.TSA_URL = ""
    settings.SMS_SENDER = "hexie.core.senders.ConsoleSmsSender"
    ConsoleSmsSender.outbox.clear()


def no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_hr_drafts_the_checks_flag_a_probation_the_worker_signs_on_a_phone_and_anyone_verifies(
    log_in, live_server, e2e_world, browser, tmp_path
):
    w = with_addresses(e2e_world)
    start = timezone.localdate() + timedelta(days=7)
    end = start.replace(year=start.year + 1) - timedelta(days=1)

    # HR drafts: a one-year term with three months' probation.
    hr = log_in("hr_a")
    hr.on("dialog", lambda dialog: dialog.accept())
    hr.goto(f"{live_server.url}{reverse('contracts:contract-create')}")
    hr.select_option("#id_employment", str(w.alice_job.pk))
    hr.select_option("#id_template", label="劳动合同（固定期限）示范文本 · v1")
    hr.select_option("#id_term_kind", "fixed")
    for field, value in {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "probation_end": (start + timedelta(days=89)).isoformat(),
        "position": "装配工",
        "job_description": "数控机床装配",
        "work_place": "济南市历下区经十路100号",
        "rest": "每周休息两日，享受法定节假日",
        "wage": "5200.00",
        "probation_wage": "4800.00",
        "social_insurance": "依法参加五项社会保险",
        "protection": "提供劳动保护用品，定期职业健康检查",
        "worker_address": "济南市历下区泉城路1号",
    }.items():
        hr.fill(f"#id_{field}", value)
    hr.click("button:has-text('保存并检查')")
    hr.wait_for_selector("#contract-findings")
    findings = hr.inner_text("#contract-findings")
    assert "LCL-19" in findings and "错误" in findings
    assert hr.locator("button:has-text('发起签署')").is_disabled()
    contract = LaborContract.objects.get(worker=w.alice_person)
    assert contract.status == Status.DRAFT

    # HR fixes the probation (one month at most) and issues.
    hr.goto(f"{live_server.url}{reverse('contracts:contract-edit', args=[contract.pk])}")
    hr.fill("#id_probation_end", (start + timedelta(days=27)).isoformat())
    hr.click("button:has-text('保存并检查')")
    hr.wait_for_selector("text=发起签署")
    assert "LCL-19" not in (hr.inner_text("#contract-findings") if hr.locator("#contract-findings").count() else "")
    hr.click("button:has-text('发起签署')")
    hr.wait_for_selector("text=待劳动者签署")
    contract.refresh_from_db()
    assert contract.status == Status.AWAITING_WORKER and contract.document

    # Alice signs on her phone with the code texted to her.
    phone = log_in("alice", viewport=PHONE)
    phone.goto(f"{live_server.url}{reverse('contracts:my-contracts')}")
    phone.click(f"text={contract.number}")
    no_sideways_scrolling(phone)
    phone.click("#request-code")
    phone.wait_for_selector("text=验证码已发送至 138****0001")
    code = re.search(r"验证码 (\d{6})", ConsoleSmsSender.outbox[-1][1]).group(1)
    phone.fill("#id_code", code)
    phone.check("#id_intent")
    assert phone.locator("#sign-button").bounding_box()["height"] >= 44  # a thumb's target
    phone.click("#sign-button")
    phone.wait_for_selector("text=签署成功，等待用人单位盖章后合同生效")
    no_sideways_scrolling(phone)

    # HR seals: the contract is in force.
    hr.goto(f"{live_server.url}{reverse('contracts:contract-detail', args=[contract.pk])}")
    hr.click("#seal-button")
    hr.wait_for_selector("text=已盖章，合同自")
    contract.refresh_from_db()
    assert contract.status == Status.IN_FORCE and contract.signatures.count() == 2

    # Alice downloads her signed copy; a visitor checks it on the public verifier.
    with phone.expect_download() as download:
        phone.goto(f"{live_server.url}{reverse('contracts:worker-contract', args=[contract.pk])}")
        phone.click("text=下载")
    signed = tmp_path / "signed.pdf"
    download.value.save_as(signed)
    visitor = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    visitor.goto(f"{live_server.url}{reverse('contracts:verify')}")
    visitor.set_input_files("#id_file", str(signed))
    visitor.click("button:has-text('查验')")
    visitor.wait_for_selector("#verify-status")
    assert "alert-success" in visitor.get_attribute("#verify-status", "class")
    table = visitor.inner_text("#signature-table")
    assert "济南泉城机械有限公司" in table and "王丽" in table  # the names the uploaded file itself carries
    assert visitor.inner_text("#matches-archive").startswith("一致")
    no_sideways_scrolling(visitor)

    # One byte changed: refused.
    data = signed.read_bytes()
    at = data.index(b"stream", data.index(b"/Contents")) + 40
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    visitor.goto(f"{live_server.url}{reverse('contracts:verify')}")
    visitor.set_input_files("#id_file", str(tampered))
    visitor.click("button:has-text('查验')")
    visitor.wait_for_selector("#verify-status")
    assert "alert-danger" in visitor.get_attribute("#verify-status", "class")
    assert "篡改" in visitor.inner_text("#verify-status")
    assert hr.errors == [] and phone.errors == []
