"""The only code that changes disputes: one module per part (filing, mediation, arbitration,
documents, court linkage, statistics). Each action checks the actor's role, runs in one
transaction and leaves a timeline entry through the case's workflow."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hexie.core.models import TimelineEntry


def display_name(user) -> str:
    """A user as documents and timeline notes name them: the full name, else the login name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def record(case, action: str, user, role: str = "", note: str = "", *, at: datetime | None = None) -> TimelineEntry:
    """A timeline entry for an act that changes no status (its label in the part's TIMELINE_LABELS),
    written as the workflow writes one."""
    return TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(case),
        object_id=str(case.pk),
        action=action,
        from_status=case.status,
        to_status=case.status,
        actor=user,
        actor_role=role,
        note=note,
        at=at or timezone.now(),
    )
