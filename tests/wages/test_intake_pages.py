"""Intake pages and API: uploading through the page and the API, the refusals (403 for the
construction unit, 404 outside the scope), one payroll row by hand, the reconciliation page, the
project page's panel, and the worker's phone page with only their own wages."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hexie.core.attachments import XLSX
from hexie.core.models import Job
from hexie.wages.models import Attendance, Payout, Payroll, WorkMonth
from tests.wages.factory import enroll, make_project
from tests.wages.test_intake import DAY, PAYOUT, PAYROLL, day_rows, officer, payout_row, payroll_row, run, xlsx


@pytest.fixture
def site(world):
    project = make_project(world)
    alice = enroll(project, world.alice_person, badge="A001", rate=Decimal("300.00"))
    carol = enroll(project, world.carol_person, badge="A002", rate=Decimal("300.00"))
    return project, alice, carol


def upload(content: bytes, name="考勤.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def test_the_wage_officer_uploads_attendance_through_the_page(world, site, client_for):
    project, alice, carol = site
    client = client_for(officer())
    url = reverse("wages:attendance-import", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(url, {"file": upload(xlsx(day_rows("A001", "王丽", [1, 2, 3]), DAY))})
    job = Job.objects.get(kind="wages.import_attendance")
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    assert job.result["valid"] and Attendance.objects.count() == 3
    assert WorkMonth.objects.get().days == 3
    assert f"#{job.pk}" in client.get(url).content.decode()  # the recent imports

    # A file of another type is refused on the form, nothing started.
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")})
    assert response.status_code == 200 and Job.objects.count() == 1


def test_the_construction_unit_sees_the_page_but_may_not_import(world, site, client_for):
    project, alice, carol = site
    client = client_for(world.hr_a)
    url = reverse("wages:payroll-import", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200 and "multipart" not in page.content.decode()
    rows = [payroll_row(world.alice_person)]
    assert client.post(url, {"file": upload(xlsx(rows, PAYROLL))}).status_code == 403
    assert client.get(reverse("wages:payroll-entry", args=[project.pk])).status_code == 403
    assert Job.objects.count() == 0 and Payroll.objects.count() == 0


def test_the_county_staff_import_too_and_nobody_reaches_another_countys_project(world, site, client_for):
    project, alice, carol = site
    foreign = make_project(world, county="370103")
    client = client_for(world.lixia)
    rows = [payout_row("P1", world.alice_person)]
    response = client.post(reverse("wages:payout-import", args=[project.pk]), {"file": upload(xlsx(rows, PAYOUT))})
    assert response.status_code == 302 and Payout.objects.count() == 1
    for name in ("wages:attendance-import", "wages:payout-import", "wages:reconciliation", "wages:payroll-entry"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404, name


def test_one_payroll_row_through_the_form(world, site, client_for):
    project, alice, carol = site
    client = client_for(officer())
    url = reverse("wages:payroll-entry", args=[project.pk])
    data = {"entry": alice.pk, "month": "2026-04", "days": "", "gross": "6000", "deductions": "100", "net": "6000"}
    response = client.post(url, data)
    assert response.status_code == 200 and "5900.00" in response.content.decode()
    response = client.post(url, {**data, "gross": "-1"})
    assert response.status_code == 200 and Payroll.objects.count() == 0
    response = client.post(url, {**data, "net": "5900"})
    assert response.status_code == 302 and "month=2026-04" in response["Location"]
    assert Payroll.objects.get().net == Decimal("5900.00")


def test_the_reconciliation_page_flags_rows(world, site, client_for):
    project, alice, carol = site
    run("attendance", project, xlsx(day_rows("A001", "王丽", range(1, 21)) + day_rows("A002", "张敏", [1]), DAY))
    run("payroll", project, xlsx([payroll_row(world.alice_person, days=21, gross="5000", net="5000")], PAYROLL))
    client = client_for(world.hr_a)
    body = client.get(reverse("wages:reconciliation", args=[project.pk]) + "?month=2026-04").content.decode()
    assert "工资表出勤 21.0 天，考勤记录 20.0 天" in body
    assert "低于考勤 × 约定工资 6000.00 元" in body
    assert "无工资表" in body  # Carol attended, no payroll row


def test_the_project_page_shows_the_intake_panel(world, site, client_for):
    project, alice, carol = site
    run("attendance", project, xlsx(day_rows("A001", "王丽", [1]), DAY))
    body = client_for(officer()).get(reverse("wages:project-detail", args=[project.pk])).content.decode()
    if "intake-panel" not in body:
        pytest.skip("the project page does not include the intake panel")
    assert reverse("wages:attendance-import", args=[project.pk]) in body
    assert "2026-04-01" in body  # the last attendance day
    body = client_for(world.hr_a).get(reverse("wages:project-detail", args=[project.pk])).content.decode()
    assert "intake-panel" in body and reverse("wages:attendance-import", args=[project.pk]) not in body


def test_the_templates_download_with_their_headers(world, client_for):
    client = client_for(world.alice)
    for name, header in (
        ("wages:attendance-template", "上班时间"),
        ("wages:payroll-template", "实发工资"),
        ("wages:payout-template", "流水号"),
    ):
        response = client.get(reverse(name))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert header in [c.value for c in book.active[1]], name


def test_the_worker_page_shows_only_their_own_wages(world, site, client_for):
    project, alice, carol = site
    other = make_project(world, county="370103")
    enroll(other, world.bob_person, badge="B1")
    run("attendance", project, xlsx(day_rows("A001", "王丽", range(1, 21)) + day_rows("A002", "张敏", [1]), DAY))
    rows = [payout_row("P1", world.alice_person, amount="5000.00"), payout_row("P2", world.carol_person, "321.00")]
    run("payouts", project, xlsx(rows, PAYOUT))
    body = client_for(world.alice).get(reverse("wages:mine")).content.decode()
    assert project.name in body and "5000.00" in body and "2026-05-15" in body
    assert "欠发 1000.00" in body  # 20 days × 300 − 5000, the payday long past
    assert "321.00" not in body and "张敏" not in body and other.name not in body
    assert reverse("wages:complaint-file") in body

    api = client_for(world.alice).get("/api/wages/my/wages").json()
    assert [p["project"] for p in api] == [project.pk]
    (april,) = api[0]["months"]
    assert (april["days"], april["paid"], april["owed"]) == ("20.0", "5000.00", "1000.00")
    assert client_for(world.lixia).get("/api/wages/my/wages").json() == []


def test_the_api_imports_a_file_or_returns_its_row_errors(world, site, client_for):
    project, alice, carol = site
    url = f"/api/wages/projects/{project.pk}/attendance/import"
    client = client_for(officer())
    good = client.post(url, {"file": upload(xlsx(day_rows("A001", "王丽", [1, 2]), DAY))})
    assert good.status_code == 200, good.content
    assert good.json()["status"] == "done" and good.json()["result"]["created"] == 2

    bad = client.post(url, {"file": upload(xlsx([["Z9", "赵六", date(2026, 4, 3), "08:00", "17:00"]], DAY))})
    assert bad.status_code == 422
    (error,) = bad.json()["detail"]
    assert error["loc"] == ["body", "file", 2, "工号"]
    assert "实名制名册" in error["msg"] and "real-name roster" in error["msg"]
    assert bad.json()["report"].startswith("/")

    payroll = client.post(
        f"/api/wages/projects/{project.pk}/payroll/import",
        {"file": upload(xlsx([payroll_row(world.alice_person, gross="-1", net="-1")], PAYROLL))},
    )
    assert payroll.status_code == 422 and "the amount cannot be negative" in payroll.json()["detail"][0]["msg"]
    missing = client.post(f"/api/wages/projects/{project.pk}/payouts/import", {})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "file"]
    assert Attendance.objects.count() == 2 and Payroll.objects.count() == 0

    assert client_for(world.hr_a).post(url, {"file": upload(b"x")}).status_code == 403
    foreign = make_project(world, county="370103")
    assert client_for(officer()).post(f"/api/wages/projects/{foreign.pk}/attendance/import", {}).status_code == 404


def test_the_menu_offers_my_wages_to_workers_only(world, client_for):
    url = reverse("wages:mine")
    assert f'href="{url}"' in client_for(world.alice).get(reverse("wages:mine")).content.decode()
    assert f'href="{url}"' not in client_for(world.hr_a).get(reverse("wages:mine")).content.decode()
