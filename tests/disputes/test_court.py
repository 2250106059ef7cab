"""Court linkage (裁审衔接): suits and set-aside applications in their LDMAL-48/49/50 windows, the
court's result, the consistency rate, the liaison's shared list and the case panel."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from hexie.core.models import Organization, TimelineEntry
from hexie.disputes.models import CourtOutcome, DisputeCase
from hexie.disputes.services import court
from tests.disputes.factory import make_case

D = date.fromisoformat
TODAY = D("2026-11-30")


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("hexie.disputes.services.court.timezone.localdate", return_value=TODAY):
        yield


def served(world, finality="final", served_on="2026-09-22", person=None, enterprise=None):
    return make_case(
        enterprise or world.enterprise_a,
        person or world.alice_person,
        status="served",
        finality=finality,
        served_on=D(served_on),
        awarded_on=D(served_on),
        outcome="awarded",
    )


def suit(world, case, kind="lawsuit", plaintiff="worker", filed_on="2026-10-08", user=None):
    return court.record_suit(
        case,
        user or world.court_liaison,
        court=world.lixia_court,
        kind=kind,
        plaintiff=plaintiff,
        filed_on=D(filed_on),
        court_case_number="（2026）鲁0102民初1234号",
    )


def test_the_worker_sues_on_a_final_award_on_the_last_day_of_the_window(world):
    # served Tue 22 Sep: 15 days end Wed 7 Oct (国庆) -> Thu 8 Oct (LDMAL-48)
    case = served(world)
    outcome = suit(world, case, filed_on="2026-10-08")
    case.refresh_from_db()
    assert case.status == "in_court" and outcome.result == "pending" and outcome.note == ""
    entry = TimelineEntry.objects.get(object_id=str(case.pk), action="sue")
    assert entry.actor == world.court_liaison and "济南市历下区人民法院" in entry.note


def test_a_late_suit_is_recorded_with_a_warning(world):
    case = served(world)
    outcome = suit(world, case, filed_on="2026-10-09")
    assert "LDMAL-48" in outcome.note and "2026-10-08" in outcome.note
    case.refresh_from_db()
    assert case.status == "in_court"


def test_the_employer_may_not_sue_on_a_final_award(world):
    case = served(world)
    with pytest.raises(ValidationError) as caught:
        suit(world, case, plaintiff="enterprise")
    assert "plaintiff" in caught.value.error_dict and "申请撤销" in str(caught.value)
    case.refresh_from_db()
    assert case.status == "served" and not CourtOutcome.objects.exists()
    assert not TimelineEntry.objects.filter(object_id=str(case.pk), action="sue").exists()


def test_the_employer_applies_to_set_aside_a_final_award_within_30_days(world):
    # served Tue 22 Sep + 30 = Thu 22 Oct (LDMAL-49)
    case = served(world)
    on_time = suit(world, case, kind="set_aside", plaintiff="enterprise", filed_on="2026-10-22")
    assert on_time.note == ""
    other = served(world, person=world.carol_person)
    late = suit(world, other, kind="set_aside", plaintiff="enterprise", filed_on="2026-10-23")
    assert "LDMAL-49" in late.note and "2026-10-22" in late.note


def test_set_aside_is_the_employers_and_only_on_final_awards(world):
    with pytest.raises(ValidationError):
        suit(world, served(world), kind="set_aside", plaintiff="worker")
    with pytest.raises(ValidationError):
        suit(
            world,
            served(world, finality="non_final", person=world.carol_person),
            kind="set_aside",
            plaintiff="enterprise",
        )
    assert not CourtOutcome.objects.exists()


def test_either_party_sues_on_a_non_final_award_within_15_days(world):
    case = served(world, finality="non_final", served_on="2026-11-06")  # Fri + 15 = Sat 21 -> Mon 23 Nov
    outcome = suit(world, case, plaintiff="enterprise", filed_on="2026-11-23")
    assert outcome.note == ""
    other = served(world, finality="non_final", served_on="2026-11-06", person=world.carol_person)
    assert "LDMAL-50" in suit(world, other, plaintiff="worker", filed_on="2026-11-24").note


def test_bad_suits_change_nothing(world):
    case = served(world)
    with pytest.raises(ValidationError):
        suit(world, case, filed_on="2026-09-21")  # before service
    with pytest.raises(ValidationError):
        suit(world, case, filed_on="2026-12-01")  # in the future
    with pytest.raises(ValidationError):
        court.record_suit(
            case, world.court_liaison, court=world.lixia_arbitration, kind="lawsuit", plaintiff="worker",
            filed_on=D("2026-10-01"),
        )  # fmt: skip
    awarded = make_case(world.enterprise_a, world.carol_person, status="awarded", finality="final")
    with pytest.raises(ValidationError):
        suit(world, awarded)
    assert not CourtOutcome.objects.exists()


def test_only_the_court_or_the_commission_records_a_suit(world):
    case = served(world)
    for user in (world.hr_a, world.alice, world.lixia, world.mediator):
        with pytest.raises(PermissionDenied):
            suit(world, case, user=user)
    assert not CourtOutcome.objects.exists()
    assert suit(world, case, user=world.arbitrator).case.status == "in_court"


def test_the_court_result_and_the_consistency_rate(world):
    cases = [served(world, person=p) for p in (world.alice_person, world.carol_person, world.alice_person)]
    upheld = suit(world, cases[0])
    reversed_ = suit(world, cases[1])
    refused = suit(world, cases[2], kind="set_aside", plaintiff="enterprise")
    court.record_court_result(upheld, world.court_liaison, result="upheld", decided_on=D("2026-11-20"))
    court.record_court_result(reversed_, world.court_liaison, result="reversed", decided_on=D("2026-11-21"))
    cases[0].refresh_from_db()
    assert cases[0].status == "court_decided"
    all_cases = DisputeCase.objects.all()
    assert court.consistency_counts(all_cases) == (1, 2)
    assert str(court.consistency_rate(all_cases)) == "50.00"
    court.record_court_result(refused, world.court_liaison, result="set_aside_refused", decided_on=D("2026-11-25"))
    assert str(court.consistency_rate(CourtOutcome.objects.all())) == "66.67"
    # a withdrawn suit is no decision
    withdrawn = suit(world, served(world, person=world.carol_person))
    court.record_court_result(withdrawn, world.court_liaison, result="withdrawn", decided_on=D("2026-11-26"))
    assert court.consistency_counts(all_cases) == (2, 3)
    assert court.consistency_rate(DisputeCase.objects.none()) is None


def test_bad_results_change_nothing(world):
    outcome = suit(world, served(world))
    with pytest.raises(ValidationError):  # a lawsuit is not "set aside"
        court.record_court_result(outcome, world.court_liaison, result="set_aside", decided_on=D("2026-11-20"))
    with pytest.raises(ValidationError):
        court.record_court_result(outcome, world.court_liaison, result="upheld", decided_on=D("2026-10-01"))
    with pytest.raises(PermissionDenied):  # the commission records suits, the court its own results
        court.record_court_result(outcome, world.arbitrator, result="upheld", decided_on=D("2026-11-20"))
    outcome.refresh_from_db()
    assert outcome.result == "pending" and outcome.case.status == "in_court"
    court.record_court_result(outcome, world.court_liaison, result="upheld", decided_on=D("2026-11-20"))
    with pytest.raises(ValidationError):
        court.record_court_result(outcome, world.court_liaison, result="reversed", decided_on=D("2026-11-21"))


# --- pages and API ---------------------------------------------------------------------------


def test_the_liaison_records_a_suit_and_the_result_from_the_pages(world, client_for):
    case = served(world)
    client = client_for(world.court_liaison)
    listing = client.get(reverse("disputes:court-cases"))
    assert listing.status_code == 200 and str(case) in listing.content.decode()
    assert reverse("disputes:court-suit", args=[case.pk]) in listing.content.decode()
    response = client.post(
        reverse("disputes:court-suit", args=[case.pk]),
        {"court": world.lixia_court.pk, "kind": "lawsuit", "plaintiff": "enterprise", "filed_on": "2026-10-08"},
    )
    assert response.status_code == 200 and "申请撤销" in response.content.decode()  # refused, form again
    case.refresh_from_db()
    assert case.status == "served"
    response = client.post(
        reverse("disputes:court-suit", args=[case.pk]),
        {"court": world.lixia_court.pk, "kind": "lawsuit", "plaintiff": "worker", "filed_on": "2026-10-08"},
    )
    assert response.status_code == 302
    outcome = CourtOutcome.objects.get(case=case)
    response = client.post(
        reverse("disputes:court-result", args=[outcome.pk]), {"result": "upheld", "decided_on": "2026-11-20"}
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.result == "upheld"
    page = client.get(reverse("disputes:court-cases")).content.decode()
    assert "100.00%" in page


def test_the_shared_list_is_the_liaisons_and_the_offices_not_the_parties(world, client_for):
    case = served(world)
    foreign = served(world, enterprise=world.enterprise_b, person=world.bob_person)
    for user in (world.lixia, world.arbitrator, world.court_liaison):
        page = client_for(user).get(reverse("disputes:court-cases")).content.decode()
        assert str(case) in page and str(foreign) not in page, user
    for user in (world.hr_a, world.alice):
        page = client_for(user).get(reverse("disputes:court-cases")).content.decode()
        assert "court-not-allowed" in page and str(case) not in page
        assert client_for(user).get(reverse("api:court_cases")).json()["cases"] == []
    data = client_for(world.court_liaison).get(reverse("api:court_cases")).json()
    assert [c["id"] for c in data["cases"]] == [case.pk]


def test_the_api_records_a_suit_and_refuses_an_employer_on_a_final_award(world, client_for):
    case = served(world)
    client = client_for(world.court_liaison)
    url = reverse("api:record_suit", args=[case.pk])
    body = {"court": world.lixia_court.pk, "kind": "lawsuit", "plaintiff": "enterprise", "filed_on": "2026-10-08"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422 and "plaintiff" in str(response.json()["detail"][0]["loc"])
    response = client.post(url, {**body, "plaintiff": "worker"}, content_type="application/json")
    assert response.status_code == 201, response.content
    outcome_id = response.json()["id"]
    response = client.post(
        reverse("api:record_court_result", args=[outcome_id]),
        {"result": "modified", "decided_on": "2026-11-20"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["result"] == "modified"
    assert client_for(world.court_liaison).get(reverse("api:court_cases")).json()["consistency_rate"] == "0.00"


def test_the_court_panel_on_the_case_page(world):
    case = served(world)
    request = RequestFactory().get("/")
    html = render_to_string("disputes/parts/court_panel.html", {"case": case, "user": world.court_liaison}, request)
    assert "LDMAL-48" in html and "LDMAL-49" in html and 'id="action-sue"' in html
    html = render_to_string("disputes/parts/court_panel.html", {"case": case, "user": world.alice}, request)
    assert "LDMAL-48" in html and 'id="action-sue"' not in html
    outcome = suit(world, case)
    case.refresh_from_db()
    html = render_to_string("disputes/parts/court_panel.html", {"case": case, "user": world.court_liaison}, request)
    assert "（2026）鲁0102民初1234号" in html and 'id="action-court_decide"' in html
    assert reverse("disputes:court-result", args=[outcome.pk]) in html
    filed = make_case(world.enterprise_a, world.alice_person)
    assert render_to_string("disputes/parts/court_panel.html", {"case": filed, "user": world.alice}).strip() == ""


def test_courts_offered_are_the_liaisons_own(world):
    case = served(world)
    other = Organization.objects.create(name="济南市中级人民法院", kind="court", region=world.lixia_court.region)
    assert list(court.court_choices(world.court_liaison, case)) == [world.lixia_court]
    assert set(court.court_choices(world.arbitrator, case)) == {world.lixia_court, other}
