"""Collective cases (LDMAL-7): Alice starts one against Quancheng; co-workers join and vote online;
she files it once ten or more joined and three to five representatives hold a majority of the
joined workers. Too few workers, too few or too many representatives, a stranger joining, a vote
for someone who did not join: clear errors, nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hexie.disputes.models import DisputeCase, Party, RepresentativeVote
from hexie.disputes.services import filing
from tests.disputes.matrix_filing import collective_case, coworkers

Status = DisputeCase.Status


def party(case, user) -> Party:
    return case.parties.get(person=user.person)


def gather(world, joined: int):
    """Alice's collective case with `joined` co-workers joined (Alice herself counts too)."""
    case = collective_case(world)
    users = coworkers(world, joined)
    for user in users:
        filing.join_collective(case, user)
    return case, [world.alice, *users]


def vote_for(case, voters, candidates):
    for voter in voters:
        filing.vote(case, voter, [party(case, c).pk for c in candidates])


def test_a_collective_case_gathers_while_filed(world):
    case = collective_case(world)
    assert case.kind == "collective" and case.status == Status.FILED and filing.is_gathering(case)
    assert case.workers == 1 and case.worker == world.alice_person and list(case.timeline) == []
    (applicant,) = case.parties.filter(side="applicant")
    assert applicant.person == world.alice_person and not applicant.representative


def test_co_workers_join_and_the_count_follows(world):
    case, users = gather(world, 4)
    case.refresh_from_db()
    assert case.workers == 5 and case.parties.filter(side="applicant").count() == 5
    with pytest.raises(ValidationError, match="已加入"):
        filing.join_collective(case, users[1])
    assert case.parties.count() == 6  # five workers and the enterprise


def test_a_worker_of_another_enterprise_cannot_join(world):
    case = collective_case(world)
    before = Party.objects.count()
    with pytest.raises(PermissionDenied):
        filing.join_collective(case, world.bob)
    with pytest.raises(PermissionDenied):
        filing.join_collective(case, world.hr_a)
    assert Party.objects.count() == before


def test_a_stranger_to_the_enterprise_cannot_start_one(world):
    from tests.disputes.matrix_filing import application

    data = application(world, enterprise=world.enterprise_b.name)
    data.pop("route")
    before = DisputeCase.objects.count()
    with pytest.raises(ValidationError) as caught:
        filing.start_collective(world.alice, data)
    assert "enterprise" in caught.value.message_dict and DisputeCase.objects.count() == before


def test_three_to_five_representatives_elected_by_majority_file_the_case(world):
    case, users = gather(world, 11)  # twelve workers
    a, b, c, d = users[0], users[1], users[2], users[3]
    vote_for(case, users[:7], [a, b, c])  # 7 of 12: a majority
    vote_for(case, users[7:], [d])  # 5 of 12: not a majority
    result = filing.election(case)
    assert result.voters == 12 and result.ballots == 12
    assert [p.person for p in result.elected] == [a.person, b.person, c.person]
    assert result.findings == []
    filing.submit_collective(case, world.alice, route="arbitration")
    case.refresh_from_db()
    assert case.status == Status.ARB_REVIEW and case.workers == 12 and case.worker == a.person
    reps = set(case.parties.filter(representative=True).values_list("person", flat=True))
    assert reps == {a.person.pk, b.person.pk, c.person.pk}
    assert [e.action for e in case.timeline] == ["apply_arbitration"]
    assert not filing.is_gathering(case)
    with pytest.raises(ValidationError):
        filing.join_collective(case, coworkers(world, 1, start=50)[0])
    with pytest.raises(ValidationError, match="推选已结束"):
        filing.vote(case, users[5], [party(case, a).pk])


def test_a_ballot_is_replaced_not_added(world):
    case, users = gather(world, 2)
    filing.vote(case, users[1], [party(case, users[0]).pk, party(case, users[1]).pk])
    filing.vote(case, users[1], [party(case, users[2]).pk])
    assert list(RepresentativeVote.objects.filter(voter=party(case, users[1])).values_list("candidate", flat=True)) == [
        party(case, users[2]).pk
    ]


def test_fewer_than_ten_workers_cannot_file(world):
    case, users = gather(world, 8)  # nine workers
    vote_for(case, users, users[:3])
    before = (case.status, Party.objects.filter(representative=True).count())
    with pytest.raises(ValidationError, match="10人以上"):
        filing.submit_collective(case, world.alice, route="arbitration")
    case.refresh_from_db()
    assert (case.status, Party.objects.filter(representative=True).count()) == before


def test_fewer_than_three_representatives_with_a_majority_cannot_file(world):
    case, users = gather(world, 9)  # ten workers
    vote_for(case, users[:6], users[:2])  # two candidates with 6 of 10
    vote_for(case, users[6:], users[2:3])  # the third with only 4 of 10
    result = filing.election(case)
    assert len(result.elected) == 2
    with pytest.raises(ValidationError, match="3至5名代表人"):
        filing.submit_collective(case, world.alice, route="arbitration")
    case.refresh_from_db()
    assert case.status == Status.FILED and not case.parties.filter(representative=True).exists()


def test_at_most_five_are_elected_and_a_ballot_names_at_most_five(world):
    case, users = gather(world, 11)
    vote_for(case, users, users[:5])
    with pytest.raises(ValidationError) as caught:
        filing.vote(case, users[0], [party(case, u).pk for u in users[:6]])
    assert "candidates" in caught.value.message_dict
    assert len(filing.election(case).elected) == 5


def test_only_joined_workers_vote_and_only_for_joined_workers(world):
    case, users = gather(world, 3)
    with pytest.raises(PermissionDenied):
        filing.vote(case, world.bob, [party(case, users[0]).pk])
    with pytest.raises(PermissionDenied):
        filing.vote(case, world.hr_a, [party(case, users[0]).pk])
    enterprise_party = case.parties.get(side="respondent")
    with pytest.raises(ValidationError, match="已加入本案"):
        filing.vote(case, users[1], [enterprise_party.pk])
    assert not RepresentativeVote.objects.exists()


def test_only_the_initiator_submits(world):
    case, users = gather(world, 11)
    vote_for(case, users, users[:3])
    with pytest.raises(PermissionDenied):
        filing.submit_collective(case, users[1], route="arbitration")
    with pytest.raises(ValidationError) as caught:
        filing.submit_collective(case, world.alice, route="")
    assert "route" in caught.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.FILED
    filing.submit_collective(case, world.alice, route="mediation")
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and case.mediation_org == world.lixia_mediation


# --- the pages ------------------------------------------------------------------------------------


def test_the_phone_pages_join_vote_and_submit(world, client_for):
    case, users = gather(world, 9)
    newcomer = coworkers(world, 1, start=70)[0]
    page = reverse("disputes:collective", args=[case.pk])
    client = client_for(newcomer)
    text = client.get(page).content.decode()
    assert "加入集体争议" in text and case.number in text
    assert client.get(reverse("disputes:my-cases")).content.decode().count(case.number) == 1  # to join
    response = client.post(reverse("disputes:collective-join", args=[case.pk]))
    assert response.status_code == 302 and case.parties.filter(person=newcomer.person).exists()
    everyone = [*users, newcomer]
    candidates = [str(party(case, u).pk) for u in users[:3]]
    for user in everyone:
        client = client_for(user)
        response = client.post(reverse("disputes:collective-vote", args=[case.pk]), {"candidates": candidates})
        assert response.status_code == 302
    client = client_for(world.alice)
    text = client.get(page).content.decode()
    assert "提交集体争议" in text and 'id="elected-count">3<' in text
    response = client.post(reverse("disputes:collective-submit", args=[case.pk]), {"route": "arbitration"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ARB_REVIEW and case.workers == 11


def test_the_submit_page_says_why_it_cannot_file_yet(world, client_for):
    case, users = gather(world, 3)
    client = client_for(world.alice)
    response = client.post(reverse("disputes:collective-submit", args=[case.pk]), {"route": "arbitration"})
    assert response.status_code == 200 and "集体争议的劳动者应在10人以上" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.FILED


def test_another_enterprises_worker_never_sees_the_page(world, client_for):
    case = collective_case(world)
    assert client_for(world.bob).get(reverse("disputes:collective", args=[case.pk])).status_code == 404
    assert client_for(world.bob).post(reverse("disputes:collective-join", args=[case.pk])).status_code == 404
    assert not case.parties.filter(person=world.bob_person).exists()


def test_filing_form_starts_a_collective_case(world, client_for):
    from django.utils import timezone

    client = client_for(world.alice)
    response = client.post(
        reverse("disputes:file"),
        {
            "kind": "collective",
            "enterprise": world.enterprise_a.name,
            "claim_kind_1": "overtime",
            "claim_amount_1": "4800",
            "facts": "车间全体职工2026年加班费均未支付。",
            "known_on": str(timezone.localdate()),
            "route": "mediation",
        },
    )
    case = DisputeCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disputes:collective", args=[case.pk])
    assert case.kind == "collective" and case.status == Status.FILED
