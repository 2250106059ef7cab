"""The filing pages: Alice files from her phone (the form, the enterprise lookup, evidence), sees
her cases in plain Chinese and nobody else's; the handlers' list filters, pages and exports within
their scope; the detail page shows parties, claims, evidence, limitation warnings and the timeline
and includes the other parts' panels. A foreign user reading a case gets a 404."""

from datetime import date, timedelta
from io import BytesIO

import openpyxl
from django.urls import reverse
from django.utils import timezone

from hexie.disputes.models import DisputeCase
from hexie.disputes.services import filing
from tests.disputes.factory import make_case
from tests.disputes.matrix_filing import application, pdf_upload, upload

Status = DisputeCase.Status


def form_data(world, **overrides) -> dict:
    data = {
        "enterprise": world.enterprise_a.name,
        "agent_name": "",
        "claim_kind_1": "wages",
        "claim_amount_1": "12000",
        "claim_description_1": "支付拖欠工资",
        "facts": "用人单位拖欠工资三个月。",
        "known_on": str(timezone.localdate() - timedelta(days=20)),
        "route": "arbitration",
    }
    data.update(overrides)
    return data


def test_alice_files_from_the_form_with_evidence(world, client_for):
    client = client_for(world.alice)
    page = client.get(reverse("disputes:file")).content.decode()
    assert 'value="济南泉城机械有限公司"' in page  # her one employer is prefilled
    assert f'hx-get="{reverse("disputes:enterprise-lookup")}"' in page
    response = client.post(
        reverse("disputes:file"),
        form_data(world, evidence_file_1=pdf_upload(), evidence_title_1="工资条", route="mediation"),
    )
    case = DisputeCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disputes:my-case-detail", args=[case.pk])
    assert case.status == Status.MEDIATING and case.evidence.get().title == "工资条"
    text = client.get(response["Location"]).content.decode()
    assert "调解组织正在调解" in text and case.number in text and "工资条" in text


def test_the_form_shows_each_refusal_and_writes_nothing(world, client_for):
    client = client_for(world.alice)
    cases = [
        ({"enterprise": "济南不存在有限公司"}, "未找到该用人单位"),
        ({"claim_amount_1": "-5"}, "金额不能为负数"),
        ({"claim_amount_1": "一万"}, "金额应为数字"),
        ({"claim_kind_1": "", "claim_amount_1": ""}, "请至少填写一项仲裁请求"),
        ({"known_on": str(timezone.localdate() + timedelta(days=3))}, "不能晚于今天"),
        ({"evidence_file_1": upload("a.zip", b"PK\x03\x04zip")}, "不支持的文件类型"),
    ]
    for overrides, message in cases:
        data = form_data(world, **overrides)
        response = client.post(reverse("disputes:file"), data)
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    assert DisputeCase.objects.count() == 0


def test_a_staff_user_is_told_they_cannot_file(world, client_for):
    response = client_for(world.lixia).get(reverse("disputes:file"))
    assert response.status_code == 200 and "不能申请" in response.content.decode()
    client_for(world.lixia).post(reverse("disputes:file"), form_data(world))
    assert DisputeCase.objects.count() == 0


def test_hr_files_against_a_worker_from_the_form(world, client_for):
    client = client_for(world.hr_a)
    page = client.get(reverse("disputes:file")).content.decode()
    assert "worker_id_number" in page and 'name="kind"' not in page
    response = client.post(
        reverse("disputes:file"),
        form_data(
            world,
            applicant_side="enterprise",
            worker_id_number=world.carol_person.id_number,
            claim_kind_1="other",
            claim_amount_1="3000",
        ),
    )
    case = DisputeCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disputes:case-detail", args=[case.pk])
    assert case.applicant_side == "enterprise" and case.worker == world.carol_person


def test_the_enterprise_lookup_shows_names_masked_codes_and_regions(world, client_for):
    client = client_for(world.alice)
    response = client.get(reverse("disputes:enterprise-lookup"), {"enterprise": "趵突"})
    text = response.content.decode()
    assert response.status_code == 200 and "济南趵突食品有限公司" in text and "市中区" in text
    assert world.enterprise_b.uscc not in text and filing.masked_uscc(world.enterprise_b.uscc) in text
    picked = client.get(reverse("disputes:enterprise-lookup"), {"pick": world.enterprise_b.pk}).content.decode()
    assert 'value="济南趵突食品有限公司"' in picked and "已选择" in picked
    assert "没有找到" in client.get(reverse("disputes:enterprise-lookup"), {"q": "不存在的单位"}).content.decode()
    anonymous = client.logout() or client.get(reverse("disputes:enterprise-lookup"), {"q": "趵突"})
    assert anonymous.status_code == 302 and "趵突" not in anonymous.content.decode()


def test_my_cases_are_my_own_in_plain_words(world, client_for):
    mine = make_case(world.enterprise_a, world.alice_person, status="arb_review")
    carols = make_case(world.enterprise_a, world.carol_person)
    client = client_for(world.alice)
    text = client.get(reverse("disputes:my-cases")).content.decode()
    assert mine.number in text and "五日内决定是否受理" in text and carols.number not in text
    assert client.get(reverse("disputes:my-case-detail", args=[carols.pk])).status_code == 404
    detail = client.get(reverse("disputes:my-case-detail", args=[mine.pk]))
    templates = {t.name for t in detail.templates}
    assert {"disputes/parts/clocks.html", "disputes/parts/my_documents.html"} <= templates
    assert client_for(world.bob).get(reverse("disputes:my-case-detail", args=[mine.pk])).status_code == 404


def test_the_detail_page_shows_the_case_and_includes_the_panels(world, client_for):
    today = timezone.localdate()
    data = application(
        world,
        known_on=today - timedelta(days=700),
        employment_ended_on=today - timedelta(days=700),
        claims=[{"kind": "severance", "amount": "24000"}],
        agent_name="赵律师",
    )
    case = filing.file_case(world.alice, data)
    response = client_for(world.lixia).get(reverse("disputes:case-detail", args=[case.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    for fragment in (
        case.number,
        "王丽",
        "济南泉城机械有限公司",
        "经济补偿",
        "¥24,000.00",
        "赵律师",
        "时效提示",
        "申请仲裁",
    ):
        assert fragment in text, fragment
    templates = {t.name for t in response.templates}
    for part in ("clocks", "mediation_panel", "arbitration_panel", "court_panel"):
        assert f"disputes/parts/{part}.html" in templates
    assert response.context["case"] == case


def test_a_foreign_user_reading_a_case_gets_a_404(world, client_for):
    case = make_case(world.enterprise_a, world.alice_person)
    for user in (world.bob, world.hr_b, world.shizhong, world.mediator_shizhong):
        assert client_for(user).get(reverse("disputes:case-detail", args=[case.pk])).status_code == 404
    before = case.status
    client_for(world.bob).post(reverse("disputes:case-route", args=[case.pk]), {"action": "apply_arbitration"})
    case.refresh_from_db()
    assert case.status == before


def test_the_applicant_routes_a_filed_case_from_the_page(world, client_for):
    case = make_case(world.enterprise_a, world.alice_person)
    client = client_for(world.alice)
    text = client.get(reverse("disputes:my-case-detail", args=[case.pk])).content.decode()
    assert 'id="route-mediate"' in text and 'id="route-apply_arbitration"' in text
    client.post(reverse("disputes:case-route", args=[case.pk]), {"action": "mediate"})
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and case.mediation_org == world.lixia_mediation
    response = client.post(reverse("disputes:case-route", args=[case.pk]), {"action": "internal"})
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and response.status_code == 302


def test_the_list_filters_and_exports_within_the_scope(world, client_for):
    wages = make_case(world.enterprise_a, world.alice_person, filed_on=date(2026, 8, 3))
    severance = make_case(world.enterprise_a, world.carol_person, cause="severance", filed_on=date(2026, 9, 20))
    bobs = make_case(world.enterprise_b, world.bob_person)
    client = client_for(world.lixia)
    url = reverse("disputes:case-list")
    text = client.get(url).content.decode()
    assert wages.number in text and severance.number in text and bobs.number not in text
    text = client.get(url, {"cause": "severance"}).content.decode()
    assert severance.number in text and wages.number not in text
    text = client.get(url, {"filed_from": "2026-09-01", "filed_to": "2026-09-30"}).content.decode()
    assert severance.number in text and wages.number not in text
    text = client.get(url, {"status": "accepted"}).content.decode()
    assert severance.number not in text and wages.number not in text
    response = client.get(reverse("disputes:case-export"), {"cause": "wages"})
    book = openpyxl.load_workbook(BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "申请编号" and [r[0] for r in rows[1:]] == [wages.number]
    assert client_for(world.shizhong).get(url).content.decode().count(bobs.number) == 1


def test_the_list_paginates(world, client_for):
    for i in range(52):
        make_case(world.enterprise_a, world.alice_person, filed_on=date(2026, 9, 1) + timedelta(days=i % 20))
    client = client_for(world.lixia)
    first = client.get(reverse("disputes:case-list"))
    assert len(first.context["page_obj"]) == 50 and first.context["page_obj"].has_next()
    second = client.get(reverse("disputes:case-list"), {"page": 2})
    assert len(second.context["page_obj"]) == 2


def test_the_case_page_lists_only_the_evidence_the_viewer_may_see(world, client_for):
    from hexie.disputes.services.evidence import add_evidence

    case = make_case(world.enterprise_a, world.alice_person, status="accepted")
    add_evidence(case, world.alice, pdf_upload(), title="王丽的工资条")
    theirs = add_evidence(case, world.hr_a, pdf_upload("考勤.pdf"), title="企业内部考勤汇总")
    pages = {
        world.alice: ("disputes:my-case-detail", "disputes:case-detail"),
        world.hr_a: ("disputes:case-detail",),
        world.arbitrator: ("disputes:case-detail",),
    }

    def seen(user, route):
        text = client_for(user).get(reverse(route, args=[case.pk])).content.decode()
        return "王丽的工资条" in text, "企业内部考勤汇总" in text

    for route in pages[world.alice]:  # the other side's title stays hidden until the exchange
        assert seen(world.alice, route) == (True, False), route
    assert seen(world.hr_a, "disputes:case-detail") == (False, True)
    assert seen(world.arbitrator, "disputes:case-detail") == (True, True)
    theirs.exchanged_at = timezone.now()
    theirs.save(update_fields=["exchanged_at"])
    assert seen(world.alice, "disputes:my-case-detail") == (True, True)


def test_the_timeline_labels_every_entry_with_the_core_partial(world, client_for):
    from hexie.disputes.services import arbitration, mediation, record

    case = make_case(world.enterprise_a, world.alice_person, status="accepted")
    for action in (*mediation.TIMELINE_LABELS, *arbitration.TIMELINE_LABELS):
        record(case, action, world.arbitrator, "arbitrator", f"note-{action}")
    for user, route in ((world.lixia, "disputes:case-detail"), (world.alice, "disputes:my-case-detail")):
        response = client_for(user).get(reverse(route, args=[case.pk]))
        text = response.content.decode()
        assert "core/partials/timeline.html" in {t.name for t in response.templates}
        for action, label in (*mediation.TIMELINE_LABELS.items(), *arbitration.TIMELINE_LABELS.items()):
            assert f'<strong class="ms-2">{label}</strong>' in text, (route, action)
            assert f'<strong class="ms-2">{action}</strong>' not in text, (route, action)


def test_the_route_select_offers_the_mediation_options_of_the_case(world, client_for):
    from hexie.core.models import Organization

    lixia = world.enterprise_a.region
    other = Organization.objects.create(name="济南历山电子有限公司", kind="enterprise", region=lixia)
    Organization.objects.create(name="历山电子劳动争议调解委员会", kind="mediation", region=lixia, parent=other)
    case = make_case(world.enterprise_a, world.alice_person)
    text = client_for(world.alice).get(reverse("disputes:my-case-detail", args=[case.pk])).content.decode()
    assert 'id="route-mediate"' in text and "历下区劳动人事争议调解委员会" in text
    assert "历山电子劳动争议调解委员会" not in text
    assert f'value="{world.lixia_mediation.pk}" selected' in text


def test_the_menu_shows_the_handlers_work_to_handlers_only(world, client_for):
    def menu(user):
        response = client_for(user).get(reverse("disputes:my-cases"))
        return {item["key"] for item in response.context["nav_items"]}

    handlers = {"disputes.mediation", "disputes.hearings", "disputes.court"}
    assert not menu(world.alice) & handlers and "disputes.mine" in menu(world.alice)
    assert not menu(world.hr_a) & handlers
    assert menu(world.mediator) & handlers == {"disputes.mediation"}
    assert menu(world.arbitrator) & handlers == {"disputes.hearings", "disputes.court"}
    assert menu(world.court_liaison) & handlers == {"disputes.court"}
    assert menu(world.lixia) >= handlers  # the region's staff oversee all of it
    items = client_for(world.arbitrator).get(reverse("disputes:my-cases")).context["nav_items"]
    assert {i["key"]: i["url"] for i in items}["disputes.hearings"] == reverse("disputes:hearing-calendar")
