"""Signing a contract: Alice gets a code on her phone and signs, Quancheng Machinery seals, the
contract is in force with two timestamped signatures — and every wrong move (signing twice, a
used, expired or wrong code, another worker, a seal by another enterprise) is refused with nothing
changed. With the time-stamping service down the signing waits as a job, never signs without a
timestamp, and completes when the service is back."""

import hashlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hexie.contracts.models import LaborContract, Signature, SigningCode
from hexie.contracts.services import signing
from hexie.contracts.signing import TSAUnavailable, verify_pdf
from hexie.core.models import Job, TimelineEntry
from hexie.core.senders import ConsoleSmsSender
from tests.contracts.matrix_signing import issued_contract

Status = LaborContract.Status
UNREACHABLE_TSA = "http://127.0.0.1:9/tsa"


@pytest.fixture(autouse=True)
def signing_dir(settings, tmp_path_factory):
    settings.SIGNING_DIR = tmp_path_factory.mktemp("signing")
    settings.TSA_URL = ""
    settings.TSA_TIMEOUT = 2
    settings.SIGNING_TSA_RETRY_DELAYS = (0, 0)
    settings.SMS_SENDER = "hexie.core.senders.ConsoleSmsSender"
    ConsoleSmsSender.outbox.clear()
    return settings.SIGNING_DIR


@pytest.fixture
def contract(world):
    return issued_contract(world.enterprise_a, world.alice_person)


def last_code(phone="13800000001") -> str:
    to, text = ConsoleSmsSender.outbox[-1]
    assert to == phone
    return re.search(r"验证码 (\d{6})", text).group(1)


def document_bytes(contract) -> bytes:
    contract.refresh_from_db()
    with contract.document.open("rb") as handle:
        return handle.read()


def snapshot(contract) -> tuple:
    """Everything a refused action must leave as it was."""
    contract = LaborContract.objects.get(pk=contract.pk)
    return (
        contract.status,
        contract.document.name,
        contract.sha256,
        contract.effective_at,
        list(Signature.objects.filter(contract=contract).values_list("pk", flat=True)),
        list(TimelineEntry.objects.filter(object_id=str(contract.pk)).values_list("pk", flat=True)),
        Job.objects.filter(kind=signing.SIGN_JOB).count(),
    )


def sign(contract, world, **kwargs):
    signing.send_signing_code(contract, world.alice, **kwargs)
    return signing.sign_as_worker(contract, last_code(), world.alice, "10.0.0.8", "Mobile Safari", **kwargs)


# --- the flow ----------------------------------------------------------------------------------------


def test_the_worker_signs_with_a_code_the_enterprise_seals_and_the_contract_is_in_force(
    world, contract, django_capture_on_commit_callbacks
):
    row = signing.send_signing_code(contract, world.alice)
    assert row.phone_masked == "138****0001" and row.attempts == 0 and row.used_at is None
    code = last_code()
    assert (
        "济南泉城机械有限公司" in ConsoleSmsSender.outbox[-1][1] and contract.number in ConsoleSmsSender.outbox[-1][1]
    )
    assert code not in row.code_hash and len(row.code_hash) == 64  # only a keyed hash is kept

    outcome = signing.sign_as_worker(contract, code, world.alice, "10.0.0.8", "Mobile Safari")
    assert not outcome.queued and contract.status == Status.AWAITING_SEAL
    worker = Signature.objects.get(contract=contract, role="worker")
    assert (worker.signer_name, worker.verification, worker.signing_code_id) == ("王丽", "短信验证码", row.pk)
    assert (worker.ip_address, worker.user_agent, worker.user) == ("10.0.0.8", "Mobile Safari", world.alice)
    assert worker.timestamp_at is not None and worker.tsa and worker.certificate_serial
    assert worker.signer_serial.startswith(world.alice_person.id_masked[:6])
    assert worker.revision_sha256 == hashlib.sha256(document_bytes(contract)).hexdigest()
    assert SigningCode.objects.get(pk=row.pk).used_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        outcome = signing.seal_as_enterprise(contract, world.hr_a, ip="10.0.0.9", user_agent="Firefox")
    contract.refresh_from_db()
    assert not outcome.queued and contract.status == Status.IN_FORCE
    seal = Signature.objects.get(contract=contract, role="enterprise")
    assert (seal.signer_name, seal.verification) == ("济南泉城机械有限公司", "企业账号 hr_a")
    final = document_bytes(contract)
    assert contract.sha256 == seal.revision_sha256 == hashlib.sha256(final).hexdigest()
    assert contract.effective_at == seal.timestamp_at

    report = verify_pdf(final)
    assert report.valid and len(report.signatures) == 2
    assert [s.signer for s in report.signatures] == ["王丽", "济南泉城机械有限公司"]
    assert [s.field_name for s in report.signatures] == ["WorkerSignature", "EnterpriseSeal"]
    assert all(s.timestamp_valid and s.timestamp_time for s in report.signatures)
    assert [e.action for e in contract.timeline.order_by("at", "pk")] == ["worker_sign", "seal"]
    phone, text = ConsoleSmsSender.outbox[-1]
    assert phone == "13800000001" and "已签署完成并生效" in text


def test_from_issue_to_in_force_through_the_drafting_part(world, django_capture_on_commit_callbacks):
    from hexie.contracts.services.drafting import draft_contract, issue_contract
    from tests.contracts.drafting_factory import lawful_fields, model_text, with_addresses

    with_addresses(world)
    draft = draft_contract(world.enterprise_a, world.alice_person, model_text(), lawful_fields(), world.hr_a)
    with django_capture_on_commit_callbacks(execute=True):
        contract = issue_contract(draft, world.hr_a)
    assert contract.status == Status.AWAITING_WORKER
    assert reverse("contracts:worker-contract", args=[contract.pk]) in ConsoleSmsSender.outbox[-1][1]
    sign(contract, world)
    signing.seal_as_enterprise(contract, world.hr_a)
    contract.refresh_from_db()
    assert contract.status == Status.IN_FORCE
    report = verify_pdf(document_bytes(contract))
    assert report.valid and [s.signer for s in report.signatures] == ["王丽", "济南泉城机械有限公司"]
    assert signing.verify_number(contract.number).valid


def test_a_change_in_force_supersedes_the_version_it_replaces(world):
    old = issued_contract(world.enterprise_a, world.alice_person, status="in_force")
    new = issued_contract(world.enterprise_a, world.alice_person, supersedes=old, change_kind="change")
    sign(new, world)
    signing.seal_as_enterprise(new, world.hr_a)
    old.refresh_from_db()
    assert (new.status, old.status) == (Status.IN_FORCE, Status.SUPERSEDED)
    assert old.timeline.get().action == "supersede"


def test_a_renewal_leaves_the_previous_contract_to_run_out(world):
    old = issued_contract(world.enterprise_a, world.alice_person, status="in_force")
    new = issued_contract(world.enterprise_a, world.alice_person, supersedes=old, change_kind="renewal")
    sign(new, world)
    signing.seal_as_enterprise(new, world.hr_a)
    old.refresh_from_db()
    assert old.status == Status.IN_FORCE


def test_the_worker_declines_with_a_reason(world, contract):
    with pytest.raises(ValidationError, match="请填写拒签原因"):
        signing.decline_contract(contract, world.alice, "  ")
    signing.decline_contract(contract, world.alice, "工资与面谈不符")
    contract.refresh_from_db()
    assert contract.status == Status.DECLINED
    assert contract.timeline.get().note == "工资与面谈不符"
    with pytest.raises(ValidationError, match="不能劳动者签署"):
        signing.send_signing_code(contract, world.alice)


# --- bad input: refused, nothing changed -----------------------------------------------------------


def test_a_worker_cannot_sign_twice(world, contract):
    sign(contract, world)
    before = snapshot(contract)
    with pytest.raises(ValidationError, match="该合同已有劳动者签名，不能重复签署"):
        signing.send_signing_code(contract, world.alice, now=timezone.now() + timedelta(minutes=2))
    with pytest.raises(ValidationError, match="不能重复签署"):
        signing.sign_as_worker(contract, last_code(), world.alice)
    assert snapshot(contract) == before


def test_a_used_code_is_refused(world, contract, settings):
    settings.TSA_URL = UNREACHABLE_TSA  # the code is spent, the signing waits for the TSA
    outcome = sign(contract, world)
    assert outcome.queued
    before = snapshot(contract)
    with pytest.raises(ValidationError, match="验证码已使用，请重新获取"):
        signing.sign_as_worker(contract, last_code(), world.alice)
    assert snapshot(contract) == before


def test_a_code_sent_for_another_contract_does_not_sign_this_one(world, contract):
    other = issued_contract(world.enterprise_a, world.alice_person)
    signing.send_signing_code(other, world.alice)
    signing.send_signing_code(contract, world.alice)
    code_for_contract = last_code()
    signing.send_signing_code(other, world.alice, now=timezone.now() + timedelta(minutes=2))
    code_for_other = last_code()
    if code_for_other == code_for_contract:
        pytest.skip("the two random codes happen to be equal")
    before = snapshot(contract)
    with pytest.raises(ValidationError, match="验证码错误，还可尝试 4 次"):
        signing.sign_as_worker(contract, code_for_other, world.alice)
    assert snapshot(contract) == before


def test_an_expired_code_is_refused(world, contract):
    row = signing.send_signing_code(contract, world.alice)
    before = snapshot(contract)
    later = timezone.now() + signing.CODE_LIFETIME + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="验证码已过期，请重新获取"):
        signing.sign_as_worker(contract, last_code(), world.alice, now=later)
    assert snapshot(contract) == before
    row.refresh_from_db()
    assert (row.used_at, row.attempts) == (None, 0)


def test_five_wrong_codes_lock_the_code(world, contract):
    signing.send_signing_code(contract, world.alice)
    good = last_code()
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    before = snapshot(contract)
    messages = []
    for _ in range(signing.CODE_MAX_ATTEMPTS):
        with pytest.raises(ValidationError) as refused:
            signing.sign_as_worker(contract, wrong, world.alice)
        messages.append(refused.value.messages[0])
    assert messages[:4] == [f"验证码错误，还可尝试 {n} 次" for n in (4, 3, 2, 1)]
    assert messages[4] == "验证码错误次数过多，已失效，请重新获取"
    with pytest.raises(ValidationError, match="错误次数过多"):
        signing.sign_as_worker(contract, good, world.alice)  # the right code no longer works either
    assert snapshot(contract) == before
    assert SigningCode.objects.get(contract=contract).attempts == signing.CODE_MAX_ATTEMPTS


def test_a_new_code_waits_a_minute_and_replaces_the_old_one(world, contract):
    now = timezone.now()
    signing.send_signing_code(contract, world.alice, now=now)
    first = last_code()
    with pytest.raises(ValidationError, match="秒后再重新获取"):
        signing.send_signing_code(contract, world.alice, now=now + timedelta(seconds=30))
    assert len(ConsoleSmsSender.outbox) == 1
    signing.send_signing_code(contract, world.alice, now=now + timedelta(seconds=61))
    second = last_code()
    if first != second:
        with pytest.raises(ValidationError, match="验证码错误"):
            signing.sign_as_worker(contract, first, world.alice, now=now + timedelta(seconds=70))
    signing.sign_as_worker(contract, second, world.alice, now=now + timedelta(seconds=80))
    assert contract.status == Status.AWAITING_SEAL


def test_codes_are_limited_per_day(world, contract):
    now = timezone.now()
    for minute in range(signing.CODES_PER_DAY):
        signing.send_signing_code(contract, world.alice, now=now + timedelta(minutes=2 * minute))
    with pytest.raises(ValidationError, match="今日获取验证码次数过多"):
        signing.send_signing_code(contract, world.alice, now=now + timedelta(hours=1))


def test_only_the_contracts_own_worker_may_request_a_code_or_sign(world, contract, client_for):
    signing.send_signing_code(contract, world.alice)
    code = last_code()
    before = snapshot(contract)
    for intruder in (world.bob, world.hr_a, world.lixia):
        with pytest.raises(PermissionDenied):
            signing.send_signing_code(contract, intruder)
        with pytest.raises(PermissionDenied):
            signing.sign_as_worker(contract, code, intruder)
    client = client_for(world.bob)
    for name in ("contracts:worker-code", "contracts:worker-sign", "contracts:worker-decline"):
        response = client.post(reverse(name, args=[contract.pk]), {"code": code, "intent": "on", "reason": "x"})
        assert response.status_code == 404
    response = client.post(
        f"/api/contracts/{contract.pk}/sign", {"code": code, "intent_confirmed": True}, content_type="application/json"
    )
    assert response.status_code == 404
    assert snapshot(contract) == before
    assert len(ConsoleSmsSender.outbox) == 1


def test_only_the_enterprise_itself_seals_and_only_after_the_worker(world, contract):
    before = snapshot(contract)
    with pytest.raises(ValidationError, match="不能企业盖章"):
        signing.seal_as_enterprise(contract, world.hr_a)
    assert snapshot(contract) == before
    sign(contract, world)
    before = snapshot(contract)
    for outsider in (world.hr_b, world.lixia, world.alice, world.admin):
        with pytest.raises(PermissionDenied):
            signing.seal_as_enterprise(contract, outsider)
    assert snapshot(contract) == before


def test_a_stored_file_changed_since_it_was_issued_is_not_signed(world, contract):
    from django.core.files.base import ContentFile

    signing.send_signing_code(contract, world.alice)
    contract.document.save("swapped.pdf", ContentFile(document_bytes(contract) + b"\n% changed"), save=False)
    LaborContract.objects.filter(pk=contract.pk).update(document=contract.document.name)
    before = snapshot(contract)
    with pytest.raises(ValidationError, match="合同文件与发起签署时的摘要不一致"):
        signing.sign_as_worker(contract, last_code(), world.alice)
    assert snapshot(contract) == before
    assert SigningCode.objects.get().used_at is None


def test_the_intent_must_be_confirmed(world, contract):
    signing.send_signing_code(contract, world.alice)
    before = snapshot(contract)
    with pytest.raises(ValidationError, match="请先确认已阅读并同意合同内容"):
        signing.sign_as_worker(contract, last_code(), world.alice, intent_confirmed=False)
    assert snapshot(contract) == before


# --- the time-stamping service down ------------------------------------------------------------------


def test_with_the_tsa_down_the_signing_is_queued_and_completes_when_it_is_back(world, contract, settings):
    settings.TSA_URL = UNREACHABLE_TSA
    signing.send_signing_code(contract, world.alice)
    code_row = SigningCode.objects.get(contract=contract)
    document = contract.document.name
    outcome = signing.sign_as_worker(contract, last_code(), world.alice, "10.0.0.8", "Mobile Safari")
    assert outcome.queued and str(outcome.message) == "时间戳服务暂不可用，签署已排队，稍后自动完成"
    job = outcome.job
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "时间戳服务不可用" in job.error
    contract.refresh_from_db()
    assert contract.status == Status.AWAITING_WORKER and contract.document.name == document
    assert not Signature.objects.exists()  # never a signature without a timestamp
    code_row.refresh_from_db()
    assert code_row.used_at is not None  # the verification is recorded
    assert signing.pending_signing(contract) == job
    with pytest.raises(ValidationError):
        signing.sign_as_worker(contract, last_code(), world.alice)

    settings.TSA_URL = ""  # the service is back: the daily job takes the signing up again
    from hexie.core.jobs import start_job

    resumed = start_job(signing.RESUME_JOB)
    assert resumed.status == Job.Status.DONE and resumed.result == {"resumed": 1}
    contract.refresh_from_db()
    assert contract.status == Status.AWAITING_SEAL
    worker = Signature.objects.get(contract=contract)
    assert worker.timestamp_at is not None and worker.signing_code == code_row
    assert (worker.ip_address, worker.user_agent, worker.user) == ("10.0.0.8", "Mobile Safari", world.alice)
    assert worker.signed_at == code_row.used_at  # signed when the worker confirmed, stamped later
    assert verify_pdf(document_bytes(contract)).signatures[0].timestamp_valid
    assert signing.pending_signing(contract) is None
    assert start_job(signing.RESUME_JOB).result == {"resumed": 0}  # nothing twice


def test_the_job_retries_with_backoff_while_the_tsa_flickers(world, contract, settings):
    settings.SIGNING_TSA_RETRY_DELAYS = (1, 4, 16)
    real = signing.sign_pdf
    failures = iter([TSAUnavailable("down"), TSAUnavailable("down"), TSAUnavailable("down")])

    def flaky(*args, **kwargs):
        failure = next(failures, None)
        if failure:
            raise failure
        return real(*args, **kwargs)

    with mock.patch.object(signing, "sign_pdf", side_effect=flaky), mock.patch.object(signing.time, "sleep") as sleep:
        outcome = sign(contract, world)
    assert outcome.queued
    outcome.job.refresh_from_db()
    assert outcome.job.status == Job.Status.DONE
    assert [c.args[0] for c in sleep.call_args_list] == [1, 4]
    assert contract.status == Status.AWAITING_SEAL and Signature.objects.get().timestamp_at is not None


def test_a_seal_with_the_tsa_down_is_queued_too(world, contract, settings):
    sign(contract, world)
    settings.TSA_URL = UNREACHABLE_TSA
    outcome = signing.seal_as_enterprise(contract, world.hr_a)
    assert outcome.queued and contract.status == Status.AWAITING_SEAL
    assert Signature.objects.filter(contract=contract).count() == 1
    settings.TSA_URL = ""
    signing.seal_as_enterprise(contract, world.hr_a)  # HR may simply seal again
    contract.refresh_from_db()
    assert contract.status == Status.IN_FORCE and contract.effective_at is not None
    from hexie.core.jobs import start_job

    assert start_job(signing.RESUME_JOB).result == {"resumed": 0}  # the stale job is not redone


# --- the pages and the API -------------------------------------------------------------------------


def test_alice_signs_on_her_phone_pages_and_hr_seals_from_the_contract(world, contract, client_for):
    phone = client_for(world.alice)
    page = phone.get(reverse("contracts:worker-contract", args=[contract.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="viewport"' in text and "本人已阅读并同意" in text and "获取短信验证码" in text
    response = phone.post(reverse("contracts:worker-code", args=[contract.pk]), follow=True)
    assert "验证码已发送至 138****0001" in response.content.decode()
    code = last_code()
    refused = phone.post(reverse("contracts:worker-sign", args=[contract.pk]), {"code": code})
    assert refused.status_code == 422 and "请先勾选确认已阅读并同意合同内容" in refused.content.decode()
    refused = phone.post(reverse("contracts:worker-sign", args=[contract.pk]), {"code": "12", "intent": "on"})
    assert refused.status_code == 422 and "请输入 6 位数字验证码" in refused.content.decode()
    assert SigningCode.objects.get().attempts == 0
    response = phone.post(reverse("contracts:worker-sign", args=[contract.pk]), {"code": code, "intent": "on"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Status.AWAITING_SEAL
    assert Signature.objects.get().ip_address == "127.0.0.1"

    office = client_for(world.hr_a)
    response = office.post(reverse("contracts:contract-seal", args=[contract.pk]))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Status.IN_FORCE


def test_a_wrong_code_on_the_page_says_so_and_counts_one_try(world, contract, client_for):
    phone = client_for(world.alice)
    phone.post(reverse("contracts:worker-code", args=[contract.pk]))
    wrong = f"{(int(last_code()) + 1) % 1_000_000:06d}"
    response = phone.post(reverse("contracts:worker-sign", args=[contract.pk]), {"code": wrong, "intent": "on"})
    assert response.status_code == 422 and "验证码错误，还可尝试 4 次" in response.content.decode()
    assert SigningCode.objects.get().attempts == 1 and not Signature.objects.exists()


def test_the_page_says_when_the_signing_is_queued(world, contract, client_for, settings):
    settings.TSA_URL = UNREACHABLE_TSA
    phone = client_for(world.alice)
    phone.post(reverse("contracts:worker-code", args=[contract.pk]))
    response = phone.post(
        reverse("contracts:worker-sign", args=[contract.pk]), {"code": last_code(), "intent": "on"}, follow=True
    )
    text = response.content.decode()
    assert "时间戳服务暂不可用，签署已排队，稍后自动完成" in text
    assert not Signature.objects.exists()
    assert 'id="request-code"' in text  # the job gave up for now: Alice may also try again herself


def test_a_worker_with_no_phone_on_record_gets_no_code(world, contract):
    world.alice_person.set_phone("")
    world.alice_person.save()
    with pytest.raises(ValidationError, match="未登记手机号"):
        signing.send_signing_code(contract, world.alice)
    assert not SigningCode.objects.exists() and ConsoleSmsSender.outbox == []


def test_the_api_walks_the_same_flow(world, contract, client_for):
    client = client_for(world.alice)
    response = client.post(f"/api/contracts/{contract.pk}/signing-code")
    assert response.status_code == 200 and response.json()["phone_masked"] == "138****0001"
    response = client.post(
        f"/api/contracts/{contract.pk}/sign",
        {"code": last_code(), "intent_confirmed": False},
        content_type="application/json",
    )
    assert response.status_code == 422 and "请先确认已阅读并同意合同内容" in response.json()["detail"][0]["msg"]
    response = client.post(f"/api/contracts/{contract.pk}/sign", {"code": "abc"}, content_type="application/json")
    assert response.status_code == 422
    response = client.post(
        f"/api/contracts/{contract.pk}/sign",
        {"code": last_code(), "intent_confirmed": True},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200, body
    assert (body["status"], body["queued"], body["signature"]["role"]) == ("awaiting_seal", False, "worker")
    again = client.post(
        f"/api/contracts/{contract.pk}/sign",
        {"code": last_code(), "intent_confirmed": True},
        content_type="application/json",
    )
    assert again.status_code == 422 and "不能重复签署" in again.json()["detail"][0]["msg"]

    client = client_for(world.hr_b)
    assert client.post(f"/api/contracts/{contract.pk}/seal").status_code == 404
    client = client_for(world.hr_a)
    response = client.post(f"/api/contracts/{contract.pk}/seal")
    assert response.status_code == 200 and response.json()["status"] == "in_force"


def test_the_api_decline(world, contract, client_for):
    client = client_for(world.alice)
    response = client.post(f"/api/contracts/{contract.pk}/decline", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422
    response = client.post(
        f"/api/contracts/{contract.pk}/decline", {"reason": "不同意"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "declined"
