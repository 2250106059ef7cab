from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from hexie.core.workflow import TransitionError
from tests.workflow_app.models import Request

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d):
    return datetime(y, m, d, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def request_a(world):
    return Request.objects.create(enterprise=world.enterprise_a)


def test_a_move_checks_the_role_stamps_the_deadline_and_writes_the_timeline(world, request_a):
    entry = Request.workflow.apply(request_a, "submit", world.hr_a, note="材料齐全", at=at(2026, 9, 28))
    request_a.refresh_from_db()
    assert request_a.status == "submitted"
    # 5 working days after Mon 28 Sep 2026 across National Day (1-7 Oct, 10 Oct a make-up workday)
    assert request_a.reply_due == date(2026, 10, 10)
    assert request_a.reply_due_provisional is False
    assert (entry.from_status, entry.to_status, entry.actor, entry.actor_role) == (
        "draft",
        "submitted",
        world.hr_a,
        "hr",
    )
    assert list(request_a.timeline) == [entry]


def test_a_deadline_in_a_year_without_a_schedule_is_provisional(world, request_a):
    Request.workflow.apply(request_a, "submit", world.hr_a, at=at(2026, 12, 28))
    request_a.refresh_from_db()
    assert request_a.reply_due == date(2027, 1, 4)
    assert request_a.reply_due_provisional is True


def test_the_wrong_role_is_refused_and_nothing_changes(world, request_a):
    with pytest.raises(PermissionDenied):
        Request.workflow.apply(request_a, "submit", world.lixia)
    with pytest.raises(PermissionDenied):
        Request.workflow.apply(request_a, "submit", world.hr_b)  # another enterprise's HR
    request_a.refresh_from_db()
    assert request_a.status == "draft" and not request_a.timeline.exists()


def test_a_move_not_in_the_table_is_refused(world, request_a):
    with pytest.raises(TransitionError):
        Request.workflow.apply(request_a, "accept", world.lixia)


def test_staff_of_another_county_hold_no_role_on_the_request(world, request_a):
    Request.workflow.apply(request_a, "submit", world.hr_a)
    with pytest.raises(PermissionDenied):
        Request.workflow.apply(request_a, "accept", world.shizhong)
    Request.workflow.apply(request_a, "accept", world.lixia, at=at(2026, 9, 1))
    request_a.refresh_from_db()
    assert request_a.reply_due is None  # cleared: the reply clock stopped
    assert request_a.close_due == date(2026, 10, 16)  # 45 natural days end Fri 16 Oct


def test_the_system_clock_can_close_when_the_table_allows_it(world, request_a):
    Request.workflow.apply(request_a, "submit", world.hr_a)
    entry = Request.workflow.apply(request_a, "close", None)
    assert entry.actor is None and entry.actor_role == "system"


def test_available_moves_are_the_ones_the_user_may_make(world, request_a):
    assert [t.action for t in Request.workflow.available(request_a, world.hr_a)] == ["submit"]
    assert Request.workflow.available(request_a, world.lixia) == []


def test_status_cannot_be_assigned_outside_the_workflow(world, request_a):
    request_a.status = Request.Status.CLOSED
    with pytest.raises(TransitionError):
        request_a.save()
    with pytest.raises(TransitionError):
        Request.objects.create(enterprise=world.enterprise_a, status=Request.Status.CLOSED)


def test_a_refreshed_object_remembers_the_status_it_reloaded(world, request_a):
    stale = Request.objects.get(pk=request_a.pk)
    Request.workflow.apply(request_a, "submit", world.hr_a, at=at(2026, 3, 2))
    stale.refresh_from_db()
    stale.save()  # the status it now holds came through the workflow: saving other fields is fine
    stale.status = Request.Status.DRAFT
    with pytest.raises(TransitionError):
        stale.save()
