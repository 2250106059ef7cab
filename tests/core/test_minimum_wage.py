"""The minimum-wage table: lookup by the most specific region and date, the per-process cache, staff
editing and its limits, the MWR annex hourly formula and the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hexie.core import minimum_wage as table
from hexie.core.minimum_wage import hourly_from_monthly, minimum_wage, standard_on
from hexie.core.models import MinimumWage

pytestmark = pytest.mark.django_db

SEEDED = date(2023, 10, 1)


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def add(region, effective_from, monthly, hourly, tier=1):
    return MinimumWage.objects.create(
        region_id=region, effective_from=effective_from, monthly=Decimal(monthly), hourly=Decimal(hourly), tier=tier
    )


def test_the_seed_gives_a_province_floor_and_dongying_tier_one():
    province = MinimumWage.objects.get(region_id="370000")
    assert (province.tier, province.monthly, province.hourly, province.confirmed) == (
        3,
        Decimal("1820.00"),
        Decimal("18.00"),
        False,
    )
    dongying = MinimumWage.objects.get(region_id="370500")
    assert (dongying.tier, dongying.monthly, dongying.confirmed) == (1, Decimal("2200.00"), True)
    # a Dongying district uses the city row, a Jinan district the province floor
    assert minimum_wage("370502", date(2024, 5, 1)) == Decimal("2200.00")
    assert minimum_wage("370102", date(2024, 5, 1)) == Decimal("1820.00")
    assert minimum_wage("370102", date(2024, 5, 1), hourly=True) == Decimal("18.00")


def test_lookup_takes_the_most_specific_region_in_force_on_the_day():
    add("370100", date(2024, 1, 1), "2200", "22")  # Jinan, tier 1 from 2024
    add("370102", date(2025, 7, 1), "2300", "23")  # Lixia, later still
    # before any row at all
    assert minimum_wage("370102", date(2023, 9, 30)) is None
    assert standard_on("370102001", date(2023, 9, 30)) is None
    # only the province row is in force
    assert minimum_wage("370102", date(2023, 12, 31)) == Decimal("1820.00")
    # the city row from its first day; a township looks up through county and city
    assert minimum_wage("370102", date(2024, 1, 1)) == Decimal("2200.00")
    assert minimum_wage("370102001", date(2024, 6, 1)) == Decimal("2200.00")
    # the county's own row wins once in force, but not for its neighbour
    assert minimum_wage("370102", date(2025, 7, 1)) == Decimal("2300.00")
    assert minimum_wage("370103", date(2025, 7, 1)) == Decimal("2200.00")
    # a later row of the same region replaces the earlier one from its date
    add("370000", date(2026, 1, 1), "1900", "19", tier=3)
    assert minimum_wage("370202", date(2025, 12, 31)) == Decimal("1820.00")
    assert minimum_wage("370202", date(2026, 1, 1)) == Decimal("1900.00")


def test_the_cache_is_dropped_when_staff_add_a_row(world, client):
    assert minimum_wage("370102", date(2025, 1, 1)) == Decimal("1820.00")  # loads the cache
    response = login(client, world.province).post(
        reverse("minimum-wage-list"),
        {
            "region": "370102",
            "tier": 1,
            "monthly": "2200.00",
            "hourly": "22.00",
            "effective_from": "2024-10-01",
            "source": "测试文件",
        },
    )
    assert response.status_code == 302
    row = MinimumWage.objects.get(region_id="370102")
    assert row.created_by == world.province
    assert minimum_wage("370102", date(2025, 1, 1)) == Decimal("2200.00")
    client.post(reverse("minimum-wage-delete", kwargs={"pk": row.pk}))
    assert not MinimumWage.objects.filter(pk=row.pk).exists()
    assert minimum_wage("370102", date(2025, 1, 1)) == Decimal("1820.00")


def test_the_cache_holds_rows_saved_behind_its_back_until_invalidated():
    assert minimum_wage("370102", date(2025, 1, 1)) == Decimal("1820.00")
    MinimumWage.objects.bulk_create(
        [MinimumWage(region_id="370102", tier=1, monthly=2200, hourly=22, effective_from=date(2024, 1, 1))]
    )
    assert minimum_wage("370102", date(2025, 1, 1)) == Decimal("1820.00")  # bulk_create sends no signal
    table.invalidate()
    assert minimum_wage("370102", date(2025, 1, 1)) == Decimal("2200.00")


@pytest.mark.parametrize("viewer", ["lixia", "city", "hr_a"])
def test_county_and_city_staff_cannot_add_rows(world, client, viewer):
    before = MinimumWage.objects.count()
    response = login(client, world.users[viewer]).post(
        reverse("minimum-wage-list"),
        {"region": "370102", "tier": 1, "monthly": "2200.00", "hourly": "22.00", "effective_from": "2024-10-01"},
    )
    assert response.status_code == 403
    assert MinimumWage.objects.count() == before
    page = client.get(reverse("minimum-wage-list"))
    assert page.status_code == 200
    assert "2200.00" in page.content.decode()  # everyone logged in reads the table
    assert reverse("minimum-wage-delete", kwargs={"pk": MinimumWage.objects.first().pk}) not in page.content.decode()


def test_a_duplicate_region_and_date_is_refused_on_the_field(world, client):
    response = login(client, world.province).post(
        reverse("minimum-wage-list"),
        {"region": "370500", "tier": 1, "monthly": "2300.00", "hourly": "23.00", "effective_from": "2023-10-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "effective_from" in form.errors
    assert MinimumWage.objects.get(region_id="370500").monthly == Decimal("2200.00")


def test_amounts_must_be_positive_and_odd_hourly_figures_only_warn(world, client):
    login(client, world.admin)
    url = reverse("minimum-wage-list")
    response = client.post(
        url, {"region": "370100", "tier": 1, "monthly": "0", "hourly": "-1", "effective_from": "2024-01-01"}
    )
    assert set(response.context["form"].errors) == {"monthly", "hourly"}
    assert not MinimumWage.objects.filter(region_id="370100").exists()
    response = client.post(
        url,
        {"region": "370100", "tier": 1, "monthly": "2200", "hourly": "220", "effective_from": "2024-01-01"},
        follow=True,
    )
    assert MinimumWage.objects.filter(region_id="370100", hourly=Decimal("220")).exists()
    assert any(m.level_tag == "warning" for m in response.context["messages"])


def test_the_mwr_hourly_formula():
    # 2092 ÷ 20.92 ÷ 8 = 12.50 exactly with no contributions
    assert hourly_from_monthly(Decimal("2092"), Decimal("0"), Decimal("0"), Decimal("0")) == Decimal("12.50")
    # 2200 ÷ 20.92 ÷ 8 = 13.14532; × 1.23 (16% pension + 7% medical) = 16.16874; × 1.35 = 21.8278
    assert hourly_from_monthly(Decimal("2200"), Decimal("0.16"), Decimal("0.07"), Decimal("0.35")) == Decimal("21.83")
    assert hourly_from_monthly(Decimal("2200"), Decimal("0.16"), Decimal("0.07")) == Decimal("16.17")


def test_the_api_gives_the_standard_that_applies(world, client):
    add("370102", date(2025, 7, 1), "2300", "23")
    login(client, world.alice)
    url = reverse("api:list_minimum_wages")
    everything = client.get(url).json()
    assert {r["region"] for r in everything["items"]} == {"370000", "370500", "370102"}
    applies = client.get(url, {"region": "370102", "on": "2025-07-01"}).json()["items"]
    assert [r["region"] for r in applies] == ["370102", "370000"]
    assert Decimal(applies[0]["monthly"]) == Decimal("2300") and applies[0]["confirmed"] is False
    earlier = client.get(url, {"region": "370102", "on": "2025-06-30"}).json()["items"]
    assert [(r["region"], Decimal(r["monthly"])) for r in earlier] == [("370000", Decimal("1820"))]
    assert client.get(url, {"region": "370502", "on": "2020-01-01"}).json()["items"] == []
    assert client.get(url, {"region": "abc"}).status_code == 422
    client.logout()
    assert client.get(url).status_code == 401
