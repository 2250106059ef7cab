"""One enterprise through the whole creation campaign in a real browser (issue 3, Must show 1).

Quancheng Machinery's HR fills the self-assessment of the national default system (one evidence
PDF uploaded, the gaps shown) and applies for the provincial level; Lixia's labor office accepts;
at county, city and province each of the four parties (人社, 工会, 企联, 工商联) signs 同意 through
its own login; during 公示 a visitor files an objection on the public page, which province staff
dismiss; the unit is named; the certificate PDF names it, embeds its font and carries a QR code
that opens the public verification page (有效); a spot check drawn by province staff is closed as
failed, after which the verification page says 已撤销 and the public list's revoked filter lists it.

Only the world (offices, users, the round on the published national system) is made in Python;
every step after that is a click or a keystroke on the real pages.
"""

import os
import random
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from hexie.campaign.defaults import ENTERPRISE
from hexie.campaign.models import Application, Indicator, IndicatorSystem, Naming, Party, Round
from tests.world import make_org, make_user

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}
UNIT = "济南泉城机械有限公司"
# The three other parties' offices of each review level; the 人社 office and user (lixia, city,
# province) and 历下区总工会 (union_lixia) come from tests/world.py.
OFFICES = {
    "370102": ("lixia", "济南市历下区"),
    "370100": ("city", "济南市"),
    "370000": ("province", "山东省"),
}
PARTY_OFFICES = {"union": "总工会", "enterprise_federation": "企业联合会", "commerce_federation": "工商业联合会"}
PREFIX = {"union": "union", "enterprise_federation": "ef", "commerce_federation": "cf"}
REVIEWERS = {
    "county": ["lixia", "union_lixia", "ef_lixia", "cf_lixia"],
    "city": ["city", "union_city", "ef_city", "cf_city"],
    "province": ["province", "union_province", "ef_province", "cf_province"],
}
# The status the application reaches once all four parties of a level approved.
AFTER_LEVEL = {"county": "市级评审", "city": "省级评审", "province": "公示中"}


def national_enterprise_system() -> IndicatorSystem:
    """The published national default system (HOP-2023-E v1). Migration 0002 installs it, but a
    transactional test empties every table when it ends, so it is installed again when missing —
    through the migration's historical models, as the migration does (the real models refuse to
    add indicators to a published system)."""
    found = IndicatorSystem.objects.filter(code=ENTERPRISE["code"], version=1).first()
    if found is None:
        from django.db import connection
        from django.db.migrations.loader import MigrationLoader

        from hexie.campaign.defaults import install_defaults

        state = MigrationLoader(connection).project_state(("campaign", "0002_national_default_systems"))
        install_defaults(state.apps)
        found = IndicatorSystem.objects.get(code=ENTERPRISE["code"], version=1)
    assert found.status == IndicatorSystem.Status.PUBLISHED
    return found


@pytest.fixture
def campaign_world(e2e_world):
    """The named world plus the union, enterprise-federation and commerce-federation offices (one
    staff user each) of Lixia, Jinan and Shandong, and an open provincial round."""
    rng = random.Random(33)
    for code, (prefix, place) in OFFICES.items():
        for kind, office in PARTY_OFFICES.items():
            username = f"{PREFIX[kind]}_{prefix}"
            if username in e2e_world.users:  # union_lixia
                continue
            org = make_org(rng, f"{place}{office}", kind, code)
            e2e_world.users[username] = make_user(username, org=org, role="staff")
    today = timezone.localdate()
    e2e_world.__dict__["round"] = Round.objects.create(
        name=f"{today.year}年度山东省和谐劳动关系创建评选",
        year=today.year,
        subject_kind="enterprise",
        system=national_enterprise_system(),
        region_id="370000",
        opens=today - timedelta(days=10),
        closes=today + timedelta(days=30),
        quotas={"county": 30, "city": 20, "province": 100},
    )
    return e2e_world


def evidence_pdf(path: Path) -> Path:
    """A real one-page PDF, as a scanned approval would be."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = Canvas(str(path))
    pdf.drawString(72, 760, "Party branch approval, Quancheng Machinery Co., Ltd.")
    pdf.save()
    return path


def alerts(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def submit(page, selector: str) -> None:
    """Click a submit button and wait for the page the form leads to."""
    with page.expect_navigation():
        page.click(selector)


def status_of(page) -> str:
    return page.locator(".datagrid-item:has(.datagrid-title:text-is('状态')) .datagrid-content").inner_text()


def screenshots_dir(tmp_path: Path) -> Path:
    """Where the layout screenshots go: $HEXIE_SCREENSHOTS when set (to look at them), else tmp."""
    target = Path(os.environ.get("HEXIE_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def shoot(page, path: Path, name: str) -> None:
    """Full-page screenshots at 1280 and 375 px; at 375 nothing may scroll sideways."""
    for label, size in (("1280", WIDE), ("375", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(path / f"{name}-{label}.png"), full_page=True)
        if size is PHONE:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.set_viewport_size(WIDE)


def test_one_enterprise_from_self_assessment_to_revocation(log_in, browser, live_server, campaign_world, tmp_path):
    base = live_server.url
    world = campaign_world
    shots = screenshots_dir(tmp_path)
    pages = []
    anonymous_contexts = []  # the logged-in ones are closed by the log_in fixture

    def as_user(username: str):
        page = log_in(username, viewport=WIDE)
        pages.append(page)
        return page

    def anonymous():
        context = browser.new_context(viewport=WIDE, locale="zh-CN")
        anonymous_contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        pages.append(page)
        return page

    try:
        # --- the enterprise's HR: application, self-assessment with evidence, gaps, submission ---
        hr = as_user("hr_a")
        hr.goto(f"{base}/campaign/applications/")
        hr.click(".page-header a:has-text('创建申报')")
        hr.wait_for_url(f"{base}/campaign/applications/new/")
        hr.select_option("#id_round", label=world.round.name)
        hr.select_option("#id_organization", label=UNIT)
        hr.select_option("#id_level", label="省级")
        submit(hr, "button:has-text('创建申报并填写自评')")
        assert "申报已创建，请填写自评" in alerts(hr), alerts(hr)
        application = Application.objects.get(round=world.round, organization=world.enterprise_a)
        assert hr.url == f"{base}/campaign/applications/{application.pk}/assessment/"

        leaves = list(world.round.system.indicators.exclude(method=Indicator.Method.GROUP).order_by("order", "code"))
        for indicator in leaves:
            field = f"[name=value_{indicator.pk}]"
            if indicator.is_veto:
                hr.select_option(field, value="no")  # none of the veto events happened
            elif indicator.method == Indicator.Method.BOOLEAN:
                hr.select_option(field, value="yes")
            elif indicator.method == Indicator.Method.GRADED:
                hr.select_option(field, value="好")
            else:  # a number: a rate in percent where the options grade one, else 1 ("present", "in force")
                graded = "linear" in indicator.options or "steps" in indicator.options
                hr.fill(field, "96" if graded else "1")
        party = next(i for i in leaves if i.code == "E1.1")  # 建立企业党组织: evidence required
        approval = evidence_pdf(tmp_path / "党组织成立批复.pdf")
        hr.set_input_files(f"[name=evidence_{party.pk}]", str(approval))
        submit(hr, "button:has-text('保存并计分')")
        assert "已保存并重新计分" in alerts(hr), alerts(hr)
        party_row = hr.locator("tbody tr", has_text="E1.1 建立企业党组织")
        assert party_row.get_by_role("link", name=approval.name).is_visible()
        assert not party_row.get_attribute("class")  # no gap left there

        # The gaps: every other indicator that needs evidence is marked, and the total falls short.
        needing = [i for i in leaves if i.evidence_required and i.code != "E1.1"]
        for indicator in needing:
            row = hr.locator("tbody tr", has=hr.locator(f"[name=value_{indicator.pk}]"))
            assert row.get_attribute("class") == "table-warning" and "缺少佐证材料" in row.inner_text(), indicator.code
        assert hr.locator(".card-body .badge", has_text="未达标").is_visible()
        short = Decimal(hr.locator(".fs-2.fw-bold").inner_text())
        application.self_assessment.refresh_from_db()
        assert short == application.self_assessment.total < application.round.system.pass_score

        # HR closes the gaps: the supporting documents for the remaining indicators.
        for indicator in needing:
            hr.set_input_files(
                f"[name=evidence_{indicator.pk}]", str(evidence_pdf(tmp_path / f"佐证材料{indicator.code}.pdf"))
            )
        submit(hr, "button:has-text('保存并计分')")
        assert "已保存并重新计分" in alerts(hr), alerts(hr)
        assert hr.locator("text=缺少佐证材料").count() == 0
        assert hr.locator(".card-body .badge", has_text="达标").inner_text() == "达标"
        total = Decimal(hr.locator(".fs-2.fw-bold").inner_text())
        assert total > short and total >= application.round.system.pass_score, total
        assert hr.errors == []

        hr.click("a:has-text('返回申报')")
        hr.wait_for_url(f"{base}/campaign/applications/{application.pk}/")
        assert hr.locator("text=自评尚未完成").count() == 0  # every required indicator answered
        submit(hr, ".page-header button:has-text('提交申报')")
        assert "申报已提交" in alerts(hr), alerts(hr)
        assert status_of(hr) == "已提交"
        assert hr.errors == []

        # --- Lixia's labor office accepts; then each level's four parties sign 同意 -------------
        detail = f"{base}/campaign/applications/{application.pk}/"
        county = as_user("lixia")
        county.goto(f"{base}/campaign/applications/")
        county.click(f"table.hexie-list a:has-text('{UNIT}')")
        county.wait_for_url(detail)
        submit(county, ".page-header button:has-text('受理')")
        assert "已受理，进入县级评审" in alerts(county), alerts(county)
        assert status_of(county) == "县级评审"
        assert county.errors == []

        signed_in = {"lixia": county}
        for level, usernames in REVIEWERS.items():
            for username in usernames:
                if username not in signed_in:
                    signed_in[username] = as_user(username)
                reviewer = signed_in[username]
                reviewer.goto(detail)
                reviewer.select_option("#id_decision", label="同意")
                reviewer.fill("#id_note", f"{username}：材料齐全，符合创建标准")
                submit(reviewer, "button:has-text('签署意见')")
                assert "意见" in alerts(reviewer) and "已签署" in alerts(reviewer), (username, alerts(reviewer))
                assert reviewer.errors == [], (username, reviewer.errors)
            assert status_of(reviewer) == AFTER_LEVEL[level], (level, status_of(reviewer))
            # the grid shows the level's four 同意 (one per party)
            row = reviewer.locator("table.hexie-signoffs tbody tr").nth(list(REVIEWERS).index(level))
            assert row.locator(".badge:text-is('同意')").count() == 4
        assert {(s.level, s.party, s.decision) for s in application.signoffs.all()} == {
            (level, party, "approve") for level in REVIEWERS for party in Party.values
        }
        province = signed_in["province"]  # the province's 人社 staff handle what follows

        # --- 公示: a visitor objects on the public page ---------------------------------------
        visitor = anonymous()
        visitor.goto(f"{base}/campaign/notice/")
        card = visitor.locator(f"#notice-{application.pk}")
        assert UNIT in card.locator(".card-title").inner_text()
        card.locator("summary:has-text('提出异议')").click()
        card.locator("textarea[name=text]").fill("该企业去年曾拖欠部分一线职工加班费，请核查。")
        card.locator("input[name=contact_name]").fill("刘先生")
        card.locator("input[name=contact_phone]").fill("0531-88888888")
        with visitor.expect_navigation():
            card.locator("button:has-text('提交异议')").click()
        assert "您的异议已收到" in alerts(visitor), alerts(visitor)
        assert visitor.errors == []

        # --- province staff dismiss it after checking; naming waits for the notice period ------
        province.goto(detail)
        assert status_of(province).startswith("公示中")
        objection = province.locator(".list-group-item", has_text="拖欠部分一线职工加班费")
        assert objection.locator(".badge").inner_text().strip() == "待处理"
        submit(province, ".page-header button:has-text('命名')")
        assert "期满后才能命名" in alerts(province), alerts(province)  # 公示 runs 5 working days
        objection = province.locator(".list-group-item", has_text="拖欠部分一线职工加班费")
        objection.locator("select[name=outcome]").select_option(label="异议不成立")
        objection.locator("input[name=response]").fill("经核查，加班费已于去年足额补发，有职工签收记录。")
        submit(province, "button:has-text('处理异议')")
        assert "异议已处理" in alerts(province), alerts(province)
        assert "异议不成立" in province.locator(".list-group-item", has_text="加班费").inner_text()

        # The pages work on the real date, and 公示 lasts five working days from today. Instead of
        # waiting a week, the period is moved to have ended yesterday — the only step that is not a
        # click, standing in for the passing of time.
        Application.objects.filter(pk=application.pk).update(notice_ends=timezone.localdate() - timedelta(days=1))
        province.reload()
        submit(province, ".page-header button:has-text('命名')")
        assert "已命名：山东省劳动关系和谐企业" in alerts(province), alerts(province)
        assert status_of(province) == "已命名"
        assert province.errors == []
        naming = Naming.objects.get(application=application)

        # the sign-off grid, wide and on a phone
        shoot(province, shots, "application-detail")

        # --- the certificate: from the application to the naming, the PDF and its QR code -----
        province.click(".page-header a:has-text('命名证书')")
        province.wait_for_url(f"{base}/campaign/namings/{naming.pk}/")
        href = province.locator(".page-header a:has-text('证书')").first.get_attribute("href")
        response = province.request.get(f"{base}{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        pdf = tmp_path / "certificate.pdf"
        pdf.write_bytes(response.body())
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        flat = "".join(text.stdout.split())
        assert UNIT in flat and naming.serial in flat, text.stdout
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(line.split()[-5] == "yes" for line in rows), fonts  # "emb" column: embedded
        verify = f"{base}/campaign/certificates/{naming.serial}/"
        if shutil.which("zbarimg") and shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "page")], check=True)
            image = sorted(tmp_path.glob("page*.png"))[0]
            scanned = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, check=True)
            assert scanned.stdout.strip() == verify
        visitor.goto(verify)
        assert "证书有效" in visitor.locator("#verify-status").inner_text()
        assert visitor.locator(".datagrid-content", has_text=naming.plaque_number).is_visible()

        visitor.goto(f"{base}/campaign/public/")
        assert visitor.locator("table.hexie-list tbody tr", has_text=UNIT).locator(".badge").inner_text() == "有效"
        shoot(visitor, shots, "public-list")

        # --- dynamic management: a spot check drawn, closed as failed, the naming revoked ------
        province.goto(f"{base}/campaign/rechecks/")
        province.click(".page-header a:has-text('抽查（山东省）')")
        province.wait_for_url(f"{base}/campaign/rechecks/spot-check/370000/")
        province.fill("#id_count", "1")
        submit(province, "button:has-text('抽取')")
        assert "已抽取 1 家单位进行复核" in alerts(province), alerts(province)
        province.click(f"table.hexie-list a:has-text('{UNIT}')")
        province.wait_for_url(f"{base}/campaign/rechecks/*/")
        province.click(".page-header a:has-text('办结复核')")
        province.select_option("#id_passed", label="未通过，撤销命名")
        province.fill("#id_note", "抽查发现劳动合同签订率不足，且未按期开展工资集体协商。")
        submit(province, "button:has-text('办结')")
        assert "复核已办结" in alerts(province), alerts(province)
        assert "复核未通过" in province.locator(".page-body").inner_text()
        assert province.errors == []

        naming.refresh_from_db()
        assert naming.status == Naming.Status.REVOKED and naming.plaque_withdrawn
        visitor.goto(verify)
        status = visitor.locator("#verify-status").inner_text()
        assert "撤销" in status and "不再有效" in status, status
        assert "已撤销" in visitor.locator(".datagrid").inner_text()
        visitor.goto(f"{base}/campaign/public/")
        assert visitor.locator("table.hexie-list tbody tr", has_text=UNIT).count() == 0  # no longer in force
        visitor.select_option("#id_status", label="已撤销（撤销名单）")
        submit(visitor, ".hexie-filters button:has-text('查询')")
        revoked = visitor.locator("table.hexie-list tbody tr", has_text=UNIT)
        assert revoked.count() == 1 and "已撤销" in revoked.inner_text()
        assert visitor.locator(".badge:text-is('撤销名单')").is_visible()  # the revoked list is headed as such
        shoot(visitor, shots, "public-list-revoked")
        assert visitor.errors == []

        for page in pages:
            assert page.errors == [], (page.url, page.errors)
    finally:
        for context in anonymous_contexts:
            context.close()
