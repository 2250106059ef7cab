"""The authorization matrix: every URL pattern and API route, proved to refuse what lies outside
a user's scope — a county officer another county's records, an enterprise user another
enterprise's, a worker another worker's.

Every named route must be listed in ROUTES below (or be public): a new route that is not listed
fails `test_every_route_is_in_the_matrix`, so each module that adds pages or endpoints adds its
rows here and inherits the proof.
"""

from io import BytesIO

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hexie.core.models import ApiToken, Attachment, Job, Organization
from tests.contracts import matrix as contracts_matrix
from tests.disputes import matrix as disputes_matrix
from tests.matrix import Route
from tests.wages import matrix as wages_matrix

# Viewer -> what they must never see: names that appear only on the foreign records.
FOREIGN_MARKERS = {
    "lixia": ["济南趵突食品有限公司", "李强", "青岛海滨物流有限公司"],
    "hr_a": ["济南趵突食品有限公司", "李强", "青岛海滨物流有限公司"],
    "alice": ["济南趵突食品有限公司", "李强", "张敏"],
}
VIEWERS = list(FOREIGN_MARKERS)


def own_and_foreign(world, kind: str, viewer: str):
    """(an object `viewer` may see or None, an object `viewer` must not see) of `kind`."""
    w = world
    if kind == "organization":
        return {"lixia": w.enterprise_a, "hr_a": w.enterprise_a, "alice": None}[viewer], w.enterprise_b
    if kind == "person":
        return {"lixia": w.alice_person, "hr_a": w.carol_person, "alice": w.alice_person}[viewer], w.bob_person
    if kind == "employment":
        own = {"lixia": w.alice_job, "hr_a": w.carol_job, "alice": w.alice_job}[viewer]
        return own, (w.carol_job if viewer == "alice" else w.bob_job)
    if kind == "region":
        return None, None  # public reference data
    if kind == "job":
        own = Job.objects.create(kind="core.recount_headcount", created_by=w.users[viewer])
        return own, Job.objects.create(kind="core.recount_headcount", created_by=w.hr_b)
    if kind == "token":
        own, _ = ApiToken.issue(w.users[viewer], "mine")
        other, _ = ApiToken.issue(w.hr_b, "theirs")
        return own, other
    if kind == "attachment":
        from django.core.files.base import ContentFile

        def attach(org, person, user):
            a = Attachment(
                name="证明.pdf",
                content_type="application/pdf",
                size=8,
                sha256="0" * 64,
                organization=org,
                person=person,
                region=org.region if org else None,
                uploaded_by=user,
            )
            a.file.save("证明.pdf", ContentFile(b"%PDF-1.4"), save=True)
            return a

        own = {
            "lixia": attach(w.enterprise_a, None, w.hr_a),
            "hr_a": attach(w.enterprise_a, None, w.hr_a),
            "alice": attach(None, w.alice_person, w.alice),
        }[viewer]
        return own, attach(w.enterprise_b, w.bob_person, w.hr_b)
    if kind == "survey":
        from datetime import date

        from hexie.surveys.models import Survey

        def survey(org):
            return Survey.objects.create(
                enterprise=org,
                title=f"{org.name}满意度测评",
                opens_on=date(2026, 3, 1),
                closes_on=date(2026, 3, 31),
                planned_tokens=20,
            )

        return {"lixia": survey(w.enterprise_a), "hr_a": survey(w.enterprise_a), "alice": None}[viewer], survey(
            w.enterprise_b
        )
    if kind in CAMPAIGN_KINDS:
        return campaign_own_and_foreign(world, kind, viewer)
    if kind in SYSTEM_KINDS:
        return system_own_and_foreign(world, kind, viewer)
    if kind in NAMING_KINDS:
        return naming_own_and_foreign(world, kind, viewer)
    if kind in contracts_matrix.KINDS:
        return contracts_matrix.KINDS[kind](world, kind, viewer)
    if kind in disputes_matrix.KINDS:
        return disputes_matrix.KINDS[kind](world, kind, viewer)
    if kind in wages_matrix.KINDS:
        return wages_matrix.KINDS[kind](world, kind, viewer)
    raise AssertionError(f"no objects for kind {kind!r}: add them to own_and_foreign")


SYSTEM_KINDS = {"system", "system-draft", "indicator-draft"}


def system_own_and_foreign(world, kind: str, viewer: str):
    """Published systems are read by everyone logged in; a province's draft only by its staff."""
    from hexie.campaign.models import IndicatorSystem
    from hexie.campaign.services.systems import clone_system

    published = IndicatorSystem.objects.get(code="HOP-2023-E", version=1)
    draft = clone_system(published, world.province)
    if kind == "system":
        return published, draft
    if kind == "system-draft":
        return None, draft
    return None, draft.indicators.get(code="E1.1")


NAMING_KINDS = {"naming", "naming-manage", "recheck", "recheck-manage"}


def naming_own_and_foreign(world, kind: str, viewer: str):
    """County namings of Quancheng Machinery (Lixia) and Baotu Foods (Shizhong), or a recheck of
    each. Lixia's staff manage their own; Quancheng's HR only reads theirs."""
    from hexie.campaign.models import Recheck
    from hexie.campaign.services.namings import open_recheck
    from tests.campaign.naming_factory import make_naming

    mine, theirs = make_naming(world, world.enterprise_a), make_naming(world, world.enterprise_b)
    if kind.startswith("recheck"):
        mine, theirs = (open_recheck(n, Recheck.Reason.SPOT_CHECK) for n in (mine, theirs))
    readers = ("lixia",) if kind.endswith("-manage") else ("lixia", "hr_a")
    return (mine if viewer in readers else None), theirs


CAMPAIGN_KINDS = {"campaign-region", "round", "application", "evaluation", "objection"}


def _campaign_round(region_code: str):
    """A published one-indicator system and an open round in `region_code` (campaign routes)."""
    from datetime import timedelta

    from django.utils import timezone

    from hexie.campaign.models import Indicator, IndicatorSystem, Round
    from hexie.core.models import Region

    system = IndicatorSystem.objects.create(code=f"M-{region_code}", name="矩阵体系", subject_kind="enterprise")
    Indicator.objects.create(system=system, code="1", name="依法用工", method="boolean", max_score=100)
    system.status = IndicatorSystem.Status.PUBLISHED
    system.save()
    today = timezone.localdate()
    return Round.objects.create(
        name=f"{region_code}批次",
        year=today.year,
        subject_kind="enterprise",
        system=system,
        region=Region.objects.get(code=region_code),
        opens=today - timedelta(days=1),
        closes=today + timedelta(days=9),
    )


def _campaign_application(round_, org, status="draft"):
    from hexie.campaign.models import Application, Assessment, Objection

    assessment = Assessment.objects.create(organization=org, system=round_.system)
    application = Application.objects.create(round=round_, organization=org, level="county", self_assessment=assessment)
    Application.objects.filter(pk=application.pk).update(status="notice")  # fixture only: an objection needs 公示
    application.refresh_from_db()
    Objection.objects.create(application=application, text=f"对{org.name}的公示异议内容")
    return application


def campaign_own_and_foreign(world, kind: str, viewer: str):
    from hexie.core.models import Region

    w = world
    if kind == "campaign-region":
        own = Region.objects.get(code="370102") if viewer == "lixia" else None
        return own, Region.objects.get(code="370103")
    if kind == "round":
        own = _campaign_round("370102") if viewer == "lixia" else None
        return own, _campaign_round("370103")
    round_ = _campaign_round("370000")
    mine, theirs = _campaign_application(round_, w.enterprise_a), _campaign_application(round_, w.enterprise_b)
    if kind == "application":
        return (mine if viewer in ("lixia", "hr_a") else None), theirs
    if kind == "evaluation":  # only the assigned evaluator's staff may open it
        return None, theirs
    return (mine.objections.get() if viewer == "lixia" else None), theirs.objections.get()


ROUTES: dict[str, Route] = {
    # shell
    "home": Route("list"),
    "login": Route("public"),
    "logout": Route("public", methods=("POST",)),
    "set_language": Route("public", methods=("POST",)),
    # core registry pages
    "organization-list": Route("list"),
    "organization-export": Route("list"),
    "organization-detail": Route("organization"),
    "person-list": Route("list"),
    "person-export": Route("list"),
    "person-detail": Route("person"),
    "employment-list": Route("list"),
    "employment-export": Route("list"),
    "employment-detail": Route("employment"),
    "job-list": Route("list"),
    "job-detail": Route("job"),
    "job-progress": Route("job"),
    "calendar": Route("list"),
    "calendar-day-delete": Route("calendar-admin", methods=("POST",)),
    "minimum-wage-list": Route("list"),
    "minimum-wage-delete": Route("minimum-wage-admin", methods=("POST",)),
    "audit-log": Route("list", staff_only=True),
    "token-list": Route("list"),
    "token-revoke": Route("token", methods=("POST",)),
    "attachment-download": Route("attachment"),
    "import-start": Route("list"),
    "import-template": Route("public"),
    # API
    "api:api-root": Route("public"),
    "api:openapi-json": Route("public"),
    "api:openapi-view": Route("public"),
    "api:list_regions": Route("list"),
    "api:get_region": Route("region"),
    "api:list_organizations": Route("list", methods=("GET", "POST")),
    "api:get_organization": Route("organization", methods=("GET", "PATCH")),
    "api:list_people": Route("list"),
    "api:get_person": Route("person"),
    "api:list_employments": Route("list"),
    "api:get_employment": Route("employment"),
    "api:list_jobs": Route("list"),
    "api:get_job": Route("job"),
    "api:list_minimum_wages": Route("list"),
    # campaign: indicator systems (views/systems.py)
    "campaign:system-list": Route("list"),
    "campaign:system-detail": Route("system"),
    "campaign:system-clone": Route("system-draft", methods=("POST",)),
    "campaign:system-edit": Route("system-draft", methods=("GET", "POST")),
    "campaign:system-publish": Route("system-draft", methods=("POST",)),
    "campaign:indicator-add": Route("system-draft", methods=("GET", "POST")),
    "campaign:indicator-edit": Route("indicator-draft", methods=("GET", "POST")),
    "campaign:indicator-delete": Route("indicator-draft", methods=("POST",)),
    # campaign: rounds, applications, reviews, 公示 (views/applications.py)
    "campaign:round-list": Route("list"),
    "campaign:round-detail": Route("public"),  # a round is a public announcement; its ranking is scoped
    "campaign:round-create": Route("campaign-region"),
    "campaign:round-edit": Route("round", methods=("GET", "POST")),
    "campaign:application-list": Route("list"),
    "campaign:application-export": Route("list"),
    "campaign:application-create": Route("list"),
    "campaign:application-detail": Route("application"),
    "campaign:application-action": Route("application", methods=("POST",)),
    "campaign:assessment-edit": Route("application", methods=("GET", "POST")),
    "campaign:evaluation-edit": Route("evaluation", methods=("GET", "POST")),
    "campaign:signoff": Route("application", methods=("POST",)),
    "campaign:objection-handle": Route("objection", methods=("POST",)),
    "campaign:public-notice": Route("public"),
    "campaign:public-objection": Route("public", methods=("POST",)),
    "api:list_applications": Route("list"),
    "api:get_application": Route("application"),
    # campaign: namings, certificates, rechecks, the public list (views/namings.py)
    "campaign:public-list": Route("public"),
    "campaign:public-list-export": Route("public"),
    "campaign:certificate-verify": Route("public"),  # what a certificate's QR code opens
    "campaign:certificate-pdf": Route("public"),
    "campaign:naming-list": Route("list"),
    "campaign:naming-export": Route("list"),
    "campaign:naming-detail": Route("naming"),
    "campaign:naming-revoke": Route("naming-manage", methods=("GET", "POST")),
    "campaign:recheck-list": Route("list"),
    "campaign:recheck-export": Route("list"),
    "campaign:recheck-detail": Route("recheck"),
    "campaign:recheck-close": Route("recheck-manage", methods=("GET", "POST")),
    "campaign:spot-check": Route("campaign-region", methods=("GET", "POST")),
    # surveys
    "survey-list": Route("list"),
    "survey-export": Route("list"),
    "survey-create": Route("list"),
    "survey-detail": Route("survey"),
    "survey-transition": Route("survey", methods=("POST",)),
    "survey-tokens": Route("survey", methods=("POST",)),
    "survey-tokens-xlsx": Route("survey", methods=("POST",)),
    "survey-answer": Route("public", methods=("GET", "POST")),
    "api:list_surveys": Route("list"),
    "api:get_survey": Route("survey"),
    # contracts (rows in tests/contracts/matrix_*.py)
    **contracts_matrix.ROUTES,
    # disputes (rows in tests/disputes/matrix_*.py)
    **disputes_matrix.ROUTES,
    # wages (rows in tests/wages/matrix_*.py)
    **wages_matrix.ROUTES,
}


def named_patterns(resolver=None, namespace=""):
    """(full name, pattern) for every named route, admin and static files aside."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or str(entry.pattern).startswith("admin/"):
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def test_every_route_is_in_the_matrix():
    missing = sorted({name for name, _ in named_patterns()} - set(ROUTES))
    assert not missing, f"routes with no row in the authorization matrix: {missing}"


def url_for(name: str, obj) -> str:
    pattern = dict(named_patterns())[name]
    kwargs = {key: obj.pk for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(BytesIO(content), read_only=True)
        return "\n".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c)
    return content.decode("utf-8", errors="replace")


def call(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if method == "PATCH":
        return client.patch(url, data={"name": "改名"}, content_type="application/json")
    return client.post(url, data={})


def existing(names):
    present = {name for name, _ in named_patterns()}
    return [n for n in names if n in present]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(
    "name",
    existing(
        [
            n
            for n, r in ROUTES.items()
            if r.kind not in ("public", "list", "region", "calendar-admin", "minimum-wage-admin")
        ]
    ),
)
def test_objects_outside_the_scope_are_refused(world, client, viewer, name):
    route = ROUTES[name]
    client.force_login(world.users[viewer], backend="django.contrib.auth.backends.ModelBackend")
    own, foreign = own_and_foreign(world, route.kind, viewer)
    for method in route.methods:
        response = call(client, method, url_for(name, foreign))
        assert response.status_code in (403, 404), (
            f"{viewer} {method} {name} on another's {route.kind}: {response.status_code}"
        )
    if own is not None and "GET" in route.methods:
        response = client.get(url_for(name, own))
        assert response.status_code == 200, f"{viewer} GET {name} on their own {route.kind}: {response.status_code}"
    if isinstance(foreign, Organization):
        foreign.refresh_from_db()
        assert foreign.name != "改名"


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("name", existing([n for n, r in ROUTES.items() if r.kind == "list"]))
def test_lists_never_show_what_lies_outside_the_scope(world, client, viewer, name):
    route = ROUTES[name]
    client.force_login(world.users[viewer], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse(name))
    if route.staff_only:
        assert response.status_code == 403
        return
    assert response.status_code == 200, f"{viewer} GET {name}: {response.status_code}"
    text = body_text(response)
    for marker in FOREIGN_MARKERS[viewer]:
        assert marker not in text, f"{viewer} sees {marker!r} on {name}"


@pytest.mark.parametrize("name", existing([n for n, r in ROUTES.items() if r.kind not in ("public",)]))
def test_anonymous_visitors_get_nothing_private(world, client, name):
    route = ROUTES[name]
    if route.kind == "region":
        return
    pattern = dict(named_patterns())[name]
    kwargs = {key: 1 for key in pattern.pattern.regex.groupindex}
    for method in route.methods:
        response = call(client, method, reverse(name, kwargs=kwargs))
        assert response.status_code in (302, 401, 403, 404), f"anonymous {method} {name}: {response.status_code}"
        for marker in FOREIGN_MARKERS["lixia"]:
            assert marker not in body_text(response)


@pytest.mark.parametrize("viewer", ["lixia", "hr_a", "alice"])
def test_only_province_staff_edit_the_holiday_calendar(world, client, viewer):
    from hexie.core.models import CalendarDay

    if "calendar-day-delete" not in dict(named_patterns()):
        pytest.skip("calendar editing not routed")
    day = CalendarDay.objects.first()
    client.force_login(world.users[viewer], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("calendar-day-delete", kwargs={"pk": day.pk}))
    assert response.status_code in (403, 404)
    assert CalendarDay.objects.filter(pk=day.pk).exists()


@pytest.mark.parametrize("viewer", ["lixia", "city", "hr_a", "alice"])
def test_only_province_staff_edit_the_minimum_wage_table(world, client, viewer):
    from hexie.core.models import MinimumWage

    row = MinimumWage.objects.first()
    client.force_login(world.users[viewer], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("minimum-wage-delete", kwargs={"pk": row.pk}))
    assert response.status_code in (403, 404)
    assert MinimumWage.objects.filter(pk=row.pk).exists()
