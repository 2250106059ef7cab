"""Signing statistics on a small hand-counted province (counted on `ON`):

| enterprise (region, industry) | contract employments | in force | unsigned > 1 month | platform (agreed) | expiring |
|---|---|---|---|---|---|
| Quancheng Machinery (Lixia 370102, C) | Alice, Carol, Dave (started 10 days ago) | Alice | Carol | Erin (1) | 0 |
| Baotu Foods (Shizhong 370103, C) | Bob | Bob (ends in 10 days) | — | — | 1 |
| Qingdao Binhai Logistics (Shinan 370202, G) | Hai | — | Hai | — | 0 |

Not counted: Frank (left Quancheng last year, his old contract still marked in force), Gina
(dispatched), Alice's draft of a change, Carol's contract still awaiting her signature.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from hexie.contracts.indicators import region_signing_rate, signing_rate, unsigned_past_month
from hexie.contracts.models import Kind
from hexie.contracts.services.statistics import statistics, totals, user_statistics
from hexie.core.models import Employment, Organization, Region
from hexie.core.registries import INDICATORS, KPIS, RISK_SIGNALS
from tests.contracts.factory import make_contract
from tests.world import make_org, make_person

ON = date(2026, 6, 15)
D = Decimal


@pytest.fixture
def province(world):
    rng = random.Random(7)
    a, b, qd = world.enterprise_a, world.enterprise_b, world.enterprise_qd
    people = {
        name: make_person(rng, label, region, phone="")
        for name, label, region in [
            ("dave", "赵伟", "370102"),
            ("erin", "钱芳", "370102"),
            ("frank", "孙涛", "370102"),
            ("gina", "周静", "370102"),
            ("hai", "吴海", "370202"),
        ]
    }
    job = Employment.objects.create
    job(person=people["dave"], enterprise=a, start=ON - timedelta(days=10))
    job(person=people["erin"], enterprise=a, start=date(2025, 1, 1), kind=Employment.Kind.PLATFORM)
    job(person=people["frank"], enterprise=a, start=date(2020, 1, 1), end=date(2025, 12, 31))
    job(person=people["gina"], enterprise=a, start=date(2024, 1, 1), kind=Employment.Kind.DISPATCH)
    job(person=people["hai"], enterprise=qd, start=date(2025, 5, 1))
    make_contract(a, world.alice_person, status="in_force", end=date(2028, 12, 31))
    make_contract(a, world.alice_person, status="draft")
    make_contract(a, world.carol_person, status="awaiting_worker")
    make_contract(a, people["frank"], status="in_force")
    make_contract(a, people["erin"], status="in_force", kind=Kind.PLATFORM, end=date(2027, 12, 31))
    make_contract(b, world.bob_person, status="in_force", end=ON + timedelta(days=10))
    return world


def numbers(row):
    return (row.employed, row.signed, row.rate, row.unsigned_past_month, row.expiring)


def test_per_enterprise(province):
    w = province
    rows = {int(r.key): r for r in statistics(_all(), group="enterprise", on_date=ON)}
    assert numbers(rows[w.enterprise_a.pk]) == (3, 1, D("33.33"), 1, 0)
    assert (rows[w.enterprise_a.pk].platform_workers, rows[w.enterprise_a.pk].platform_signed) == (1, 1)
    assert numbers(rows[w.enterprise_b.pk]) == (1, 1, D("100.00"), 0, 1)
    assert numbers(rows[w.enterprise_qd.pk]) == (1, 0, D("0.00"), 1, 0)
    assert rows[w.enterprise_a.pk].label == "济南泉城机械有限公司"


def test_per_region_with_drill_down(province):
    rows = {r.key: r for r in statistics(_all(), group="region", prefix="37", on_date=ON)}
    assert numbers(rows["3701"]) == (4, 2, D("50.00"), 1, 1)
    assert numbers(rows["3702"]) == (1, 0, D("0.00"), 1, 0)
    assert rows["3701"].label == "济南市"
    rows = {r.key: r for r in statistics(_all(), group="region", prefix="3701", on_date=ON)}
    assert set(rows) == {"370102", "370103"}
    assert numbers(rows["370102"]) == (3, 1, D("33.33"), 1, 0)
    assert numbers(rows["370103"]) == (1, 1, D("100.00"), 0, 1)
    total = totals(rows.values())
    assert numbers(total) == (4, 2, D("50.00"), 1, 1)


def test_per_industry(province):
    rows = {r.key: r for r in statistics(_all(), group="industry", on_date=ON)}
    assert numbers(rows["C"]) == (4, 2, D("50.00"), 1, 1)
    assert numbers(rows["G"]) == (1, 0, D("0.00"), 1, 0)
    assert rows["C"].label == "制造业"


def test_the_first_month_is_not_yet_unsigned(province):
    """Dave started 10 days ago; a month after his first day he counts (LCL-10)."""
    later = ON + timedelta(days=21)
    rows = {int(r.key): r for r in statistics(_all(), group="enterprise", on_date=later)}
    assert rows[province.enterprise_a.pk].unsigned_past_month == 2


def test_scope_lixia_never_sees_shizhong_and_hr_only_their_enterprise(province):
    w = province
    lixia = user_statistics(w.lixia, group="enterprise", on_date=ON)
    assert [int(r.key) for r in lixia] == [w.enterprise_a.pk]
    lixia_regions = user_statistics(w.lixia, group="region", on_date=ON)
    assert {r.key for r in lixia_regions} == {"370102"}  # registered at the county itself: its own level
    assert "本级" in lixia_regions[0].label
    assert user_statistics(w.lixia, group="region", region="3701", on_date=ON)[0].key == "370102"
    assert [int(r.key) for r in user_statistics(w.hr_a, group="enterprise", on_date=ON)] == [w.enterprise_a.pk]
    assert user_statistics(w.alice, on_date=ON) == []
    assert {r.key for r in user_statistics(w.city, group="region", on_date=ON)} == {"370102", "370103"}


def test_the_campaign_indicator(province):
    w = province
    assert INDICATORS["contracts.signing_rate"].func is signing_rate
    assert signing_rate(w.enterprise_a, ON) == D("33.33")
    park = make_org(random.Random(3), "历下经济开发区", "park", "370102")
    township = Organization.objects.create(
        name="济南市市中区某街道", kind="township", region=Region.objects.get(code="370103")
    )
    empty = make_org(random.Random(4), "空壳公司", "enterprise", "370102")
    units = [w.enterprise_a, w.enterprise_b.pk, w.enterprise_qd, park, township, empty]
    assert signing_rate.many(units, ON) == {
        w.enterprise_a.pk: D("33.33"),
        w.enterprise_b.pk: D("100.00"),
        park.pk: D("33.33"),  # the enterprises of Lixia
        township.pk: D("100.00"),  # of Shizhong
    }
    # Qingdao Binhai keeps no contract on the platform: no data, so the campaign takes the
    # self-reported rate and its evidence; with a record (even a cancelled draft) its 0% counts.
    assert signing_rate(w.enterprise_qd, ON) is None and signing_rate(empty, ON) is None
    make_contract(w.enterprise_qd, w.bob_person, status="cancelled")
    assert signing_rate(w.enterprise_qd, ON) == D("0.00")


def test_the_campaign_scores_it(province):
    from hexie.campaign.rules import IndicatorSpec, ScoringPlan, score_assessment

    leaf = IndicatorSpec(
        code="E2.4",
        parent=None,
        method="computed",
        max_score=D("7"),
        name="劳动合同签订率",
        options={"linear": {"target": 100, "step": 0.2, "per": 1}},
        computed_key="contracts.signing_rate",
    )
    plan = ScoringPlan([leaf], D("0"))

    def score(enterprise):
        return score_assessment(plan, {}, {"contracts.signing_rate": signing_rate(enterprise, ON)}).total

    assert score(province.enterprise_b) == D("7")  # 100%: full marks
    assert score(province.enterprise_a) == D("0")  # 66.67 points short × 0.2 > 7: nothing left


def test_kpi_and_risk_signal(province):
    w = province
    assert KPIS["contracts.signing_rate"].func is region_signing_rate
    assert region_signing_rate("3701", ON) == D("50.00")
    assert region_signing_rate("37", ON) == D("40.00")
    assert region_signing_rate("3799", ON) is None
    assert RISK_SIGNALS["contracts.unsigned_past_month"].func is unsigned_past_month
    assert unsigned_past_month("37", ON) == sorted([(w.enterprise_a.pk, 1), (w.enterprise_qd.pk, 1)])
    assert unsigned_past_month("370103", ON) == []


def _all():
    from django.db.models import Q

    return Q()


# --- pages and API -------------------------------------------------------------------------------


def test_the_page_for_lixia_staff(province, client_for):
    page = client_for(province.lixia).get(reverse("contracts:statistics"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "济南趵突食品有限公司" not in text and "市中区" not in text
    assert "hexie-chart" in text and "echarts.min.js" in text
    by_enterprise = client_for(province.lixia).get(reverse("contracts:statistics"), {"group": "enterprise"})
    assert "济南泉城机械有限公司" in by_enterprise.content.decode()


def test_the_page_for_city_staff_drills_down(province, client_for):
    client = client_for(province.city)
    text = client.get(reverse("contracts:statistics")).content.decode()
    assert "历下区" in text and "市中区" in text and "?group=region&amp;region=370102" in text
    assert "青岛" not in text
    county = client.get(reverse("contracts:statistics"), {"region": "370102"}).content.decode()
    assert "历下区（本级）" in county and "市中区" not in county.split("breadcrumb")[-1]
    assert '?group=region&amp;region=370102">历下区（本级）' not in county


def test_the_xlsx_export_is_scoped(province, client_for):
    from io import BytesIO

    import openpyxl

    response = client_for(province.hr_a).get(reverse("contracts:statistics-export"), {"group": "enterprise"})
    book = openpyxl.load_workbook(BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "名称"
    assert [r[0] for r in rows[1:]] == ["济南泉城机械有限公司", "合计"]
    assert rows[1][1:4] == (3, 1, 2)


def test_the_api(province, client_for):
    client = client_for(province.province)
    response = client.get("/api/contracts/statistics", {"group": "region", "region": "37"})
    assert response.status_code == 200
    data = response.json()
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["3701"]["employed"] == 4 and rows["3701"]["signed"] == 2
    assert data["total"]["employed"] == 5
    assert data["group"] == "region" and data["region"] == "37"
    lixia = client_for(province.lixia).get("/api/contracts/statistics", {"group": "region", "region": "3701"}).json()
    assert [r["key"] for r in lixia["rows"]] == ["370102"]
    bad = client.get("/api/contracts/statistics", {"group": "everything"})
    assert bad.status_code == 422


def test_the_api_rates_are_percent_numbers(province, client_for):
    data = client_for(province.hr_a).get("/api/contracts/statistics", {"group": "enterprise"}).json()
    (row,) = data["rows"]
    assert row["label"] == "济南泉城机械有限公司" and row["employed"] == 3
    assert row["rate"] == "33.33"  # Decimal: a string in JSON, never a float


def test_hr_starts_from_their_enterprise(province, client_for):
    text = client_for(province.hr_a).get(reverse("contracts:statistics")).content.decode()
    assert "济南泉城机械有限公司" in text and "济南趵突食品有限公司" not in text
