from hexie.core.models import Employment, Organization, Person
from hexie.core.scoping import roles_on, scoped


def names(qs):
    return sorted(str(x.name) for x in qs)


def test_province_staff_see_the_whole_province(world):
    assert scoped(Organization.objects.all(), world.province).count() == Organization.objects.count()
    assert scoped(Person.objects.all(), world.province).count() == 3


def test_city_staff_see_their_city_only(world):
    visible = names(scoped(Organization.objects.all(), world.city))
    assert "青岛海滨物流有限公司" not in visible
    assert "济南泉城机械有限公司" in visible and "济南趵突食品有限公司" in visible


def test_county_staff_see_their_county_only(world):
    assert "济南趵突食品有限公司" not in names(scoped(Organization.objects.all(), world.lixia))
    assert names(scoped(Person.objects.all(), world.lixia)) == ["张敏", "王丽"]
    assert set(scoped(Employment.objects.all(), world.shizhong)) == {world.bob_job}


def test_enterprise_hr_see_their_enterprise_and_its_workers(world):
    assert list(scoped(Organization.objects.all(), world.hr_a)) == [world.enterprise_a]
    assert names(scoped(Person.objects.all(), world.hr_a)) == ["张敏", "王丽"]
    assert set(scoped(Employment.objects.all(), world.hr_b)) == {world.bob_job}


def test_a_worker_sees_only_themselves(world):
    assert list(scoped(Person.objects.all(), world.alice)) == [world.alice_person]
    assert list(scoped(Employment.objects.all(), world.alice)) == [world.alice_job]
    assert scoped(Organization.objects.all(), world.alice).count() == 0


def test_mediators_see_organizations_of_their_region_but_not_people(world):
    assert world.enterprise_a in scoped(Organization.objects.all(), world.mediator)
    assert world.enterprise_b not in scoped(Organization.objects.all(), world.mediator)
    assert scoped(Person.objects.all(), world.mediator).count() == 0


def test_anonymous_users_see_nothing_private(world):
    from django.contrib.auth.models import AnonymousUser

    assert scoped(Person.objects.all(), AnonymousUser()).count() == 0


def test_roles_on_an_object_come_from_the_memberships_that_cover_it(world):
    assert roles_on(world.lixia, world.enterprise_a) == {"staff"}
    assert roles_on(world.lixia, world.enterprise_b) == set()
    assert roles_on(world.hr_a, world.enterprise_a) == {"hr"}
    assert roles_on(world.alice, world.alice_person) == {"worker"}
