"""Indicator systems: the national defaults, clone → edit → publish, frozen versions, scoring on the
version an assessment recorded, computed indicators through the registry, who may do what."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hexie.campaign.models import Answer, Assessment, Indicator, IndicatorSystem, VetoEvent
from hexie.campaign.services import systems as service
from hexie.core.models import Attachment, Organization, TimelineEntry
from hexie.core.registries import INDICATORS

ENTERPRISE, AREA = "HOP-2023-E", "HOP-2023-A"


def national(code=ENTERPRISE) -> IndicatorSystem:
    return IndicatorSystem.objects.get(code=code, version=1)


def answer_all(assessment, values: dict | None = None, *, best=True, evidence=True):
    """An answer for every scored leaf: the best answer unless `values` says otherwise, with evidence
    attached where it is required (unless `evidence` is False)."""
    values = values or {}
    proof = Attachment.objects.create(
        name="佐证.pdf", content_type="application/pdf", size=1, sha256="0" * 64, organization=assessment.organization
    )
    for indicator in assessment.system.indicators.exclude(method="group"):
        if indicator.code in values:
            value = values[indicator.code]
        elif indicator.is_veto:
            value = False
        elif indicator.method == "graded":
            value = "好" if best else "一般"
        elif indicator.method in ("threshold", "computed") and (
            "steps" in indicator.options or "linear" in indicator.options
        ):
            value = 100
        else:
            value = best
        answer, _ = Answer.objects.update_or_create(
            assessment=assessment, indicator=indicator, defaults={"value": value}
        )
        if evidence and indicator.evidence_required:
            answer.evidence.add(proof)


@pytest.mark.django_db
@pytest.mark.parametrize("code, groups, kind", [(ENTERPRISE, 9, "enterprise"), (AREA, 7, "area")])
def test_the_national_defaults_are_installed(code, groups, kind):
    system = national(code)
    assert system.status == IndicatorSystem.Status.PUBLISHED and system.owner_region is None
    assert system.subject_kind == kind and system.pass_score == D("80")
    top = system.indicators.filter(parent=None)
    assert top.filter(method="group").count() == groups
    assert top.filter(is_veto=True).count() >= 3
    assert sum(g.max_score for g in top.filter(method="group")) == D("100")
    for group in top.filter(method="group"):
        leaves = group.children.all()
        assert 2 <= leaves.count() <= 4, group.code
        assert sum(leaf.max_score for leaf in leaves) == group.max_score, group.code
    assert service.check_system(system) == []
    assert service.scoring_plan(system).max_total == D("100")


@pytest.mark.django_db
def test_the_published_park_table_is_data():
    area = national(AREA)
    signing = area.indicators.get(computed_key="contracts.signing_rate")
    assert signing.max_score == D("8") and signing.options["linear"] == {"target": 100, "step": 0.2, "per": 1}
    enterprise = national(ENTERPRISE)
    assert enterprise.indicators.get(computed_key="core.mediation_committee_present").method == "computed"
    assert enterprise.indicators.get(computed_key="surveys.satisfaction_rate").options["steps"][0] == [90, 12]


def test_a_published_system_is_frozen(world):
    system = national()
    system.name = "改名"
    with pytest.raises(ValidationError):
        system.save()
    indicator = system.indicators.get(code="E1.1")
    indicator.max_score = D("40")
    with pytest.raises(ValidationError):
        indicator.save()
    with pytest.raises(ValidationError):
        Indicator(system=system, code="NEW", name="新增", method="boolean").save()
    with pytest.raises(ValidationError):
        service.save_indicator(world.province, system, {"name": "改名"}, indicator)
    assert national().indicators.get(code="E1.1").max_score == D("4")


def test_clone_edit_publish(world):
    v1 = national()
    draft = service.clone_system(v1, world.province)
    assert (draft.code, draft.version, draft.status) == (ENTERPRISE, 2, IndicatorSystem.Status.DRAFT)
    assert draft.owner_region_id == "370000" and draft.cloned_from == v1
    assert draft.indicators.count() == v1.indicators.count()
    e2 = draft.indicators.get(code="E2")
    assert draft.indicators.get(code="E2.4").parent == e2  # the tree, not just the rows
    assert set(draft.indicators.values_list("computed_key", flat=True)) == set(
        v1.indicators.values_list("computed_key", flat=True)
    )

    # Shandong adds a veto item and reweighs two leaves
    service.save_indicator(
        world.province,
        draft,
        {
            "parent": None,
            "code": "V6",
            "name": "发生欠薪恶性事件",
            "method": "boolean",
            "max_score": D("0"),
            "is_veto": True,
            "options": {},
            "computed_key": "",
        },
    )
    service.save_indicator(world.province, draft, {"max_score": D("3")}, draft.indicators.get(code="E1.1"))
    service.save_indicator(world.province, draft, {"max_score": D("5")}, draft.indicators.get(code="E1.2"))
    assert service.check_system(draft) == []
    service.update_system(world.province, draft, {"name": "山东省劳动关系和谐企业评价指标", "pass_score": D("85")})

    service.publish_system(draft, world.province)
    draft.refresh_from_db()
    assert draft.status == IndicatorSystem.Status.PUBLISHED and draft.published_at is not None
    assert national().status == IndicatorSystem.Status.PUBLISHED  # the national standard stays for others
    with pytest.raises(ValidationError):
        service.save_indicator(world.province, draft, {"max_score": D("1")}, draft.indicators.get(code="E1.1"))
    assert list(
        TimelineEntry.objects.filter(object_id=str(draft.pk), content_type__model="indicatorsystem").values_list(
            "action", flat=True
        )
    ) == ["clone", "publish"]

    v3 = service.clone_system(draft, world.province)
    assert v3.version == 3
    service.publish_system(v3, world.province)
    draft.refresh_from_db()
    assert draft.status == IndicatorSystem.Status.RETIRED  # Shandong's v2 gives way to its v3


def test_edits_are_checked(world):
    draft = service.clone_system(national(), world.province)
    with pytest.raises(ValidationError) as caught:
        service.save_indicator(
            world.province, draft, {"code": "E1.1", "name": "重复", "method": "boolean", "max_score": D("1")}
        )
    assert "code" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        service.save_indicator(
            world.province,
            draft,
            {"code": "X1", "name": "阈值", "method": "threshold", "max_score": D("5"), "options": {}},
        )
    assert "options" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        service.save_indicator(
            world.province,
            draft,
            {
                "code": "X2",
                "name": "新数据",
                "method": "computed",
                "max_score": D("5"),
                "computed_key": "nowhere.nothing",
            },
        )
    assert "computed_key" in caught.value.error_dict
    # a leaf under a leaf is refused
    with pytest.raises(ValidationError):
        service.save_indicator(
            world.province,
            draft,
            {
                "code": "X3",
                "name": "下级",
                "method": "boolean",
                "max_score": D("1"),
                "parent": draft.indicators.get(code="E1.1"),
            },
        )
    # a group worth more than its children can earn blocks publishing
    service.save_indicator(world.province, draft, {"max_score": D("30")}, draft.indicators.get(code="E1"))
    with pytest.raises(ValidationError):
        service.publish_system(draft, world.province)
    service.delete_indicator(world.province, draft.indicators.get(code="E1"))
    assert not draft.indicators.filter(code__startswith="E1").exists()  # the subtree went with it


@pytest.mark.parametrize("who", ["lixia", "city", "union_lixia", "hr_a", "alice"])
def test_only_province_staff_clone_edit_and_publish(world, who):
    user = world.users[who]
    with pytest.raises(PermissionDenied):
        service.clone_system(national(), user)
    draft = service.clone_system(national(), world.province)
    with pytest.raises(PermissionDenied):
        service.publish_system(draft, user)
    with pytest.raises(PermissionDenied):
        service.save_indicator(user, draft, {"max_score": D("1")}, draft.indicators.get(code="E1.1"))
    draft.refresh_from_db()
    assert draft.status == IndicatorSystem.Status.DRAFT
    assert not service.visible_systems(user).filter(pk=draft.pk).exists()
    assert service.visible_systems(user).filter(pk=national().pk).exists()


def test_a_superuser_may_publish(world):
    draft = service.clone_system(national(), world.admin)
    service.publish_system(draft, world.admin)
    assert IndicatorSystem.objects.get(pk=draft.pk).status == IndicatorSystem.Status.PUBLISHED


def test_an_assessment_keeps_its_version(world):
    v1 = national()
    assessment = Assessment.objects.create(organization=world.enterprise_a, system=v1)
    answer_all(assessment, {"E5.2": 55, "E9.1": 85})
    service.score(assessment, date(2026, 6, 1))
    first = (assessment.total, assessment.passed)

    v2 = service.clone_system(v1, world.province)
    service.save_indicator(
        world.province,
        v2,
        {"max_score": D("2"), "options": {"steps": [[60, 2], [50, 1]]}},
        v2.indicators.get(code="E5.2"),
    )
    service.save_indicator(world.province, v2, {"max_score": D("8")}, v2.indicators.get(code="E5.1"))
    service.publish_system(v2, world.province)

    again = service.score(Assessment.objects.get(pk=assessment.pk), date(2026, 6, 1))
    assert again.system_id == v1.pk
    assert (again.total, again.passed) == first
    fresh = Assessment.objects.create(organization=world.enterprise_a, system=v2)
    answer_all(fresh, {"E5.2": 55, "E9.1": 85})
    assert service.score(fresh, date(2026, 6, 1)).total != first[0]  # the new weights apply to new ones only


def test_scoring_writes_answers_total_and_pass(world):
    assessment = Assessment.objects.create(organization=world.enterprise_a, system=national())
    answer_all(assessment, {"E9.1": 95, "E2.4": 98, "E5.2": 65})
    service.score(assessment, date(2026, 6, 1))
    assessment.refresh_from_db()
    assert assessment.total == D("99.60")  # 100 − 0.4 for 98% signing
    assert assessment.passed and not assessment.vetoed and assessment.scored_on == date(2026, 6, 1)
    scores = dict(assessment.answers.values_list("indicator__code", "score"))
    assert scores["E2.4"] == D("6.60") and scores["E9.1"] == D("12")
    assert sum(scores.values()) == assessment.total  # no group cap binds in the defaults


def test_a_veto_event_fails_a_full_score(world):
    assessment = Assessment.objects.create(organization=world.enterprise_a, system=national())
    answer_all(assessment)
    assert service.score(assessment, date(2026, 6, 1)).passed
    VetoEvent.objects.create(
        organization=world.enterprise_a,
        kind=VetoEvent.Kind.WAGE_ARREARS,
        occurred_on=date(2026, 3, 1),
        description="拖欠30名职工两个月工资",
    )
    VetoEvent.objects.create(
        organization=world.enterprise_b, kind=VetoEvent.Kind.SAFETY_ACCIDENT, occurred_on=date(2026, 3, 1)
    )
    service.score(assessment, date(2026, 6, 1))
    assessment.refresh_from_db()
    assert assessment.total == D("100") and assessment.vetoed and not assessment.passed
    assert assessment.veto_codes == ["V1"]
    # more than 12 months later the event no longer vetoes
    assert service.score(assessment, date(2027, 3, 2)).passed


def test_computed_indicator_through_the_registry(world):
    """core.mediation_committee_present: a mediation organization whose parent is the enterprise."""
    system = national()
    assessment = Assessment.objects.create(organization=world.enterprise_a, system=system)
    answer_all(assessment, {"E4.1": None}, evidence=False)
    result = service.evaluate(assessment, date(2026, 6, 1))
    gap = next(g for g in result.gaps if g.code == "E4.1")
    assert gap.reasons == ("no_data",) and gap.shortfall == D("5")  # no record, nothing self-reported

    Organization.objects.create(
        kind=Organization.Kind.MEDIATION_COMMITTEE,
        name="泉城机械劳动争议调解委员会",
        region=world.enterprise_a.region,
        parent=world.enterprise_a,
    )
    assert INDICATORS["core.mediation_committee_present"].func(world.enterprise_a, date(2026, 6, 1)) is True
    assert INDICATORS["core.mediation_committee_present"].func(world.enterprise_b, date(2026, 6, 1)) is None
    result = service.evaluate(assessment, date(2026, 6, 1))
    assert result.scores["E4.1"] == D("5") and "E4.1" not in {g.code for g in result.gaps}
    many = INDICATORS["core.mediation_committee_present"].func.many(
        [world.enterprise_a, world.enterprise_b.pk], date(2026, 6, 1)
    )
    assert many == {world.enterprise_a.pk: True}


def test_an_unregistered_key_is_no_data_and_the_unit_may_fall_back(world):
    """Quancheng keeps no labor contract on the platform, so contracts.signing_rate has no data for
    it: E2.4 falls back to the self-reported value, which (evidence required) counts only with
    evidence attached; platform data needs none."""
    assert INDICATORS["contracts.signing_rate"].func(world.enterprise_a, date(2026, 6, 1)) is None
    assessment = Assessment.objects.create(organization=world.enterprise_a, system=national())
    answer_all(assessment, {"E2.4": 90}, evidence=False)
    result = service.evaluate(assessment, date(2026, 6, 1))
    gaps = {g.code: g for g in result.gaps}
    assert result.scores["E2.4"] == D("0") and gaps["E2.4"].evidence_missing
    assert result.scores["E1.1"] == D("0") and gaps["E1.1"].reasons == ("evidence",)
    for answer in assessment.answers.filter(indicator__code__in=["E2.4", "E1.1"]):
        answer.evidence.add(
            Attachment.objects.create(
                name="台账.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
                organization=world.enterprise_a,
            )
        )
    result = service.evaluate(assessment, date(2026, 6, 1))
    assert result.scores["E2.4"] == D("5.00") and "E2.4" in result.self_reported
    assert {g.code: g.reasons for g in result.gaps}["E2.4"] == ("below",)
    assert result.scores["E1.1"] == D("4")


def test_headcount_and_dispatch_share(world):
    on = date(2026, 6, 1)
    headcount = INDICATORS["core.employment_headcount"].func
    assert headcount(world.enterprise_a, on) == 2 and headcount(world.enterprise_qd, on) is None
    assert headcount(world.enterprise_a, date(2023, 1, 1)) == 1  # carol started later
    assert INDICATORS["core.dispatch_share"].func(world.enterprise_a, on) == 0


# --- pages ------------------------------------------------------------------------------------


def test_pages_list_detail_clone_edit_publish(world, client_for):
    client = client_for(world.province)
    v1 = national()
    assert "HOP-2023-E" in client.get(reverse("campaign:system-list")).content.decode()
    page = client.get(reverse("campaign:system-detail", args=[v1.pk])).content.decode()
    assert "否决项" in page and "core.mediation_committee_present" in page and "复制为新版本" in page
    response = client.post(reverse("campaign:system-clone", args=[v1.pk]))
    draft = IndicatorSystem.objects.get(code=ENTERPRISE, version=2)
    assert response.status_code == 302 and response.url == reverse("campaign:system-edit", args=[draft.pk])
    assert client.get(response.url).status_code == 200
    leaf = draft.indicators.get(code="E1.1")
    response = client.post(
        reverse("campaign:indicator-edit", args=[leaf.pk]),
        {
            "parent": leaf.parent_id,
            "code": "E1.1",
            "name": "建立企业党组织并按期换届",
            "method": "boolean",
            "max_score": "4",
            "order": "2",
            "options": "",
            "computed_key": "",
            "evidence_required": "on",
            "evidence_hint": "",
            "guidance": "",
        },
    )
    assert response.status_code == 302
    assert draft.indicators.get(code="E1.1").name == "建立企业党组织并按期换届"
    bad = client.post(
        reverse("campaign:indicator-edit", args=[leaf.pk]),
        {
            "parent": leaf.parent_id,
            "code": "E1.1",
            "name": "x",
            "method": "threshold",
            "max_score": "4",
            "order": "2",
            "options": "{not json",
            "computed_key": "",
        },
    )
    assert bad.status_code == 200 and "JSON" in bad.content.decode()
    assert client.get(reverse("campaign:indicator-add", args=[draft.pk])).status_code == 200
    response = client.post(reverse("campaign:system-publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == IndicatorSystem.Status.PUBLISHED
    assert client.get(reverse("campaign:system-edit", args=[draft.pk])).status_code == 403


@pytest.mark.parametrize("who", ["lixia", "city", "hr_a"])
def test_pages_refuse_county_staff_and_enterprises(world, client_for, who):
    v1 = national()
    draft = service.clone_system(v1, world.province)
    client = client_for(world.users[who])
    assert client.get(reverse("campaign:system-detail", args=[v1.pk])).status_code == 200
    assert client.post(reverse("campaign:system-clone", args=[v1.pk])).status_code == 403
    assert client.get(reverse("campaign:system-edit", args=[v1.pk])).status_code == 403
    assert client.post(reverse("campaign:system-publish", args=[draft.pk])).status_code == 404
    assert IndicatorSystem.objects.filter(code=ENTERPRISE).count() == 2


def test_draft_seen_only_by_its_province(world, client_for):
    draft = service.clone_system(national(), world.province)
    assert client_for(world.province).get(reverse("campaign:system-detail", args=[draft.pk])).status_code == 200
    text = client_for(world.lixia).get(reverse("campaign:system-list")).content.decode()
    assert reverse("campaign:system-detail", args=[draft.pk]) not in text


def test_veto_window_is_twelve_months(world):
    func = INDICATORS["campaign.veto_event.blacklist"].func
    VetoEvent.objects.create(
        organization=world.enterprise_a, kind=VetoEvent.Kind.BLACKLIST, occurred_on=date(2026, 1, 10)
    )
    assert func(world.enterprise_a, date(2026, 1, 10)) is True
    assert func(world.enterprise_a, date(2026, 1, 9)) is False  # not yet
    assert func(world.enterprise_a, date(2026, 1, 10) + timedelta(days=364)) is True
    assert func(world.enterprise_a, date(2026, 1, 10) + timedelta(days=365)) is False
