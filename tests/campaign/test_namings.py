"""Namings: numbers and titles, the certificate PDF (font embedded, text, QR code read back), the
public list and verification page, revocation by the right staff, and the named-status query."""

import random
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hexie.campaign import certificates
from hexie.campaign.models import Naming
from hexie.campaign.services import namings as service
from hexie.core.models import TimelineEntry
from hexie.core.registries import QUERIES
from tests.world import make_org

from .naming_factory import make_application, make_naming

pytestmark = pytest.mark.django_db


def test_serials_and_plaque_numbers_run_per_year_and_naming_region(world):
    year = timezone.localdate().year
    first = make_naming(world, world.enterprise_a, "county")
    second = make_naming(world, world.enterprise_a, "county")
    other_county = make_naming(world, world.enterprise_b, "county")
    city = make_naming(world, world.enterprise_a, "city")
    province = make_naming(world, world.enterprise_b, "province")

    assert first.serial == f"HX-{year}-370102-00001"
    assert second.serial == f"HX-{year}-370102-00002"
    assert other_county.serial == f"HX-{year}-370103-00001"
    assert city.serial == f"HX-{year}-370100-00001"
    assert province.serial == f"HX-{year}-370000-00001"
    assert first.plaque_number == f"鲁和谐〔{year}〕370102第0001号"
    assert second.plaque_number == f"鲁和谐〔{year}〕370102第0002号"
    namings = [first, second, other_county, city, province]
    assert len({n.serial for n in namings}) == len({n.plaque_number for n in namings}) == 5


def test_titles_follow_the_level_region_and_the_kind_of_unit(world):
    park = make_org(random.Random(5), "历下科创园区", "park", "370102")
    assert make_naming(world, world.enterprise_a, "county").title == "济南市历下区劳动关系和谐企业"
    assert make_naming(world, world.enterprise_a, "city").title == "济南市劳动关系和谐企业"
    assert make_naming(world, world.enterprise_a, "province").title == "山东省劳动关系和谐企业"
    assert make_naming(world, park, "province").title == "山东省劳动关系和谐工业园区"
    assert make_naming(world, world.enterprise_qd, "city").title == "青岛市劳动关系和谐企业"


def test_a_naming_starts_the_three_year_recheck_clock(world):
    naming = make_naming(world, world.enterprise_a)
    today = timezone.localdate()
    assert naming.named_on == today and naming.year == today.year
    assert naming.recheck_due == service.add_years(today, 3)
    assert service.add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert naming.status == Naming.Status.ACTIVE
    entry = TimelineEntry.objects.get(content_type__model="naming", object_id=str(naming.pk), action="name")
    assert entry.to_status == "active" and entry.note == naming.title


def test_numbers_are_unique_and_a_taken_number_is_skipped(world, monkeypatch):
    first = make_naming(world, world.enterprise_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Naming.objects.create(
            application=make_application(world.enterprise_b, actor=world.admin),
            organization=world.enterprise_b,
            level="county",
            year=first.year,
            title="x",
            named_on=first.named_on,
            serial=first.serial,
            plaque_number="other",
            recheck_due=first.recheck_due,
        )
    # Two namings computing the same next number at once: the second to save takes the one after.
    real = service._next_sequence
    calls = []

    def stale_then_real(year, region):
        calls.append(1)
        return 1 if len(calls) == 1 else real(year, region)

    monkeypatch.setattr(service, "_next_sequence", stale_then_real)
    second = make_naming(world, world.enterprise_a)
    assert len(calls) == 2
    assert second.serial.endswith("-00002") and second.plaque_number.endswith("第0002号")


def test_only_staff_of_the_naming_region_or_above_name(world):
    for user in (world.shizhong, world.hr_a, world.alice):
        application = make_application(world.enterprise_a, "county", actor=world.admin)
        with pytest.raises(PermissionDenied):
            service.create_naming(application, user)
    assert not Naming.objects.exists()
    with pytest.raises(PermissionDenied):
        service.create_naming(make_application(world.enterprise_a, "city", actor=world.admin), world.lixia)
    assert service.create_naming(make_application(world.enterprise_a, "county", actor=world.admin), world.lixia)
    assert service.create_naming(make_application(world.enterprise_a, "city", actor=world.admin), world.city)


def test_an_application_is_named_once_and_only_after_its_notice(world):
    from hexie.campaign.models import Application

    application = make_application(world.enterprise_a, actor=world.admin)
    service.create_naming(application, world.lixia)
    with pytest.raises(ValidationError) as error:
        service.create_naming(application, world.lixia)
    assert error.value.code == "already_named"
    reviewing = make_application(world.enterprise_b, actor=world.admin, until="accept")
    assert reviewing.status == Application.Status.COUNTY_REVIEW
    with pytest.raises(ValidationError) as error:
        service.create_naming(reviewing, world.shizhong)
    assert error.value.code == "not_ready"
    assert Naming.objects.count() == 1


# --- the certificate ---------------------------------------------------------------------------

POPPLER = shutil.which("pdffonts") and shutil.which("pdftotext") and shutil.which("pdftoppm")


def pdf_tool(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def certificate(world, client, tmp_path):
    naming = make_naming(world, world.enterprise_a, "county", user=world.lixia)
    response = client.get(reverse("campaign:certificate-pdf", args=[naming.serial]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    return naming, path


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdffonts, pdftotext) not installed")
def test_the_certificate_embeds_its_cjk_font_and_says_what_it_certifies(certificate, world):
    naming, path = certificate
    assert certificates.FONT_PATH.exists(), "fonts-wqy-microhei is a test dependency (make debs)"
    fonts = [line.split() for line in pdf_tool("pdffonts", str(path)).splitlines()[2:]]
    assert fonts, "no fonts in the PDF"
    microhei = [f for f in fonts if "WenQuanYiMicroHei" in f[0]]
    assert microhei and all(f[-5] == "yes" for f in microhei), fonts  # the "emb" column
    assert all(f[-5] == "yes" for f in fonts)  # nothing the reader has to supply
    text = "".join(pdf_tool("pdftotext", "-layout", str(path), "-").split())
    for expected in (
        "荣誉证书",
        world.enterprise_a.name,
        "济南市历下区劳动关系和谐企业",
        naming.serial,
        naming.plaque_number,
        certificates.chinese_month(naming.named_on),
        "济南市历下区人力资源和社会保障局",
        "济南市历下区总工会",
        "济南市历下区企业联合会",
        "济南市历下区工商业联合会",
    ):
        assert expected in text, expected


@pytest.mark.skipif(not (POPPLER and shutil.which("zbarimg")), reason="zbar-tools (zbarimg) not installed")
def test_the_certificate_qr_code_opens_the_public_verification_page(certificate, client, tmp_path):
    naming, path = certificate
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    decoded = pdf_tool("zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")).strip()
    assert decoded == f"http://testserver/campaign/certificates/{naming.serial}/"
    page = client.get(decoded.removeprefix("http://testserver"))
    assert page.status_code == 200 and naming.organization.name in page.content.decode()


def test_outside_a_request_the_qr_code_uses_the_public_base_url(world, settings):
    settings.PUBLIC_BASE_URL = "https://hexie.example.gov.cn"
    naming = make_naming(world, world.enterprise_a)
    url = certificates.verify_url(naming)
    assert url == f"https://hexie.example.gov.cn/campaign/certificates/{naming.serial}/"
    assert certificates.qr_widget(url, 96).value == url
    assert certificates.render_certificate(naming, url).startswith(b"%PDF")


def test_without_the_font_file_the_builtin_cid_font_stands_in(tmp_path):
    assert certificates.cjk_font(tmp_path / "missing.ttc") == certificates.FALLBACK_FONT
    assert certificates.chinese_month(date(2026, 11, 23)) == "二〇二六年十一月"
    assert certificates.chinese_month(date(2030, 1, 2)) == "二〇三〇年一月"


def test_a_revoked_certificate_says_so(world, client):
    naming = make_naming(world, world.enterprise_a)
    service.revoke_naming(world.lixia, naming, "发生严重拖欠工资")
    response = client.get(reverse("campaign:certificate-pdf", args=[naming.serial]))
    assert response.status_code == 200
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True).stdout
        assert "已撤销" in "".join(text.decode().split())


# --- the public pages --------------------------------------------------------------------------


def test_the_verification_page_shows_validity_then_revocation(world, client):
    naming = make_naming(world, world.enterprise_a)
    url = reverse("campaign:certificate-verify", args=[naming.serial])
    assert naming.get_absolute_url() == url
    page = client.get(url).content.decode()
    assert world.enterprise_a.name in page and naming.title in page and "证书有效" in page
    service.revoke_naming(world.lixia, naming, "复核未通过")
    page = client.get(url).content.decode()
    assert "已撤销" in page and timezone.localdate().isoformat() in page and "证书有效" not in page
    assert client.get(reverse("campaign:certificate-verify", args=["HX-2026-370102-99999"])).status_code == 404


@pytest.fixture
def listed(world):
    """Lixia's Quancheng Machinery named and in force; Shizhong's Baotu Foods named then revoked;
    Qingdao's logistics firm named by its city."""
    active = make_naming(world, world.enterprise_a, "county")
    revoked = make_naming(world, world.enterprise_b, "county")
    service.revoke_naming(world.shizhong, revoked, "发生群体性事件")
    qingdao = make_naming(world, world.enterprise_qd, "city")
    return active, revoked, qingdao


def test_the_public_list_shows_units_in_force_and_the_revoked_under_their_filter(listed, client):
    active, revoked, qingdao = listed
    url = reverse("campaign:public-list")
    page = client.get(url).content.decode()  # no login
    assert active.organization.name in page and qingdao.organization.name in page
    assert revoked.organization.name not in page
    page = client.get(url, {"status": "revoked"}).content.decode()
    assert revoked.organization.name in page and "撤销名单" in page
    assert active.organization.name not in page
    page = client.get(url, {"status": "all", "region": "3701"}).content.decode()
    assert active.organization.name in page and revoked.organization.name in page
    assert qingdao.organization.name not in page
    page = client.get(url, {"level": "city"}).content.decode()
    assert qingdao.organization.name in page and active.organization.name not in page
    page = client.get(url, {"year": active.year + 1}).content.decode()
    assert "没有符合条件的单位" in page


def test_the_public_list_pages(listed, client, monkeypatch):
    from hexie.campaign.views import namings as views

    monkeypatch.setattr(views, "PUBLIC_PAGE_SIZE", 1)
    first = client.get(reverse("campaign:public-list")).content.decode()
    second = client.get(reverse("campaign:public-list"), {"page": 2}).content.decode()
    names = [n.organization.name for n in listed if n.status == "active"]
    assert sum(name in first for name in names) == 1 and sum(name in second for name in names) == 1
    assert "共 2 条" in first


def test_the_public_list_exports_the_same_rows_to_xlsx(listed, client):
    active, revoked, qingdao = listed
    response = client.get(reverse("campaign:public-list-export"), {"status": "revoked"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位名称", "所在地区", "称号")
    assert [r[0] for r in rows[1:]] == [revoked.organization.name]
    assert rows[1][7] == revoked.plaque_number and rows[1][8] == "已撤销" and rows[1][10] == "发生群体性事件"
    everything = openpyxl.load_workbook(BytesIO(client.get(reverse("campaign:public-list-export")).content)).active
    assert {r[0] for r in list(everything.iter_rows(values_only=True))[1:]} == {
        active.organization.name,
        qingdao.organization.name,
    }


# --- revocation --------------------------------------------------------------------------------


def test_only_staff_of_the_naming_region_or_above_revoke(world):
    county = make_naming(world, world.enterprise_a, "county")
    city = make_naming(world, world.enterprise_a, "city")
    for user in (world.shizhong, world.hr_a, world.alice, world.mediator):
        with pytest.raises(PermissionDenied):
            service.revoke_naming(user, county, "理由")
    with pytest.raises(PermissionDenied):
        service.revoke_naming(world.lixia, city, "理由")  # a county office does not revoke a city's naming
    county.refresh_from_db()
    assert county.status == Naming.Status.ACTIVE
    with pytest.raises(ValidationError):
        service.revoke_naming(world.lixia, county, "  ")
    service.revoke_naming(world.city, city, "发生重大安全生产事故")  # the city, and above
    service.revoke_naming(world.lixia, county, "复核未通过")
    county.refresh_from_db()
    assert county.status == Naming.Status.REVOKED and county.revoked_on == timezone.localdate()
    assert county.revoke_reason == "复核未通过" and county.plaque_withdrawn
    assert Naming.objects.count() == 2  # nothing deleted
    assert TimelineEntry.objects.filter(
        content_type__model="naming", object_id=str(county.pk), action="revoke", actor=world.lixia
    ).exists()
    with pytest.raises(ValidationError):
        service.revoke_naming(world.lixia, county, "又一次")


def test_the_revoke_form_refuses_others_and_revokes_for_the_right_staff(world, client_for):
    naming = make_naming(world, world.enterprise_a)
    url = reverse("campaign:naming-revoke", args=[naming.pk])
    assert client_for(world.shizhong).post(url, {"reason": "x"}).status_code == 404  # not theirs to see
    assert client_for(world.hr_a).post(url, {"reason": "x"}).status_code == 403  # theirs, not to revoke
    assert client_for(world.hr_a).get(reverse("campaign:naming-detail", args=[naming.pk])).status_code == 200
    client = client_for(world.lixia)
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "invalid-feedback" in refused.content.decode()
    naming.refresh_from_db()
    assert naming.status == Naming.Status.ACTIVE
    response = client.post(url, {"reason": "拖欠工资", "plaque_withdrawn": "on"})
    assert response.status_code == 302
    naming.refresh_from_db()
    assert naming.status == Naming.Status.REVOKED and naming.revoke_reason == "拖欠工资"


def test_staff_lists_of_namings_stay_in_scope(world, client_for):
    mine = make_naming(world, world.enterprise_a)
    theirs = make_naming(world, world.enterprise_b)
    page = client_for(world.lixia).get(reverse("campaign:naming-list")).content.decode()
    assert mine.serial in page and theirs.serial not in page
    export = client_for(world.lixia).get(reverse("campaign:naming-export"))
    cells = {
        c for row in openpyxl.load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True) for c in row
    }
    assert mine.serial in cells and theirs.serial not in cells
    assert client_for(world.lixia).get(reverse("campaign:naming-detail", args=[theirs.pk])).status_code == 404
    page = client_for(world.city).get(reverse("campaign:naming-list")).content.decode()
    assert mine.serial in page and theirs.serial in page


# --- incentives --------------------------------------------------------------------------------


def test_named_status_feeds_the_incentives_of_other_modules(world):
    query = QUERIES["campaign.named_status"].func
    status = query(world.enterprise_a)
    assert not status.named and not status.green_channel and status.inspection_weight == Decimal("1")
    county = make_naming(world, world.enterprise_a, "county")
    status = query(world.enterprise_a)
    assert status.named and status.green_channel and status.level == "county" and status.since == county.named_on
    assert status.inspection_weight == Decimal("0.5") and isinstance(status.inspection_weight, Decimal)
    city = make_naming(world, world.enterprise_a, "city")
    assert query(world.enterprise_a).level == "city" and query(world.enterprise_a).serial == city.serial
    assert not query(world.enterprise_b).named
    service.revoke_naming(world.city, city, "复核未通过")
    assert query(world.enterprise_a).level == "county"
    service.revoke_naming(world.lixia, county, "复核未通过")
    assert not query(world.enterprise_a).named
    assert query(world.enterprise_a).inspection_weight == Decimal("1")


def test_certificate_pages_need_no_login_and_staff_pages_do(world, client):
    naming = make_naming(world, world.enterprise_a)
    assert client.get(reverse("campaign:public-list")).status_code == 200
    assert client.get(naming.get_absolute_url()).status_code == 200
    assert client.get(reverse("campaign:naming-list")).status_code == 302
    assert client.get(reverse("campaign:naming-revoke", args=[naming.pk])).status_code == 302
