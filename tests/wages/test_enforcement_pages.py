"""The complaint and list pages: a worker complains from a phone page, the inspection orders
payment from the complaint page, the public blacklist shows only published listings, the
export opens in Excel, and the API refuses bad input with field errors."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
from django.urls import reverse

from hexie.wages.models import Complaint, Listing
from tests.wages.factory import enroll, make_project


def test_a_worker_complains_from_the_phone_page(world, client_for):
    project = make_project(world)
    enroll(project, world.alice_person)
    employer = project.subcontracts.first().subcontractor
    client = client_for(world.alice)
    page = client.get(reverse("wages:complaint-file"))
    assert page.status_code == 200 and employer.name in page.content.decode()
    form = {"employer": employer.pk, "months": 1, "workers": 1, "facts": "八月工资一直没有发放给我"}
    bad = client.post(reverse("wages:complaint-file"), {**form, "amount": "-1"})
    assert bad.status_code == 200 and "金额" in bad.content.decode()
    assert not Complaint.objects.exists()
    good = client.post(reverse("wages:complaint-file"), {**form, "project": project.pk, "amount": "6600"})
    assert good.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.amount == Decimal("6600.00")
    assert complaint.number in client.get(reverse("wages:my-complaints")).content.decode()


def test_the_inspection_orders_payment_from_the_complaint_page(world, client_for):
    project = make_project(world)
    enroll(project, world.alice_person)
    complaint = Complaint.objects.create(
        number="TS-T1", person=world.alice_person, project=project, employer=project.general_contractor,
        region=project.region, facts="工资未发", amount=Decimal("8000.00"), filed_at="2026-10-20T09:00+08:00",
    )  # fmt: skip
    client = client_for(world.lixia)
    action = reverse("wages:complaint-action", args=[complaint.pk])
    client.post(action, {"action": "investigate"})
    client.post(action, {"action": "order", "deadline": "2020-01-01"})  # in the past: refused
    complaint.refresh_from_db()
    assert complaint.status == "investigating" and complaint.order_deadline is None
    client.post(action, {"action": "order", "deadline": "2099-01-01"})
    complaint.refresh_from_db()
    assert complaint.status == "ordered"
    page = client.get(reverse("wages:complaint-detail", args=[complaint.pk])).content.decode()
    assert "2099-01-01" in page


def test_the_public_blacklist_shows_published_listings_only_and_exports(world, client):
    listed = Listing.objects.create(
        kind="blacklist", organization=world.enterprise_qd, region=world.enterprise_qd.region,
        findings=[["BL-5", "error", "拖欠10名劳动者工资累计60000.00元"]], proposed_on=date(2026, 1, 5),
        listed_on=date(2026, 2, 1), expires_on=date(2029, 2, 1), published=True,
    )  # fmt: skip
    unpublished = Listing.objects.create(
        kind="blacklist", organization=world.enterprise_b, region=world.enterprise_b.region,
        findings=[], proposed_on=date(2026, 1, 5), listed_on=date(2026, 2, 1), published=False,
    )  # fmt: skip
    Listing.objects.filter(pk__in=[listed.pk, unpublished.pk]).update(status="listed")  # a fixture, not the flow
    page = client.get(reverse("wages:blacklist-public")).content.decode()
    assert world.enterprise_qd.name in page and "60000.00" in page
    assert world.enterprise_b.name not in page
    api = client.get("/api/wages/blacklist").json()
    assert [row["name"] for row in api["items"]] == [world.enterprise_qd.name]
    client.force_login(world.lixia, backend="django.contrib.auth.backends.ModelBackend")
    export = client.get(reverse("wages:blacklist-export"))
    book = openpyxl.load_workbook(BytesIO(export.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(world.enterprise_qd.uscc in row for row in rows)
    assert listed.expires_on == date(2029, 2, 1)


def test_the_api_refuses_a_bad_complaint_with_field_errors(world, client_for):
    project = make_project(world)
    enroll(project, world.alice_person)
    client = client_for(world.alice)
    response = client.post(
        "/api/wages/complaints",
        {"employer": project.general_contractor.pk, "amount": "-3", "facts": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert any(error["loc"][-1] == "amount" for error in response.json()["detail"])
    response = client.post(
        "/api/wages/complaints",
        {"employer": world.enterprise_qd.pk, "amount": "300.00", "facts": "九月工资没有发放给我"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "employer" in str(response.json())
    assert not Complaint.objects.exists()
