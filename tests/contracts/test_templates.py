"""Templates: the seeded model texts, an enterprise's own copy with its own clauses, publishing
freezes it, editing a published template makes version + 1 while contracts keep their version,
model clauses cannot be changed by an enterprise, who sees and edits what."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hexie.contracts.models import ContractTemplate, Kind, TemplateClause
from hexie.contracts.services import drafting
from tests.contracts.drafting_factory import MODEL_CODES, lawful_fields, model_text, with_addresses

LCL_17 = {"parties", "term", "job", "hours", "pay", "insurance", "protection"}


@pytest.fixture
def world(world):
    return with_addresses(world)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(MODEL_CODES))
def test_the_model_texts_are_seeded_published_with_the_lcl17_clauses(kind):
    template = model_text(kind)
    assert template.enterprise is None and template.status == ContractTemplate.Status.PUBLISHED
    assert template.kind == (Kind.PLATFORM if kind == "platform" else Kind.LABOR)
    clauses = list(template.clauses.all())
    assert {c.key for c in clauses if c.mandatory} == LCL_17
    assert all(c.source == TemplateClause.Source.MODEL for c in clauses)
    for clause in clauses:
        assert drafting._check_placeholders(clause.text) == [], (kind, clause.key)


@pytest.mark.django_db
def test_each_term_kind_has_its_own_wording():
    assert "固定期限，自{start}起至{end}止" in model_text("fixed").clauses.get(key="term").text
    assert "无固定期限" in model_text("open_ended").clauses.get(key="term").text
    assert "{task}完成时止" in model_text("task").clauses.get(key="term").text
    part_time = model_text("part_time")
    assert "十五日" in part_time.clauses.get(key="pay").text and "四小时" in part_time.clauses.get(key="hours").text


def test_hr_copies_adds_a_clause_and_publishes(world):
    w = world
    template = drafting.copy_template(model_text("fixed"), w.hr_a)
    assert template.enterprise == w.enterprise_a and template.status == ContractTemplate.Status.DRAFT
    assert template.version == 1 and template.code == "FIXED" and template.based_on == model_text("fixed")
    assert template.clauses.count() == model_text("fixed").clauses.count()
    clause = drafting.save_clause(
        template, w.hr_a, {"heading": "十、保密", "text": "乙方在{work_place}工作期间保守商业秘密。"}
    )
    assert clause.source == TemplateClause.Source.ENTERPRISE and clause.key == "custom-1"
    drafting.publish_template(template, w.hr_a)
    template.refresh_from_db()
    assert template.frozen and template.published_at
    second = drafting.copy_template(model_text("fixed"), w.hr_a)
    assert second.code == "FIXED-2"


def test_model_clauses_cannot_be_edited_by_an_enterprise(world):
    w = world
    template = drafting.copy_template(model_text("fixed"), w.hr_a)
    model_clause = template.clauses.get(key="pay")
    with pytest.raises(ValidationError) as refused:
        drafting.save_clause(template, w.hr_a, {"heading": "四、劳动报酬", "text": "工资面议。"}, model_clause)
    assert "示范文本条款的内容不能修改" in refused.value.message_dict["text"][0]
    with pytest.raises(ValidationError):
        drafting.delete_clause(model_clause, w.hr_a)
    model_clause.refresh_from_db()
    assert "最低工资标准" in model_clause.text


def test_unknown_placeholders_and_stray_braces_are_refused(world):
    w = world
    template = drafting.copy_template(model_text("fixed"), w.hr_a)
    for text in ("工资{salary}元", "{0}", "{wage!r}", "{start:%Y}", "括号{不成对"):
        with pytest.raises(ValidationError) as refused:
            drafting.save_clause(template, w.hr_a, {"heading": "十", "text": text})
        assert "text" in refused.value.message_dict, text
    ok = drafting.save_clause(template, w.hr_a, {"heading": "十", "text": "花括号写作{{和}}，工资{wage}元"})
    assert drafting.render_clause(ok.text, {"wage": "5000.00"}) == "花括号写作{和}，工资5000.00元"


def test_a_published_template_is_frozen_and_editing_makes_a_new_version(world):
    w = world
    v1 = drafting.copy_template(model_text("fixed"), w.hr_a)
    drafting.save_clause(v1, w.hr_a, {"heading": "十、交通补贴", "text": "甲方每月发放交通补贴200元。"})
    drafting.publish_template(v1, w.hr_a)
    contract = drafting.draft_contract(w.enterprise_a, w.alice_person, v1, lawful_fields(), w.hr_a)

    with pytest.raises(ValidationError) as refused:
        drafting.save_clause(v1, w.hr_a, {"heading": "十一", "text": "新增"})
    assert refused.value.code == "frozen"
    with pytest.raises(ValidationError):
        drafting.publish_template(v1, w.hr_a)

    v2 = drafting.new_version(v1, w.hr_a)
    assert (v2.code, v2.version, v2.status, v2.based_on) == (v1.code, 2, ContractTemplate.Status.DRAFT, v1)
    assert drafting.new_version(v1, w.hr_a) == v2  # one draft at a time
    allowance = v2.clauses.get(heading="十、交通补贴")
    drafting.save_clause(v2, w.hr_a, {"heading": "十、交通补贴", "text": "甲方每月发放交通补贴300元。"}, allowance)
    drafting.publish_template(v2, w.hr_a)
    v1.refresh_from_db()
    assert v1.status == ContractTemplate.Status.RETIRED
    assert v1.clauses.get(heading="十、交通补贴").text == "甲方每月发放交通补贴200元。"

    contract.refresh_from_db()
    assert contract.template == v1
    text = "\n".join(p for _, ps in drafting.contract_sections(contract) for p in ps)
    assert "200元" in text and "300元" not in text
    assert v1 not in drafting.usable_templates(w.enterprise_a) and v2 in drafting.usable_templates(w.enterprise_a)
    later = drafting.draft_contract(w.enterprise_a, w.carol_person, v2, lawful_fields(), w.hr_a)
    assert later.template.version == 2


def test_who_may_change_templates(world):
    w = world
    platform = model_text("fixed")
    for user in (w.lixia, w.alice):
        with pytest.raises(PermissionDenied):
            drafting.copy_template(platform, user)
    mine = drafting.copy_template(platform, w.hr_a)
    with pytest.raises(PermissionDenied):
        drafting.copy_template(mine, w.hr_b)  # another enterprise's template
    with pytest.raises(PermissionDenied):
        drafting.save_clause(mine, w.hr_b, {"heading": "十", "text": "x"})
    with pytest.raises(PermissionDenied):
        drafting.publish_template(mine, w.lixia)
    with pytest.raises(PermissionDenied):
        drafting.new_version(platform, w.hr_a)  # the platform's model texts are nobody's to edit


def test_who_sees_which_templates(world):
    w = world
    mine = drafting.copy_template(model_text("fixed"), w.hr_a)
    theirs = drafting.copy_template(model_text("fixed"), w.hr_b)
    platform = set(ContractTemplate.objects.filter(enterprise=None))
    assert set(drafting.visible_templates(w.hr_a)) == platform | {mine}
    assert set(drafting.visible_templates(w.lixia)) == platform | {mine}
    assert set(drafting.visible_templates(w.shizhong)) == platform | {theirs}
    assert set(drafting.visible_templates(w.alice)) == platform


def test_the_template_pages(world, client_for):
    w = world
    client = client_for(w.hr_a)
    listing = client.get(reverse("contracts:template-list")).content.decode()
    assert "劳动合同（固定期限）示范文本" in listing
    response = client.post(reverse("contracts:template-copy", args=[model_text("fixed").pk]))
    template = ContractTemplate.objects.get(enterprise=w.enterprise_a)
    assert response.status_code == 302 and response["Location"] == reverse(
        "contracts:template-detail", args=[template.pk]
    )
    edit = reverse("contracts:template-edit", args=[template.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"name": "泉城机械劳动合同", "term_kind": "fixed"}).status_code == 302
    template.refresh_from_db()
    assert template.name == "泉城机械劳动合同"
    add = reverse("contracts:clause-add", args=[template.pk])
    assert client.get(add).status_code == 200
    bad = client.post(add, {"heading": "十、保密", "text": "工资{salary}"})
    assert bad.status_code == 200 and "salary" in bad.content.decode()
    assert client.post(add, {"heading": "十、保密", "text": "乙方保守商业秘密。"}).status_code == 302
    clause = template.clauses.get(key="custom-1")
    model_clause = template.clauses.get(key="pay")
    assert client.get(reverse("contracts:clause-edit", args=[model_clause.pk])).status_code == 403
    assert (
        client.post(
            reverse("contracts:clause-edit", args=[clause.pk]), {"heading": "十、保密", "text": "保密。"}
        ).status_code
        == 302
    )
    client.post(reverse("contracts:template-publish", args=[template.pk]))
    template.refresh_from_db()
    assert template.frozen
    assert client.get(reverse("contracts:clause-add", args=[template.pk])).status_code == 403
    assert client.get(edit).status_code == 403
    revised = client.post(reverse("contracts:template-revise", args=[template.pk]))
    v2 = ContractTemplate.objects.get(enterprise=w.enterprise_a, version=2)
    assert revised["Location"] == reverse("contracts:template-detail", args=[v2.pk])
    assert "保密。" in client.get(revised["Location"]).content.decode()
    assert client.post(reverse("contracts:clause-delete", args=[v2.clauses.get(key="custom-1").pk])).status_code == 302
    assert not v2.clauses.filter(key="custom-1").exists()
    # Baotu's HR neither sees nor changes Quancheng's template
    other = client_for(w.hr_b)
    assert other.get(reverse("contracts:template-detail", args=[template.pk])).status_code == 404
    assert other.post(reverse("contracts:template-revise", args=[template.pk])).status_code == 404


def test_the_template_api(world, client_for):
    w = world
    mine = drafting.copy_template(model_text("fixed"), w.hr_a)
    theirs = drafting.copy_template(model_text("fixed"), w.hr_b)
    client = client_for(w.hr_a)
    ids = {t["id"] for t in client.get("/api/contracts/templates").json()["items"]}
    assert mine.pk in ids and theirs.pk not in ids and model_text("platform").pk in ids
    detail = client.get(f"/api/contracts/templates/{mine.pk}").json()
    assert detail["version"] == 1 and {c["key"] for c in detail["clauses"] if c["mandatory"]} == LCL_17
    assert client.get(f"/api/contracts/templates/{theirs.pk}").status_code == 404


def test_a_contract_keeps_its_template_version_even_as_a_draft_renders_from_it(world):
    w = world
    contract = drafting.draft_contract(
        w.enterprise_a, w.alice_person, model_text("fixed"), lawful_fields(start=date(2027, 1, 4)), w.hr_a
    )
    document = drafting.contract_document(contract)
    assert "MODEL-FIXED 第1版" in document.footer
