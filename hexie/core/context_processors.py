from django.urls import NoReverseMatch, reverse

from .registries import NAVIGATION
from .scoping import user_scope


def shell(request):
    """The navigation of every installed module, as far as the user's scope reaches; visitors who
    are not logged in see the public pages (entries marked `public`); `staff_only` entries show to
    the region's staff, `workers_only` ones to users who are workers themselves, and entries with
    `roles` (a handler's work: a mediator's queue, an arbitrator's calendar) to the region's staff
    and to users holding one of those roles — never to a worker or an enterprise user without one."""
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    scope = user_scope(user) if logged_in else None
    items = []
    for entry in sorted(NAVIGATION, key=lambda e: e.meta.get("order", 50)):
        if not logged_in and not entry.meta.get("public"):
            continue
        if entry.meta.get("staff_only") and not scope.is_staff_scope:
            continue
        if entry.meta.get("workers_only") and not scope.persons:
            continue  # a worker's own pages (their contracts…) for users with a person record
        if entry.meta.get("roles") and not (scope.is_staff_scope or scope.roles & set(entry.meta["roles"])):
            continue
        try:
            url = reverse(entry.meta["url"])
        except NoReverseMatch:
            continue
        items.append({"key": entry.key, "label": entry.label, "url": url, "icon": entry.meta.get("icon", "")})
    return {"nav_items": items, "user_scope": scope} if logged_in else {"nav_items": items}
