"""Rechecks (复核): the veto-event hook, spot checks by seed, closing with pass or fail, the daily
scheduling job, and the scoped list of what is due."""

import random
from datetime import date, timedelta
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hexie.campaign.models import Naming, Recheck, VetoEvent
from hexie.campaign.services import namings as service
from hexie.core.jobs import start_job
from hexie.core.models import Job, Region
from hexie.core.registries import EVENTS
from tests.world import make_org

from .naming_factory import make_naming

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


# --- the veto-event hook -----------------------------------------------------------------------


def test_a_veto_event_opens_a_recheck_of_each_active_naming_only(world):
    county = make_naming(world, world.enterprise_a, "county")
    city = make_naming(world, world.enterprise_a, "city")
    revoked = make_naming(world, world.enterprise_a, "province")
    service.revoke_naming(world.province, revoked, "发生重大安全生产事故")
    other = make_naming(world, world.enterprise_b, "county")

    # What another module (wages) does: no campaign import on the sending side.
    EVENTS.send(
        "veto_event",
        organization=world.enterprise_a,
        kind="wage_arrears",
        occurred_on=date(2026, 10, 8),
        description="拖欠 36 名职工工资 41.2 万元",
        source="wages:case:17",
    )

    event = VetoEvent.objects.get()
    assert (event.organization, event.kind, event.source) == (world.enterprise_a, "wage_arrears", "wages:case:17")
    assert event.occurred_on == date(2026, 10, 8) and "41.2" in event.description
    rechecks = Recheck.objects.all()
    assert {r.naming for r in rechecks} == {county, city}
    for recheck in rechecks:
        assert recheck.reason == Recheck.Reason.VETO_EVENT and recheck.veto_event == event
        assert recheck.due == today() + timedelta(days=30) and recheck.outcome == Recheck.Outcome.OPEN
    assert not revoked.rechecks.exists() and not other.rechecks.exists()


def test_a_veto_event_against_a_unit_never_named_is_only_recorded(world):
    EVENTS.send(
        "veto_event",
        organization=world.enterprise_b,
        kind="blacklist",
        occurred_on=today(),
        description="",
        source="wages:blacklist:3",
    )
    assert VetoEvent.objects.filter(organization=world.enterprise_b, kind="blacklist").count() == 1
    assert not Recheck.objects.exists()


def test_an_unknown_veto_kind_is_refused_and_nothing_recorded(world):
    make_naming(world, world.enterprise_a)
    with pytest.raises(ValueError):
        EVENTS.send("veto_event", organization=world.enterprise_a, kind="late_paperwork", occurred_on=today())
    assert not VetoEvent.objects.exists() and not Recheck.objects.exists()


# --- spot checks -------------------------------------------------------------------------------


@pytest.fixture
def lixia_namings(world):
    """Twelve units of Lixia named by the county, and one of Shizhong."""
    rng = random.Random(11)
    units = [make_org(rng, f"历下测试企业{i:02d}有限公司", "enterprise", "370102") for i in range(12)]
    namings = [make_naming(world, unit) for unit in units]
    make_naming(world, world.enterprise_b)
    return namings


def drawn_serials(user, region_code, count, seed) -> list[str]:
    """What a draw would pick, then rolled back (so the next draw sees the same units)."""
    with transaction.atomic():
        serials = [
            r.naming.serial for r in service.draw_spot_checks(user, Region.objects.get(code=region_code), count, seed)
        ]
        transaction.set_rollback(True)
    return serials


def test_a_spot_check_draws_the_same_units_for_the_same_seed(world, lixia_namings):
    first = drawn_serials(world.lixia, "370102", 4, seed=20261123)
    assert first == drawn_serials(world.lixia, "370102", 4, seed=20261123)
    population = sorted(n.serial for n in lixia_namings)
    assert first == random.Random(20261123).sample(population, 4)  # the draw anyone can replay
    assert first != drawn_serials(world.lixia, "370102", 4, seed=7)
    assert len(set(first)) == 4 and all("-370102-" in s for s in first)


def test_a_spot_check_opens_rechecks_within_the_region_and_skips_units_under_recheck(world, lixia_namings):
    under_recheck = lixia_namings[0]
    service.open_recheck(under_recheck, Recheck.Reason.SCHEDULED)
    service.revoke_naming(world.lixia, lixia_namings[1], "复核未通过")
    drawn = service.draw_spot_checks(world.lixia, Region.objects.get(code="370102"), 50, seed=1)
    assert len(drawn) == 10  # twelve, less the one under recheck and the revoked one
    assert all(r.reason == Recheck.Reason.SPOT_CHECK and r.due == today() + timedelta(days=60) for r in drawn)
    assert under_recheck.rechecks.count() == 1
    assert not Recheck.objects.filter(naming__organization=world.enterprise_b).exists()
    assert service.draw_spot_checks(world.lixia, Region.objects.get(code="370102"), 3, seed=2) == []


def test_spot_checks_are_drawn_only_by_staff_of_the_region(world, lixia_namings):
    lixia = Region.objects.get(code="370102")
    for user in (world.shizhong, world.hr_a, world.alice):
        with pytest.raises(PermissionDenied):
            service.draw_spot_checks(user, lixia, 2, seed=1)
    with pytest.raises(ValidationError):
        service.draw_spot_checks(world.lixia, lixia, 0, seed=1)
    assert len(service.draw_spot_checks(world.city, Region.objects.get(code="370100"), 13, seed=1)) == 13


def test_the_spot_check_page(world, lixia_namings, client_for):
    url = reverse("campaign:spot-check", args=["370102"])
    assert client_for(world.hr_a).get(url).status_code == 403
    client = client_for(world.lixia)
    page = client.get(url)
    assert page.status_code == 200 and "12" in page.content.decode()
    response = client.post(url, {"count": 3, "seed": 99})
    assert response.status_code == 302
    expected = random.Random(99).sample(sorted(n.serial for n in lixia_namings), 3)
    assert sorted(Recheck.objects.values_list("naming__serial", flat=True)) == sorted(expected)
    assert client.post(url, {"count": "", "seed": 99}).status_code == 200  # a form error, nothing drawn
    assert Recheck.objects.count() == 3


# --- closing a recheck -------------------------------------------------------------------------


def test_a_passed_recheck_keeps_the_naming_for_three_more_years(world):
    naming = make_naming(world, world.enterprise_a)
    Naming.objects.filter(pk=naming.pk).update(recheck_due=today() + timedelta(days=20))
    recheck = service.open_recheck(Naming.objects.get(pk=naming.pk), Recheck.Reason.SCHEDULED)
    assert recheck.due == today() + timedelta(days=20)
    service.close_recheck(world.lixia, recheck, True, "各项指标保持达标")
    recheck.refresh_from_db()
    naming.refresh_from_db()
    assert recheck.outcome == Recheck.Outcome.PASSED and recheck.closed_by == world.lixia and recheck.closed_at
    assert naming.status == Naming.Status.ACTIVE
    assert naming.recheck_due == service.add_years(today(), 3)
    with pytest.raises(ValidationError):
        service.close_recheck(world.lixia, recheck, False, "再办一次")


def test_a_failed_recheck_revokes_the_naming(world):
    naming = make_naming(world, world.enterprise_a)
    spot = service.open_recheck(naming, Recheck.Reason.SPOT_CHECK)
    other = service.open_recheck(naming, Recheck.Reason.SCHEDULED)
    with pytest.raises(ValidationError):
        service.close_recheck(world.lixia, spot, False, "")  # a failure needs its reason
    service.close_recheck(world.lixia, spot, False, "集体合同到期未续签，职工满意度不足60%")
    naming.refresh_from_db()
    spot.refresh_from_db()
    other.refresh_from_db()
    assert spot.outcome == Recheck.Outcome.FAILED
    assert naming.status == Naming.Status.REVOKED and naming.plaque_withdrawn
    assert "集体合同到期未续签" in naming.revoke_reason and naming.revoked_on == today()
    assert other.outcome == Recheck.Outcome.FAILED and "命名已撤销" in other.note  # ends with the naming
    with pytest.raises(ValidationError):
        service.open_recheck(naming, Recheck.Reason.SPOT_CHECK)


def test_only_staff_of_the_naming_region_or_above_close_a_recheck(world):
    naming = make_naming(world, world.enterprise_a, "city")
    recheck = service.open_recheck(naming, Recheck.Reason.SPOT_CHECK)
    for user in (world.lixia, world.shizhong, world.hr_a):  # a county office does not close a city's recheck
        with pytest.raises(PermissionDenied):
            service.close_recheck(user, recheck, True, "")
    recheck.refresh_from_db()
    assert recheck.outcome == Recheck.Outcome.OPEN
    service.close_recheck(world.province, recheck, True, "")
    recheck.refresh_from_db()
    assert recheck.outcome == Recheck.Outcome.PASSED


def test_the_close_form(world, client_for):
    naming = make_naming(world, world.enterprise_a)
    recheck = service.open_recheck(naming, Recheck.Reason.SPOT_CHECK)
    url = reverse("campaign:recheck-close", args=[recheck.pk])
    assert client_for(world.hr_a).get(reverse("campaign:recheck-detail", args=[recheck.pk])).status_code == 200
    assert client_for(world.hr_a).post(url, {"passed": "1"}).status_code == 403
    assert client_for(world.shizhong).post(url, {"passed": "1"}).status_code == 404
    client = client_for(world.lixia)
    assert client.post(url, {"passed": "0", "note": ""}).status_code == 200  # failure needs a reason
    recheck.refresh_from_db()
    assert recheck.outcome == Recheck.Outcome.OPEN
    assert client.post(url, {"passed": "0", "note": "发生欠薪"}).status_code == 302
    naming.refresh_from_db()
    assert naming.status == Naming.Status.REVOKED


# --- the daily scheduling job ------------------------------------------------------------------


def test_the_daily_job_opens_rechecks_falling_due_within_sixty_days_once(world, lixia_namings):
    soon, later, busy, revoked, overdue = lixia_namings[:5]
    for naming, days in ((soon, 45), (later, 90), (busy, 10), (revoked, 5), (overdue, -3)):
        Naming.objects.filter(pk=naming.pk).update(recheck_due=today() + timedelta(days=days))
    service.open_recheck(busy, Recheck.Reason.VETO_EVENT)
    service.revoke_naming(world.lixia, revoked, "发生群体性事件")

    job = start_job("campaign.schedule_rechecks", user=world.admin)
    assert job.status == Job.Status.DONE, job.error
    assert job.result["opened"] == 2
    scheduled = Recheck.objects.filter(reason=Recheck.Reason.SCHEDULED)
    assert {r.naming_id: r.due for r in scheduled} == {
        soon.pk: today() + timedelta(days=45),
        overdue.pk: today(),  # already past: due at once
    }
    assert start_job("campaign.schedule_rechecks").result["opened"] == 0  # idempotent on the same day
    ahead = start_job("campaign.schedule_rechecks", {"on": (today() + timedelta(days=40)).isoformat()})
    assert ahead.result["opened"] == 1 and later.rechecks.get().reason == Recheck.Reason.SCHEDULED


# --- the list of what is due -------------------------------------------------------------------


def test_the_recheck_list_filters_what_is_due_within_the_scope(world, client_for):
    near = service.open_recheck(
        make_naming(world, world.enterprise_a), Recheck.Reason.SPOT_CHECK, due=today() + timedelta(days=5)
    )
    late = service.open_recheck(
        make_naming(world, world.enterprise_a), Recheck.Reason.VETO_EVENT, due=today() - timedelta(days=2)
    )
    far = service.open_recheck(
        make_naming(world, world.enterprise_a), Recheck.Reason.SCHEDULED, due=today() + timedelta(days=50)
    )
    done = service.open_recheck(make_naming(world, world.enterprise_a), Recheck.Reason.SCHEDULED)
    service.close_recheck(world.lixia, done, True, "")
    foreign = service.open_recheck(make_naming(world, world.enterprise_b), Recheck.Reason.SPOT_CHECK)
    client = client_for(world.lixia)
    url = reverse("campaign:recheck-list")

    def shown(**query) -> set[str]:
        page = client.get(url, query).content.decode()
        return {
            name
            for name, r in (("near", near), ("late", late), ("far", far), ("done", done), ("foreign", foreign))
            if reverse("campaign:recheck-detail", args=[r.pk]) in page
        }

    assert shown() == {"near", "late", "far"}  # open ones, in scope
    assert shown(due_within=10) == {"near", "late"}
    assert shown(overdue="1") == {"late"}
    assert shown(reason="scheduled") == {"far"}
    assert shown(outcome="passed") == {"done"}
    assert shown(outcome="all") == {"near", "late", "far", "done"}
    export = client.get(reverse("campaign:recheck-export"), {"due_within": 10})
    rows = list(openpyxl.load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert sorted(r[1] for r in rows[1:]) == sorted([near.naming.serial, late.naming.serial])
    assert "发生否决事项" in {c for r in rows for c in r}
