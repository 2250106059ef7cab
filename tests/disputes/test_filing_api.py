"""The filing API: Alice files by POST /api/disputes/cases, reads her case and lists hers; staff
list their county's with filters; a refusal is a 422 naming the field in Chinese and English with
nothing written; another county's case is a 404."""

from datetime import date, timedelta

from django.utils import timezone

from hexie.disputes.models import DisputeCase
from tests.disputes.factory import make_case

URL = "/api/disputes/cases"


def body(world, **overrides) -> dict:
    data = {
        "enterprise": world.enterprise_a.uscc,
        "claims": [{"kind": "wages", "amount": "12000.00"}, {"kind": "double_wages", "amount": "36000"}],
        "facts": "入职后一直未签订书面劳动合同，且拖欠工资。",
        "known_on": str(timezone.localdate() - timedelta(days=10)),
        "route": "arbitration",
    }
    data.update(overrides)
    return data


def post(client, data):
    return client.post(URL, data=data, content_type="application/json")


def test_a_worker_files_and_reads_the_case(world, client_for):
    client = client_for(world.alice)
    response = post(client, body(world))
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["number"].startswith("SQ-370102-") and case["status"] == "arb_review"
    assert case["cause"] == "double_wages" and case["claim_total"] == "48000.00" and case["findings"] == []
    assert {p["side"] for p in case["parties"]} == {"applicant", "respondent"}
    assert world.alice_person.id_number not in response.content.decode()
    detail = client.get(f"{URL}/{case['id']}").json()
    assert detail["enterprise_name"] == "济南泉城机械有限公司" and len(detail["claims"]) == 2
    listed = client.get(URL).json()
    assert [c["id"] for c in listed["items"]] == [case["id"]]


def test_a_filing_against_an_enterprise_that_does_not_exist_is_a_422(world, client_for):
    response = post(client_for(world.alice), body(world, enterprise="济南根本不存在有限公司"))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "enterprise"] and "未找到该用人单位" in error["msg"]
    assert DisputeCase.objects.count() == 0


def test_bad_amounts_and_dates_are_422_with_nothing_written(world, client_for):
    client = client_for(world.alice)
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    for data in (
        body(world, claims=[{"kind": "wages", "amount": "-1"}]),
        body(world, claims=[{"kind": "wages", "amount": "abc"}]),
        body(world, claims=[]),
        body(world, claims=[{"kind": "wages"}]),
        body(world, known_on=tomorrow),
        body(world, route="court"),
    ):
        response = post(client, data)
        assert response.status_code == 422, (data, response.content)
    assert DisputeCase.objects.count() == 0


def test_filing_for_someone_else_is_refused(world, client_for):
    response = post(client_for(world.alice), body(world, worker_id_number=world.carol_person.id_number))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "worker_id_number"]
    assert post(client_for(world.lixia), body(world)).status_code == 403
    assert DisputeCase.objects.count() == 0


def test_the_list_is_scoped_and_filtered(world, client_for):
    wages = make_case(world.enterprise_a, world.alice_person, filed_on=date(2026, 8, 3))
    severance = make_case(world.enterprise_a, world.carol_person, cause="severance", filed_on=date(2026, 9, 20))
    bobs = make_case(world.enterprise_b, world.bob_person)
    client = client_for(world.lixia)
    ids = lambda response: {c["id"] for c in response.json()["items"]}  # noqa: E731
    assert ids(client.get(URL)) == {wages.pk, severance.pk}
    assert ids(client.get(URL, {"cause": "severance"})) == {severance.pk}
    assert ids(client.get(URL, {"filed_from": "2026-09-01"})) == {severance.pk}
    assert ids(client.get(URL, {"region": "370100"})) == {wages.pk, severance.pk}
    assert ids(client.get(URL, {"q": "张敏"})) == {severance.pk}
    assert client.get(f"{URL}/{bobs.pk}").status_code == 404
    assert client_for(world.alice).get(f"{URL}/{severance.pk}").status_code == 404
    assert ids(client_for(world.city).get(URL)) == {wages.pk, severance.pk, bobs.pk}


def test_the_enterprise_lookup(world, client_for):
    response = client_for(world.alice).get("/api/disputes/enterprises", {"q": "趵突"})
    (found,) = response.json()
    assert found["name"] == "济南趵突食品有限公司" and found["region"] == "370103" and found["region_name"] == "市中区"
    assert found["uscc_masked"] != world.enterprise_b.uscc and "*" in found["uscc_masked"]
    assert client_for(world.alice).get("/api/disputes/enterprises").json() == []


def test_mediation_by_another_countys_committee_is_a_422_on_that_field(world, client_for):
    data = body(world, route="mediation", mediation_org=world.shizhong_mediation.pk)
    response = post(client_for(world.alice), data)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "mediation_org"]
    response = post(client_for(world.alice), body(world, route="mediation", mediation_org=world.lixia_mediation.pk))
    assert response.status_code == 201 and response.json()["status"] == "mediating"
    assert response.json()["mediation_org"] == world.lixia_mediation.pk
