"""The start page (``/``) and the page for an address that has none, in Chromium: accessible, reflowing, and
leading where their links say."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.accessibility import serious_violations


@pytest.mark.parametrize(("query", "heading"), [("", "Welche Angebote in Laatzen passen?"),
                                                ("?lang=en", "Which offers in Laatzen fit?")])  # fmt: skip
def test_the_start_page_passes_axe_and_reflows_at_320_pixels(server: str, page: Page, query: str, heading: str) -> None:
    page.goto(f"{server}/{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_language_on_the_start_page_opens_the_kiosk_in_it(server: str, page: Page) -> None:
    page.goto(server)
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(f"{server}/kiosk/ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.go_back()
    page.get_by_role("link", name="Anmelden").click()
    page.wait_for_url(f"{server}/login?lang=de")


def test_a_mistyped_address_shows_a_page_that_leads_back_to_the_start(server: str, page: Page) -> None:
    answer = page.goto(f"{server}/beratng")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Nicht gefunden")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Zurück zum Anfang").click()
    page.wait_for_url(f"{server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welche Angebote in Laatzen passen?")
