"""A small named province for tests, told like a story (the Healthchecks way).

Lixia (历下区, 370102) and Shizhong (市中区, 370103) are two counties of Jinan (3701); Qingdao's
Shinan (370202) is another city. Each county has its labor office; Alice works at Lixia's
Quancheng Machinery (泉城机械), Bob at Shizhong's Baotu Foods (趵突食品).

| user | role |
|---|---|
| province | staff of 山东省人力资源和社会保障厅 (all 37…) |
| city | staff of 济南市人社局 (3701…) |
| lixia / shizhong | staff of each county's labor office |
| union_lixia | staff of 历下区总工会 |
| hr_a / hr_b | HR of Quancheng Machinery / Baotu Foods |
| alice / bob | workers, each linked to their own person record |
| mediator | mediator of 历下区劳动人事争议调解委员会 |
| mediator_shizhong | mediator of 市中区劳动人事争议调解委员会 (another county) |
| arbitrator | arbitrator of 历下区劳动人事争议仲裁委员会 |
| court_liaison | liaison of 济南市历下区人民法院 |
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from hexie.core.models import Employment, Membership, Organization, Person, Region
from hexie.demo.identity import make_id_number, make_uscc

PASSWORD = "hexie-test-password-2026"


@dataclass
class World:
    users: dict
    orgs: dict
    people: dict
    employments: dict

    def __getattr__(self, name):
        for table in ("users", "orgs", "people", "employments"):
            found = self.__dict__[table].get(name) if table in self.__dict__ else None
            if found is not None:
                return found
        raise AttributeError(name)


def make_org(rng, name, kind, region_code, **extra) -> Organization:
    uscc = make_uscc(rng, region_code, registrar="9" if kind == "enterprise" else "1")
    return Organization.objects.create(
        name=name, kind=kind, uscc=uscc, region=Region.objects.get(code=region_code), **extra
    )


def make_person(rng, name, region_code, *, birth=date(1990, 5, 17), sex="F", phone="13800000000") -> Person:
    person = Person(name=name, region=Region.objects.get(code=region_code))
    person.set_id_number(make_id_number(rng, region_code, birth, sex))
    person.set_phone(phone)
    person.save()
    return person


def make_user(username, *, org=None, role=None, person=None, superuser=False):
    User = get_user_model()
    user = User.objects.create_user(username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser)
    if org is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def build_world() -> World:
    rng = random.Random(2026)
    o = {
        "province_office": make_org(rng, "山东省人力资源和社会保障厅", "government", "370000"),
        "city_office": make_org(rng, "济南市人力资源和社会保障局", "government", "370100"),
        "lixia_office": make_org(rng, "济南市历下区人力资源和社会保障局", "government", "370102"),
        "shizhong_office": make_org(rng, "济南市市中区人力资源和社会保障局", "government", "370103"),
        "lixia_union": make_org(rng, "济南市历下区总工会", "union", "370102"),
        "lixia_mediation": make_org(rng, "历下区劳动人事争议调解委员会", "mediation", "370102"),
        "shizhong_mediation": make_org(rng, "市中区劳动人事争议调解委员会", "mediation", "370103"),
        "lixia_arbitration": make_org(rng, "济南市历下区劳动人事争议仲裁委员会", "arbitration", "370102"),
        "lixia_court": make_org(rng, "济南市历下区人民法院", "court", "370102"),
        "enterprise_a": make_org(rng, "济南泉城机械有限公司", "enterprise", "370102", industry="C", headcount=320),
        "enterprise_b": make_org(rng, "济南趵突食品有限公司", "enterprise", "370103", industry="C", headcount=150),
        "enterprise_qd": make_org(rng, "青岛海滨物流有限公司", "enterprise", "370202", industry="G", headcount=80),
    }
    p = {
        "alice_person": make_person(rng, "王丽", "370102", sex="F", phone="13800000001"),
        "bob_person": make_person(rng, "李强", "370103", birth=date(1985, 3, 2), sex="M", phone="13800000002"),
        "carol_person": make_person(rng, "张敏", "370102", birth=date(1995, 11, 30), sex="F", phone="13800000003"),
    }
    e = {
        "alice_job": Employment.objects.create(
            person=p["alice_person"], enterprise=o["enterprise_a"], start=date(2022, 3, 1), position="装配工"
        ),
        "bob_job": Employment.objects.create(
            person=p["bob_person"], enterprise=o["enterprise_b"], start=date(2021, 7, 15), position="质检员"
        ),
        "carol_job": Employment.objects.create(
            person=p["carol_person"], enterprise=o["enterprise_a"], start=date(2023, 9, 1), position="会计"
        ),
    }
    u = {
        "admin": make_user("admin", superuser=True),
        "province": make_user("province", org=o["province_office"], role="staff"),
        "city": make_user("city", org=o["city_office"], role="staff"),
        "lixia": make_user("lixia", org=o["lixia_office"], role="staff"),
        "shizhong": make_user("shizhong", org=o["shizhong_office"], role="staff"),
        "union_lixia": make_user("union_lixia", org=o["lixia_union"], role="staff"),
        "hr_a": make_user("hr_a", org=o["enterprise_a"], role="hr"),
        "hr_b": make_user("hr_b", org=o["enterprise_b"], role="hr"),
        "alice": make_user("alice", person=p["alice_person"]),
        "bob": make_user("bob", person=p["bob_person"]),
        "mediator": make_user("mediator", org=o["lixia_mediation"], role="mediator"),
        "mediator_shizhong": make_user("mediator_shizhong", org=o["shizhong_mediation"], role="mediator"),
        "arbitrator": make_user("arbitrator", org=o["lixia_arbitration"], role="arbitrator"),
        "court_liaison": make_user("court_liaison", org=o["lixia_court"], role="court_liaison"),
    }
    return World(users=u, orgs=o, people=p, employments=e)
