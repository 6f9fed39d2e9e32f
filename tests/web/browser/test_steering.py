"""The steering page in Chromium: charts with their tables and CSV links, small numbers as "< 5", axe-clean,
usable with the keyboard, and closed to other roles."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import COUNSELLOR, STAFF_PASSWORD, add_staff
from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import serve
from tests.web.steering.plans import plan_row, store_plans

STEERING = "steuerung-1"

SIGN_IN_PAGE = re.compile(r"/login(\?|$)")


@pytest.fixture(scope="module")
def steering_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Lotse with a steering account and plans of this month: 10 from Rethen, 5 from Grasdorf and 3
    from Ingeln-Oesselse."""
    folder = tmp_path_factory.mktemp("steering")
    url = f"sqlite+aiosqlite:///{folder / 'lotse.db'}"
    for base in serve(sqlite_template, folder, {}):
        now = datetime.now(UTC)
        plans = [plan_row(district, now) for district, n in (("rethen", 10), ("grasdorf", 5), ("ingeln-oesselse", 3))
                 for _ in range(n)]  # fmt: skip
        with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may be running an event loop in this one
            thread.submit(asyncio.run, store_plans(url, plans)).result()
            thread.submit(asyncio.run, add_staff(url, STEERING, "steering")).result()
            thread.submit(asyncio.run, add_staff(url, "redaktion-1", "editor")).result()
        yield base


def sign_in_as(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(SIGN_IN_PAGE)  # wait for the sign-in's own redirect (a failure stays here)


def test_the_steering_group_sees_charts_tables_and_csv(steering_server: str, page: Page) -> None:
    sign_in_as(page, steering_server, STEERING)
    expect(page).to_have_url(f"{steering_server}/steuerung")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bericht für die Steuerungsgruppe")
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(5)
    expect(page.locator("table.report-table")).to_have_count(5)
    expect(page.get_by_role("img", name="Pläne mit Bedarf je Handlungsfeld und Ortsteil")).to_be_visible()
    table = page.get_by_role("table", name="Tabelle: Pläne mit Bedarf je Handlungsfeld und Ortsteil")
    header = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    column = header.index("Ingeln-Oesselse")
    all_plans = table.locator("tbody tr").first
    expect(all_plans.locator("th")).to_have_text("Alle Pläne")
    expect(all_plans.locator("th, td").nth(column)).to_have_text("< 5")
    expect(all_plans.locator("th, td").nth(header.index("Rethen"))).to_have_text("10")
    # The total (18) is shown, so the smallest other district is withheld: 3 cannot be worked out as 18 − 10 − 5.
    expect(all_plans.locator("th, td").nth(header.index("Grasdorf"))).to_have_text("x")
    assert "3" not in [t.strip() for t in table.locator("td").all_inner_texts()]
    links = page.get_by_role("link", name="Diese Tabelle als CSV herunterladen")
    expect(links).to_have_count(5)
    with page.expect_download() as download:
        links.nth(1).click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Ingeln-Oesselse" in content and "< 5" in content
    assert serious_violations(page) == []


def test_the_page_works_with_the_keyboard_and_in_english(steering_server: str, page: Page) -> None:
    sign_in_as(page, steering_server, STEERING)
    page.goto(f"{steering_server}/steuerung?lang=en")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    reached = set()
    for _ in range(30):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert {"period-from", "period-to", "Show"} <= reached
    page.fill("#period-from", "2020-01")
    page.locator("#period-to").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".period-summary")).to_contain_text("2020-01")
    assert serious_violations(page) == []


@pytest.mark.parametrize("name", [COUNSELLOR, "redaktion-1"])
def test_other_roles_are_refused(steering_server: str, page: Page, name: str) -> None:
    sign_in_as(page, steering_server, name)
    answer = page.goto(f"{steering_server}/steuerung")
    assert answer is not None and answer.status == 403


def test_anonymous_users_are_sent_to_sign_in(steering_server: str, page: Page) -> None:
    page.goto(f"{steering_server}/steuerung")
    expect(page).to_have_url(f"{steering_server}/login?next=%2Fsteuerung")
