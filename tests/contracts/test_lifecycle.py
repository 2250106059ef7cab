"""Change, renewal, expiry and the end of a contract: Alice's contract at Quancheng Machinery (Lixia)
changes, renews, expires, and ends on statutory grounds with the severance of LCL-46/47/87/97 and a
termination certificate; bad input changes nothing."""

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hexie.contracts.models import LaborContract, Termination
from hexie.contracts.services import lifecycle
from hexie.core.jobs import start_job
from hexie.core.models import Employment, TimelineEntry
from hexie.core.senders import ConsoleSmsSender
from tests.contracts.factory import make_contract

D = Decimal
Status = LaborContract.Status


@pytest.fixture
def alice_contract(world):
    """In force from 2022-03-01 (Alice's first day) to 2026-12-31."""
    return make_contract(
        world.enterprise_a, world.alice_person, status="in_force", start=date(2022, 3, 1), end=date(2026, 12, 31)
    )


def end(contract, user, **changes):
    values = dict(
        kind="dissolve",
        reason_code="LCL-40-1",
        ended_on=date(2026, 6, 15),
        average_wage=D("6000.00"),
        local_average_wage=D("8000.00"),
        unlawful=False,
        note="",
        user=user,
    )
    values.update(changes)
    return lifecycle.end_contract(contract, **values)


# --- severance through end_contract: statutory cases --------------------------------------------

# Alice: service 2022-03-01..2026-06-15 = 4 years, 3 months and some days -> 4.5 months (LCL-47).
# Carol (moved to 1995-03-01): 1995-03-01..2026-06-30 = 31 years 4 months -> 31.5; from 2008: 18.5 -> 19.
CASES = [
    ("no-fault dissolution: 4.5 months × 6,000 — LCL-40, 46, 47", "alice", {}, True, D("27000.00")),
    (
        "3× cap: basis 24,000 (3 × 8,000) — LCL-47 para. 2",
        "alice",
        dict(average_wage=D("30000.00")),
        True,
        D("108000.00"),
    ),
    ("unlawful: twice — LCL-87", "alice", dict(reason_code="LCL-39", unlawful=True), True, D("54000.00")),
    ("resignation: nothing — LCL-37, 46", "alice", dict(reason_code="LCL-37"), False, D("0.00")),
    ("worker's fault: nothing — LCL-39", "alice", dict(reason_code="LCL-39"), False, D("0.00")),
    (
        "below the minimum wage: the minimum (1,820 in Jinan) — LCLR-27",
        "alice",
        dict(average_wage=D("1000.00")),
        True,
        D("8190.00"),
    ),
    (
        "expiry after service since 1995: only from 2008, 19 months — LCL-97, 44, 46",
        "carol",
        dict(kind="terminate", reason_code="LCL-44-1", ended_on=date(2026, 6, 30)),
        True,
        D("114000.00"),
    ),
    (
        "no-fault dissolution after service since 1995: the whole service, 31.5 months — LCL-97",
        "carol",
        dict(reason_code="LCL-40-2", ended_on=date(2026, 6, 30)),
        True,
        D("189000.00"),
    ),
    (
        "since 1995 above the cap: 12 years at 3× — LCL-47 para. 2, 97",
        "carol",
        dict(reason_code="LCL-40-2", ended_on=date(2026, 6, 30), average_wage=D("30000.00")),
        True,
        D("288000.00"),
    ),
    (
        "worker refused renewal on the same terms: nothing — LCL-46-5",
        "alice",
        dict(kind="terminate", reason_code="LCL-44-1-refused"),
        False,
        D("0.00"),
    ),
]


@pytest.mark.parametrize("why, who, changes, owed, amount", CASES, ids=[c[0] for c in CASES])
def test_statutory_severance(world, why, who, changes, owed, amount):
    if who == "carol":
        Employment.objects.filter(pk=world.carol_job.pk).update(start=date(1995, 3, 1))
        contract = make_contract(
            world.enterprise_a, world.carol_person, status="in_force", start=date(2024, 1, 1), end=date(2026, 6, 30)
        )
    else:
        contract = make_contract(
            world.enterprise_a, world.alice_person, status="in_force", start=date(2022, 3, 1), end=date(2026, 12, 31)
        )
    termination = end(contract, world.hr_a, **changes)
    assert (termination.severance_owed, termination.severance) == (owed, amount)
    contract.refresh_from_db()
    expected = Status.TERMINATED if changes.get("kind") == "terminate" else Status.DISSOLVED
    assert contract.status == expected
    assert contract.ended_on == termination.ended_on
    assert termination.certificate_number and termination.certificate
    entry = TimelineEntry.objects.filter(object_id=str(contract.pk), to_status=expected).get()
    assert entry.actor == world.hr_a


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_certificate_is_a_pdf_with_the_worker_and_the_facts_of_lcl_50(world, alice_contract):
    termination = end(alice_contract, world.hr_a)
    data = termination.certificate.open("rb").read()
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "王丽" in text  # Alice
    assert "解除劳动合同证明书" in text
    assert "2022年3月1日至2026年12月31日" in text  # the term
    assert "装配工" in text  # the position
    assert "4年3个月" in text  # years of service
    assert "2026年6月15日" in text
    assert "¥27,000.00 元" in text
    assert world.alice_person.id_masked in text


BAD = [
    ("ended before the contract started", dict(ended_on=date(2022, 2, 28)), "ended_on"),
    ("an unknown reason", dict(reason_code="LCL-99"), "reason"),
    ("a reason of the other kind", dict(kind="terminate"), "reason"),
    ("a negative wage", dict(average_wage=D("-1")), "average_wage"),
    ("no local average wage", dict(local_average_wage=D("0")), "local_average_wage"),
    ("not a number", dict(average_wage="abc"), "average_wage"),
]


@pytest.mark.parametrize("why, changes, field", BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_the_field_and_changes_nothing(world, alice_contract, why, changes, field):
    with pytest.raises(ValidationError) as error:
        end(alice_contract, world.hr_a, **changes)
    assert field in error.value.message_dict
    alice_contract.refresh_from_db()
    assert alice_contract.status == Status.IN_FORCE and alice_contract.ended_on is None
    assert not Termination.objects.exists()
    assert not TimelineEntry.objects.filter(object_id=str(alice_contract.pk)).exists()


@pytest.mark.parametrize("who", ["hr_b", "lixia", "alice"])
def test_only_the_enterprise_ends_its_contracts(world, alice_contract, who):
    with pytest.raises(PermissionDenied):
        end(alice_contract, world.users[who])
    alice_contract.refresh_from_db()
    assert alice_contract.status == Status.IN_FORCE
    assert not Termination.objects.exists()


def test_a_contract_ends_once(world, alice_contract):
    end(alice_contract, world.hr_a)
    with pytest.raises(ValidationError):
        end(alice_contract, world.hr_a, reason_code="LCL-40-2")
    assert Termination.objects.count() == 1


# --- change and renewal --------------------------------------------------------------------------


def test_a_change_is_a_new_draft_that_supersedes_the_contract(world, alice_contract):
    new = lifecycle.change_contract(
        alice_contract, {"wage": D("6500.00"), "position": "班组长"}, "晋升班组长", world.hr_a
    )
    assert new.status == Status.DRAFT and new.change_kind == "change"
    assert new.supersedes == alice_contract
    assert (new.wage, new.position, new.work_place) == (D("6500.00"), "班组长", alice_contract.work_place)
    assert (new.start, new.end) == (alice_contract.start, alice_contract.end)
    assert new.probation_end is None  # LCL-19: one probation per employer and worker
    assert new.number == f"{alice_contract.number}-V2"
    assert new.change_note == "晋升班组长"
    alice_contract.refresh_from_db()
    assert alice_contract.status == Status.IN_FORCE  # until the new version is sealed
    assert TimelineEntry.objects.filter(object_id=str(alice_contract.pk), action="change").exists()


def test_one_change_at_a_time_and_again_after_cancelling(world, alice_contract):
    first = lifecycle.change_contract(alice_contract, {"wage": D("6500.00")}, "调薪", world.hr_a)
    with pytest.raises(ValidationError):
        lifecycle.change_contract(alice_contract, {"wage": D("7000.00")}, "再调薪", world.hr_a)
    LaborContract.workflow.apply(first, "cancel", world.hr_a)
    second = lifecycle.change_contract(alice_contract, {"wage": D("7000.00")}, "再调薪", world.hr_a)
    assert second.supersedes == alice_contract and second.number.endswith("-V3")
    first.refresh_from_db()
    assert first.supersedes is None


@pytest.mark.parametrize(
    "fields, note, field",
    [
        ({"wage": D("5000.00")}, "没有变化", None),
        ({"wage": D("6000.00")}, "", "change_note"),
        ({"worker": 3}, "换人", "worker"),
        ({"end": date(2020, 1, 1)}, "终止日期早于起始日期", "__all__"),
    ],
)
def test_bad_changes_are_refused(world, alice_contract, fields, note, field):
    with pytest.raises(ValidationError) as error:
        lifecycle.change_contract(alice_contract, fields, note, world.hr_a)
    if field:
        assert field in error.value.message_dict
    assert LaborContract.objects.count() == 1


def test_workers_and_other_enterprises_cannot_change(world, alice_contract):
    for user in (world.alice, world.hr_b, world.lixia):
        with pytest.raises(PermissionDenied):
            lifecycle.change_contract(alice_contract, {"wage": D("9000.00")}, "加薪", user)


def test_renewal_starts_the_day_after_and_counts_fixed_terms(world, alice_contract):
    renewal = lifecycle.renew_contract(alice_contract, {"end": date(2029, 12, 31)}, world.hr_a)
    assert renewal.change_kind == "renewal" and renewal.supersedes == alice_contract
    assert (renewal.start, renewal.end) == (date(2027, 1, 1), date(2029, 12, 31))
    assert renewal.previous_fixed_terms == 1
    assert renewal.probation_end is None and renewal.status == Status.DRAFT


def test_the_second_renewal_shows_the_open_ended_entitlement(world, alice_contract):
    LaborContract.objects.filter(pk=alice_contract.pk).update(previous_fixed_terms=1)
    alice_contract.refresh_from_db()
    renewal = lifecycle.renew_contract(alice_contract, {"end": date(2029, 12, 31)}, world.hr_a)
    assert renewal.previous_fixed_terms == 2  # LCL-14: the checks now warn of the open-ended contract


def test_an_open_ended_contract_is_not_renewed(world):
    contract = make_contract(
        world.enterprise_a, world.alice_person, status="in_force", term_kind="open_ended", end=None
    )
    with pytest.raises(ValidationError):
        lifecycle.renew_contract(contract, {}, world.hr_a)


# --- the daily job: reminders and expiry ---------------------------------------------------------


def test_expiry_reminders_once_and_expiry(world, django_capture_on_commit_callbacks):
    on = date(2026, 12, 1)
    soon = make_contract(world.enterprise_a, world.alice_person, status="in_force", end=on + timedelta(days=30))
    later = make_contract(world.enterprise_a, world.carol_person, status="in_force", end=on + timedelta(days=31))
    past = make_contract(
        world.enterprise_b, world.bob_person, status="in_force", start=date(2024, 1, 1), end=on - timedelta(days=1)
    )
    ConsoleSmsSender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("contracts.expiry_reminders", {"on": on.isoformat()})
    assert job.status == "done", job.error
    assert job.result["reminded"] == 1 and job.result["expired"] == 1
    assert [phone for phone, _text in ConsoleSmsSender.outbox] == ["13800000001"]
    assert "2026-12-31" in ConsoleSmsSender.outbox[0][1]
    soon.refresh_from_db()
    later.refresh_from_db()
    past.refresh_from_db()
    assert soon.expiry_reminded_on == on and later.expiry_reminded_on is None
    assert past.status == Status.EXPIRED and past.ended_on == past.end
    termination = past.termination
    assert (termination.kind, termination.reason) == ("expire", "LCL-44-1")
    # Bob has worked there since 2021-07-15: 5 years 4 months -> 5.5 months × the contract wage 5,000
    assert termination.severance_owed and termination.severance == D("27500.00")
    entry = TimelineEntry.objects.get(object_id=str(past.pk), action="expire")
    assert entry.actor is None and entry.actor_role == "system"

    with django_capture_on_commit_callbacks(execute=True):
        again = start_job("contracts.expiry_reminders", {"on": on.isoformat()})
    assert again.result["reminded"] == 0 and again.result["expired"] == 0
    assert len(ConsoleSmsSender.outbox) == 1
    assert Termination.objects.count() == 1


def test_the_daily_job_is_registered():
    from hexie.core.registries import DAILY_JOBS

    assert "contracts.expiry_reminders" in DAILY_JOBS


# --- pages ---------------------------------------------------------------------------------------


def test_hr_ends_a_contract_from_the_form(world, client_for, alice_contract):
    client = client_for(world.hr_a)
    url = reverse("contracts:contract-end", args=[alice_contract.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "dissolve",
        "reason": "LCL-40-3",
        "ended_on": "2026-06-15",
        "average_wage": "6000",
        "local_average_wage": "8000",
        "note": "",
    }
    response = client.post(url, {**data, "ended_on": "2020-01-01"})
    assert response.status_code == 200
    assert "终止或解除日期不能早于合同起始日期" in response.content.decode()
    assert not Termination.objects.exists()
    response = client.post(url, data)
    termination = Termination.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "contracts:termination-detail", args=[termination.pk]
    )
    page = client.get(response.url).content.decode()
    assert "¥27,000.00" in page and "LCL-40-3" in page


def test_worker_and_staff_download_the_certificate_others_cannot(world, client, alice_contract):
    termination = end(alice_contract, world.hr_a)
    url = reverse("contracts:termination-certificate", args=[termination.pk])
    for user, status in (
        (world.alice, 200),
        (world.lixia, 200),
        (world.hr_a, 200),
        (world.bob, 404),
        (world.hr_b, 404),
    ):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_change_and_renew_forms(world, client_for, alice_contract):
    client = client_for(world.hr_a)
    url = reverse("contracts:contract-change", args=[alice_contract.pk])
    page = client.get(url)
    assert page.status_code == 200 and "劳动合同法第三十五条" in page.content.decode()
    form = {
        "term_kind": "fixed",
        "start": "2022-03-01",
        "end": "2026-12-31",
        "position": "班组长",
        "job_description": "机械装配",
        "work_place": "济南市",
        "hours_system": "standard",
        "rest": "每周休息两日",
        "wage": "6500.00",
        "wage_form": "monthly",
        "payday": "10",
        "social_insurance": "依法参加社会保险",
        "protection": "提供劳动保护用品",
        "other_terms": "",
        "worker_address": "济南市历下区泉城路1号",
        "change_note": "晋升",
    }
    assert client.post(url, form).status_code == 302
    new = LaborContract.objects.get(supersedes=alice_contract)
    assert new.position == "班组长" and new.wage == D("6500.00")
    LaborContract.workflow.apply(new, "cancel", world.hr_a)
    url = reverse("contracts:contract-renew", args=[alice_contract.pk])
    assert client.get(url).status_code == 200
    renew = {k: form[k] for k in ("term_kind", "position", "work_place", "wage")}
    response = client.post(url, {**renew, "start": "2027-01-01", "end": "2029-12-31"})
    assert response.status_code == 302
    assert LaborContract.objects.get(supersedes=alice_contract).change_kind == "renewal"


def test_the_expiring_list_is_scoped(world, client_for):
    from django.utils import timezone

    today = timezone.localdate()
    make_contract(world.enterprise_a, world.alice_person, status="in_force", end=today + timedelta(days=20))
    make_contract(world.enterprise_b, world.bob_person, status="in_force", end=today + timedelta(days=20))
    make_contract(world.enterprise_a, world.carol_person, status="in_force", end=today + timedelta(days=40))
    page = client_for(world.hr_a).get(reverse("contracts:expiring-list")).content.decode()
    assert "王丽" in page and "李强" not in page and "张敏" not in page
    page = client_for(world.lixia).get(reverse("contracts:expiring-list")).content.decode()
    assert "王丽" in page and "李强" not in page
    page = client_for(world.shizhong).get(reverse("contracts:expiring-list")).content.decode()
    assert "李强" in page and "王丽" not in page


def test_the_lifecycle_panel(world, alice_contract):
    from django.template.loader import render_to_string

    def panel(user, contract):
        return render_to_string("contracts/_lifecycle_panel.html", {"contract": contract, "user": user})

    html = panel(world.hr_a, alice_contract)
    assert reverse("contracts:contract-change", args=[alice_contract.pk]) in html
    assert reverse("contracts:contract-end", args=[alice_contract.pk]) in html
    assert reverse("contracts:contract-renew", args=[alice_contract.pk]) in html
    for user in (world.alice, world.lixia):
        assert reverse("contracts:contract-end", args=[alice_contract.pk]) not in panel(user, alice_contract)
    termination = end(alice_contract, world.hr_a)
    alice_contract.refresh_from_db()
    html = panel(world.alice, alice_contract)
    assert reverse("contracts:termination-certificate", args=[termination.pk]) in html
    assert "¥27,000.00 元" in html


def test_the_contract_page_shows_the_panel(world, client_for, alice_contract):
    termination = end(alice_contract, world.hr_a)
    page = client_for(world.alice).get(alice_contract.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="lifecycle-panel"' in text
    assert reverse("contracts:termination-certificate", args=[termination.pk]) in text


@pytest.mark.parametrize(
    "reason, notice_days, owed",
    [("LCL-40-2", 10, True), ("LCL-40-2", 30, False), ("LCL-40-2", None, True), ("LCL-41", 10, False)],
)
def test_no_fault_dissolution_without_30_days_notice_owes_a_month(world, alice_contract, reason, notice_days, owed):
    """LCL-40: 30 days' written notice or one extra month's pay (代通知金, at the contract wage)."""
    ended_on = date(2026, 6, 15)
    notice = ended_on - timedelta(days=notice_days) if notice_days is not None else None
    termination = end(alice_contract, world.hr_a, reason_code=reason, notice_given=notice)
    assert ("（代通知金）¥5,000.00 元" in termination.note) is owed
    assert termination.severance == D("27000.00")  # severance itself is unchanged


def test_the_employment_ends_with_the_contract(world, alice_contract):
    end(alice_contract, world.hr_a)
    world.alice_job.refresh_from_db()
    assert world.alice_job.end == date(2026, 6, 15)


def test_a_notice_after_the_end_is_refused(world, alice_contract):
    with pytest.raises(ValidationError) as error:
        end(alice_contract, world.hr_a, notice_given=date(2026, 7, 1))
    assert "notice_given" in error.value.message_dict
