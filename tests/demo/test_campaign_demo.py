"""The creation campaign in the demo province, on the hidden tiny tier "T": every stage of the
workflow present, named units on the public list, rechecks due, a revocation, surveys whose results
feed the satisfaction indicator, the demo logins each seeing their part, and the same rows for the
same seed."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hexie.campaign.models import Application, Level, Naming, Objection, Party, Recheck, Signoff, VetoEvent
from hexie.campaign.services.namings import level_region
from hexie.core.registries import INDICATORS
from hexie.core.scoping import scoped
from hexie.demo import generator
from hexie.surveys.models import Survey
from hexie.surveys.rules import MIN_RESPONSES

pytestmark = pytest.mark.django_db

User = get_user_model()


def fingerprint() -> dict:
    return {
        "applications": sorted(
            Application.objects.values_list(
                "round__name", "organization__name", "level", "status", "self_assessment__total", "decision_note"
            )
        ),
        "namings": sorted(Naming.objects.values_list("organization__name", "serial", "level", "year", "status")),
        "signoffs": sorted(
            Signoff.objects.values_list("application__organization__name", "level", "party", "decision")
        ),
        "surveys": sorted((s.enterprise.name, s.opens_on, s.responses.count()) for s in Survey.objects.all()),
        "rechecks": sorted(Recheck.objects.values_list("naming__serial", "reason", "outcome")),
    }


def test_the_campaign_shows_every_stage_named_units_rechecks_and_surveys(client):
    generator.generate("T", seed=5)

    # Every status of the workflow, with reasons where a reviewer stopped it.
    statuses = Counter(Application.objects.values_list("status", flat=True))
    assert set(statuses) == set(Application.Status.values)
    for app in Application.objects.filter(status__in=[Application.Status.RETURNED, Application.Status.REJECTED]):
        assert app.decision_note
    # Some parties have signed a review that is still open.
    in_review = Application.objects.filter(status=Application.Status.COUNTY_REVIEW)
    assert any(0 < a.signoffs.filter(cycle=a.cycle).count() < 4 for a in in_review)

    # Each sign-off by one of the four parties' offices of the level's own region.
    for signoff in Signoff.objects.select_related("application__organization__region", "reviewer_organization"):
        expected = level_region(signoff.application.organization, signoff.level)
        assert signoff.reviewer_organization.region_id == expected.code
        assert signoff.reviewer_organization.kind == signoff.party
        assert signoff.party in Party.values
    named = Application.objects.filter(status=Application.Status.NAMED).first()
    assert {s.party for s in named.signoffs.filter(level=Level.COUNTY)} == set(Party.values)

    # 公示: an objection still open and one dismissed.
    objections = set(Objection.objects.values_list("status", flat=True))
    assert {Objection.Status.OPEN, Objection.Status.DISMISSED} <= objections
    page = client.get(reverse("campaign:public-notice")).content.decode()
    for app in Application.objects.filter(status=Application.Status.NOTICE).select_related("organization"):
        assert app.organization.name in page

    # A veto event overrides the score of an applicant.
    assert VetoEvent.objects.filter(kind="wage_arrears").exists()
    vetoed = Application.objects.filter(self_assessment__vetoed=True)
    assert vetoed.exists() and not any(a.self_assessment.passed for a in vetoed)
    assert Application.objects.filter(status=Application.Status.NAMED, self_assessment__passed=True).count() == (
        Application.objects.filter(status=Application.Status.NAMED).count()
    )

    # Named units on the public list, at province, city and county level, of several years.
    active = Naming.objects.filter(status=Naming.Status.ACTIVE).select_related("organization")
    assert {n.level for n in active} == set(Level.values)
    assert {2022, 2023, 2025} <= {n.year for n in Naming.objects.all()}
    page = client.get(reverse("campaign:public-list"))
    assert page.status_code == 200
    assert active.order_by("-named_on").first().organization.name in page.content.decode()

    # One naming revoked, shown on the revoked list (撤销名单).
    revoked = Naming.objects.get(status=Naming.Status.REVOKED)
    assert revoked.revoke_reason and revoked.plaque_withdrawn
    page = client.get(reverse("campaign:public-list"), {"status": "revoked"})
    assert revoked.organization.name in page.content.decode() and "撤销名单" in page.content.decode()

    # Rechecks: scheduled by the daily job, a spot check, one opened by a veto event; the due list shows them.
    reasons = set(Recheck.objects.filter(outcome=Recheck.Outcome.OPEN).values_list("reason", flat=True))
    assert reasons == set(Recheck.Reason.values)
    assert Recheck.objects.filter(outcome=Recheck.Outcome.PASSED).exists()
    client.force_login(User.objects.get(username="province"))
    page = client.get(reverse("campaign:recheck-list"))
    due = Recheck.objects.filter(outcome=Recheck.Outcome.OPEN).select_related("naming").first()
    assert page.status_code == 200 and due.naming.serial in page.content.decode()

    # Surveys: closed ones with 10-40 answers whose rate is the indicator's value, one open with fewer.
    rate = INDICATORS["surveys.satisfaction_rate"].func
    closed = [s for s in Survey.objects.filter(status=Survey.Status.CLOSED) if s.responses.count() >= MIN_RESPONSES]
    assert closed
    for survey in closed:
        summary = survey.summary()
        assert summary.shown and 10 <= summary.responses <= 40
        assert rate(survey.enterprise, generator.AS_OF) == summary.overall_rate
    still_open = Survey.objects.get(status=Survey.Status.OPEN)
    assert not still_open.summary().shown and 0 < still_open.responses.count() < MIN_RESPONSES

    # Each demo login sees its part: the HR's application in progress, the evaluator's assignments.
    hr = User.objects.get(username="hr")
    mine = scoped(Application.objects.all(), hr)
    assert mine.filter(status__in=Application.REVIEWING).exists()
    evaluator = User.objects.get(username="evaluator")
    assigned = scoped(Application.objects.all(), evaluator)
    assert assigned.exists() and assigned.filter(evaluator_assessment__isnull=False).exists()
    county = User.objects.get(username="county")
    assert scoped(Application.objects.all(), county).exists()


def test_the_same_seed_gives_the_same_campaign():
    generator.generate("T", seed=7)
    first = fingerprint()
    generator.reset()
    assert not User.objects.filter(username__startswith="demo-").exists()
    generator.generate("T", seed=7)
    assert fingerprint() == first
