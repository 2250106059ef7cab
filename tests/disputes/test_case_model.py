"""The case model's skeleton: who sees a case, who may move it, and the clocks a move stamps."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from hexie.core.scoping import scoped
from hexie.disputes.models import Channel, DisputeCase
from hexie.disputes.services.routing import apply_for_arbitration, commission_for, start_mediation
from tests.disputes.factory import make_case

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_case_is_seen_by_its_county_its_enterprise_and_its_worker_only(world):
    case = make_case(world.enterprise_a, world.alice_person)
    for user in ("lixia", "city", "province", "hr_a", "alice", "mediator", "arbitrator", "court_liaison"):
        assert scoped(DisputeCase.objects.all(), world.users[user]).filter(pk=case.pk).exists(), user
    for user in ("shizhong", "hr_b", "bob", "mediator_shizhong"):
        assert not scoped(DisputeCase.objects.all(), world.users[user]).filter(pk=case.pk).exists(), user


def test_mediation_and_arbitration_stamp_their_statutory_clocks(world):
    case = make_case(world.enterprise_a, world.alice_person)
    start_mediation(case, world.alice, organization=world.lixia_mediation, channel=Channel.REGIONAL)
    case.refresh_from_db()
    assert case.status == "mediating" and case.mediation_deadline is not None
    assert case.mediation_number.startswith("（") and "鲁0102劳人调字第" in case.mediation_number
    DisputeCase.workflow.apply(case, "fail_mediation", world.mediator)
    apply_for_arbitration(case, world.alice)
    assert case.commission == world.lixia_arbitration == commission_for(world.enterprise_a.region)
    # accepted on 2026-09-28: 45 natural days end on Thursday 2026-11-12 (LDMAL-43)
    DisputeCase.workflow.apply(case, "accept", world.arbitrator, at=datetime(2026, 9, 28, 10, tzinfo=SHANGHAI))
    case.refresh_from_db()
    assert case.status == "accepted" and str(case.award_deadline) == "2026-11-12"
    assert case.acceptance_deadline is None


def test_a_mediator_of_another_county_cannot_move_a_case(world):
    case = make_case(world.enterprise_a, world.alice_person, status="mediating")
    with pytest.raises(PermissionDenied):
        DisputeCase.workflow.apply(case, "agree", world.mediator_shizhong)
    case.refresh_from_db()
    assert case.status == "mediating"
