"""The public verifier (合同验证): anyone, with no login, uploads a contract PDF or types its number
and learns who signed, when, whether the file changed since, and whether certificates and
timestamps are valid. An altered file is called tampered, a file that is not a PDF gets a clear
error in Chinese and English, and nothing uploaded is ever kept."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hexie.contracts.models import LaborContract
from hexie.contracts.services import signing
from hexie.core.models import Attachment
from hexie.core.senders import ConsoleSmsSender
from tests.contracts.matrix_signing import issued_contract

URL = "/contracts/verify/"
API = "/api/contracts/verify"


@pytest.fixture(autouse=True)
def signing_dir(settings, tmp_path_factory):
    settings.SIGNING_DIR = tmp_path_factory.mktemp("signing")
    settings.TSA_URL = ""
    settings.SMS_SENDER = "hexie.core.senders.ConsoleSmsSender"
    return settings.SIGNING_DIR


def worker_signs(contract, world):
    signing.send_signing_code(contract, world.alice)
    code = re.search(r"验证码 (\d{6})", ConsoleSmsSender.outbox[-1][1]).group(1)
    signing.sign_as_worker(contract, code, world.alice)


def read(contract) -> bytes:
    contract.refresh_from_db()
    with contract.document.open("rb") as handle:
        return handle.read()


@pytest.fixture
def in_force(world):
    contract = issued_contract(world.enterprise_a, world.alice_person)
    worker_signs(contract, world)
    signing.seal_as_enterprise(contract, world.hr_a)
    return contract


def tamper(pdf: bytes) -> bytes:
    at = pdf.index(b"stream", pdf.index(b"/Contents")) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def upload(data: bytes, name="contract.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_page_is_public_and_in_the_visitors_menu(db):
    response = Client().get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in text and 'enctype="multipart/form-data"' in text
    assert f'href="{URL}"' in text  # the menu a visitor sees


def test_a_signed_contract_uploaded_is_valid_and_matches_the_archive(world, in_force):
    response = Client().post(URL, {"file": upload(read(in_force))})
    text = response.content.decode()
    assert response.status_code == 200
    assert "签名有效，文件自签署后未被修改" in text
    assert in_force.number in text and "济南泉城机械有限公司" in text and "王*" in text
    assert text.count("劳动者签名") == 1 and text.count("用人单位盖章") == 1
    assert "一致" in re.search(r'id="matches-archive">([^<]*)', text).group(1)
    assert world.alice_person.id_masked not in text


def test_the_worker_signed_revision_is_recognised(world):
    contract = issued_contract(world.enterprise_a, world.alice_person)
    worker_signs(contract, world)
    result = signing.verify_bytes(read(contract))
    assert result.valid and result.contract == contract and result.revision == "worker"
    assert result.matches_archive and [s.role for s in result.signatures] == ["劳动者签名"]


def test_an_altered_pdf_is_rejected_and_nothing_is_stored(world, in_force, settings):
    files, attachments = stored_files(settings), Attachment.objects.count()
    before = LaborContract.objects.values().get(pk=in_force.pk)
    response = Client().post(URL, {"file": upload(tamper(read(in_force)))})
    text = response.content.decode()
    assert response.status_code == 200
    assert "文件已被篡改，签名无效" in text and "alert-danger" in text
    assert "签名有效，文件自签署后未被修改" not in text
    assert stored_files(settings) == files and Attachment.objects.count() == attachments
    assert LaborContract.objects.values().get(pk=in_force.pk) == before


def test_a_valid_signature_on_a_file_the_platform_never_archived_is_said_so(world, in_force):
    from hexie.contracts.signing import sign_pdf

    extra = sign_pdf(
        read(in_force),
        signing.enterprise_identity(in_force),
        field_name="Extra",
        reason="r",
        location="济南",
        appearance_text="追加",
        page=0,
        box=(10, 10, 110, 60),
    )
    result = signing.verify_bytes(extra)
    assert result.matches_archive is False and result.contract is None
    assert result.verdict == "签名有效，但与本平台存档的合同文件不一致"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("contract.pdf", b"PK\x03\x04 not a pdf at all", "文件内容与扩展名 .pdf 不符，或文件已损坏"),
        ("notes.txt", b"hello", "不支持的文件类型"),
        ("contract.pdf", b"%PDF-1.7\n garbage with no trailer", "不是有效的 PDF 文件（not a valid PDF file）"),
        ("empty.pdf", b"", "文件为空（the file is empty）"),
    ],
)
def test_a_file_that_is_not_a_pdf_gets_a_clear_error_and_nothing_is_stored(db, settings, name, data, message):
    files = stored_files(settings)
    response = Client().post(URL, {"file": SimpleUploadedFile(name, data)})
    text = response.content.decode()
    assert response.status_code == 422
    assert message in text
    assert "签名有效" not in text
    assert stored_files(settings) == files and not Attachment.objects.exists()


def test_an_english_error_comes_with_the_chinese(db):
    response = Client().post(URL, {"file": SimpleUploadedFile("contract.pdf", b"PK\x03\x04 zip")})
    assert "the content is not a valid .pdf file" in response.content.decode()


def test_too_large_a_file_is_refused_before_it_is_read(db, settings, world, in_force):
    settings.UPLOAD_MAX_BYTES = 1024
    response = Client().post(URL, {"file": upload(read(in_force))})
    assert response.status_code == 422 and "文件过大，上限为" in response.content.decode()


def test_neither_a_file_nor_a_number(db):
    response = Client().post(URL, {})
    assert response.status_code == 422 and "请上传合同 PDF 文件或输入合同编号" in response.content.decode()


def test_by_number_the_public_facts_with_the_name_masked(world, in_force):
    response = Client().get(URL, {"number": in_force.number})
    text = response.content.decode()
    assert response.status_code == 200
    assert "签名有效，文件自签署后未被修改" in text and "王*" in text and "履行中" in text
    assert "王丽" not in text and world.alice_person.id_masked not in text and "138" not in text
    assert in_force.sha256 in text
    response = Client().post(URL, {"number": in_force.number})
    assert response.status_code == 200 and "王丽" not in response.content.decode()


def test_by_number_an_unknown_or_draft_contract_is_not_found(world):
    draft = issued_contract(world.enterprise_a, world.alice_person, status="draft")
    for number in ("HT-NO-SUCH", draft.number):
        response = Client().get(URL, {"number": number})
        assert response.status_code == 404 and "未找到该编号的合同" in response.content.decode()


def test_by_number_a_contract_awaiting_the_seal_is_not_yet_valid(world):
    contract = issued_contract(world.enterprise_a, world.alice_person)
    worker_signs(contract, world)
    result = signing.verify_number(contract.number)
    assert not result.valid and result.verdict == "劳动者已签署，尚待用人单位盖章"
    assert [s.signer for s in result.signatures] == ["王*"]


def test_by_number_an_archive_that_no_longer_matches_its_hash_is_flagged(world, in_force):
    LaborContract.objects.filter(pk=in_force.pk).update(sha256="0" * 64)
    result = signing.verify_number(in_force.number)
    assert not result.valid and result.matches_archive is False
    assert result.verdict == "存档文件与签署完成时的摘要不一致"


def test_the_form_works_with_csrf_checks_on(world, in_force):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = browser.post(URL, {"csrfmiddlewaretoken": token, "number": in_force.number})
    assert response.status_code == 200 and "签名有效" in response.content.decode()
    assert browser.post(URL, {"number": in_force.number}).status_code == 403  # no token, no answer


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_checks_an_upload_without_a_login(world, in_force):
    response = Client().post(API, {"file": upload(read(in_force))})
    body = response.json()
    assert response.status_code == 200, body
    assert body["valid"] and body["matches_archive"] and body["revision"] == "final"
    assert body["sha256"] == hashlib.sha256(read(in_force)).hexdigest() == body["contract"]["sha256"]
    assert body["contract"]["worker"] == "王*" and body["contract"]["status"] == "in_force"
    assert [(s["role"], s["signer"]) for s in body["signatures"]] == [
        ("劳动者签名", "王丽"),  # the uploader holds the file, whose certificate names the signer
        ("用人单位盖章", "济南泉城机械有限公司"),
    ]
    assert all(s["intact"] and s["trusted"] and s["timestamp_valid"] for s in body["signatures"])


def test_the_api_rejects_an_altered_pdf_and_a_non_pdf(world, in_force, settings):
    files = stored_files(settings)
    body = Client().post(API, {"file": upload(tamper(read(in_force)))}).json()
    assert not body["valid"] and body["verdict"] == "文件已被篡改，签名无效" and body["matches_archive"] is False
    response = Client().post(API, {"file": SimpleUploadedFile("contract.pdf", b"PK\x03\x04 zip")})
    assert response.status_code == 422
    message = response.json()["detail"][0]["msg"]
    assert "文件内容与扩展名 .pdf 不符" in message and "not a valid .pdf file" in message
    assert stored_files(settings) == files and not Attachment.objects.exists()


def test_the_api_by_number(world, in_force):
    response = Client().get(f"{API}/{in_force.number}")
    body = response.json()
    assert response.status_code == 200 and body["valid"]
    assert body["contract"] == {
        "number": in_force.number,
        "enterprise": "济南泉城机械有限公司",
        "worker": "王*",
        "status": "in_force",
        "status_label": "履行中",
        "effective_at": body["contract"]["effective_at"],
        "sha256": in_force.sha256,
    }
    assert "王丽" not in response.content.decode()
    assert Client().get(f"{API}/HT-NO-SUCH").status_code == 404


def test_the_signing_panel_links_to_the_verifier(world, in_force, client_for):
    response = client_for(world.hr_a).get(reverse("contracts:contract-detail", args=[in_force.pk]))
    text = response.content.decode()
    assert response.status_code == 200 and 'id="signing-panel"' in text
    assert f"{URL}?number={in_force.number}" in text
    assert "企业账号 hr_a" in text and "短信验证码" in text and 'id="seal-button"' not in text
