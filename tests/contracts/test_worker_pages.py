"""A worker's own contracts on a phone (我的合同): Alice sees hers in every status but drafts, reads
the terms and the checks' warnings, opens and downloads the PDF at any time for free; nobody else
opens them. On the contract's page, HR of her enterprise finds the seal button once she signed.
The walk in a real browser at 375 px is tests/e2e/test_contract_walk.py."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hexie.contracts.models import LaborContract
from hexie.contracts.services import signing
from hexie.core.senders import ConsoleSmsSender
from tests.contracts.matrix_signing import issued_contract

Status = LaborContract.Status


@pytest.fixture(autouse=True)
def signing_dir(settings, tmp_path_factory):
    settings.SIGNING_DIR = tmp_path_factory.mktemp("signing")
    settings.TSA_URL = ""
    settings.SMS_SENDER = "hexie.core.senders.ConsoleSmsSender"
    ConsoleSmsSender.outbox.clear()
    return settings.SIGNING_DIR


def last_code() -> str:
    return re.search(r"验证码 (\d{6})", ConsoleSmsSender.outbox[-1][1]).group(1)


def test_my_contracts_lists_only_my_own_and_no_drafts(world, client_for):
    mine = issued_contract(world.enterprise_a, world.alice_person)
    ended = issued_contract(world.enterprise_a, world.alice_person, status="terminated")
    draft = issued_contract(world.enterprise_a, world.alice_person, status="draft")
    carols = issued_contract(world.enterprise_a, world.carol_person)
    text = client_for(world.alice).get(reverse("contracts:my-contracts")).content.decode()
    assert mine.number in text and ended.number in text and "待您签署" in text
    assert draft.number not in text and carols.number not in text and "张敏" not in text


def test_people_without_a_worker_record_have_an_empty_list(world, client_for):
    issued_contract(world.enterprise_a, world.alice_person)
    response = client_for(world.hr_a).get(reverse("contracts:my-contracts"))
    assert response.status_code == 200 and "暂无劳动合同" in response.content.decode()


def test_visitors_are_sent_to_log_in(db):
    response = Client().get(reverse("contracts:my-contracts"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_phone_page_shows_terms_warnings_and_the_signing_steps(world, client_for):
    contract = issued_contract(world.enterprise_a, world.alice_person)
    LaborContract.objects.filter(pk=contract.pk).update(
        findings=[{"code": "LCL-82", "level": "warning", "message": "入职已超过一个月才订立书面劳动合同"}]
    )
    response = client_for(world.alice).get(reverse("contracts:worker-contract", args=[contract.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport" content="width=device-width' in text
    assert "入职已超过一个月才订立书面劳动合同" in text and "LCL-82" in text
    assert "装配工" in text and "¥5,000.00" in text
    assert "一、劳动合同期限" in text and "合同期限自2026年1月1日起。" in text  # the clauses, readable on a phone
    assert "本人已阅读并同意本合同全部条款" in text and 'autocomplete="one-time-code"' in text
    assert text.count("btn-lg w-100") >= 3  # thumb-sized buttons
    assert reverse("contracts:worker-contract-pdf", args=[contract.pk]) in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_in_force_contract_shows_its_signatures_and_no_signing_form(world, client_for):
    contract = issued_contract(world.enterprise_a, world.alice_person)
    signing.send_signing_code(contract, world.alice)
    signing.sign_as_worker(contract, last_code(), world.alice)
    signing.seal_as_enterprise(contract, world.hr_a)
    text = client_for(world.alice).get(reverse("contracts:worker-contract", args=[contract.pk])).content.decode()
    assert "履行中" in text and "劳动者签名：王丽" in text and "用人单位盖章：济南泉城机械有限公司" in text
    assert 'id="sign-card"' not in text and "获取短信验证码" not in text


def test_the_pdf_is_free_to_view_and_download_for_the_worker_only(world, client_for):
    contract = issued_contract(world.enterprise_a, world.alice_person, status="expired")
    url = reverse("contracts:worker-contract-pdf", args=[contract.pk])
    response = client_for(world.alice).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("inline")
    download = client_for(world.alice).get(url, {"download": 1})
    assert (
        download["Content-Disposition"].startswith("attachment") and contract.number in download["Content-Disposition"]
    )
    for other in (world.bob, world.hr_a, world.lixia):
        assert client_for(other).get(url).status_code == 404
        assert client_for(other).get(reverse("contracts:worker-contract", args=[contract.pk])).status_code == 404


def test_the_signing_panel_offers_the_seal_to_the_enterprise_only(world, client_for):
    contract = issued_contract(world.enterprise_a, world.alice_person)
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    text = client_for(world.hr_a).get(detail).content.decode()
    assert 'id="signing-panel"' in text and "等待劳动者在手机上验证短信验证码后签署" in text
    assert 'id="seal-button"' not in text
    signing.send_signing_code(contract, world.alice)
    signing.sign_as_worker(contract, last_code(), world.alice)
    text = client_for(world.hr_a).get(detail).content.decode()
    assert 'id="seal-button"' in text and "王丽" in text and "短信验证码" in text
    text = client_for(world.lixia).get(detail).content.decode()
    assert 'id="signing-panel"' in text and 'id="seal-button"' not in text
    response = client_for(world.lixia).post(reverse("contracts:contract-seal", args=[contract.pk]))
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.status == Status.AWAITING_SEAL


def test_the_menu_has_my_contracts_and_the_public_verifier(world, client_for):
    text = client_for(world.alice).get(reverse("contracts:my-contracts")).content.decode()
    assert f'href="{reverse("contracts:my-contracts")}"' in text and f'href="{reverse("contracts:verify")}"' in text
    visitor = Client().get(reverse("contracts:verify")).content.decode()
    assert f'href="{reverse("contracts:my-contracts")}"' not in visitor
    office = client_for(world.hr_a).get(reverse("contracts:contract-list")).content.decode()
    assert f'href="{reverse("contracts:my-contracts")}"' not in office  # HR is no worker here
