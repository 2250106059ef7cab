"""The wage fixtures and the models' scoping: a project is seen by its county and its chain only."""

from hexie.core.scoping import scoped
from hexie.wages.models import Project
from tests.wages.factory import enroll, make_project


def test_a_project_is_seen_by_its_county_and_the_companies_of_its_chain(world):
    lixia, shizhong = make_project(world), make_project(world, county="370103")
    enroll(lixia, world.alice_person)
    assert set(scoped(Project.objects.all(), world.city)) == {lixia, shizhong}
    for user in ("lixia", "hr_a"):
        assert set(scoped(Project.objects.all(), world.users[user])) >= {lixia}, user
        assert shizhong not in scoped(Project.objects.all(), world.users[user]), user
    assert set(scoped(Project.objects.all(), world.hr_b)) == {shizhong}
