"""The core API seen by the named users: who gets in, what each one sees, what is refused."""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from hexie.core.models import ApiToken, Job, Organization
from hexie.demo.identity import make_uscc


def bearer(user, **issue):
    _, token = ApiToken.issue(user, "test", **issue)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def both(zh, english_fallback):
    """ "中文 / English": the English from hexie/locale/en, or the API's own when the catalog has none."""
    with translation.override("en"):
        english = gettext(zh)
    english = english_fallback if english == zh else english
    assert english.isascii()
    return f"{zh} / {english}"


def post(client, path, data, method="post"):
    return getattr(client, method)(path, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def jobs(world):
    return {
        "alice": Job.objects.create(kind="core.import_workers", created_by=world.alice, total=10, progress=4),
        "bob": Job.objects.create(
            kind="core.import_workers", created_by=world.bob, status=Job.Status.DONE, result={"rows": 3}
        ),
    }


# --- authentication -----------------------------------------------------------------------------


def test_a_personal_token_lets_its_user_in(world):
    row, token = ApiToken.issue(world.province, "script")
    response = Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["count"] == Organization.objects.count()
    row.refresh_from_db()
    assert row.last_used is not None
    assert ApiToken.objects.filter(digest=token).count() == 0  # only the hash is stored


@pytest.mark.parametrize(
    "header",
    ["", "Bearer hx_not-a-token", "Token hx_whatever", "Bearer "],
)
def test_no_or_a_wrong_token_is_401(world, header):
    ApiToken.issue(world.province, "script")
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get("/api/organizations", **extra)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_an_expired_token_is_401_and_a_current_one_is_not(world):
    _, old = ApiToken.issue(world.province, "old", expires=timezone.localdate() - timedelta(days=1))
    _, today = ApiToken.issue(world.province, "today", expires=timezone.localdate())
    assert Client().get("/api/regions", HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 401
    assert Client().get("/api/regions", HTTP_AUTHORIZATION=f"Bearer {today}").status_code == 200


def test_a_token_of_a_deactivated_user_is_401(world):
    client = bearer(world.hr_a)
    world.hr_a.is_active = False
    world.hr_a.save()
    assert client.get("/api/organizations").status_code == 401


def test_the_browser_session_also_works(world, client_for):
    response = client_for(world.lixia).get(f"/api/organizations/{world.enterprise_a.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "济南泉城机械有限公司"


def test_the_openapi_schema_and_docs_are_served(world):
    schema = Client().get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/organizations/{id}" in schema.json()["paths"]
    assert Client().get("/api/docs").status_code == 200


# --- what each user sees ------------------------------------------------------------------------


def test_organizations_in_each_scope(world):
    everything = set(Organization.objects.values_list("id", flat=True))
    assert ids(bearer(world.province).get("/api/organizations")) == everything
    lixia = ids(bearer(world.lixia).get("/api/organizations"))
    assert world.enterprise_a.pk in lixia and world.enterprise_b.pk not in lixia
    assert lixia == set(Organization.objects.filter(region__code__startswith="370102").values_list("id", flat=True))
    assert ids(bearer(world.hr_a).get("/api/organizations")) == {world.enterprise_a.pk}
    assert ids(bearer(world.alice).get("/api/organizations")) == set()


def test_organization_filters(world):
    client = bearer(world.province)
    assert ids(client.get("/api/organizations", {"region": "370100", "kind": "enterprise"})) == {
        world.enterprise_a.pk,
        world.enterprise_b.pk,
    }
    assert ids(client.get("/api/organizations", {"industry": "G"})) == {world.enterprise_qd.pk}
    assert ids(client.get("/api/organizations", {"q": "趵突"})) == {world.enterprise_b.pk}
    assert ids(client.get("/api/organizations", {"q": world.enterprise_a.uscc})) == {world.enterprise_a.pk}
    page = client.get("/api/organizations", {"limit": 2, "offset": 2}).json()
    assert page["count"] == Organization.objects.count() and len(page["items"]) == 2
    assert client.get("/api/organizations", {"limit": 501}).status_code == 422


def test_people_in_each_scope_show_only_masked_numbers(world):
    alice, bob, carol = world.alice_person, world.bob_person, world.carol_person
    assert ids(bearer(world.province).get("/api/people")) == {alice.pk, bob.pk, carol.pk}
    assert ids(bearer(world.lixia).get("/api/people")) == {alice.pk, carol.pk}
    assert ids(bearer(world.hr_a).get("/api/people")) == {alice.pk, carol.pk}
    response = bearer(world.alice).get("/api/people")
    assert ids(response) == {alice.pk}
    row = response.json()["items"][0]
    assert row == {
        "id": alice.pk,
        "name": "王丽",
        "id_masked": alice.id_masked,
        "phone_masked": "138****0001",
        "birth_date": "1990-05-17",
        "sex": "F",
        "age": alice.age,
        "region": "370102",
    }
    assert alice.id_number not in response.content.decode()


def test_people_are_found_by_exact_id_number_within_scope(world):
    number = world.bob_person.id_number
    assert ids(bearer(world.province).get("/api/people", {"id_number": number})) == {world.bob_person.pk}
    assert ids(bearer(world.province).get("/api/people", {"id_number": number[:-1]})) == set()
    assert ids(bearer(world.lixia).get("/api/people", {"id_number": number})) == set()
    assert ids(bearer(world.province).get("/api/people", {"q": "王", "region": "370102"})) == {world.alice_person.pk}


def test_employments_in_each_scope(world):
    a, b, c = world.alice_job, world.bob_job, world.carol_job
    assert ids(bearer(world.province).get("/api/employments")) == {a.pk, b.pk, c.pk}
    assert ids(bearer(world.lixia).get("/api/employments")) == {a.pk, c.pk}
    assert ids(bearer(world.hr_a).get("/api/employments")) == {a.pk, c.pk}
    assert ids(bearer(world.alice).get("/api/employments")) == {a.pk}
    province = bearer(world.province)
    assert ids(province.get("/api/employments", {"enterprise": world.enterprise_b.pk})) == {b.pk}
    assert ids(province.get("/api/employments", {"person": world.carol_person.pk})) == {c.pk}
    assert ids(province.get("/api/employments", {"active": "false"})) == set()
    assert ids(province.get("/api/employments", {"active": "true", "kind": "contract"})) == {a.pk, b.pk, c.pk}
    detail = province.get(f"/api/employments/{a.pk}").json()
    assert detail["person_name"] == "王丽" and detail["enterprise_name"] == "济南泉城机械有限公司"
    assert detail["start"] == "2022-03-01" and detail["end"] is None and detail["active"] is True


def test_jobs_are_seen_by_whoever_started_them(world, jobs):
    assert ids(bearer(world.alice).get("/api/jobs")) == {jobs["alice"].pk}
    assert ids(bearer(world.province).get("/api/jobs")) == set()
    detail = bearer(world.bob).get(f"/api/jobs/{jobs['bob'].pk}").json()
    assert detail["status"] == "done" and detail["percent"] == 100 and detail["result"] == {"rows": 3}
    assert bearer(world.alice).get(f"/api/jobs/{jobs['alice'].pk}").json()["percent"] == 40


def test_regions_are_reference_data_for_every_user(world):
    client = bearer(world.alice)
    counties = client.get("/api/regions", {"parent": "370100", "level": "county"}).json()
    assert counties["count"] >= 2
    assert {"370102", "370103"} <= {row["code"] for row in counties["items"]}
    assert all(row["parent"] == "370100" for row in counties["items"])
    assert client.get("/api/regions/370102").json() == {
        "code": "370102",
        "name": "历下区",
        "level": "county",
        "parent": "370100",
    }
    assert client.get("/api/regions/379999").status_code == 404


@pytest.mark.parametrize(
    "outsider, insider, path",
    [
        ("lixia", "shizhong", "/api/organizations/{enterprise_b}"),
        ("hr_a", "hr_b", "/api/organizations/{enterprise_b}"),
        ("hr_a", "hr_b", "/api/people/{bob_person}"),
        ("lixia", "city", "/api/people/{bob_person}"),
        ("alice", "bob", "/api/employments/{bob_job}"),
        ("hr_b", "hr_a", "/api/employments/{alice_job}"),
        ("alice", "bob", "/api/jobs/{bob_job_row}"),
        ("province", "bob", "/api/jobs/{bob_job_row}"),
    ],
)
def test_details_outside_scope_are_404(world, jobs, outsider, insider, path):
    path = path.format(
        enterprise_b=world.enterprise_b.pk,
        bob_person=world.bob_person.pk,
        bob_job=world.bob_job.pk,
        alice_job=world.alice_job.pk,
        bob_job_row=jobs["bob"].pk,
    )
    response = bearer(getattr(world, outsider)).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert bearer(getattr(world, insider)).get(path).status_code == 200


# --- creating and changing organizations --------------------------------------------------------


def new_enterprise(**overrides):
    import random

    data = {
        "kind": "enterprise",
        "name": "济南历下新材料有限公司",
        "uscc": make_uscc(random.Random(7), "370102", registrar="9"),
        "region": "370102",
        "industry": "C",
        "headcount": 45,
        "established": "2019-06-01",
    }
    return {**data, **overrides}


def test_county_staff_register_an_enterprise_in_their_county(world):
    response = post(bearer(world.lixia), "/api/organizations", new_enterprise())
    assert response.status_code == 201, response.content
    body = response.json()
    created = Organization.objects.get(pk=body["id"])
    assert created.kind == "enterprise" and type(created.kind) is str
    assert created.region_id == "370102" and created.headcount == 45 and body["established"] == "2019-06-01"
    assert body["uscc"] == created.uscc and body["ownership"] == ""


def test_validation_errors_are_per_field_bilingual_and_write_nothing(world):
    before = Organization.objects.count()
    good = new_enterprise()["uscc"]
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = post(
        bearer(world.lixia),
        "/api/organizations",
        new_enterprise(uscc=bad_check, parent=world.enterprise_b.pk),
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert errors == {
        ("body", "uscc"): both("统一社会信用代码校验位错误", "USCC check character is wrong"),
        ("body", "parent"): both("上级单位不存在或不在您的管辖范围内", "No such parent organization within your scope"),
    }
    assert Organization.objects.count() == before


def test_input_errors_keep_ninja_shape_in_both_languages(world):
    response = post(bearer(world.lixia), "/api/organizations", {"kind": "factory", "region": "370102", "headcount": -1})
    assert response.status_code == 422
    errors = {tuple(e["loc"][-1:]): e for e in response.json()["detail"]}
    assert errors[("name",)]["msg"] == "必填项 / Field required"
    assert errors[("name",)]["loc"] == ["body", "name"]
    assert errors[("kind",)]["msg"].startswith("不是允许的选项 / Input should be")
    assert errors[("headcount",)]["msg"].startswith("数值太小 / ")
    assert all(e["loc"][0] == "body" for e in response.json()["detail"])


def test_errors_are_bilingual_whatever_language_the_client_asks_for(world):
    client = bearer(world.lixia)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    good = new_enterprise()["uscc"]
    response = post(client, "/api/organizations", new_enterprise(uscc=good[:-1] + ("0" if good[-1] != "0" else "1")))
    assert response.json()["detail"][0]["msg"] == both("统一社会信用代码校验位错误", "USCC check character is wrong")


def test_an_enterprise_needs_a_uscc_and_a_uscc_is_registered_once(world):
    client = bearer(world.lixia)
    response = post(client, "/api/organizations", new_enterprise(uscc=None))
    assert response.json()["detail"] == [
        {
            "type": "uscc_required",
            "loc": ["body", "uscc"],
            "msg": both("企业必须填写统一社会信用代码", "An enterprise must have a USCC"),
        }
    ]
    response = post(client, "/api/organizations", new_enterprise(uscc=world.enterprise_a.uscc))
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "uscc"]]


def test_a_county_user_cannot_register_in_another_county(world):
    before = Organization.objects.count()
    response = post(bearer(world.lixia), "/api/organizations", new_enterprise(region="370103"))
    assert response.status_code == 403
    assert response.json()["detail"] == "不能在本单位管辖范围以外的地区登记组织"
    assert post(bearer(world.hr_a), "/api/organizations", new_enterprise()).status_code == 403
    assert post(bearer(world.city), "/api/organizations", new_enterprise(region="370202")).status_code == 403
    assert Organization.objects.count() == before
    assert post(bearer(world.city), "/api/organizations", new_enterprise(region="370103")).status_code == 201


def test_patch_changes_only_the_fields_sent(world):
    client = bearer(world.lixia)
    path = f"/api/organizations/{world.enterprise_a.pk}"
    response = post(client, path, {"headcount": 330, "address": "历下区经十路 1 号"}, method="patch")
    assert response.status_code == 200, response.content
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.headcount == 330 and world.enterprise_a.name == "济南泉城机械有限公司"
    assert post(client, path, {"name": None}, method="patch").json()["detail"][0]["loc"] == ["body", "name"]
    assert post(client, path, {"region": "370103"}, method="patch").status_code == 403
    assert (
        post(client, f"/api/organizations/{world.enterprise_b.pk}", {"headcount": 1}, method="patch").status_code == 404
    )
    assert post(bearer(world.hr_a), path, {"headcount": 1}, method="patch").status_code == 403
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.headcount == 330 and world.enterprise_a.region_id == "370102"


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lixia, backend="django.contrib.auth.backends.ModelBackend")
    assert post(client, "/api/organizations", new_enterprise()).status_code == 403
    assert not Organization.objects.filter(name="济南历下新材料有限公司").exists()


# --- the apitoken command -----------------------------------------------------------------------


def test_apitoken_command_prints_a_working_token_once(world, capsys):
    call_command("apitoken", "hr_a", "--name", "payroll sync")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    row = ApiToken.objects.get(user=world.hr_a)
    assert row.name == "payroll sync" and row.digest == ApiToken.hash(token) and token.startswith(row.prefix)
    assert ids(Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/organizations")) == {world.enterprise_a.pk}


def test_apitoken_command_refuses_an_unknown_user(world):
    with pytest.raises(CommandError):
        call_command("apitoken", "nobody", "--name", "x")
    assert ApiToken.objects.count() == 0
