"""Drafting one contract: HR of Quancheng Machinery drafts Alice's contract from a model text, the
checks flag an illegal probation (LCL-19) and block issuing, HR fixes it and issues it (PDF
rendered, Alice texted); an issued contract is immutable; numbers are unique; the pages and the API."""

import json
import threading
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse

from hexie.contracts.models import ContractTemplate, Kind, LaborContract, NumberSequence
from hexie.contracts.services import drafting
from hexie.core.models import Employment, TimelineEntry
from hexie.core.senders import ConsoleSmsSender
from hexie.core.workflow import TransitionError
from tests.contracts.drafting_factory import lawful_fields, model_text, with_addresses
from tests.contracts.factory import make_contract


@pytest.fixture
def world(world):
    return with_addresses(world)


@pytest.fixture
def outbox():
    ConsoleSmsSender.outbox.clear()
    yield ConsoleSmsSender.outbox
    ConsoleSmsSender.outbox.clear()


def codes(findings, level=None):
    return {f.code if hasattr(f, "code") else f["code"] for f in findings if level is None or _level(f) == level}


def _level(f):
    return f.level if hasattr(f, "level") else f["level"]


def test_hr_drafts_a_lawful_contract_from_a_model_text(world):
    w = world
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(), w.hr_a)
    assert contract.status == LaborContract.Status.DRAFT and contract.kind == Kind.LABOR
    assert contract.number == f"HT-370102-{date.today().year}-000001" or contract.number.startswith("HT-370102-")
    assert contract.employment == w.alice_job
    assert not codes(contract.findings, "error"), contract.findings
    assert TimelineEntry.objects.filter(object_id=str(contract.pk), action="draft").exists()


def test_numbers_are_sequential_per_county_and_year_and_platform_agreements_are_xy(world):
    w = world
    first = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(), w.hr_a)
    second = drafting.draft_contract(w.enterprise_a, w.carol_person, model_text("fixed"), lawful_fields(), w.hr_a)
    prefix = first.number[:-6]
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1 and second.number.startswith(prefix)
    assert drafting.number_prefix(w.enterprise_a, Kind.PLATFORM, 2027) == "XY-370102-2027-"
    assert NumberSequence.objects.get(prefix=prefix).last == 2
    assert drafting.allocate_numbers("HT-370102-2099-", 3) == [f"HT-370102-2099-{n:06d}" for n in (1, 2, 3)]


@pytest.mark.django_db
def test_concurrent_allocations_never_share_a_number():
    """Six connections taking numbers at once under one prefix: every number once, none lost. Each
    thread commits on its own connection (outside the test's transaction), under a prefix of its own."""
    prefix = f"HT-T{uuid.uuid4().hex[:8]}-2026-"
    taken: list[str] = []

    def allocate():
        try:
            for _ in range(10):
                with transaction.atomic():
                    taken.extend(drafting.allocate_numbers(prefix, 2))
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == 120 and len(set(taken)) == 120
    assert sorted(taken) == [f"{prefix}{n:06d}" for n in range(1, 121)]


def test_an_illegal_probation_blocks_issuing_until_fixed(world, outbox, django_capture_on_commit_callbacks):
    """Three months' probation on a one-year contract: LCL-19 allows one month (term 3 months to < 1
    year) or two (1 to < 3 years) — a one-year term is "1 to < 3 years", so 3 months is too long."""
    w = world
    start = date.today() + timedelta(days=7)
    fields = lawful_fields(start=start, end=start.replace(year=start.year + 1) - timedelta(days=1))
    fields["probation_end"] = _months_later(start, 3)
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), fields, w.hr_a)
    assert "LCL-19" in codes(contract.findings, "error")
    with pytest.raises(ValidationError) as refused:
        drafting.issue_contract(contract, w.hr_a)
    assert "probation_end" in refused.value.message_dict
    assert "LCL-19" in refused.value.message_dict["probation_end"][0]
    contract.refresh_from_db()
    assert contract.status == LaborContract.Status.DRAFT and not contract.document

    contract = drafting.update_draft(contract, {"probation_end": _months_later(start, 2)}, w.hr_a)
    assert "LCL-19" not in codes(contract.findings)
    with django_capture_on_commit_callbacks(execute=True):
        issued = drafting.issue_contract(contract, w.hr_a)
    issued.refresh_from_db()
    assert issued.status == LaborContract.Status.AWAITING_WORKER
    assert issued.document and issued.issued_at and len(issued.unsigned_sha256) == 64
    with issued.document.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert [phone for phone, _ in outbox] == ["13800000001"]
    assert issued.number in outbox[0][1] and f"/{issued.pk}/" in outbox[0][1]
    assert TimelineEntry.objects.filter(object_id=str(issued.pk), action="issue").exists()


def _months_later(start: date, months: int) -> date:
    from hexie.core.rules import months_end

    return months_end(start, months)


def test_an_issued_contract_is_immutable(world):
    w = world
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(), w.hr_a)
    drafting.issue_contract(contract, w.hr_a)
    with pytest.raises(ValidationError) as refused:
        drafting.update_draft(contract, {"wage": Decimal("9000")}, w.hr_a)
    assert refused.value.code == "immutable"
    with pytest.raises(ValidationError):
        drafting.issue_contract(contract, w.hr_a)
    contract = LaborContract.objects.get(pk=contract.pk)
    with pytest.raises(TransitionError):
        LaborContract.workflow.apply(contract, "issue", w.hr_a)
    contract.status = LaborContract.Status.DRAFT
    with pytest.raises(TransitionError):
        contract.save()  # no status is assigned outside the workflow


def test_a_draft_can_be_cancelled(world):
    w = world
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(), w.hr_a)
    drafting.cancel_contract(contract, w.hr_a, note="录入有误")
    contract.refresh_from_db()
    assert contract.status == LaborContract.Status.CANCELLED
    with pytest.raises(ValidationError):
        drafting.update_draft(contract, {"wage": Decimal("6000")}, w.hr_a)


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"wage": Decimal("1500.00"), "probation_wage": None, "probation_end": None}, "MWR", "wage"),
        ({"probation_wage": Decimal("3000.00")}, "LCL-20", "probation_wage"),
        ({"worker_address": ""}, "LCL-17", "__all__"),
    ],
)
def test_checks_cite_their_rule_and_field(world, change, code, field):
    w = world
    contract = drafting.draft_contract(
        w.enterprise_a, w.alice_person, model_text("fixed"), {**lawful_fields(), **change}, w.hr_a
    )
    assert code in codes(contract.findings, "error")
    with pytest.raises(ValidationError) as refused:
        drafting.issue_contract(contract, w.hr_a)
    assert any(m.startswith(code) for m in refused.value.message_dict[field])


def test_probation_only_once_per_employer_and_worker(world):
    w = world
    make_contract(w.enterprise_a, w.alice_person, status="expired", start=date(2023, 1, 1), end=date(2025, 12, 31))
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(), w.hr_a)
    assert any("第十九条第二款" in f["message"] for f in contract.findings if f["code"] == "LCL-19")


def test_part_time_uses_the_hourly_minimum_and_allows_no_probation(world):
    w = world
    start = date.today() + timedelta(days=3)
    fields = {
        **lawful_fields(start=start, end=None),
        "term_kind": "part_time",
        "wage": Decimal("10.00"),
        "wage_form": "hourly",
        "probation_end": start + timedelta(days=20),
        "probation_wage": None,
        "hours_per_day": Decimal("4"),
        "hours_per_week": Decimal("20"),
        "pay_cycle_days": 15,
    }
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("part_time"), fields, w.hr_a)
    assert {"MWR", "LCL-70"} <= codes(contract.findings, "error")
    hourly = next(f for f in contract.findings if f["code"] == "MWR")["message"]
    assert "小时最低工资" in hourly


def test_platform_agreements_use_the_platform_rules(world):
    w = world
    Employment.objects.create(person=w.bob_person, enterprise=w.enterprise_a, kind="platform", start=date(2025, 1, 1))
    fields = {**lawful_fields(), "probation_end": None, "probation_wage": None}
    contract = drafting.draft_contract(w.enterprise_a, w.bob_person, model_text("platform"), fields, w.hr_a)
    assert contract.kind == Kind.PLATFORM and contract.number.startswith("XY-370102-")
    assert not codes(contract.findings, "error"), contract.findings
    low = drafting.update_draft(contract, {"wage": Decimal("800.00")}, w.hr_a)
    assert codes(low.findings, "error")


def test_who_may_draft(world):
    w = world
    template = model_text("fixed")
    for user in (w.hr_b, w.lixia, w.alice):
        with pytest.raises(PermissionDenied):
            drafting.draft_contract(w.enterprise_a, w.alice_person, template, lawful_fields(), user)
    with pytest.raises(ValidationError) as refused:
        drafting.draft_contract(w.enterprise_a, w.bob_person, template, lawful_fields(), w.hr_a)
    assert "worker" in refused.value.message_dict  # Bob works at Baotu Foods, not Quancheng
    draft_template = ContractTemplate.objects.create(code="X", name="草稿", enterprise=w.enterprise_b)
    with pytest.raises(ValidationError) as refused:
        drafting.draft_contract(w.enterprise_a, w.alice_person, draft_template, lawful_fields(), w.hr_a)
    assert "template" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        drafting.draft_contract(w.enterprise_a, w.alice_person, template, {"number": "HT-1"}, w.hr_a)
    assert "number" in refused.value.message_dict


def test_bad_fields_are_field_errors(world):
    w = world
    fields = {**lawful_fields(), "end": date(2020, 1, 1), "hours_system": "nonsense", "position": ""}
    with pytest.raises(ValidationError) as refused:
        drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), fields, w.hr_a)
    assert {"end", "hours_system", "position"} <= set(refused.value.message_dict)
    assert not LaborContract.objects.exists()


def test_the_document_fills_the_model_text(world):
    w = world
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(), w.hr_a)
    document = drafting.contract_document(contract)
    assert document.number == contract.number and document.title == "劳动合同（固定期限）"
    assert ("乙方（劳动者）", "王丽") in document.parties
    assert ("居民身份证号码", w.alice_person.id_number) in document.parties
    text = "\n".join(p for _, paragraphs in document.sections for p in paragraphs)
    assert "装配工" in text and "5000.00" in text and "{" not in text
    assert [heading for heading, _ in document.sections][0] == "一、劳动合同期限"


# --- pages ----------------------------------------------------------------------------------------


def test_hr_drafts_checks_and_issues_on_the_pages(world, client_for):
    w = world
    client = client_for(w.hr_a)
    page = client.get(reverse("contracts:contract-create"))
    assert page.status_code == 200 and "王丽" in page.content.decode()
    start = date.today() + timedelta(days=7)
    data = {
        "template": model_text("fixed").pk,
        "employment": w.alice_job.pk,
        **{k: ("" if v is None else str(v)) for k, v in lawful_fields(start=start).items()},
        "probation_end": _months_later(start, 8).isoformat(),
    }
    data.pop("worker_requested_fixed_term")
    response = client.post(reverse("contracts:contract-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    contract = LaborContract.objects.get()
    detail = client.get(contract.get_absolute_url()).content.decode()
    assert "LCL-19" in detail and "试用期超过法定上限" in detail
    response = client.post(reverse("contracts:contract-action", args=[contract.pk]), {"action": "issue"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == LaborContract.Status.DRAFT
    data["probation_end"] = _months_later(start, 2).isoformat()
    response = client.post(reverse("contracts:contract-edit", args=[contract.pk]), data)
    assert response.status_code == 302
    client.post(reverse("contracts:contract-action", args=[contract.pk]), {"action": "issue"})
    contract.refresh_from_db()
    assert contract.status == LaborContract.Status.AWAITING_WORKER
    pdf = client.get(reverse("contracts:contract-document", args=[contract.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("contracts:contract-edit", args=[contract.pk])).status_code == 403


def test_the_list_filters_and_exports_within_scope(world, client_for):
    w = world
    mine = make_contract(w.enterprise_a, w.alice_person, status="in_force", end=date.today() + timedelta(days=20))
    make_contract(w.enterprise_b, w.bob_person, status="in_force")
    page = client_for(w.hr_a).get(reverse("contracts:contract-list")).content.decode()
    assert mine.number in page and "李强" not in page
    expiring = client_for(w.lixia).get(reverse("contracts:contract-list"), {"expiring": "30"}).content.decode()
    assert mine.number in expiring
    assert mine.number in client_for(w.alice).get(reverse("contracts:contract-list"), {"q": "王丽"}).content.decode()
    export = client_for(w.hr_a).get(reverse("contracts:contract-export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_worker_sees_their_contract_and_its_warnings(world, client_for):
    w = world
    contract = make_contract(w.enterprise_a, w.alice_person, status="awaiting_worker")
    LaborContract.objects.filter(pk=contract.pk).update(
        findings=[{"code": "LCL-10", "level": "warning", "message": "未在用工之日起一个月内订立书面劳动合同"}]
    )
    page = client_for(w.alice).get(contract.get_absolute_url()).content.decode()
    assert "LCL-10" in page and "未在用工之日起一个月内订立书面劳动合同" in page
    assert reverse("contracts:contract-edit", args=[contract.pk]) not in page


# --- API ------------------------------------------------------------------------------------------


def test_the_api_drafts_updates_checks_and_issues(world, client_for):
    w = world
    client = client_for(w.hr_a)
    start = date.today() + timedelta(days=7)
    body = {
        "enterprise": w.enterprise_a.pk,
        "worker": w.alice_person.pk,
        "template": model_text("fixed").pk,
        **{k: (str(v) if isinstance(v, date | Decimal) else v) for k, v in lawful_fields(start=start).items()},
        "probation_end": _months_later(start, 8).isoformat(),
    }
    created = client.post("/api/contracts/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert "LCL-19" in {f["code"] for f in data["findings"]}
    assert data["worker_id_masked"].startswith("370102") and "*" in data["worker_id_masked"]
    url = f"/api/contracts/{data['id']}"
    refused = client.post(f"{url}/issue")
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail[0]["loc"] == ["body", "probation_end"] and "LCL-19" in detail[0]["msg"]
    patched = client.patch(
        url, json.dumps({"probation_end": _months_later(start, 2).isoformat()}), content_type="application/json"
    )
    assert patched.status_code == 200 and "LCL-19" not in {f["code"] for f in patched.json()["findings"]}
    assert client.post(f"{url}/check").json()["errors"] == 0
    issued = client.post(f"{url}/issue")
    assert issued.status_code == 200 and issued.json()["status"] == "awaiting_worker"
    again = client.patch(url, json.dumps({"wage": "9000.00"}), content_type="application/json")
    assert again.status_code == 422
    listed = client.get("/api/contracts/", {"status": "awaiting_worker"}).json()
    assert [c["id"] for c in listed["items"]] == [data["id"]]


def test_the_api_refuses_bad_input_and_foreign_objects(world, client_for):
    w = world
    theirs = make_contract(w.enterprise_b, w.bob_person)
    client = client_for(w.hr_a)
    assert client.get(f"/api/contracts/{theirs.pk}").status_code == 404
    assert client.post(f"/api/contracts/{theirs.pk}/issue").status_code == 404
    body = {
        "enterprise": w.enterprise_b.pk,
        "worker": w.bob_person.pk,
        "template": model_text("fixed").pk,
        **{k: (str(v) if isinstance(v, date | Decimal) else v) for k, v in lawful_fields().items()},
    }
    assert client.post("/api/contracts/", json.dumps(body), content_type="application/json").status_code in (403, 404)
    body.update(enterprise=w.enterprise_a.pk, worker=w.alice_person.pk, wage="lots", start="tomorrow")
    bad = client.post("/api/contracts/", json.dumps(body), content_type="application/json")
    assert bad.status_code == 422
    fields = {tuple(e["loc"]) for e in bad.json()["detail"]}
    assert ("body", "wage") in fields and ("body", "start") in fields
    assert all(" / " in e["msg"] for e in bad.json()["detail"])
