"""Hexie works offline: no page points at an outside URL, and every /static/ file a page or a
stylesheet names is really there (vendored, found by the staticfiles finders)."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ATTRIBUTE = re.compile(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def parameterless_pages(resolver=None, prefix=""):
    """Names of the routes without parameters, the admin and the JSON API aside."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin/", "api/")):
                continue
            yield from parameterless_pages(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
            yield f"{prefix}{entry.name}"


PAGES = sorted(set(parameterless_pages()))


def static_path(url: str) -> str | None:
    path = urlsplit(url).path
    return path[len(settings.STATIC_URL) :] if path.startswith(settings.STATIC_URL) else None


def check_page(html: str) -> set[str]:
    """Problems on one page: outside URLs and /static/ references that do not exist."""
    problems = set()
    for url in ATTRIBUTE.findall(html):
        if EXTERNAL.match(url):
            problems.add(f"outside URL {url}")
        elif (path := static_path(url)) is not None and not finders.find(path):
            problems.add(f"missing static file {url}")
    return problems


def test_the_page_list_covers_the_shell():
    assert {"home", "login", "organization-list", "person-list", "calendar", "token-list"} <= set(PAGES)


@pytest.mark.parametrize("viewer", ["province", None])
@pytest.mark.parametrize("name", PAGES)
def test_pages_reference_nothing_outside(world, client_for, client, name, viewer):
    browser = client_for(world.users[viewer]) if viewer else client
    response = browser.get(reverse(name), follow=True)
    if response.status_code == 405 or "text/html" not in response.get("Content-Type", ""):
        return  # not a GET page (logout), or a download (an export, an import template)
    assert response.status_code in (200, 403), f"{name}: {response.status_code}"
    assert check_page(response.content.decode()) == set(), name


def test_every_vendored_stylesheet_finds_its_fonts_and_images():
    missing = []
    for css in [
        "vendor/tabler/css/tabler.min.css",
        "vendor/tabler-icons/tabler-icons.min.css",
        "hexie/app.css",
    ]:
        found = finders.find(css)
        assert found, css
        text = open(found, encoding="utf-8").read()
        for ref in CSS_URL.findall(text):
            if ref.startswith("data:"):
                continue
            assert not EXTERNAL.match(ref), f"{css} loads {ref} from outside"
            target = urlsplit(ref).path
            resolved = "/".join([*css.split("/")[:-1], target]) if not target.startswith("/") else static_path(target)
            parts = []
            for part in resolved.split("/"):
                if part == "..":
                    parts.pop()
                elif part not in ("", "."):
                    parts.append(part)
            if not finders.find("/".join(parts)):
                missing.append(f"{css} -> {ref}")
    assert missing == []


def test_the_checker_catches_what_it_should():
    page = (
        '<script src="https://cdn.example.com/x.js"></script><link href="//fonts.example/a.css">'
        '<img src="/static/hexie/nope.png"><a href="/organizations/">ok</a>'
        '<script src="/static/hexie/app.js"></script>'
    )
    assert check_page(page) == {
        "outside URL https://cdn.example.com/x.js",
        "outside URL //fonts.example/a.css",
        "missing static file /static/hexie/nope.png",
    }
