"""Wage-supervision statistics on hand-made data: every figure by region and by month, the drill
down, the user's scope, a constant number of queries whatever the data, the KPIs, the page, its
export and the API."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hexie.core.registries import KPIS
from hexie.wages.models import (
    Allocation,
    ArrearsWarning,
    Complaint,
    Deposit,
    Payout,
    Payroll,
    SpecialAccount,
)
from hexie.wages.services import statistics as service
from tests.wages.factory import enroll, make_project

ON = date(2026, 6, 15)


def money(value: str) -> Decimal:
    return Decimal(value)


def build(world, *, copies: int = 1):
    """Lixia: project A (account, cash deposit, 2 enrolled of whom 1 complete, allocations, payroll,
    payouts, an open and a closed warning, a complaint paid), project C (exempt from the deposit,
    nothing else), project B closed. Shizhong: project D with nothing."""
    made = {}
    for _copy in range(copies):
        a = make_project(world)
        labor = a.subcontracts.get().subcontractor
        SpecialAccount.objects.create(
            project=a, bank="建设银行", account_masked="3705****1234", opened_on=date(2026, 3, 1)
        )
        Deposit.objects.create(
            project=a, form="cash", amount=money("600000"), bank="工行", deposited_on=date(2026, 3, 1)
        )
        alice = enroll(a, world.alice_person, contract_signed=True, bank_account_masked="6222****0001")
        enroll(a, world.carol_person, contract_signed=True)
        Allocation.objects.create(project=a, month=date(2026, 3, 1), scheduled=money("100.00"), paid=money("80.00"))
        Allocation.objects.create(project=a, month=date(2026, 7, 1), scheduled=money("100.00"))  # not due yet
        for person, net in ((world.alice_person, "1000.00"), (world.carol_person, "500.00")):
            Payroll.objects.create(
                project=a, person=person, employer=labor, month=date(2026, 4, 1), gross=money(net), net=money(net)
            )
        Payout.objects.create(
            project=a,
            person=world.alice_person,
            month=date(2026, 4, 1),
            amount=money("1200.00"),
            paid_on=date(2026, 5, 15),
            bank_reference=f"PO-{a.pk}",
        )
        ArrearsWarning.objects.create(
            project=a, kind="unpaid", month=date(2026, 4, 1), rule="WPR-12", opened_on=date(2026, 5, 16),
            workers=1, amount=money("300.00"),
        )  # fmt: skip
        closed = ArrearsWarning.objects.create(
            project=a, kind="underpaid", month=date(2026, 3, 1), rule="WPR-12", opened_on=date(2026, 4, 16),
            workers=2, amount=money("200.00"),
        )  # fmt: skip
        ArrearsWarning.objects.filter(pk=closed.pk).update(status="closed")  # fixture only: the workflow's result
        ArrearsWarning.objects.create(
            project=a, kind="allocation", month=date(2026, 3, 1), rule="WPR-24", opened_on=date(2026, 4, 2),
            workers=0, amount=money("20.00"),
        )  # fmt: skip
        complaint = Complaint.objects.create(
            number=f"TS-{a.pk}",
            person=world.alice_person,
            project=a,
            employer=labor,
            region=a.region,
            facts="拖欠工资",
            amount=money("150.00"),
            filed_at=timezone.make_aware(datetime(2026, 5, 20, 9)),
            paid_amount=money("150.00"),
            paid_on=date(2026, 5, 25),
        )
        Complaint.objects.filter(pk=complaint.pk).update(status="paid")  # fixture only
        c = make_project(world, deposit_exempt=True)
        b = make_project(world, status="closed")
        d = make_project(world, county="370103")
        made.update(a=a, b=b, c=c, d=d, alice=alice)
    return made


def by_key(rows):
    return {r.key: r for r in rows}


def test_every_figure_by_region_for_the_city(world):
    build(world)
    rows, total = service.statistics(world.city, region="3701", on=ON)
    lixia, shizhong = by_key(rows)["370102"], by_key(rows)["370103"]
    assert lixia.label == "历下区" and lixia.drill
    assert (lixia.projects, lixia.with_account, lixia.with_deposit) == (2, 1, 2)
    assert lixia.account_coverage == Decimal("50.00") and lixia.deposit_coverage == Decimal("100.00")
    assert (lixia.enrolled, lixia.complete, lixia.enrolment_rate) == (2, 1, Decimal("50.00"))
    assert (lixia.scheduled, lixia.allocated, lixia.allocation_rate) == (money("100"), money("80"), Decimal("80.00"))
    assert (lixia.payroll, lixia.paid_out, lixia.payout_rate) == (money("1500"), money("1200"), Decimal("80.00"))
    assert (lixia.warnings_open, lixia.warnings_closed) == (2, 1)
    assert (lixia.amount_owed, lixia.workers_owed) == (money("300.00"), 1)  # wage warnings only
    assert lixia.recovered == money("350.00")  # 150 by complaint + 200 closed warning
    assert (shizhong.projects, shizhong.account_coverage, shizhong.deposit_coverage) == (
        1,
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert shizhong.enrolment_rate is None and shizhong.payout_rate is None
    assert total.projects == 3 and total.account_coverage == Decimal("33.33")
    assert total.recovered == money("350.00")


def test_by_month(world):
    build(world)
    rows, total = service.statistics(world.city, by="month", region="3701", year=2026, on=ON)
    months = by_key(rows)
    assert set(months) == {"2026-03", "2026-04", "2026-05"}
    assert months["2026-03"].allocation_rate == Decimal("80.00") and months["2026-03"].warnings_closed == 1
    assert months["2026-03"].recovered == money("200.00")
    assert months["2026-04"].payout_rate == Decimal("80.00") and months["2026-04"].amount_owed == money("300.00")
    assert months["2026-05"].recovered == money("150.00")  # the complaint, by the month it was paid
    assert total.projects == 0 and total.recovered == money("350.00")
    assert service.statistics(world.city, by="month", year=2025, on=ON)[0] == []


def test_the_scope_and_the_drill_down(world):
    build(world)
    rows, total = service.statistics(world.lixia, on=ON)
    assert [r.key for r in rows] == ["370102"] and not rows[0].drill
    assert total.projects == 2 and total.recovered == money("350.00")
    rows, total = service.statistics(world.hr_b, on=ON)  # Baotu built Shizhong's project
    assert total.projects == 1 and total.recovered == money("0")
    rows, total = service.statistics(world.alice, on=ON)
    assert total.projects == 0 and total.warnings_open == 0
    crumbs = service.breadcrumbs(world.city, "370102")
    assert [c for c, _n in crumbs] == ["3701", "370102"]


def test_a_constant_number_of_queries(world):
    from django.contrib.auth import get_user_model

    def city():  # a fresh user object: the scope is looked up once per request
        return get_user_model().objects.get(username="city")

    build(world)
    user = city()
    with CaptureQueriesContext(connection) as once:
        service.statistics(user, region="3701", on=ON)
    build(world, copies=3)
    user = city()
    with CaptureQueriesContext(connection) as more:
        rows, _total = service.statistics(user, region="3701", on=ON)
    assert len(more) == len(once) <= 12
    assert by_key(rows)["370102"].projects == 8


def test_the_kpis(world):
    build(world)
    assert KPIS["wages.enrolment_rate"].func("370102", ON) == Decimal("50.00")
    assert KPIS["wages.account_coverage"].func("3701", ON) == Decimal("33.33")
    assert KPIS["wages.payout_rate"].func("370103", ON) is None


def test_page_export_and_api(world, client_for):
    build(world)
    client = client_for(world.city)
    page = client.get(reverse("wages:statistics"), {"region": "3701"})
    text = page.content.decode()
    assert page.status_code == 200 and "历下区" in text and "市中区" in text and 'id="stat-projects"' in text
    assert page.context["chart"] is not None
    drill = client.get(reverse("wages:statistics"), {"by": "region", "region": "370102"})
    assert "市中区" not in "".join(r.label for r in drill.context["rows"])
    months = client.get(reverse("wages:statistics"), {"by": "month", "year": "2026"})
    assert months.status_code == 200 and "2026-04" in months.content.decode()
    export = client.get(reverse("wages:statistics-export"), {"region": "3701"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    labels = [c.value for c in sheet["A"]]
    assert "历下区" in labels and "合计" in labels
    api = client.get("/api/wages/statistics", {"region": "3701"}).json()
    lixia = next(r for r in api["rows"] if r["key"] == "370102")
    assert lixia["enrolment_rate"] == "50.00" and lixia["recovered"] == "350.00" and api["total"]["projects"] == 3
    assert client.get("/api/wages/statistics", {"region": "37x"}).status_code == 422
    mine = client_for(world.lixia).get("/api/wages/statistics").json()
    assert [r["key"] for r in mine["rows"]] == ["370102"]


@pytest.mark.parametrize("user", ["lixia", "hr_a", "alice"])
def test_the_page_opens_for_everyone_in_their_scope(world, client_for, user):
    build(world)
    response = client_for(world.users[user]).get(reverse("wages:statistics"))
    assert response.status_code == 200
    assert "市中区" not in "".join(r.label for r in response.context["rows"])
