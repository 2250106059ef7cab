"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.world import PASSWORD, build_world

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; Django's ORM calls there are
    # safe. Set only while this module's browser runs, so that no other test (a deploy check)
    # inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def e2e_world(transactional_db):
    """The named test province, committed so that the live server's thread sees it.

    A transactional test ends by emptying every table, the regions and calendar seeded by the
    migrations included; they are seeded again here when missing. Content types are recreated
    with new ids then, so their cache (used by the audit log) is cleared too."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from hexie.core import calendar
    from hexie.core.models import Region

    ContentType.objects.clear_cache()
    if not Region.objects.exists():
        seed = import_module("hexie.core.migrations.0002_seed_regions_and_calendar")
        seed.seed_regions(apps, None)
        seed.seed_calendar(apps, None)
        calendar.invalidate()
        import_module("hexie.core.migrations.0003_minimum_wage").seed_shandong(apps, None)
    from hexie.demo.contracts import restore_reference_data

    restore_reference_data()  # the contract model texts, seeded by a migration like the regions
    return build_world()


@pytest.fixture
def log_in(browser, live_server, e2e_world):
    """`log_in("hr_a", viewport=PHONE)`: a page logged in through the real login form.

    The page records console errors and refused requests (a CSP violation shows up as one)."""
    contexts = []

    def open_page(username: str, viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1366, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]:has-text('登录')")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
