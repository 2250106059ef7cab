"""Arrears warnings in people's hands: the daily job, the risk signal, the pages and the API — the
county's labor office and grid member act, the project's companies only read, a worker and another
county see nothing."""

import json
from datetime import date
from decimal import Decimal as D
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hexie.core.jobs import start_job
from hexie.core.registries import DAILY_JOBS, NAVIGATION, RISK_SIGNALS
from hexie.wages.models import ArrearsWarning, Payout
from hexie.wages.services import warnings as service
from tests.wages.factory import enroll
from tests.wages.test_detection import AFTER_PAYDAY, MAY, attend, clean_project, pay
from tests.world import make_user

Kind = ArrearsWarning.Kind


@pytest.fixture
def owing(world):
    """Lixia's project owing Alice May's wages (6,000.00) and Shizhong's owing Bob (3,000.00),
    both found by the check the day after the payday."""
    from hexie.wages.services import detection

    lixia, shizhong = clean_project(world), clean_project(world, county="370103")
    enroll(lixia, world.alice_person, rate=D("300.00"))
    enroll(shizhong, world.bob_person, rate=D("300.00"))
    attend(lixia, world.alice_person, "20")
    attend(shizhong, world.bob_person, "10")
    detection.check(AFTER_PAYDAY)
    return lixia, shizhong


def test_the_daily_job_is_registered_and_runs_the_check(world):
    assert "wages.arrears_check" in DAILY_JOBS
    assert NAVIGATION["wages.warnings"].meta["order"] == 71
    project = clean_project(world)
    enroll(project, world.alice_person, rate=D("300.00"))
    attend(project, world.alice_person, "20")
    job = start_job("wages.arrears_check", {"on": "2026-06-16"})
    assert job.status == "done", job.error
    assert job.result["opened"] == 1 and job.result["amount_owed"] == "6000.00"
    again = start_job("wages.arrears_check", {"on": "2026-06-16"})
    assert (again.result["opened"], again.result["updated"], again.result["resolved"]) == (0, 0, 0)
    assert ArrearsWarning.objects.count() == 1


def test_the_risk_signal_names_the_general_contractor(world, owing):
    lixia, shizhong = owing
    signal = RISK_SIGNALS["wages.arrears"].func
    assert signal("370102", AFTER_PAYDAY) == [(lixia.general_contractor_id, 1)]
    assert signal("3701", AFTER_PAYDAY) == sorted(
        [(lixia.general_contractor_id, 1), (shizhong.general_contractor_id, 1)]
    )
    assert signal("3701", date(2026, 6, 15)) == []  # not yet opened that day
    pay(lixia, world.alice_person, "6000.00")
    from hexie.wages.services import detection

    detection.check(date(2026, 6, 17))
    assert signal("370102", date(2026, 6, 17)) == []
    assert signal("370102", date(2026, 6, 16)) == [(lixia.general_contractor_id, 1)]  # open that day


# --- the service ------------------------------------------------------------------------------------


def test_inspectors_handle_and_resolve_with_a_note(world, owing):
    warning = ArrearsWarning.objects.get(project=owing[0])
    with pytest.raises(PermissionDenied):
        service.handle(warning, world.hr_a)
    with pytest.raises(PermissionDenied):
        service.handle(warning, world.users["union_lixia"])  # the union sees, the labor office acts
    with pytest.raises(PermissionDenied):
        service.handle(warning, world.shizhong)
    service.handle(warning, world.lixia, "已约谈总包单位")
    assert warning.status == "handling"
    with pytest.raises(ValidationError) as error:
        service.resolve(warning, world.lixia, "  ")
    assert "note" in error.value.message_dict
    warning.refresh_from_db()
    assert warning.status == "handling"
    service.resolve(warning, world.lixia, "已线下足额支付", on=date(2026, 6, 18))
    warning.refresh_from_db()
    assert (warning.status, warning.closed_on) == ("closed", date(2026, 6, 18))
    # Still unpaid on the platform: the next check reopens it.
    from hexie.wages.services import detection

    assert detection.check(date(2026, 6, 19)).reopened == 1


def test_the_grid_member_acts_on_the_warnings_of_the_county(world, owing):
    grid = make_user("grid_lixia", org=world.orgs["lixia_office"], role="grid")
    warning = ArrearsWarning.objects.get(project=owing[0])
    service.handle(warning, grid)
    assert warning.status == "handling"
    foreign = ArrearsWarning.objects.get(project=owing[1])
    with pytest.raises(PermissionDenied):
        service.handle(foreign, grid)


# --- the pages --------------------------------------------------------------------------------------


def test_the_list_is_scoped_filtered_and_exported(world, owing, client_for):
    lixia, shizhong = owing
    client = client_for(world.lixia)
    page = client.get("/wages/warnings/").content.decode()
    assert lixia.name in page and shizhong.name not in page
    assert lixia.name not in client.get("/wages/warnings/", {"kind": "deposit"}).content.decode()
    assert lixia.name in client.get("/wages/warnings/", {"month": "2026-05"}).content.decode()
    assert lixia.name not in client.get("/wages/warnings/", {"month": "2026-04"}).content.decode()
    assert lixia.name not in client.get("/wages/warnings/", {"status": "closed"}).content.decode()
    export = client.get("/wages/warnings/export/", {"kind": "unpaid"})
    sheet = openpyxl.load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and lixia.name in rows[1]
    city = client_for(world.city).get("/wages/warnings/").content.decode()
    assert lixia.name in city and shizhong.name in city


def test_the_detail_shows_the_workers_owed_and_the_actions(world, owing, client_for):
    warning = ArrearsWarning.objects.get(project=owing[0])
    page = client_for(world.lixia).get(warning.get_absolute_url()).content.decode()
    assert "王丽" in page and "6,000.00" in page.replace("6000.00", "6,000.00")
    assert 'value="handle"' in page and 'value="resolve"' in page
    hr_page = client_for(world.hr_a).get(warning.get_absolute_url())
    assert hr_page.status_code == 200 and 'value="handle"' not in hr_page.content.decode()


def test_actions_through_the_page(world, owing, client_for):
    warning = ArrearsWarning.objects.get(project=owing[0])
    url = f"/wages/warnings/{warning.pk}/action/"
    assert client_for(world.hr_a).post(url, {"action": "handle"}).status_code == 403
    client = client_for(world.lixia)
    client.post(url, {"action": "resolve", "note": ""})
    warning.refresh_from_db()
    assert warning.status == "open"  # no note, nothing done
    client.post(url, {"action": "handle", "note": ""})
    client.post(url, {"action": "resolve", "note": "已核实支付"})
    warning.refresh_from_db()
    assert warning.status == "closed" and warning.closed_on is not None
    assert [e.action for e in warning.timeline] == ["handle", "resolve"]


def test_foreign_users_neither_see_nor_act(world, owing, client_for):
    foreign = ArrearsWarning.objects.get(project=owing[1])
    for user in (world.lixia, world.hr_a, world.alice):
        client = client_for(user)
        assert client.get(foreign.get_absolute_url()).status_code == 404
        assert client.post(f"/wages/warnings/{foreign.pk}/action/", {"action": "handle"}).status_code == 404
        assert client.post(f"/wages/projects/{owing[1].pk}/arrears/check/").status_code == 404
    assert "王丽" not in client_for(world.alice).get("/wages/warnings/").content.decode()
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_the_project_panel_and_the_check_button(world, owing, client_for):
    lixia = owing[0]
    client = client_for(world.lixia)
    panel = client.get(f"/wages/projects/{lixia.pk}/arrears/").content.decode()
    assert "发薪日未发放工资" in panel and "立即检查" in panel
    assert "立即检查" not in client_for(world.hr_a).get(f"/wages/projects/{lixia.pk}/arrears/").content.decode()
    Payout.objects.create(
        project=lixia, person=world.alice_person, month=MAY, amount=D("6000"), paid_on=AFTER_PAYDAY, bank_reference="P1"
    )
    client = client_for(world.lixia)
    assert client.post(f"/wages/projects/{lixia.pk}/arrears/check/").status_code == 302
    assert ArrearsWarning.objects.get(project=lixia, kind=Kind.UNPAID).status == "closed"
    assert client_for(world.hr_a).post(f"/wages/projects/{lixia.pk}/arrears/check/").status_code == 403


def test_the_project_page_includes_the_panel(world, owing, client_for):
    page = client_for(world.lixia).get(owing[0].get_absolute_url()).content.decode()
    assert f"/wages/projects/{owing[0].pk}/arrears/" in page


# --- the API ----------------------------------------------------------------------------------------


def test_the_api_lists_reads_and_checks(world, owing, client_for):
    lixia, shizhong = owing
    client = client_for(world.lixia)
    listed = client.get("/api/wages/warnings", {"month": "2026-05"}).json()
    assert [(w["project"], w["kind"], w["amount"]) for w in listed["items"]] == [(lixia.pk, "unpaid", "6000.00")]
    assert client.get("/api/wages/warnings", {"month": "2026-13"}).status_code == 422
    warning = ArrearsWarning.objects.get(project=lixia)
    detail = client.get(f"/api/wages/warnings/{warning.pk}").json()
    assert [(w["person"], w["owed"]) for w in detail["workers_owed"]] == [(world.alice_person.pk, "6000.00")]
    foreign = ArrearsWarning.objects.get(project=shizhong)
    assert client.get(f"/api/wages/warnings/{foreign.pk}").status_code == 404
    assert client.post(f"/api/wages/projects/{shizhong.pk}/arrears-check").status_code == 404
    checked = client.post(f"/api/wages/projects/{lixia.pk}/arrears-check")
    assert checked.status_code == 200 and json.loads(checked.content)["projects"] == 1
    assert client_for(world.hr_a).post(f"/api/wages/projects/{lixia.pk}/arrears-check").status_code == 403
    assert client_for(world.alice).get("/api/wages/warnings").json()["items"] == []
