"""The demo province's labor disputes, on the tests' tiny tier "T": cases in every status, dates in
order, every clock the statute's (`rules.deadline` of the day it started), each case's history a
walk through the workflow's own table by roles it allows, collective cases with 10+ workers and
3–5 elected representatives, awards classified by LDMAL-47, a sample finished through the real
services with its PDFs served, and the statistics page's rates computed from these rows.

The province is generated once for the module (inside a transaction rolled back at the end)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hexie.core.calendar import add_period
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import TimelineEntry
from hexie.demo import disputes as demo_disputes
from hexie.demo import generator
from hexie.disputes import rules
from hexie.disputes.models import (
    CaseDocument,
    CaseNumberSequence,
    Claim,
    CourtOutcome,
    DisputeCase,
    Hearing,
    MediationAttempt,
    Party,
    RepresentativeVote,
    TribunalMember,
)
from hexie.disputes.services import statistics
from hexie.disputes.services.deadlines import SUIT_WINDOWS, overdue_q

Status = DisputeCase.Status
WORKFLOW = DisputeCase.workflow
# Acts the services record on the timeline without moving the case.
RECORDS = {"reply_internal", "compose_tribunal", "defence", "request_confirmation", "record_confirmation"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, SIGNING_DIR=media / "signing", TSA_URL=""),
        transaction.atomic(),
    ):
        summary = generator.generate("T", seed=5)
        cases = list(DisputeCase.objects.order_by("id"))
        kind = ContentType.objects.get_for_model(DisputeCase)
        history = {}
        for entry in TimelineEntry.objects.filter(content_type=kind).order_by("at", "id"):
            history.setdefault(int(entry.object_id), []).append(entry)
        yield SimpleNamespace(summary=summary, cases=cases, history=history, today=timezone.localdate(), media=media)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def moves(entries, action):
    return [e for e in entries if e.action == action]


def day(entry):
    return timezone.localtime(entry.at).date()


def test_every_status_is_present_in_a_province_of_cases(demo):
    cases = demo.cases
    assert {c.status for c in cases} == set(Status.values)
    assert len(cases) >= demo_disputes.PLANS["T"].cases
    assert demo.summary.counts["disputes"] == len(cases) and demo.summary.counts["dispute_states"] == len(Status)
    # the two years of filings, the latest today at the most
    assert min(c.filed_on for c in cases) < demo.today - timedelta(days=500)
    assert max(c.filed_on for c in cases) <= demo.today
    # mediation first for most, most of those agreed; wages the first cause
    causes = [c.cause for c in cases]
    assert max(set(causes), key=causes.count) == "wages"
    mediated = sum(c.mediation_org_id is not None for c in cases)
    assert mediated > len(cases) / 2
    assert sum(c.outcome == DisputeCase.Outcome.MEDIATED for c in cases) > mediated * 0.6
    # official-style numbers, unique, and the sequences advanced past them for the real services
    assert all(c.number.startswith(f"SQ-{c.region_id[:6]}-{c.filed_on.year}-") for c in cases)
    accepted = [c for c in cases if c.accepted_on]
    assert accepted and all("劳人仲案字第" in c.arbitration_number for c in accepted)
    assert len({c.arbitration_number for c in accepted}) == len(accepted)
    assert CaseNumberSequence.objects.filter(prefix__contains="劳人调字").exists()


def test_dates_are_in_order_and_every_history_walks_the_workflow(demo):
    now = timezone.now()
    for case in demo.cases:
        entries = demo.history.get(case.pk, [])
        assert case.filed_on == timezone.localtime(case.filed_at).date() <= demo.today
        if case.accepted_on:
            assert case.filed_on <= case.accepted_on
        if case.closed_on:
            assert case.filed_on <= case.closed_on <= demo.today
            assert (
                not case.accepted_on
                or case.outcome not in DisputeCase.ARBITRATION_CLOSED
                or (case.accepted_on <= case.closed_on)
            )
        if case.awarded_on:
            assert case.accepted_on <= case.awarded_on <= (case.served_on or demo.today) <= demo.today
            assert (case.served_on is None) == (case.status == Status.AWARDED)
        if case.status == Status.FILED:  # a collective case still gathering its workers
            assert case.kind == DisputeCase.Kind.COLLECTIVE and not entries
            continue
        status = Status.FILED
        previous = case.filed_at
        for entry in entries:
            assert previous <= entry.at <= now, (case.pk, entry.action)
            assert entry.from_status == status, (case.pk, entry.action)
            if entry.action in RECORDS:
                assert entry.to_status == status
            else:
                transition = WORKFLOW.find(SimpleNamespace(status=status), entry.action)
                assert transition.target == entry.to_status
                assert entry.actor_role in transition.roles, (case.pk, entry.action, entry.actor_role)
                assert entry.actor_id is not None or entry.actor_role == "system"
            status, previous = entry.to_status, entry.at
        assert status == case.status, case.pk


def expected_award_deadline(case, entries):
    """rules.deadline("award", accepted_on), moved by a suspension's days and extended once."""
    expected = rules.deadline("award", case.accepted_on)
    for entry in entries:
        if entry.action == "resume":
            suspended = day(moves(entries, "suspend")[-1])
            expected = add_period(expected.date, (day(entry) - suspended).days, "natural")
        if entry.action == "extend":
            expected = rules.deadline("award_extension", expected.date)
    return expected.date


def test_every_clock_is_the_statutes_count_from_its_start(demo):
    checked = set()
    for case in demo.cases:
        entries = demo.history.get(case.pk, [])
        for entry in entries:  # each stamped move: the period counted from the move's day
            period = {"internal": "internal_reply", "mediate": "mediation", "apply_arbitration": "acceptance"}
            period.update(accept="award")
            if entry.action in period:
                expected = rules.deadline(period[entry.action], day(entry))
                assert (entry.deadline, entry.deadline_provisional) == (expected.date, expected.provisional)
                assert entry.deadline > day(entry)
        if case.status == Status.INTERNAL:
            assert case.internal_deadline == rules.deadline("internal_reply", day(moves(entries, "internal")[-1])).date
        if case.status == Status.MEDIATING:
            assert case.mediation_deadline == rules.deadline("mediation", day(moves(entries, "mediate")[-1])).date
        if case.status == Status.ARB_REVIEW:
            applied = day(moves(entries, "apply_arbitration")[-1])
            assert case.acceptance_deadline == rules.deadline("acceptance", applied).date
        if case.accepted_on:
            # a clock ends with its duty: the copy served with the acceptance notice, the tribunal
            # composed, the defence submitted (services/arbitration.py)
            copy = rules.deadline("respondent_copy", case.accepted_on)
            assert case.respondent_copy_deadline is None, case.pk
            defended = bool(moves(entries, "defence"))
            assert case.defence_deadline == (None if defended else rules.deadline("defence", copy.date).date)
            composed = bool(moves(entries, "compose_tribunal"))
            tribunal = rules.deadline("tribunal_notice", case.accepted_on).date
            assert case.tribunal_deadline == (None if composed else tribunal), case.pk
        if case.status in DisputeCase.ARBITRATION_RUNNING:
            assert case.award_deadline == expected_award_deadline(case, entries), case.pk
            assert case.award_extended == bool(moves(entries, "extend"))
            checked.add(case.status)
        cleared = {
            "internal_deadline": Status.INTERNAL,
            "mediation_deadline": Status.MEDIATING,
            "acceptance_deadline": Status.ARB_REVIEW,
        }
        for name, status in cleared.items():  # a clock the workflow cleared is gone
            assert (getattr(case, name) is not None) == (case.status == status), (case.pk, name)
    assert checked == set(DisputeCase.ARBITRATION_RUNNING)
    # running cases past a clock and due soon, so the alarms and reminders show
    today = demo.today
    cases = DisputeCase.objects.all()
    assert (
        cases.filter(overdue_q(today)).filter(status__in=(Status.MEDIATING, Status.ARB_REVIEW, Status.HEARD)).exists()
    )
    soon = Q(mediation_deadline__range=(today, today + timedelta(days=7)), status=Status.MEDIATING) | Q(
        award_deadline__range=(today, today + timedelta(days=14)), status__in=DisputeCase.ARBITRATION_OPEN
    )
    assert cases.filter(soon).exists()


def test_hearings_are_notified_five_working_days_ahead_and_held_on_their_day(demo):
    hearings = list(Hearing.objects.select_related("case"))
    assert {h.status for h in hearings} >= {Hearing.Status.SCHEDULED, Hearing.Status.HELD}
    for h in hearings:
        starts = timezone.localtime(h.starts_at).date()
        assert h.notice_on >= h.case.accepted_on
        assert rules.hearing_notice_findings(h.notice_on, starts) == []
        if h.status == Hearing.Status.HELD:
            assert h.held_at >= h.starts_at and h.transcript
            assert {row["party"] for row in h.attendance} == set(h.case.parties.values_list("pk", flat=True))
        if h.status == Hearing.Status.SCHEDULED:
            assert h.case.status == Status.HEARING_SCHEDULED and h.starts_at > timezone.now()
    for case in DisputeCase.objects.filter(status=Status.HEARING_SCHEDULED):
        assert case.hearings.filter(status=Hearing.Status.SCHEDULED).count() == 1
    for case in DisputeCase.objects.filter(status__in=(Status.HEARD, Status.AWARDED, Status.SERVED, Status.CLOSED)):
        assert case.hearings.filter(status=Hearing.Status.HELD).exists()
        assert case.tribunal.count() == (3 if case.tribunal_kind == "three" else 1)


def test_mediation_attempts_keep_the_hand_overs(demo):
    attempts = list(MediationAttempt.objects.select_related("case"))
    assert {a.outcome for a in attempts} == set(MediationAttempt.Outcome.values)
    for a in attempts:
        assert a.case.mediation_org_id is not None and a.mediator_id is not None
        if a.ended_at:
            assert a.started_at <= a.ended_at
    for case in DisputeCase.objects.filter(status=Status.MEDIATING):
        assert case.mediations.filter(outcome=MediationAttempt.Outcome.PENDING).count() == 1
    handed = MediationAttempt.objects.filter(outcome=MediationAttempt.Outcome.HANDED_OVER)
    for attempt in handed:
        later = attempt.case.mediations.filter(started_at__gte=attempt.ended_at).exclude(pk=attempt.pk)
        assert later.exists() and later.first().organization_id != attempt.organization_id


def test_collective_cases_have_ten_workers_and_three_to_five_elected_representatives(demo):
    collective = DisputeCase.objects.filter(kind=DisputeCase.Kind.COLLECTIVE)
    assert collective.exists()
    for case in collective:
        workers = case.parties.filter(side=Party.Side.APPLICANT, person__isnull=False)
        assert case.workers == workers.count() >= rules.COLLECTIVE_MINIMUM
        reps = set(workers.filter(representative=True).values_list("pk", flat=True))
        if case.status == Status.FILED:
            assert not reps  # still electing
            continue
        low, high = rules.REPRESENTATIVES
        assert low <= len(reps) <= high and rules.collective_findings(case.workers, len(reps)) == []
        votes = {}
        for candidate in RepresentativeVote.objects.filter(case=case).values_list("candidate_id", flat=True):
            votes[candidate] = votes.get(candidate, 0) + 1
        assert set(rules.elected(votes, case.workers, len(reps))) == reps
        assert case.worker_id in set(workers.filter(representative=True).values_list("person_id", flat=True))


def test_awards_are_classified_by_the_regions_minimum_wage_and_courts_mostly_agree(demo):
    awarded = DisputeCase.objects.exclude(awarded_on=None)
    assert awarded.exists()
    for case in awarded:
        wage = minimum_wage(case.region_id, case.accepted_on)
        items = [
            (c.kind, rules.amount_tested_for_finality(c.result, c.amount, c.awarded_amount)) for c in case.claims.all()
        ]
        assert case.finality == rules.award_finality(items, minimum_wage=wage), case.pk
        assert case.outcome == DisputeCase.Outcome.AWARDED and case.closed_on == case.awarded_on
        assert all(
            c.result in (Claim.Result.UPHELD, Claim.Result.PARTLY, Claim.Result.REJECTED) for c in case.claims.all()
        )
    for case in DisputeCase.objects.filter(status__in=(Status.IN_COURT, Status.COURT_DECIDED)):
        (outcome,) = case.court_outcomes.all()
        assert outcome.filed_on >= case.served_on and outcome.court.kind == "court"
        if case.status == Status.IN_COURT:
            assert outcome.result == CourtOutcome.Result.PENDING
        else:
            assert outcome.result in CourtOutcome.DECIDED and outcome.decided_on > outcome.filed_on
        # a set-aside application goes to the intermediate court (LDMAL-49), a suit to the basic court
        assert outcome.court.name.endswith("中级人民法院") == (outcome.kind == CourtOutcome.Kind.SET_ASIDE)
    for case in DisputeCase.objects.filter(status=Status.CLOSED):  # effective once every suit window lapsed
        closed = day(moves(demo.history[case.pk], "close")[-1])
        assert all(rules.deadline(w, case.served_on).date < closed for w in SUIT_WINDOWS[case.finality])


def test_a_sample_went_through_the_real_services_and_the_demo_worker_has_an_award_to_read(demo, settings):
    settings.MEDIA_ROOT = demo.media
    kinds = set(CaseDocument.objects.values_list("kind", flat=True))
    assert {"acceptance", "hearing_notice", "mediation_agreement", "arbitration_mediation"} <= kinds
    assert kinds & {"award", "final_award"}
    for document in CaseDocument.objects.all():
        assert document.file.read(4) == b"%PDF" and document.services.exists()
    worker = get_user_model().objects.get(username="worker")
    case = DisputeCase.objects.get(worker=worker.person, status=Status.SERVED)
    award = case.documents.filter(kind__in=("award", "final_award")).first()
    assert award.services.filter(party__person=worker.person, receipt_at=None).exists()
    assert case.hearings.get(status=Hearing.Status.HELD).online
    assert TribunalMember.objects.filter(case=case).count() == 1


def test_the_statistics_rates_are_computed_from_these_rows(demo, client):
    start, end = demo.today - timedelta(days=800), demo.today
    stats = statistics.compute(DisputeCase.objects.all(), start=start, end=end)
    cases = DisputeCase.objects.filter(filed_on__range=(start, end))
    # mediation's own result, from the attempts: a failed mediation that went on to arbitration counts
    attempts = MediationAttempt.objects.filter(case__in=cases)
    mediated = cases.filter(pk__in=attempts.filter(outcome="agreed").values("case_id")).count()
    failed = cases.filter(pk__in=attempts.filter(outcome="failed").values("case_id")).count()
    assert failed > cases.filter(outcome=DisputeCase.Outcome.MEDIATION_FAILED).count()
    closed = DisputeCase.objects.filter(
        closed_on__range=(start, end), outcome__in=DisputeCase.ARBITRATION_CLOSED
    ).count()
    accepted = DisputeCase.objects.filter(accepted_on__range=(start, end)).count()
    assert (stats.mediated, stats.mediation_failed, stats.arbitration_closed, stats.accepted) == (
        mediated,
        failed,
        closed,
        accepted,
    )
    assert stats.mediation_success_rate == statistics.percent(mediated, mediated + failed)
    assert 70 < stats.mediation_success_rate < 90  # the demo plan: about 80 %
    assert stats.closure_rate == statistics.percent(closed, accepted) and 50 < stats.closure_rate <= 100
    assert stats.overdue > 0 and stats.court_decided > 0

    client.force_login(get_user_model().objects.get(username="province"))
    html = client.get(reverse("disputes:statistics"), {"start": start.isoformat(), "end": end.isoformat()}).content
    html = html.decode()
    assert f"{stats.mediation_success_rate}%" in html and f"{stats.closure_rate}%" in html


def test_a_case_of_every_status_opens_with_its_history_and_clocks(demo, client, settings):
    settings.MEDIA_ROOT = demo.media
    User = get_user_model()
    client.force_login(User.objects.get(username="province"))
    seen = {}
    for case in demo.cases:
        seen.setdefault(case.status, case)
    for status, case in seen.items():
        response = client.get(reverse("disputes:case-detail", args=[case.pk]))
        assert response.status_code == 200, status
        assert case.number in response.content.decode()
    # the demo worker reads the served award on the phone
    worker = User.objects.get(username="worker")
    client.force_login(worker)
    case = DisputeCase.objects.get(worker=worker.person, status=Status.SERVED)
    assert client.get(reverse("disputes:case-detail", args=[case.pk])).status_code == 200


def test_the_printed_mediator_login_has_mediations_waiting_one_past_its_clock(demo):
    mine = DisputeCase.objects.filter(
        status=Status.MEDIATING, mediations__outcome="pending", mediations__mediator__username="mediator"
    )
    assert mine.count() >= 3
    assert mine.filter(mediation_deadline__lt=demo.today).exists()
