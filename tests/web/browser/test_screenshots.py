"""Screenshots for the docs (``LOTSE_SCREENSHOTS=1 .venv/bin/pytest tests/web/browser/test_screenshots.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.conftest import plan_on_screen, sign_in
from tests.web.browser.test_counselling_screen import fill_required
from tests.web.browser.test_editor import _sign_in as sign_in_editor
from tests.web.browser.test_editor import editor_server  # noqa: F401  (the fixture)
from tests.web.browser.test_steering import STEERING, sign_in_as, steering_server  # noqa: F401  (the fixture)

DOCS = Path(__file__).parents[3] / "docs" / "screenshots"
pytestmark = pytest.mark.skipif(not os.environ.get("LOTSE_SCREENSHOTS"), reason="set LOTSE_SCREENSHOTS=1 to refresh")


def test_counselling_screen_screenshot(server: str, page: Page) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 1100})
    sign_in(page, server)
    page.goto(f"{server}/beratung")
    fill_required(page)
    page.select_option("#field-plan_language", "ar")
    expect(page.locator(".offer-card").first).to_be_visible()
    page.locator(".offer-card").first.get_by_role("link", name="Details und Kontakt").click()
    expect(page.locator(".offer-detail").first).to_be_visible()
    page.locator(".alternatives summary").first.click()
    page.screenshot(path=DOCS / "beratung.png")


def test_printed_plan_in_arabic_screenshot(server: str, page: Page) -> None:
    answers = {"german_level": "A1", "children_ages": "2, 7", "work": "job_seeking", "housing": "shared_accommodation",
               "district": "rethen", "languages": "ar", "plan_language": "ar"}  # fmt: skip
    sign_in(page, server)
    plan = {"plan_id": plan_on_screen(page, server, answers)}
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{server}/beratung/plaene/{plan['plan_id']}/druck")
    page.emulate_media(media="print")
    page.screenshot(path=DOCS / "plan-arabisch.png", full_page=True)
    page.pdf(path=str(DOCS / "plan-arabisch.pdf"), format="A4", print_background=True)


def test_kiosk_screenshots(server: str, page: Page) -> None:
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.goto(f"{server}/kiosk")
    page.screenshot(path=DOCS / "kiosk-start.png")
    page.goto(f"{server}/kiosk/ar")
    page.screenshot(path=DOCS / "kiosk-frage-arabisch.png")
    page.goto(f"{server}/kiosk/de")
    for _ in range(6):
        if page.locator("label.option").count():
            page.locator("label.option").first.click()
            page.locator("button[value='next']").click()
        else:
            page.locator("button.option").nth(1).click()
    expect(page.locator(".kiosk-offer").first).to_be_visible()
    page.screenshot(path=DOCS / "kiosk-plan.png", full_page=True)


def test_referral_screenshots(server: str, page: Page, browser: Browser) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in(page, server)
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.reload()  # the last plan of the live updates, by its address
    card = page.locator(".offer-card").first
    card.get_by_label("Die Person ist einverstanden", exact=False).check()
    card.get_by_role("button", name="An dieses Angebot vermitteln").click()
    expect(card.locator(".referral-status")).to_be_visible()
    link = card.get_by_label("Link für den Anbieter").input_value()
    provider = browser.new_context(locale="de-DE", viewport={"width": 1000, "height": 900}).new_page()
    provider.goto(link)
    provider.get_by_role("button", name="Zusagen").click()
    expect(provider.locator("#referral-state")).to_contain_text("zugesagt")
    provider.screenshot(path=DOCS / "vermittlung-anbieter.png", full_page=True)
    provider.context.close()
    page.reload()
    card = page.locator(".offer-card").first
    card.get_by_role("button", name="Als begonnen eintragen").click()
    expect(card.locator(".referral-status")).to_contain_text("Begonnen")
    card.scroll_into_view_if_needed()
    card.screenshot(path=DOCS / "vermittlung-plan.png")


def test_catalogue_screenshots(editor_server: tuple[str, Path], page: Page) -> None:  # noqa: F811
    base, _ = editor_server
    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in_editor(page, base)
    page.goto(f"{base}/verwaltung/angebote?stale=1")
    page.screenshot(path=DOCS / "verwaltung-angebote.png")
    page.goto(f"{base}/verwaltung/angebote")
    page.screenshot(path=DOCS / "verwaltung-liste.png")


def test_steering_screenshot(steering_server: str, page: Page) -> None:  # noqa: F811
    page.set_viewport_size({"width": 1440, "height": 1100})
    sign_in_as(page, steering_server, STEERING)
    page.screenshot(path=DOCS / "steuerung.png")
