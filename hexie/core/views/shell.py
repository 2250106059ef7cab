"""The shell every module lives in: login, logout and the home page (figures within the user's scope)."""

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Employment, Job, Organization, Person, Region
from ..scoping import scoped, user_scope

# A staff user's region prefix length -> the length of the areas one level down.
NEXT_LEVEL = {2: 4, 4: 6, 6: 9}


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


def _active(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": today})


def scope_counts(user) -> dict:
    """Organizations by kind, enterprises, people, active employments and jobs the user may see."""
    by_kind = dict(scoped(Organization.objects.all(), user).order_by().values_list("kind").annotate(n=Count("id")))
    return {
        "organizations": sum(by_kind.values()),
        "organizations_by_kind": [
            (label, by_kind[value]) for value, label in Organization.Kind.choices if value in by_kind
        ],
        "enterprises": by_kind.get(Organization.Kind.ENTERPRISE, 0),
        "people": scoped(Person.objects.all(), user).count(),
        "active_employments": scoped(Employment.objects.filter(_active()), user).count(),
        "jobs": scoped(Job.objects.all(), user).count(),
    }


def area_length(user) -> int | None:
    """How finely a staff user's chart splits their region: cities for the province, counties for
    a city, townships for a county; None for users without a region."""
    scope = user_scope(user)
    if scope.everything:
        return 4
    if not scope.regions:
        return None
    return NEXT_LEVEL.get(min(len(p) for p in scope.regions))


def enterprises_by_area(user) -> list[dict]:
    """Enterprises and their active workers per area one level below the user's region, in one
    aggregated query over the scoped enterprises."""
    length = area_length(user)
    if length is None:
        return []
    rows = (
        scoped(Organization.objects.filter(kind=Organization.Kind.ENTERPRISE), user)
        .annotate(area=Substr("region__code", 1, length))
        .order_by()
        .values("area")
        .annotate(
            enterprises=Count("id", distinct=True),
            workers=Count("employments", filter=_active("employments__"), distinct=True),
        )
        .order_by("area")
    )
    rows = list(rows)
    codes = {row["area"]: row["area"].ljust(6, "0") for row in rows}
    names = dict(Region.objects.filter(code__in=set(codes.values())).values_list("code", "name"))
    for row in rows:
        name = names.get(codes[row["area"]], row["area"])
        own_level = len(row["area"]) < length or (length < 9 and row["area"].endswith("00"))
        row["name"] = _("%(name)s（本级）") % {"name": name} if own_level else name
    return rows


@login_required
def home(request):
    user = request.user
    scope = user_scope(user)
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    context = {"person": person}
    if person is not None:
        context["employments"] = scoped(Employment.objects.filter(person=person), user).select_related(
            "enterprise__region"
        )
    if scope.everything or scope.regions or scope.service_regions or scope.organizations:
        context["counts"] = scope_counts(user)
        context["my_organizations"] = Organization.objects.filter(pk__in=scope.organizations).select_related("region")
        areas = enterprises_by_area(user)
        if areas:
            context["chart"] = {
                "title": _("各地区企业与在岗职工"),
                "categories": [row["name"] for row in areas],
                "series": [
                    {"name": _("企业数"), "data": [row["enterprises"] for row in areas]},
                    {"name": _("在岗职工"), "data": [row["workers"] for row in areas]},
                ],
            }
            context["areas"] = areas
    return render(request, "core/home.html", context)
