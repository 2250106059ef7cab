"""The one way a workflow status changes: check the move and the actor's role, stamp deadlines,
write a timeline entry — in one transaction.

A model declares its `Status` choices and a `workflow = Workflow(Transition(...), ...)` table and
inherits `WorkflowModel`; `save()` then refuses any status change that did not come through
`Workflow.apply`, so no status is ever assigned outside the helper.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import add_period
from .models import TimelineEntry
from .scoping import roles_on

SYSTEM = "system"  # the role of scheduled, automatic moves (a clock that ran out)


class TransitionError(Exception):
    """A move that the table does not allow from the current status."""


@dataclass(frozen=True)
class DeadlineRule:
    """Stamp `field` with the end of a statutory period counted from the move."""

    field: str
    days: int
    kind: Literal["natural", "working"]
    article: str = ""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: str = ""
    deadline: DeadlineRule | None = None
    clears: tuple[str, ...] = ()  # deadline fields no longer running after this move

    def __init__(self, action, sources, target, roles, label="", deadline=None, clears=()):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", (sources,) if isinstance(sources, str) else tuple(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "roles", frozenset({roles} if isinstance(roles, str) else roles))
        object.__setattr__(self, "label", label or action)
        object.__setattr__(self, "deadline", deadline)
        object.__setattr__(self, "clears", tuple(clears))


@dataclass
class Workflow:
    transitions: tuple[Transition, ...]
    status_field: str = "status"
    by_action: dict[str, list[Transition]] = field(init=False)

    def __init__(self, *transitions: Transition, status_field: str = "status"):
        self.transitions = transitions
        self.status_field = status_field
        self.by_action = {}
        for t in transitions:
            self.by_action.setdefault(t.action, []).append(t)

    def find(self, obj, action: str) -> Transition:
        current = getattr(obj, self.status_field)
        for t in self.by_action.get(action, []):
            if current in t.sources:
                return t
        raise TransitionError(_("当前状态“%(status)s”不能执行“%(action)s”") % {"status": current, "action": action})

    def available(self, obj, user) -> list[Transition]:
        """The moves `user` may make on `obj` now (for buttons on a detail page)."""
        current = getattr(obj, self.status_field)
        roles = roles_on(user, obj) if user is not None else {SYSTEM}
        return [t for t in self.transitions if current in t.sources and t.roles & roles]

    def apply(
        self, obj, action: str, user, *, note: str = "", at: datetime | None = None, roles: Iterable[str] | None = None
    ) -> TimelineEntry:
        """Make the move `action` on `obj` as `user` (None for the system clock).

        `roles` may be passed when the caller has already computed the actor's roles on `obj`.
        """
        t = self.find(obj, action)
        held = set(roles) if roles is not None else (roles_on(user, obj) if user is not None else {SYSTEM})
        acting = sorted(t.roles & held)
        if not acting:
            raise PermissionDenied(_("您没有权限执行“%(action)s”") % {"action": t.label})
        at = at or timezone.now()
        previous = getattr(obj, self.status_field)
        deadline = None
        with transaction.atomic():
            setattr(obj, self.status_field, t.target)
            for name in t.clears:
                setattr(obj, name, None)
            if t.deadline:
                deadline = add_period(timezone.localtime(at).date(), t.deadline.days, t.deadline.kind)
                setattr(obj, t.deadline.field, deadline.date)
                if hasattr(obj, f"{t.deadline.field}_provisional"):
                    setattr(obj, f"{t.deadline.field}_provisional", deadline.provisional)
            obj._workflow_moving = True
            try:
                obj.save()
            finally:
                obj._workflow_moving = False
            obj._loaded_status = t.target
            return TimelineEntry.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                action=action,
                from_status=previous,
                to_status=t.target,
                actor=user,
                actor_role=acting[0],
                note=note,
                deadline=deadline.date if deadline else None,
                deadline_provisional=deadline.provisional if deadline else False,
                at=at,
            )


class WorkflowModel(models.Model):
    """Mixin for models with a `workflow`: guards the status field and gives the timeline."""

    workflow: ClassVar[Workflow]
    initial_status: ClassVar[str]

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = getattr(instance, cls.workflow.status_field, None)
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_status = getattr(self, self.workflow.status_field, None)

    def save(self, *args, **kwargs):
        name = self.workflow.status_field
        current = getattr(self, name)
        expected = getattr(self, "_loaded_status", None) if self.pk and not self._state.adding else self.initial_status
        if current != expected and not getattr(self, "_workflow_moving", False):
            raise TransitionError(f"{type(self).__name__}.{name} may change only through its workflow")
        super().save(*args, **kwargs)
        self._loaded_status = current

    @property
    def timeline_with_labels(self) -> list:
        """(entry, the move's label) pairs, for core/partials/timeline.html."""
        labels = {t.action: t.label for t in self.workflow.transitions}
        return [(entry, labels.get(entry.action, entry.action)) for entry in self.timeline]

    @property
    def timeline(self):
        return TimelineEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self), object_id=str(self.pk)
        ).select_related("actor")
