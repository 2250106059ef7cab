"""The web UI shell: each page for the right user, lists within the scope, filters, pagination,
sorting, .xlsx exports, detail pages (404 outside the scope), jobs, the holiday calendar, the
audit log, API tokens and the English translation."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from hexie.core.exports import Column, write_workbook
from hexie.core.models import ApiToken, CalendarDay, CalendarYear, Job, Organization
from hexie.core.views.shell import enterprises_by_area
from tests.world import PASSWORD, make_person

ALL_ENTERPRISES = {"济南泉城机械有限公司", "济南趵突食品有限公司", "青岛海滨物流有限公司"}


def rows_of(response) -> list:
    return list(response.context["page_obj"].object_list)


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(BytesIO(response.content)).active


def chart_of(response) -> dict:
    match = re.search(
        r'<script id="chart-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1)) if match else {}


# --- home -------------------------------------------------------------------------------------


def test_province_home_counts_and_chart_by_city(world, client_for):
    response = client_for(world.province).get(reverse("home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["organizations"] == 12
    assert counts["enterprises"] == 3
    assert counts["people"] == 3
    assert counts["active_employments"] == 3
    assert dict(counts["organizations_by_kind"])["企业"] == 3
    chart = chart_of(response)
    assert chart["categories"][-2:] == ["济南市", "青岛市"]
    series = {s["name"]: s["data"][-2:] for s in chart["series"]}
    assert series == {"企业数": [2, 1], "在岗职工": [3, 0]}


def test_chart_goes_one_level_down_for_city_and_county_staff(world):
    by_city = {row["name"]: (row["enterprises"], row["workers"]) for row in enterprises_by_area(world.city)}
    assert by_city == {"历下区": (1, 2), "市中区": (1, 1)}
    # Enterprises registered at county level show as the county's own level among its townships.
    assert enterprises_by_area(world.lixia) == [
        {"area": "370102", "enterprises": 1, "workers": 2, "name": "历下区（本级）"}
    ]
    assert enterprises_by_area(world.hr_a) == []


def test_ended_employments_are_not_counted_as_workers(world):
    world.carol_job.end = timezone.localdate() - timedelta(days=1)
    world.carol_job.save()
    assert enterprises_by_area(world.lixia)[0]["workers"] == 1


def test_worker_home_shows_her_own_record(world, client_for):
    response = client_for(world.alice).get(reverse("home"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "王丽" in text and world.alice_person.id_masked in text and "济南泉城机械有限公司" in text
    assert "counts" not in response.context
    assert world.alice_person.id_number not in text


def test_hr_home_counts_only_their_enterprise(world, client_for):
    counts = client_for(world.hr_a).get(reverse("home")).context["counts"]
    assert (counts["organizations"], counts["people"], counts["active_employments"]) == (1, 2, 2)


def test_anonymous_visitors_are_sent_to_login(world, client):
    response = client.get(reverse("organization-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


# --- lists, filters, sorting, pagination ----------------------------------------------------------


@pytest.mark.parametrize(
    "viewer, name, expected",
    [
        ("province", "organization-list", 12),
        ("city", "organization-list", 10),  # Jinan (3701…): not the province office, not Qingdao
        ("lixia", "organization-list", 6),
        ("hr_a", "organization-list", 1),
        ("alice", "organization-list", 0),
        ("province", "person-list", 3),
        ("lixia", "person-list", 2),
        ("hr_a", "person-list", 2),
        ("alice", "person-list", 1),
        ("shizhong", "employment-list", 1),
        ("hr_b", "employment-list", 1),
        ("bob", "employment-list", 1),
    ],
)
def test_lists_show_only_scoped_rows(world, client_for, viewer, name, expected):
    response = client_for(world.users[viewer]).get(reverse(name))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == expected


def test_city_sees_jinan_but_not_qingdao(world, client_for):
    names = {o.name for o in rows_of(client_for(world.city).get(reverse("organization-list")))}
    assert (
        "济南趵突食品有限公司" in names
        and "青岛海滨物流有限公司" not in names
        and "山东省人力资源和社会保障厅" not in names
    )


def test_organization_filters(world, client_for):
    client = client_for(world.province)
    url = reverse("organization-list")
    assert {o.name for o in rows_of(client.get(url, {"kind": "enterprise"}))} == ALL_ENTERPRISES
    assert [o.name for o in rows_of(client.get(url, {"q": "泉城"}))] == ["济南泉城机械有限公司"]
    assert [o.name for o in rows_of(client.get(url, {"q": world.enterprise_b.uscc[-6:]}))] == ["济南趵突食品有限公司"]
    assert {o.name for o in rows_of(client.get(url, {"region": "370103"}))} == {
        "济南市市中区人力资源和社会保障局",
        "市中区劳动人事争议调解委员会",
        "济南趵突食品有限公司",
    }
    assert {o.name for o in rows_of(client.get(url, {"region": "3702"}))} == {"青岛海滨物流有限公司"}
    assert [o.name for o in rows_of(client.get(url, {"industry": "G"}))] == ["青岛海滨物流有限公司"]


def test_a_region_outside_the_scope_is_not_a_valid_filter(world, client_for):
    response = client_for(world.lixia).get(reverse("organization-list"), {"region": "3702"})
    assert response.context["filter_form"].errors
    assert response.context["page_obj"].paginator.count == 6  # the invalid filter is ignored, the scope still holds
    choices = dict(response.context["filter_form"].fields["region"].choices)
    assert "370102" in choices and "370103" not in choices


def test_person_and_employment_filters(world, client_for):
    client = client_for(world.province)
    assert [p.name for p in rows_of(client.get(reverse("person-list"), {"sex": "M"}))] == ["李强"]
    assert {p.name for p in rows_of(client.get(reverse("person-list"), {"region": "370102"}))} == {
        "王丽",
        "张敏",
    }
    world.carol_job.end = date(2024, 1, 31)
    world.carol_job.save()
    url = reverse("employment-list")
    assert [e.person.name for e in rows_of(client.get(url, {"active": "0"}))] == ["张敏"]
    assert {e.person.name for e in rows_of(client.get(url, {"active": "1"}))} == {"王丽", "李强"}
    assert {e.person.name for e in rows_of(client.get(url, {"enterprise": world.enterprise_a.pk}))} == {
        "王丽",
        "张敏",
    }
    assert [e.person.name for e in rows_of(client.get(url, {"kind": "contract", "q": "质检"}))] == ["李强"]


def test_hr_cannot_filter_on_another_enterprise(world, client_for):
    response = client_for(world.hr_a).get(reverse("employment-list"), {"enterprise": world.enterprise_b.pk})
    assert "enterprise" in response.context["filter_form"].errors
    assert {e.person.name for e in rows_of(response)} == {"王丽", "张敏"}


def test_sorting(world, client_for):
    client = client_for(world.province)
    url = reverse("organization-list")
    by_headcount = [o.headcount for o in rows_of(client.get(url, {"kind": "enterprise", "sort": "-headcount"}))]
    assert by_headcount == [320, 150, 80]
    ascending = [o.headcount for o in rows_of(client.get(url, {"kind": "enterprise", "sort": "headcount"}))]
    assert ascending == [80, 150, 320]
    # An unknown sort field is ignored rather than passed to order_by.
    assert client.get(url, {"sort": "id_cipher"}).status_code == 200


def test_pagination_fifty_a_page(world, client_for):
    import random

    rng = random.Random(7)
    for i in range(62):
        make_person(rng, f"测试{i:02d}", "370102", birth=date(1990, 1, 1) + timedelta(days=i), sex="M")
    client = client_for(world.lixia)
    first = client.get(reverse("person-list"))
    assert len(rows_of(first)) == 50 and first.context["page_obj"].paginator.count == 64
    second = client.get(reverse("person-list"), {"page": 2})
    assert len(rows_of(second)) == 14
    assert not {p.pk for p in rows_of(first)} & {p.pk for p in rows_of(second)}
    assert "?page=2" in first.content.decode()
    assert len(rows_of(client.get(reverse("person-list"), {"page": 99}))) == 14  # past the end: the last page


# --- exports ------------------------------------------------------------------------------------


def test_organization_export_is_a_real_xlsx_of_the_filtered_scoped_rows(world, client_for):
    world.enterprise_a.established = date(2008, 6, 18)
    world.enterprise_a.save()
    response = client_for(world.city).get(reverse("organization-export"), {"kind": "enterprise"})
    sheet = workbook(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名称", "统一社会信用代码", "类型")
    assert {row[0] for row in rows[1:]} == {"济南泉城机械有限公司", "济南趵突食品有限公司"}
    assert sheet.freeze_panes == "A2"
    row_a = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "济南泉城机械有限公司")
    established = row_a[6]
    assert established.is_date and established.value.date() == date(2008, 6, 18)
    assert row_a[2].value == "企业" and row_a[5].value == 320


def test_person_export_shows_masked_id_numbers_only(world, client_for):
    sheet = workbook(client_for(world.hr_a).get(reverse("person-export")))
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"王丽", "张敏"}
    cells = " ".join(str(c) for row in rows for c in row)
    assert world.alice_person.id_masked in cells
    assert world.alice_person.id_number not in cells and world.carol_person.id_number not in cells


def test_employment_export_for_a_worker(world, client_for):
    rows = list(workbook(client_for(world.alice).get(reverse("employment-export"))).iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][:2] == ("王丽", "济南泉城机械有限公司")


def test_money_is_exported_as_a_number_with_two_places():
    class Row:
        amount = Decimal("12345.6")
        day = date(2026, 1, 2)

    book = openpyxl.load_workbook(
        BytesIO(write_workbook([Row()], [Column("金额", "amount", kind="money"), Column("日期", "day", kind="date")]))
    )
    amount, day = next(book.active.iter_rows(min_row=2))
    assert amount.value == 12345.6 and amount.number_format == "#,##0.00"
    assert day.is_date and day.number_format == "yyyy-mm-dd"


# --- details --------------------------------------------------------------------------------------


def test_organization_detail_shows_its_employments_and_children(world, client_for):
    child = Organization.objects.create(
        name="泉城机械铸造分厂",
        kind="enterprise",
        uscc=None,
        region=world.enterprise_a.region,
        parent=world.enterprise_a,
    )
    response = client_for(world.lixia).get(world.enterprise_a.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "王丽" in text and "张敏" in text and child.name in text


def test_person_detail_masks_and_derives(world, client_for):
    response = client_for(world.hr_b).get(world.bob_person.get_absolute_url())
    text = response.content.decode()
    assert world.bob_person.id_masked in text and world.bob_person.id_number not in text
    assert "男" in text and str(world.bob_person.age) in text and "质检员" in text


@pytest.mark.parametrize(
    "viewer, target",
    [
        ("lixia", "enterprise_b"),
        ("hr_a", "enterprise_qd"),
        ("alice", "enterprise_a"),
        ("hr_a", "bob_person"),
        ("alice", "carol_person"),
        ("alice", "bob_job"),
        ("shizhong", "alice_job"),
    ],
)
def test_details_outside_the_scope_are_404(world, client_for, viewer, target):
    assert client_for(world.users[viewer]).get(getattr(world, target).get_absolute_url()).status_code == 404


def test_employment_detail(world, client_for):
    response = client_for(world.alice).get(world.alice_job.get_absolute_url())
    assert response.status_code == 200 and "装配工" in response.content.decode()


# --- jobs ---------------------------------------------------------------------------------------


def test_jobs_list_only_own_and_superuser_all(world, client_for, client):
    mine = Job.objects.create(kind="core.recount_headcount", created_by=world.hr_a)
    Job.objects.create(kind="core.other", created_by=world.hr_b)
    assert [j.pk for j in rows_of(client_for(world.hr_a).get(reverse("job-list")))] == [mine.pk]
    client.logout()
    assert len(rows_of(client_for(world.admin).get(reverse("job-list")))) == 2


def test_job_progress_polls_until_the_job_finishes(world, client_for):
    job = Job.objects.create(
        kind="core.recount_headcount", created_by=world.hr_a, status=Job.Status.RUNNING, progress=3, total=12
    )
    client = client_for(world.hr_a)
    detail = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in detail and "25%" in detail
    running = client.get(reverse("job-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert running.status_code == 200 and "hx-get" in running.content.decode()
    job.status, job.progress, job.result = Job.Status.DONE, 12, {"updated": 4}
    job.save()
    done = client.get(reverse("job-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert done.status_code == 286  # htmx stops polling
    assert "hx-get" not in done.content.decode() and "100%" in done.content.decode()


def test_someone_elses_job_is_404(world, client_for):
    job = Job.objects.create(kind="core.recount_headcount", created_by=world.hr_b)
    client = client_for(world.hr_a)
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("job-progress", args=[job.pk])).status_code == 404


# --- holiday calendar -----------------------------------------------------------------------------


def test_everyone_sees_the_calendar(world, client_for):
    response = client_for(world.alice).get(reverse("calendar"), {"year": 2025})
    assert response.status_code == 200
    assert "2025-10-01" in response.content.decode()
    assert not response.context["editor"]


def test_province_staff_add_and_delete_days(world, client_for):
    client = client_for(world.province)
    response = client.post(
        reverse("calendar"), {"action": "day", "day": "2027-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(day=date(2027, 10, 1))
    assert client.post(reverse("calendar-day-delete", args=[day.pk])).status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_calendar_form_validation(world, client_for):
    client = client_for(world.province)
    wednesday = client.post(reverse("calendar"), {"action": "day", "day": "2027-09-29", "kind": "workday", "name": ""})
    assert wednesday.status_code == 200 and "day" in wednesday.context["day_form"].errors
    nameless = client.post(reverse("calendar"), {"action": "day", "day": "2027-10-02", "kind": "holiday", "name": ""})
    assert "name" in nameless.context["day_form"].errors
    existing = CalendarDay.objects.filter(day__year=2025).first()
    duplicate = client.post(
        reverse("calendar"),
        {"action": "day", "day": existing.day.isoformat(), "kind": "holiday", "name": "x"},
    )
    assert "day" in duplicate.context["day_form"].errors
    assert not CalendarDay.objects.filter(day__year=2027).exists()


def test_marking_a_year_official_needs_its_holidays(world, client_for):
    client = client_for(world.province)
    refused = client.post(reverse("calendar"), {"action": "official", "year": 2027, "source": "国办发明电"})
    assert "year" in refused.context["year_form"].errors and not CalendarYear.objects.filter(year=2027).exists()
    CalendarDay.objects.create(day=date(2027, 1, 1), kind="holiday", name="元旦")
    assert (
        client.post(reverse("calendar"), {"action": "official", "year": 2027, "source": "国办发明电"}).status_code
        == 302
    )
    assert CalendarYear.objects.get(year=2027).source == "国办发明电"


@pytest.mark.parametrize("viewer", ["lixia", "city", "hr_a", "alice"])
def test_calendar_edit_is_refused_below_the_province(world, client_for, viewer):
    client = client_for(world.users[viewer])
    day = CalendarDay.objects.first()
    assert (
        client.post(
            reverse("calendar"), {"action": "day", "day": "2027-10-01", "kind": "holiday", "name": "国庆节"}
        ).status_code
        == 403
    )
    assert client.post(reverse("calendar"), {"action": "official", "year": 2027}).status_code == 403
    assert client.post(reverse("calendar-day-delete", args=[day.pk])).status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists() and not CalendarDay.objects.filter(day__year=2027).exists()


# --- audit log ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "viewer, status",
    [("province", 200), ("admin", 200), ("city", 403), ("lixia", 403), ("hr_a", 403), ("alice", 403)],
)
def test_audit_log_is_for_province_staff_only(world, client_for, viewer, status):
    assert client_for(world.users[viewer]).get(reverse("audit-log")).status_code == status


def test_audit_log_filters_and_paginates(world, client_for):
    world.enterprise_b.name = "济南趵突食品集团有限公司"
    world.enterprise_b.save()
    client = client_for(world.province)
    updates = client.get(reverse("audit-log"), {"action": LogEntry.Action.UPDATE, "q": "趵突"})
    entries = list(updates.context["page_obj"])
    assert entries and all(e.action == LogEntry.Action.UPDATE for e in entries)
    assert "济南趵突食品集团有限公司" in updates.content.decode()
    everything = client.get(reverse("audit-log"))
    assert everything.context["page_obj"].paginator.per_page == 50
    assert everything.context["page_obj"].paginator.count == LogEntry.objects.count()


# --- API tokens -----------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_can_be_revoked(world, client_for):
    client = client_for(world.hr_a)
    response = client.post(reverse("token-list"), {"name": "对接脚本"})
    token = response.context["issued"]
    assert token.startswith("hx_") and token in response.content.decode()
    stored = ApiToken.objects.get(user=world.hr_a)
    assert stored.digest == ApiToken.hash(token)
    again = client.get(reverse("token-list")).content.decode()
    assert token not in again and stored.prefix in again
    assert client.post(reverse("token-revoke", args=[stored.pk])).status_code == 302
    assert not ApiToken.objects.filter(pk=stored.pk).exists()


def test_someone_elses_token_cannot_be_revoked(world, client_for):
    other, _ = ApiToken.issue(world.hr_b, "theirs")
    assert client_for(world.hr_a).post(reverse("token-revoke", args=[other.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=other.pk).exists()


def test_token_expiry_must_be_in_the_future(world, client_for):
    response = client_for(world.hr_a).post(reverse("token-list"), {"name": "x", "expires": "2020-01-01"})
    assert "expires" in response.context["form"].errors and not ApiToken.objects.exists()


# --- language, login, lockout ---------------------------------------------------------------------


def test_switching_to_english_shows_english_navigation(world, client_for):
    client = client_for(world.province)
    assert "组织" in client.get(reverse("home")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(reverse("home")).content.decode()
    assert "Organizations" in text and "Audit log" in text and "Log out" in text
    assert ">组织<" not in text


def test_login_through_the_form(world, client):
    response = client.post(reverse("login"), {"username": "lixia", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_repeated_wrong_passwords_lock_the_account(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hr_a", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "hr_a", "password": PASSWORD})
    text = response.content.decode()
    assert response.status_code == 429
    assert "已被暂时锁定" in text and "1 小时" in text


def test_links_only_to_what_the_viewer_may_open(world, client_for):
    enterprise_url = world.enterprise_a.get_absolute_url()
    assert (
        f'href="{enterprise_url}"'
        not in client_for(world.alice).get(world.alice_job.get_absolute_url()).content.decode()
    )
    assert f'href="{enterprise_url}"' in client_for(world.hr_a).get(world.alice_job.get_absolute_url()).content.decode()


def test_chinese_is_the_default_whatever_the_browser_asks(world, client_for):
    client = client_for(world.province)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "组织" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Organizations" in client.get("/").content.decode()


def test_visitors_who_are_not_logged_in_see_the_public_pages_in_the_menu(db, client):
    from django.urls import reverse

    page = client.get(reverse("campaign:public-list")).content.decode()
    assert reverse("campaign:public-notice") in page
    assert reverse("organization-list") not in page
