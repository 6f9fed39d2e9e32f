"""The catalogue screens in Chromium, signed in as an editor: free places reach the API within 10 s, stale
offers are flagged, and every screen is axe-clean."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

from tests.conftest import STAFF_PASSWORD, add_staff
from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import serve
from tests.web.editor.records import make_stale

EDITOR = "redaktion-1"
OFFER = "mieterfuehrerschein"
STALE = "behoerdenlotsen"


@pytest.fixture(scope="module")
def editor_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A running Lotse that looks for catalogue changes every half second, with an editor account and one
    offer last confirmed 200 days ago."""
    folder = tmp_path_factory.mktemp("editor-served")
    for base in serve(sqlite_template, folder, {"LOTSE_RELOAD_SECONDS": "0.5", "LOTSE_SECRET_KEY": "browser-tests"}):
        url = f"sqlite+aiosqlite:///{folder / 'lotse.db'}"
        with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may be running an event loop in this one
            thread.submit(asyncio.run, add_staff(url, EDITOR, "editor")).result()
            thread.submit(make_stale, url, STALE, datetime.now(UTC) - timedelta(days=200)).result()
        yield base, folder


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", EDITOR)
    page.fill("#password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/verwaltung/angebote")


@pytest.mark.timed
def test_free_places_changed_in_the_list_reach_the_api_within_10_seconds(
    page: Page, editor_server: tuple[str, Path]
) -> None:
    base, _ = editor_server
    _sign_in(page, base)
    before = httpx.get(f"{base}/api/v1/offers/{OFFER}").json()["capacity"]["available"]
    wanted = 1 if before != 1 else 2
    field = page.locator(f"#places_available-{OFFER}")
    field.fill(str(wanted))
    page.locator(f"#places-{OFFER} button[type=submit]").click()
    page.locator(f"#places-{OFFER} .saved").wait_for()
    deadline = time.monotonic() + 10
    seen = before
    while time.monotonic() < deadline and seen != wanted:
        seen = httpx.get(f"{base}/api/v1/offers/{OFFER}").json()["capacity"]["available"]
        time.sleep(0.2)
    assert seen == wanted


def test_a_stale_offer_is_flagged(page: Page, editor_server: tuple[str, Path]) -> None:
    base, _ = editor_server
    _sign_in(page, base)
    page.goto(f"{base}/verwaltung/angebote?stale=1")
    row = page.locator(f"#offer-{STALE}")
    assert "seit mehr als 180 Tagen nicht bestätigt" in row.inner_text()
    assert page.locator("tbody tr").count() == 1
    assert httpx.get(f"{base}/api/v1/offers/{STALE}").json()["uncertain"] is True


def test_every_catalogue_screen_is_axe_clean(page: Page, editor_server: tuple[str, Path]) -> None:
    base, _ = editor_server
    _sign_in(page, base)
    page.goto(f"{base}/verwaltung/angebote?provider=wohlfahrt-leine")
    page.get_by_role("button", name="Link für diesen Träger zum Bestätigen oder Korrigieren seiner Angebote").click()
    assert serious_violations(page) == [], "the provider's link"
    provider_page = page.locator("#provider-link").input_value()
    assert provider_page.startswith(f"{base}/anbieter/")
    for path in ("/verwaltung/angebote", "/verwaltung/angebote?lang=en", f"/verwaltung/angebote/{OFFER}",
                 "/verwaltung/aenderungen", provider_page, f"{provider_page}/{OFFER}"):  # fmt: skip
        page.goto(path if path.startswith("http") else base + path)
        assert serious_violations(page) == [], path
    page.goto(f"{base}/verwaltung/angebote/{OFFER}")
    page.fill("#min_age", "40")
    page.fill("#max_age", "20")
    page.click("button.primary")
    assert page.locator("#error-max_age").is_visible()
    assert page.locator("#max_age").get_attribute("aria-describedby") == "hint-eligibility error-max_age"
    assert serious_violations(page) == [], "the edit form with errors"
    page.goto(f"{base}/verwaltung/angebote?provider=wohlfahrt-leine")
    page.get_by_role("button", name="Alle Links dieses Trägers zurückziehen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Links zurückgezogen")
    assert serious_violations(page) == [], "links withdrawn"
    assert page.goto(provider_page).status == 404  # type: ignore[union-attr]
