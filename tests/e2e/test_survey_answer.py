"""A survey in a real browser: HR prints the QR sheet, a worker answers on a 375px phone with no
login, and the spent code is refused afterwards."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from hexie.surveys import services
from hexie.surveys.models import Response

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_prints_codes_and_a_worker_answers_once_on_a_phone(log_in, browser, live_server, e2e_world, tmp_path):
    today = timezone.localdate()
    survey = services.create_survey(
        e2e_world.hr_a,
        enterprise=e2e_world.enterprise_a,
        opens_on=today,
        closes_on=today + timedelta(days=7),
        planned_tokens=4,
    )
    services.move_survey(e2e_world.hr_a, survey, "open")

    hr = log_in("hr_a")
    hr.goto(f"{live_server.url}{survey.get_absolute_url()}")
    hr.fill("#id_count", "4")
    hr.click("button:has-text('生成测评码并打印二维码')")
    cards = hr.locator(".qr-card")
    assert cards.count() == 4 and hr.locator(".qr-card svg").count() == 4
    hr.emulate_media(media="print")
    columns = hr.evaluate("getComputedStyle(document.querySelector('.sheet')).gridTemplateColumns.split(' ').length")
    assert columns == 3
    assert not hr.locator("button:has-text('打印')").is_visible()  # the buttons are not printed
    url = cards.first.locator(".url").inner_text().strip()
    assert url.startswith(f"{live_server.url}/s/")
    if shutil.which("zbarimg"):  # the printed QR code scans to the same address
        image = tmp_path / "qr.png"
        cards.first.locator("svg").screenshot(path=str(image))
        scanned = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, check=True)
        assert scanned.stdout.strip() == url
    assert hr.errors == []

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True).new_page()
    errors = []
    phone.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    phone.goto(url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    for index in range(8):
        phone.locator(".question").nth(index).get_by_text("满意", exact=True).tap()
    phone.fill("textarea", "希望多组织技能培训")
    with phone.expect_navigation():
        phone.tap("button:has-text('提交答卷')")
    assert phone.locator("text=提交成功，感谢您的参与！").is_visible(), phone.content()[-1500:]
    assert Response.objects.filter(survey=survey).count() == 1
    assert {getattr(Response.objects.get(), key) for key in services.rules.DIMENSION_KEYS} == {4}
    phone.goto(url)
    assert phone.locator("#refusal").inner_text().startswith("该测评码已经使用过")
    assert errors == ["Failed to load resource: the server responded with a status of 410 (Gone)"]
    phone.context.close()
