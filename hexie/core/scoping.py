"""Who may see what: one `scoped(queryset, user)` for every list, detail, export and API query.

Each model declares a `ScopeSpec` naming the paths from its rows to a region code, an
organization, a person or an owning user. A user's `Scope` is the union of their memberships:
the tripartite offices' staff see their region and below (a prefix of the region code), enterprise
users their enterprise, mediators, arbitrators, coordinators and evaluators the organizations of
the region they serve and their own organization's records, a worker themselves.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class ScopeSpec:
    region: str | None = None  # path to a region code, e.g. "enterprise__region__code"
    organization: str | tuple[str, ...] | None = None  # path(s) to an organization id
    person: str | tuple[str, ...] | None = None  # path(s) to a person id
    owner: str | None = None  # path to the user who owns the row (jobs, tokens, uploads)
    service: bool = False  # visible to the service roles of the region (mediators, coordinators…)
    public: bool = False  # reference data anyone may read (regions, the holiday calendar)


@dataclass(frozen=True)
class Scope:
    user_id: int | None = None
    everything: bool = False
    regions: tuple[str, ...] = ()  # region-code prefixes of staff in the tripartite offices
    service_regions: tuple[str, ...] = ()  # prefixes of the service roles
    organizations: frozenset[int] = frozenset()
    persons: frozenset[int] = frozenset()
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_staff_scope(self) -> bool:
        return self.everything or bool(self.regions)


NOBODY = Scope()
SERVICE_ROLES = {"mediator", "arbitrator", "coordinator", "grid", "evaluator", "court_liaison"}


def _membership_scope(membership, user_id: int) -> Scope:
    from .models import Organization

    org = membership.organization
    prefix = org.region.prefix
    role = membership.role
    if org.kind in (*Organization.TRIPARTITE, Organization.Kind.TOWNSHIP_OFFICE) and role in {"staff", "admin"}:
        return Scope(user_id=user_id, regions=(prefix,), organizations=frozenset({org.id}), roles=frozenset({role}))
    if role in SERVICE_ROLES or org.kind not in (Organization.Kind.ENTERPRISE, Organization.Kind.INDUSTRIAL_PARK):
        return Scope(
            user_id=user_id, service_regions=(prefix,), organizations=frozenset({org.id}), roles=frozenset({role})
        )
    return Scope(user_id=user_id, organizations=frozenset({org.id}), roles=frozenset({role}))


def _union(scopes: list[Scope], user_id: int | None) -> Scope:
    return Scope(
        user_id=user_id,
        everything=any(s.everything for s in scopes),
        regions=tuple(sorted({p for s in scopes for p in s.regions})),
        service_regions=tuple(sorted({p for s in scopes for p in s.service_regions})),
        organizations=frozenset().union(*(s.organizations for s in scopes)),
        persons=frozenset().union(*(s.persons for s in scopes)),
        roles=frozenset().union(*(s.roles for s in scopes)),
    )


def membership_scopes(user) -> list[Scope]:
    """One scope per membership (and one for the user's own person record), for role checks."""
    if not getattr(user, "is_authenticated", False):
        return []
    scopes = [_membership_scope(m, user.pk) for m in user.memberships.select_related("organization__region").all()]
    person_id = getattr(getattr(user, "person", None), "pk", None) if hasattr(user, "person") else None
    if person_id:
        scopes.append(Scope(user_id=user.pk, persons=frozenset({person_id}), roles=frozenset({"worker"})))
    if user.is_superuser:
        scopes.append(Scope(user_id=user.pk, everything=True, roles=frozenset({"admin"})))
    return scopes


def user_scope(user) -> Scope:
    """The union of a user's memberships, computed once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, "_hexie_scope", None)
    if cached is None:
        cached = _union(membership_scopes(user), user.pk)
        user._hexie_scope = cached
    return cached


def _is_multi_valued(model: type[Model], path: str) -> bool:
    """Does `path` cross a reverse or many-to-many relation anywhere along it (and so repeat rows)?"""
    current = model
    for name in path.split("__"):
        try:
            related = current._meta.get_field(name)
        except Exception:  # noqa: BLE001 - the last part may be an attname ("person_id") or a lookup
            if current is model:
                raise ImproperlyConfigured(f"{model.__name__}.scope names an unknown path {path!r}") from None
            return False
        if related.one_to_many or related.many_to_many:
            return True
        if not related.is_relation:
            return False
        current = related.related_model
    return False


def _path_q(model: type[Model], path: str, lookup: str, value) -> Q:
    q = Q(**{f"{path}__{lookup}": value})
    if _is_multi_valued(model, path):
        # A reverse relation would repeat rows; a sub-select keeps each row once.
        return Q(pk__in=model._default_manager.filter(q).values("pk"))
    return q


def _paths(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def scope_q(model: type[Model], scope: Scope) -> Q | None:
    """The filter that keeps the rows of `model` inside `scope`; None when nothing is visible."""
    spec: ScopeSpec | None = getattr(model, "scope", None)
    if not isinstance(spec, ScopeSpec):
        raise ImproperlyConfigured(f"{model.__name__} has no ScopeSpec `scope`: declare who may see it")
    if spec.public or scope.everything:
        return Q()
    parts: list[Q] = []
    if spec.region:
        prefixes = scope.regions + (scope.service_regions if spec.service else ())
        parts += [_path_q(model, spec.region, "startswith", prefix) for prefix in prefixes]
    if spec.organization and scope.organizations:
        parts += [_path_q(model, path, "in", sorted(scope.organizations)) for path in _paths(spec.organization)]
    if spec.person and scope.persons:
        parts += [_path_q(model, path, "in", sorted(scope.persons)) for path in _paths(spec.person)]
    if spec.owner and scope.user_id:
        parts.append(Q(**{spec.owner: scope.user_id}))
    return reduce(or_, parts) if parts else None


def scoped(queryset: QuerySet, user) -> QuerySet:
    """`queryset` narrowed to what `user` may see. Apply it to every list, detail, export and API query."""
    q = scope_q(queryset.model, user_scope(user))
    return queryset.none() if q is None else queryset.filter(q)


def roles_on(user, obj: Model) -> set[str]:
    """The roles `user` holds over `obj`: those of the memberships whose scope contains it."""
    model = type(obj)
    roles: set[str] = set()
    for scope in membership_scopes(user):
        q = scope_q(model, scope)
        if q is not None and model._default_manager.filter(q, pk=obj.pk).exists():
            roles |= scope.roles
    return roles
