"""Named units for tests: `make_naming(world, world.enterprise_a)` walks a bare application through
the workflow table (no reviews: those are tested apart) and names it with the naming service."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from hexie.campaign.models import Application, Assessment, IndicatorSystem, Round, SubjectKind
from hexie.campaign.services.namings import create_naming
from hexie.core.models import Region


def _system() -> IndicatorSystem:
    system, _created = IndicatorSystem.objects.get_or_create(
        code="TEST-NAMING",
        version=1,
        defaults={"name": "命名测试体系", "subject_kind": SubjectKind.ENTERPRISE, "pass_score": Decimal("60")},
    )
    return system


MOVES = (("submit", "hr"), ("accept", "staff"), ("to_notice", "staff"), ("name", "staff"))


def make_application(organization, level: str = "county", *, actor, until: str = "name") -> Application:
    """An application of `organization` for `level`, in its own round, moved on up to the move
    `until` (by default "name": 已命名, ready for the naming service)."""
    today = timezone.localdate()
    system = _system()
    round_ = Round.objects.create(
        name=f"测试批次{Round.objects.count() + 1}",
        year=today.year,
        subject_kind=system.subject_kind,
        system=system,
        region=Region.objects.get(code="370000"),
        opens=today - timedelta(days=30),
        closes=today + timedelta(days=30),
    )
    assessment = Assessment.objects.create(organization=organization, system=system, total=Decimal("90"), passed=True)
    application = Application.objects.create(
        round=round_, organization=organization, level=level, self_assessment=assessment
    )
    for action, role in MOVES:
        Application.workflow.apply(application, action, actor, roles={role})
        if action == until:
            break
    return application


def make_naming(world, organization, level: str = "county", *, user=None):
    """A naming of `organization` at `level`, named by `user` (the superuser unless given)."""
    user = user or world.admin
    return create_naming(make_application(organization, level, actor=user), user)
