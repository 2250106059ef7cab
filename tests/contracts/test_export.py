"""The JSON export (issue 4, part 9): the model text's field names, masked ID numbers, the caller's
scope, per enterprise or region, by page download and API."""

import json

import pytest
from django.urls import reverse

from hexie.contracts.models import Kind
from hexie.contracts.services.export import FIELDS
from tests.contracts.factory import make_contract


@pytest.fixture
def contracts(world):
    return {
        "alice": make_contract(world.enterprise_a, world.alice_person, status="in_force"),
        "carol": make_contract(world.enterprise_a, world.carol_person, status="awaiting_worker", kind=Kind.LABOR),
        "draft": make_contract(world.enterprise_a, world.carol_person),
        "bob": make_contract(world.enterprise_b, world.bob_person, status="in_force"),
    }


def download(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def test_field_names_values_and_masked_ids(world, client_for, contracts):
    records = download(client_for(world.hr_a), reverse("contracts:export-json"), enterprise=world.enterprise_a.pk)
    by_number = {r["合同编号"]: r for r in records}
    assert set(by_number) == {contracts["alice"].number, contracts["carol"].number}  # no draft
    alice = by_number[contracts["alice"].number]
    assert list(alice) == [name for name, _value in FIELDS]
    assert alice["用人单位名称"] == "济南泉城机械有限公司"
    assert alice["劳动者姓名"] == "王丽"
    assert alice["合同期限类型"] == "固定期限"
    assert alice["合同起始日期"] == "2026-01-01" and alice["试用期截止日期"] == "2026-02-28"
    assert alice["工作岗位"] == "装配工" and alice["工作地点"] == "济南市"
    assert alice["工时制度"] == "标准工时制" and alice["劳动报酬"] == "5000.00"
    assert alice["合同状态"] == "履行中"
    masked = alice["劳动者身份证号码"]
    assert masked == world.alice_person.id_masked and "*" in masked
    full = world.alice_person.id_number
    assert full not in json.dumps(records, ensure_ascii=False)


def test_scope_and_region(world, client_for, contracts):
    url = reverse("contracts:export-json")
    assert download(client_for(world.hr_a), url, enterprise=world.enterprise_b.pk) == []
    numbers = {r["合同编号"] for r in download(client_for(world.lixia), url, region="37")}
    assert numbers == {contracts["alice"].number, contracts["carol"].number}
    numbers = {r["合同编号"] for r in download(client_for(world.city), url, region="370103")}
    assert numbers == {contracts["bob"].number}
    mine = download(client_for(world.alice), url)
    assert [r["合同编号"] for r in mine] == [contracts["alice"].number]


def test_the_api(world, client_for, contracts):
    client = client_for(world.hr_b)
    records = download(client, "/api/contracts/export", enterprise=world.enterprise_b.pk)
    assert [r["合同编号"] for r in records] == [contracts["bob"].number]
    assert download(client, "/api/contracts/export", region="370102") == []
    assert client.get("/api/contracts/export", {"region": "abc"}).status_code == 422


def test_english_pages_still_export_chinese_labels(world, client_for, contracts):
    client = client_for(world.hr_a)
    response = client.get("/api/contracts/export", {"enterprise": world.enterprise_a.pk}, HTTP_ACCEPT_LANGUAGE="en")
    records = json.loads(b"".join(response.streaming_content))
    assert {r["合同状态"] for r in records} == {"履行中", "待劳动者签署"}
