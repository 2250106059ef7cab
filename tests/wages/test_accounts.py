"""The wage special account (WPR-26/27), the monthly labor-cost allocations against the contract's
schedule (WPR-24) and the wage deposit (WPR-32): opening, notice and closing rules, the schedule
adding up exactly, payments idempotent by bank reference, deposits in each form, drawn on never
beyond what they hold and returned only after completion with no arrears open."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hexie.wages.models import Allocation, ArrearsWarning, Deposit, SpecialAccount
from hexie.wages.services import accounts
from hexie.wages.services import projects as project_service
from tests.wages.factory import make_project


def gc_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="gc_370102")


# --- the special account ----------------------------------------------------------------------------


def test_opening_the_account_keeps_the_number_masked(world):
    project = make_project(world)
    account = accounts.open_account(
        gc_user(),
        project,
        bank="中国建设银行济南历下支行",
        account_number="3705 0161 0800 0000 1234",
        opened_on=date(2026, 3, 1),
    )
    assert account.account_masked == "3705************1234"
    with pytest.raises(ValidationError) as caught:  # one account a project
        accounts.open_account(
            world.lixia, project, bank="工商银行", account_number="123456789012", opened_on=date(2026, 3, 2)
        )
    assert "bank" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        accounts.open_account(
            world.hr_a, make_project(world), bank="x", account_number="123456789", opened_on=date(2026, 3, 1)
        )


@pytest.mark.parametrize(
    "values, field",
    [
        ({"bank": ""}, "bank"),
        ({"account_number": "12ab"}, "account_number"),
        ({"account_number": "1234"}, "account_number"),
        ({"opened_on": None}, "opened_on"),
    ],
)
def test_bad_account_input(world, values, field):
    project = make_project(world)
    good = {"bank": "建设银行", "account_number": "370501610800001234", "opened_on": date(2026, 3, 1)}
    with pytest.raises(ValidationError) as caught:
        accounts.open_account(world.lixia, project, **{**good, **values})
    assert field in caught.value.message_dict
    assert not SpecialAccount.objects.exists()


def test_closing_needs_completion_a_30_day_notice_and_no_open_warning(world):
    project = make_project(world)
    account = accounts.open_account(
        world.lixia, project, bank="建设银行", account_number="370501610800001234", opened_on=date(2026, 3, 1)
    )
    with pytest.raises(ValidationError):  # not completed: no notice yet
        accounts.give_close_notice(world.lixia, account, date(2027, 1, 1))
    with pytest.raises(ValidationError) as caught:
        accounts.close_account(world.lixia, account, date(2027, 1, 1))
    assert any("WPR-27" in m for m in caught.value.messages)
    project_service.change_status(world.lixia, project, "completed", on=date(2027, 11, 30))
    account.refresh_from_db()
    account.project.refresh_from_db()
    accounts.give_close_notice(gc_user(), account, date(2027, 12, 1))
    with pytest.raises(ValidationError) as caught:  # day 29 after the notice
        accounts.close_account(world.lixia, account, date(2027, 12, 30))
    assert "2027-12-31" in caught.value.messages[0]
    warning = ArrearsWarning.objects.create(
        project=project, kind="unpaid", month=date(2027, 11, 1), rule="WPR-12", opened_on=date(2027, 12, 16)
    )
    with pytest.raises(ValidationError) as caught:
        accounts.close_account(world.lixia, account, date(2027, 12, 31))
    assert "欠薪预警" in caught.value.messages[0]
    ArrearsWarning.objects.filter(pk=warning.pk).update(status="closed")
    with pytest.raises(PermissionDenied):  # the contractor gives notice; the labor office confirms
        accounts.close_account(gc_user(), account, date(2027, 12, 31))
    accounts.close_account(world.lixia, account, date(2027, 12, 31))
    account.refresh_from_db()
    assert account.closed_on == date(2027, 12, 31)
    project_service.change_status(world.lixia, project, "closed")


def test_the_close_rule_boundaries():
    done = {"completed_on": date(2027, 1, 10), "open_warnings": 0}
    assert accounts.account_close_findings(notice_on=date(2027, 2, 1), on=date(2027, 3, 3), **done) == []
    assert accounts.account_close_findings(notice_on=date(2027, 2, 1), on=date(2027, 3, 2), **done)
    assert accounts.account_close_findings(notice_on=None, on=date(2027, 5, 1), **done)[0].code == "WPR-27"
    assert accounts.account_close_findings(
        completed_on=None, notice_on=date(2027, 2, 1), on=date(2027, 5, 1), open_warnings=0
    )
    assert accounts.account_close_findings(
        completed_on=date(2027, 1, 10), notice_on=date(2027, 2, 1), on=date(2027, 5, 1), open_warnings=1
    )


# --- allocations --------------------------------------------------------------------------------------


def test_the_schedule_spreads_the_labor_cost_and_adds_up_exactly(world):
    project = make_project(
        world,
        contract_amount=Decimal("1000000.00"),
        labor_cost_share=Decimal("0.3333"),
        starts_on=date(2026, 3, 15),
        ends_on=date(2026, 9, 10),
    )
    amounts = accounts.scheduled_amounts(project)
    assert list(amounts) == [date(2026, m, 1) for m in range(3, 10)]
    assert sum(amounts.values()) == Decimal("333300.00")
    assert amounts[date(2026, 3, 1)] == Decimal("47614.28") and amounts[date(2026, 9, 1)] == Decimal("47614.32")
    accounts.set_scheduled(world.lixia, project, month=date(2026, 4, 20), scheduled="60000")
    assert accounts.build_schedule(world.lixia, project) == 6  # April was entered already
    assert accounts.build_schedule(world.lixia, project) == 0
    assert Allocation.objects.get(project=project, month=date(2026, 4, 1)).scheduled == Decimal("60000.00")
    with pytest.raises(ValidationError):
        accounts.set_scheduled(world.lixia, project, month=date(2026, 5, 1), scheduled="-1")


def test_a_payment_is_recorded_once_by_its_bank_reference(world):
    project = make_project(world)
    accounts.build_schedule(world.lixia, project)
    march = date(2026, 3, 1)
    allocation, recorded = accounts.record_allocation(
        world.lixia, project, month=date(2026, 3, 31), paid="200000", paid_on=date(2026, 3, 28), bank_reference="BR-001"
    )
    assert recorded and allocation.month == march and allocation.paid == Decimal("200000.00")
    again, recorded = accounts.record_allocation(
        world.lixia, project, month=march, paid="200000", paid_on=date(2026, 3, 28), bank_reference="BR-001"
    )
    assert not recorded and again.paid == Decimal("200000.00")
    _second, recorded = accounts.record_allocation(
        gc_user(), project, month=march, paid="140909.09", paid_on=date(2026, 3, 30), bank_reference="BR-002"
    )
    row = Allocation.objects.get(project=project, month=march)
    assert recorded and row.paid == Decimal("340909.09") == row.scheduled and row.bank_reference == "BR-001;BR-002"
    assert row.paid_on == date(2026, 3, 30)
    with pytest.raises(ValidationError) as caught:  # the same reference for another month
        accounts.record_allocation(
            world.lixia, project, month=date(2026, 4, 1), paid="1", paid_on=date(2026, 4, 2), bank_reference="BR-001"
        )
    assert "bank_reference" in caught.value.message_dict
    table = accounts.allocation_table(project, date(2026, 4, 20))
    assert table[0]["short"] == Decimal("0.00") and table[1]["short"] == table[1]["scheduled"]
    assert not table[2]["due"]


@pytest.mark.parametrize(
    "values, field",
    [
        ({"paid": "-5"}, "paid"),
        ({"paid": "0"}, "paid"),
        ({"paid": "abc"}, "paid"),
        ({"paid": "1.005"}, "paid"),
        ({"bank_reference": ""}, "bank_reference"),
        ({"paid_on": None}, "paid_on"),
        ({"month": None}, "month"),
    ],
)
def test_bad_allocation_input(world, values, field):
    project = make_project(world)
    good = {"month": date(2026, 3, 1), "paid": "1000", "paid_on": date(2026, 3, 5), "bank_reference": "R1"}
    with pytest.raises(ValidationError) as caught:
        accounts.record_allocation(world.lixia, project, **{**good, **values})
    assert field in caught.value.message_dict
    assert not Allocation.objects.exists()


def test_allocation_pages_and_api(world, client_for):
    project = make_project(world)
    client = client_for(world.lixia)
    assert client.post(reverse("wages:allocation-schedule", args=[project.pk])).status_code == 302
    assert project.allocations.count() == 22  # March 2026 to December 2027
    form = {"month": "2026-03", "paid": "300000", "paid_on": "2026-03-20", "bank_reference": "P-1"}
    assert client.post(reverse("wages:allocation-record", args=[project.pk]), form).status_code == 302
    bad = client.post(
        reverse("wages:allocation-record", args=[project.pk]), {**form, "paid": "-3", "bank_reference": "P-2"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    url = f"/api/wages/projects/{project.pk}/allocations"
    body = {"month": "2026-03-01", "paid": "300000.00", "paid_on": "2026-03-20", "bank_reference": "P-1"}
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json()["recorded"] is False
    assert response.json()["paid"] == "300000.00"
    response = client.post(url, data=json.dumps({**body, "bank_reference": "P-3"}), content_type="application/json")
    assert response.json()["recorded"] is True and response.json()["paid"] == "600000.00"
    response = client.post(url, data=json.dumps({**body, "paid": "-1"}), content_type="application/json")
    assert response.status_code == 422
    page = client.get(project.get_absolute_url())
    assert "P-1;P-3" in page.content.decode()


# --- deposits -------------------------------------------------------------------------------------------


def test_deposits_in_each_form(world):
    project = make_project(world)
    cash = accounts.record_deposit(
        gc_user(), project, form="cash", amount="600000", bank="工商银行", deposited_on=date(2026, 3, 1)
    )
    guarantee = accounts.record_deposit(
        world.lixia,
        project,
        form="bank_guarantee",
        amount="300000",
        bank="农业银行",
        guarantee_number="BG-2026-001",
        deposited_on=date(2026, 3, 1),
        expires_on=date(2027, 12, 31),
    )
    assert cash.amount == Decimal("600000.00") and guarantee.guarantee_number == "BG-2026-001"
    assert accounts.deposit_balance(project) == Decimal("900000.00")


@pytest.mark.parametrize(
    "values, field",
    [
        ({"form": "cash", "bank": ""}, "bank"),
        ({"form": "gold"}, "form"),
        ({"amount": "0"}, "amount"),
        ({"amount": "-100"}, "amount"),
        ({"form": "bank_guarantee", "guarantee_number": ""}, "guarantee_number"),
        ({"form": "bank_guarantee", "expires_on": None}, "expires_on"),
        ({"form": "insurance", "expires_on": date(2026, 2, 1)}, "expires_on"),
    ],
)
def test_bad_deposit_input(world, values, field):
    project = make_project(world)
    good = {
        "form": "bank_guarantee",
        "amount": "300000",
        "bank": "农业银行",
        "guarantee_number": "BG-1",
        "deposited_on": date(2026, 3, 1),
        "expires_on": date(2027, 12, 31),
    }
    with pytest.raises(ValidationError) as caught:
        accounts.record_deposit(world.lixia, project, **{**good, **values})
    assert field in caught.value.message_dict, caught.value.message_dict
    assert not Deposit.objects.exists()


def test_a_deposit_is_used_up_to_its_amount_and_returned_after_completion(world):
    project = make_project(world)
    deposit = accounts.record_deposit(
        world.lixia, project, form="cash", amount="100000", bank="工商银行", deposited_on=date(2026, 3, 1)
    )
    accounts.use_deposit(world.lixia, deposit, "60000")
    with pytest.raises(ValidationError) as caught:
        accounts.use_deposit(world.lixia, deposit, "40000.01")
    assert "40000.00" in caught.value.messages[0]
    accounts.use_deposit(world.lixia, deposit, "40000.00")
    deposit.refresh_from_db()
    assert deposit.used == deposit.amount
    with pytest.raises(PermissionDenied):
        accounts.use_deposit(gc_user(), deposit, "1")
    with pytest.raises(ValidationError):  # not completed
        accounts.return_deposit(world.lixia, deposit, date(2027, 1, 1))
    project_service.change_status(world.lixia, project, "completed", on=date(2027, 12, 1))
    warning = ArrearsWarning.objects.create(
        project=project, kind="unpaid", month=date(2027, 11, 1), rule="WPR-12", opened_on=date(2027, 12, 16)
    )
    with pytest.raises(ValidationError):
        accounts.return_deposit(world.lixia, deposit, date(2027, 12, 20))
    ArrearsWarning.objects.filter(pk=warning.pk).update(status="closed")
    with pytest.raises(ValidationError):  # before completion
        accounts.return_deposit(world.lixia, deposit, date(2027, 11, 20))
    accounts.return_deposit(world.lixia, deposit, date(2027, 12, 20))
    deposit.refresh_from_db()
    assert deposit.returned_on == date(2027, 12, 20)
    with pytest.raises(ValidationError):
        accounts.use_deposit(world.lixia, deposit, "1")


def test_deposit_pages_and_api(world, client_for):
    project = make_project(world)
    client = client_for(world.lixia)
    url = f"/api/wages/projects/{project.pk}/deposits"
    body = {
        "form": "bank_guarantee",
        "amount": "300000.00",
        "bank": "农业银行",
        "guarantee_number": "G-9",
        "deposited_on": "2026-03-01",
        "expires_on": "2027-12-31",
    }
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    again = client.post(url, data=json.dumps(body), content_type="application/json")
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "guarantee_number"]
    deposit = Deposit.objects.get()
    assert client.get(reverse("wages:deposit-use", args=[deposit.pk])).status_code == 200
    response = client.post(reverse("wages:deposit-use", args=[deposit.pk]), {"amount": "300000.01"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.post(reverse("wages:deposit-use", args=[deposit.pk]), {"amount": "1000"}).status_code == 302
    deposit.refresh_from_db()
    assert deposit.used == Decimal("1000.00")
    form = {"form": "cash", "amount": "5000", "bank": "", "deposited_on": "2026-03-01"}
    response = client.post(reverse("wages:deposit-record", args=[project.pk]), form)
    assert response.status_code == 200 and "bank" in response.context["form"].errors
    assert Deposit.objects.count() == 1
    assert client_for(world.hr_a).get(reverse("wages:deposit-use", args=[deposit.pk])).status_code == 403


def test_account_pages(world, client_for):
    project = make_project(world, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    client = client_for(world.lixia)
    form = {"bank": "建设银行", "account_number": "370501610800001234", "opened_on": "2025-01-02"}
    assert client.post(reverse("wages:account-open", args=[project.pk]), form).status_code == 302
    account = SpecialAccount.objects.get(project=project)
    done = date.today() - timedelta(days=60)
    project_service.change_status(world.lixia, project, "completed", on=done)
    client.post(reverse("wages:account-notice", args=[project.pk]), {"on": str(done + timedelta(days=1))})
    account.refresh_from_db()
    assert account.close_notice_on == done + timedelta(days=1)
    client.post(reverse("wages:account-close", args=[project.pk]), {"on": str(done + timedelta(days=20))})
    account.refresh_from_db()
    assert account.closed_on is None  # only 19 days of notice
    client.post(reverse("wages:account-close", args=[project.pk]), {"on": str(done + timedelta(days=31))})
    account.refresh_from_db()
    assert account.closed_on == done + timedelta(days=31)
