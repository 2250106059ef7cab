"""The demo province generator, on its hidden tiny tier "T" (Jinan, Lixia and Shizhong, 50
enterprises, 500 workers): deterministic, valid codes, real regions, consistent headcounts, and
demo accounts that see exactly what their role should."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.utils import timezone
from stdnum.cn import ric, uscc

from hexie.core.models import Employment, Organization, Person, Region
from hexie.core.scoping import scoped
from hexie.demo import generator

pytestmark = pytest.mark.django_db


def fingerprint() -> dict:
    return {
        "usccs": set(Organization.objects.exclude(uscc=None).values_list("uscc", flat=True)),
        "id_hashes": set(Person.objects.values_list("id_hash", flat=True)),
        "names": list(Person.objects.order_by("id").values_list("name", "birth_date", "region_id")),
        "enterprises": list(
            Organization.objects.filter(kind="enterprise").order_by("id").values_list("name", "headcount")
        ),
        "jobs": list(Employment.objects.order_by("id").values_list("kind", "position", "start", "end")),
    }


def test_same_seed_gives_the_same_province_and_another_seed_another():
    first = generator.generate("T", seed=7)
    assert first.counts["enterprises"] == 50 and first.counts["people"] == 500
    seven = fingerprint()
    generator.reset()
    generator.generate("T", seed=7)
    assert fingerprint() == seven
    generator.reset()
    generator.generate("T", seed=8)
    eight = fingerprint()
    assert not eight["usccs"] & seven["usccs"]
    assert eight["id_hashes"] != seven["id_hashes"]
    assert eight["names"] != seven["names"]


def test_codes_are_valid_and_regions_real():
    generator.generate("T", seed=11)
    codes = set(Region.objects.values_list("code", flat=True))
    orgs = list(Organization.objects.all())
    assert all(o.region_id in codes for o in orgs)
    enterprise_codes = [o.uscc for o in orgs if o.kind == "enterprise"]
    assert len(enterprise_codes) == 50 and all(enterprise_codes)
    for code in (o.uscc for o in orgs if o.uscc):
        assert uscc.validate(code) == code
    assert len({o.uscc for o in orgs if o.uscc}) == len([o for o in orgs if o.uscc])
    people = list(Person.objects.all())
    assert len(people) == 500
    born_elsewhere = 0
    for person in people:
        assert person.region_id in codes
        number = person.id_number
        assert ric.validate(number) == number
        assert ric.get_birth_date(number) == person.birth_date
        assert person.sex == ("M" if int(number[16]) % 2 else "F")
        assert 18 <= person.age <= 61
        assert person.id_masked == number[:6] + "********" + number[-4:]
        assert len(person.phone_masked) == 11
        born_elsewhere += not number.startswith("37")
    assert 0 < born_elsewhere < 200  # some migrants, mostly Shandong natives
    assert len({p.id_hash for p in people}) == 500


def test_the_offices_of_each_level_are_named_like_the_real_ones():
    generator.generate("T", seed=3)
    named = dict(Organization.objects.exclude(kind="enterprise").values_list("name", "region_id"))
    assert named["山东省人力资源和社会保障厅"] == "370000"
    assert named["济南市人力资源和社会保障局"] == "370100"
    assert named["济南市历下区人力资源和社会保障局"] == "370102"
    assert named["济南市市中区总工会"] == "370103"
    assert named["济南市劳动人事争议仲裁委员会"] == "370100"
    assert named["济南市中级人民法院"] == "370100"
    assert named["济南市历下区解放路街道劳动关系服务站"] == "370102001"
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == set(Organization.Kind.values)
    in_park = Organization.objects.filter(kind="enterprise", parent__kind="park")
    assert in_park.exists()
    for enterprise in in_park.select_related("parent"):
        assert enterprise.region_id.startswith(enterprise.parent.region_id[:6])


def test_headcount_equals_active_employments_and_people_work_where_they_are():
    generator.generate("T", seed=5)
    today = timezone.localdate()
    active = dict(
        Organization.objects.filter(kind="enterprise")
        .annotate(n=Count("employments", filter=Q(employments__end__isnull=True) | Q(employments__end__gte=today)))
        .values_list("id", "n")
    )
    headcounts = dict(Organization.objects.filter(kind="enterprise").values_list("id", "headcount"))
    assert headcounts == active
    assert sum(headcounts.values()) > 400
    jobs = list(Employment.objects.select_related("enterprise", "person"))
    ended = [j for j in jobs if j.end is not None]
    assert 0.04 < len(ended) / len(jobs) < 0.2
    for job in jobs:
        assert date(2010, 1, 1) <= job.start < today
        assert job.end is None or job.start <= job.end < today
        assert job.start >= job.enterprise.established
    kinds = {j.kind for j in jobs}
    assert "contract" in kinds and len(kinds) >= 3
    for person in Person.objects.prefetch_related("employments__enterprise"):
        assert person.region_id in {j.enterprise.region_id for j in person.employments.all()}


def test_each_demo_account_sees_what_its_role_should():
    summary = generator.generate("T", seed=9)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=generator.DEMO_USERNAMES)}
    assert set(users) == set(generator.DEMO_USERNAMES)
    assert [u.username for u in summary.users] and all(u.check_password(generator.PASSWORD) for u in users.values())

    def org_ids(user):
        return set(scoped(Organization.objects.all(), user).values_list("id", flat=True))

    def orgs_under(prefix):
        return set(Organization.objects.filter(region__code__startswith=prefix).values_list("id", flat=True))

    everything = set(Organization.objects.values_list("id", flat=True))
    assert org_ids(users["admin"]) == everything
    assert org_ids(users["province"]) == everything == orgs_under("37")
    assert org_ids(users["evaluator"]) == everything
    for name in ("city", "union", "federation", "commerce", "arbitrator"):
        assert org_ids(users[name]) == orgs_under("3701") != everything, name
    assert org_ids(users["county"]) == orgs_under("370102")
    assert org_ids(users["mediator"]) == orgs_under("370102")
    assert org_ids(users["coordinator"]) == orgs_under("370102001")
    assert orgs_under("370102001") < orgs_under("370102") < orgs_under("3701")

    hr = users["hr"]
    enterprise = hr.memberships.get().organization
    assert enterprise.kind == "enterprise" and enterprise.region_id.startswith("370102")
    assert org_ids(hr) == {enterprise.id}
    staff_ids = set(Person.objects.filter(employments__enterprise=enterprise).values_list("id", flat=True))
    assert staff_ids and set(scoped(Person.objects.all(), hr).values_list("id", flat=True)) == staff_ids

    worker = users["worker"]
    person = worker.person
    assert person.employments.filter(enterprise=enterprise, end__isnull=True).exists()
    assert list(scoped(Person.objects.all(), worker)) == [person]
    assert set(scoped(Employment.objects.all(), worker)) == set(person.employments.all())
    assert not scoped(Organization.objects.all(), worker).exists()

    county_people = set(Person.objects.filter(region__code__startswith="370102").values_list("id", flat=True))
    assert set(scoped(Person.objects.all(), users["county"]).values_list("id", flat=True)) == county_people
    assert Person.objects.count() > len(county_people) > 0


def test_command_refuses_a_filled_database_without_reset():
    out = io.StringIO()
    call_command("demo", "--scale", "t", "--seed", "1", stdout=out)
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", "--scale", "T", "--seed", "2")
    before = set(Organization.objects.values_list("uscc", flat=True))
    call_command("demo", "--scale", "T", "--seed", "2", "--reset")
    after = set(Organization.objects.values_list("uscc", flat=True))
    assert Organization.objects.filter(kind="enterprise").count() == 50
    assert Person.objects.count() == 500
    assert before != after
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    call_command("demo", "--scale", "T", "--seed", "3", "--keep")
    assert set(Organization.objects.values_list("uscc", flat=True)) == after
