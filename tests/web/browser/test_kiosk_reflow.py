"""The kiosk on a 320 px phone (WCAG 1.4.10, reflow): every page of the way to the plan, in the languages with the
longest words, without sideways scrolling. The German pages were 366 px wide ("Neu anfangen" cut off), long
answers ran out of their buttons, and the plan's cards were up to 600 px (addresses and times kept on one line)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

WIDE = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 3).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("language", ["de", "de-easy", "ru", "fa"])
def test_every_kiosk_page_fits_a_320_pixel_screen(server: str, page: Page, language: str) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{server}/kiosk/{language}")
    for step in range(8):
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), (page.url, page.evaluate(WIDE))
        if page.url.endswith("/plan"):
            break
        options = page.locator("button.option")
        if options.count():  # a different answer on each question, the long ones among them
            options.nth(min(step + 2, options.count() - 1)).click()
        else:
            page.locator("label.option").first.click()
            page.locator("button[name=go][value=next], button[name=go][value=skip]").first.click()
        page.wait_for_load_state()
    assert page.url.endswith("/plan")
