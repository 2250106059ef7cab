"""Each kind of user logs in through the real form and sees exactly their scope."""

import pytest

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ALL_ORGANIZATIONS = {
    "山东省人力资源和社会保障厅",
    "济南市人力资源和社会保障局",
    "济南市历下区人力资源和社会保障局",
    "济南市市中区人力资源和社会保障局",
    "济南市历下区总工会",
    "历下区劳动人事争议调解委员会",
    "市中区劳动人事争议调解委员会",
    "济南市历下区劳动人事争议仲裁委员会",
    "济南市历下区人民法院",
    "济南泉城机械有限公司",
    "济南趵突食品有限公司",
    "青岛海滨物流有限公司",
}


def first_cells(page, path: str) -> set[str]:
    """The first column of every data row of a list page."""
    page.goto(path)
    rows = page.locator("table.hexie-list tbody tr:not(:has(td[colspan]))")
    return {rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())}


def test_province_staff_see_the_whole_province(log_in, live_server):
    page = log_in("province")
    assert page.locator(".hexie-chart canvas").count() == 1, "the ECharts chart did not draw"
    assert first_cells(page, f"{live_server.url}/organizations/") == ALL_ORGANIZATIONS
    assert first_cells(page, f"{live_server.url}/people/") == {"王丽", "李强", "张敏"}
    assert page.errors == []


def test_enterprise_hr_sees_their_enterprise_and_its_two_workers(log_in, live_server):
    page = log_in("hr_a")
    assert first_cells(page, f"{live_server.url}/organizations/") == {"济南泉城机械有限公司"}
    assert first_cells(page, f"{live_server.url}/people/") == {"王丽", "张敏"}
    assert page.errors == []


def test_a_worker_sees_only_herself(log_in, live_server):
    page = log_in("alice")
    assert page.get_by_text("我的用工记录").is_visible()
    assert first_cells(page, f"{live_server.url}/organizations/") == set()
    assert first_cells(page, f"{live_server.url}/people/") == {"王丽"}
    page.locator("table.hexie-list tbody tr td a").first.click()
    assert page.locator(".datagrid").get_by_text("370102").is_visible(), "the masked ID number is shown"
    assert page.errors == []


def test_a_phone_sized_screen_collapses_the_menu(log_in, live_server):
    page = log_in("hr_a", viewport=PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    menu = page.locator("#sidebar-menu")
    assert not menu.is_visible()
    page.click(".navbar-toggler")
    menu.get_by_text("人员").click()
    page.wait_for_url(f"{live_server.url}/people/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    names = page.locator("table.hexie-list tbody tr td:first-child")
    assert {names.nth(i).inner_text().split("\n")[-1].strip() for i in range(names.count())} == {
        "王丽",
        "张敏",
    }
    assert page.errors == []
