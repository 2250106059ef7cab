"""Campaign fixtures: the four parties' offices at county (Lixia), city (Jinan) and province
level, each with one staff user, beside the named world of tests/world.py.

| user | office |
|---|---|
| lixia, union_lixia, ef_lixia, cf_lixia | 历下区 人社局, 总工会, 企业联合会, 工商联 |
| city, union_city, ef_city, cf_city | 济南市 … |
| province, union_province, ef_province, cf_province | 山东省 … |
"""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hexie.campaign.models import Indicator, IndicatorSystem, Round, SubjectKind
from tests.world import make_org, make_user

PARTY_OFFICES = {
    "370102": ("lixia", "济南市历下区"),
    "370100": ("city", "济南市"),
    "370000": ("province", "山东省"),
}
OFFICE_NAMES = {
    "union": "总工会",
    "enterprise_federation": "企业联合会",
    "commerce_federation": "工商业联合会",
}
USER_PREFIX = {"union": "union", "enterprise_federation": "ef", "commerce_federation": "cf"}


def make_system(subject_kind=SubjectKind.ENTERPRISE, code="TEST-ENT") -> IndicatorSystem:
    """A small published system: two yes/no items, one graded, one veto item."""
    system = IndicatorSystem.objects.create(
        code=code, name="测试评价体系", subject_kind=subject_kind, pass_score=Decimal("60")
    )
    group = Indicator.objects.create(
        system=system, code="1", name="劳动用工", method="group", order=1, max_score=Decimal("60")
    )
    Indicator.objects.create(
        system=system,
        parent=group,
        code="1.1",
        name="依法签订劳动合同",
        method="boolean",
        max_score=Decimal("30"),
        order=1,
        evidence_required=True,
        evidence_hint="劳动合同台账",
    )
    Indicator.objects.create(
        system=system, parent=group, code="1.2", name="建立工会组织", method="boolean", max_score=Decimal("30"), order=2
    )
    Indicator.objects.create(
        system=system,
        code="2",
        name="职工满意度",
        method="graded",
        order=2,
        max_score=Decimal("40"),
        options=[{"label": "高", "score": 40}, {"label": "中", "score": 20}, {"label": "低", "score": 0}],
    )
    Indicator.objects.create(system=system, code="V1", name="发生严重拖欠工资", method="boolean", order=3, is_veto=True)
    system.status = IndicatorSystem.Status.PUBLISHED
    system.published_at = timezone.now()
    system.save()
    return system


def make_round(system, region_code="370000", *, opens=None, closes=None, quotas=None, name="2026年度创建评选"):
    from hexie.core.models import Region

    today = timezone.localdate()
    return Round.objects.create(
        name=name,
        year=today.year,
        subject_kind=system.subject_kind,
        system=system,
        region=Region.objects.get(code=region_code),
        opens=opens or today - timedelta(days=10),
        closes=closes or today + timedelta(days=30),
        quotas=quotas if quotas is not None else {"county": 2},
    )


@pytest.fixture
def campaign(world):
    """The world plus the union, enterprise-federation and commerce-federation offices (and one staff
    user each) at Lixia, Jinan and Shandong, a published enterprise system and an open provincial round."""
    rng = random.Random(3)
    for region_code, (prefix, place) in PARTY_OFFICES.items():
        for kind, office in OFFICE_NAMES.items():
            key = f"{USER_PREFIX[kind]}_{prefix}"
            org = world.orgs.get(f"{prefix}_union") if kind == "union" and prefix == "lixia" else None
            if org is None:
                org = make_org(rng, f"{place}{office}", kind, region_code)
                world.orgs[f"{kind}_{prefix}"] = org
            if key not in world.users:
                world.users[key] = make_user(key, org=org, role="staff")
    world.orgs["evaluator_org"] = make_org(rng, "山东和谐评估咨询有限公司", "evaluator", "370100")
    world.users["evaluator"] = make_user("evaluator", org=world.orgs["evaluator_org"], role="evaluator")
    world.orgs["park_lixia"] = make_org(rng, "历下科创园区", "park", "370102")
    world.users["park_staff"] = make_user("park_staff", org=world.orgs["park_lixia"], role="staff")
    system = make_system()
    world.__dict__["system"] = system
    world.__dict__["round"] = make_round(system, quotas={"county": 2, "city": 2, "province": 1})
    return world


PARTIES = {
    "county": ["lixia", "union_lixia", "ef_lixia", "cf_lixia"],
    "city": ["city", "union_city", "ef_city", "cf_city"],
    "province": ["province", "union_province", "ef_province", "cf_province"],
}


def fill_self_assessment(application, values=None):
    """Answers for every leaf of the system, written directly (the form and service are tested apart)."""
    from hexie.campaign.models import Answer

    values = values or {}
    for indicator in application.self_assessment.system.indicators.exclude(method="group"):
        default = "低" if indicator.method == "graded" else (indicator.code != "V1")
        Answer.objects.update_or_create(
            assessment=application.self_assessment,
            indicator=indicator,
            defaults={"value": values.get(indicator.code, default)},
        )


def today() -> date:
    return timezone.localdate()
