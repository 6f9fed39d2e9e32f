"""``/verwaltung/pruefen`` in Chromium: an editor makes the two services of an imported directory offers (a
category; and a district for the one in Hannover), the screen is axe-clean, and the API serves the offers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page

from tests.conftest import STAFF_PASSWORD, add_staff
from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import serve
from tests.web.editor.directory import import_directory

EDITOR = "redaktion-1"
CATEGORY = "willkommen.meeting_place"


@pytest.fixture(scope="module")
def review_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Lotse with an editor account, after an import left two services to review."""
    folder = tmp_path_factory.mktemp("review-served")
    for base in serve(sqlite_template, folder, {"LOTSE_RELOAD_SECONDS": "0.5", "LOTSE_SECRET_KEY": "browser-tests"}):
        url = f"sqlite+aiosqlite:///{folder / 'lotse.db'}"
        with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may be running an event loop in this one
            thread.submit(asyncio.run, add_staff(url, EDITOR, "editor")).result()
            thread.submit(import_directory, url).result()
        yield base


def _entry(page: Page, name: str) -> Locator:
    return page.locator("section.review-entry", has=page.get_by_role("heading", name=name, exact=True))


def _offer_id(page: Page) -> str:
    link = page.locator("p.notice[role=status] a").get_attribute("href")
    assert link is not None and link.startswith("/verwaltung/angebote/")
    return link.removeprefix("/verwaltung/angebote/").split("?")[0]


def _served(base: str, offer_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 10
    answer = httpx.get(f"{base}/api/v1/offers/{offer_id}")
    while answer.status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        answer = httpx.get(f"{base}/api/v1/offers/{offer_id}")
    assert answer.status_code == 200
    body: dict[str, object] = answer.json()
    return body


@pytest.mark.timed
def test_an_editor_makes_imported_services_offers(page: Page, review_server: str) -> None:
    base = review_server
    page.goto(f"{base}/login")
    page.fill("#username", EDITOR)
    page.fill("#password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/verwaltung/angebote")
    page.get_by_role("link", name="Zu prüfen: Angebote aus einem importierten Verzeichnis").click()
    page.wait_for_url(f"{base}/verwaltung/pruefen*")
    assert serious_violations(page) == [], "the list"

    rethen = _entry(page, "Frauencafé Rethen")
    assert "Keine Lotse-Kategorie" in rethen.inner_text() and "Laatzen-Rethen" in rethen.inner_text()
    rethen.get_by_label("Art der Hilfe").select_option(CATEGORY)
    rethen.get_by_role("button", name="Als Angebot aufnehmen").click()
    page.locator("p.notice[role=status]").wait_for()
    assert "„Frauencafé Rethen“ ist jetzt ein Angebot" in page.locator("p.notice[role=status]").inner_text()
    first = _offer_id(page)
    assert serious_violations(page) == [], "the list after a decision"

    hannover = _entry(page, "Beratung am Steintor")
    hannover.get_by_label("Art der Hilfe").select_option(CATEGORY)
    hannover.get_by_role("button", name="Als Angebot aufnehmen").click()
    hannover = _entry(page, "Beratung am Steintor")
    error = hannover.locator(".field-error")
    error.wait_for()
    assert "Ortsteil" in error.inner_text()
    assert serious_violations(page) == [], "the list with an error"
    hannover.get_by_label("Ortsteil").select_option("grasdorf")
    hannover.get_by_role("button", name="Als Angebot aufnehmen").click()
    page.locator("p.notice[role=status]").wait_for()
    second = _offer_id(page)
    assert page.get_by_text("Kein importiertes Angebot wartet auf Prüfung.").is_visible()
    assert serious_violations(page) == [], "the empty list"

    assert {key: _served(base, first)[key] for key in ("category", "district")} == {
        "category": CATEGORY,
        "district": "rethen",
    }
    assert _served(base, second)["district"] == "grasdorf"
