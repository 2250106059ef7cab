from django.urls import NoReverseMatch, reverse

from .registries import NAVIGATION
from .scoping import user_scope


def shell(request):
    """The navigation of every installed module, as far as the user's scope reaches."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    scope = user_scope(request.user)
    items = []
    for entry in sorted(NAVIGATION, key=lambda e: e.meta.get("order", 50)):
        if entry.meta.get("staff_only") and not scope.is_staff_scope:
            continue
        try:
            url = reverse(entry.meta["url"])
        except NoReverseMatch:
            continue
        items.append({"key": entry.key, "label": entry.label, "url": url, "icon": entry.meta.get("icon", "")})
    return {"nav_items": items, "user_scope": scope}
