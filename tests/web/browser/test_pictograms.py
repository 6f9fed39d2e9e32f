"""The kiosk's pictograms are SVG files shipped with the service: they render where no emoji font exists."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.web.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, serve
from tests.web.browser.test_kiosk import PORTRAIT

NO_EMOJI_FONTS = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts</dir><cachedir>{cache}</cachedir>
<selectfont><rejectfont><glob>*Emoji*</glob></rejectfont></selectfont></fontconfig>"""


@pytest.fixture(scope="module")
def kiosk(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(sqlite_template, tmp_path_factory.mktemp("pictograms"), {})


def test_pictograms_render_without_an_emoji_font(kiosk: str, tmp_path: Path) -> None:
    """Every question's pictograms are SVG files: they show in a Chromium that has no emoji font at all."""
    if not CHROMIUM.exists():
        pytest.skip("no Chromium installed")
    base = kiosk
    (tmp_path / "fonts.conf").write_text(NO_EMOJI_FONTS.format(cache=tmp_path / "cache"))
    env: dict[str, str | float | bool] = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    if shutil.which("fc-list"):
        fonts = subprocess.run(
            ["fc-list"], env={k: str(v) for k, v in env.items()}, capture_output=True, text=True, check=True
        ).stdout
        assert "Emoji" not in fonts and "Noto" in fonts  # the browser below sees fonts, but no emoji font
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS, env=env)
        page = browser.new_page(viewport=PORTRAIT)
        page.goto(f"{base}/kiosk/de")
        for step in range(6):
            expect(page.locator(".progress")).to_contain_text(f"{step + 1}")
            icons = page.locator("img.icon")
            assert icons.count() == page.locator(".option").count() > 0
            # Every pictogram loaded and drawn with a size. Not page.wait_for_function: when it has to poll it
            # evaluates its predicate as a string in the page, which the page's CSP (no 'unsafe-eval') refuses.
            for index in range(icons.count()):
                expect(icons.nth(index)).to_have_js_property("complete", True, timeout=10000)
            assert page.evaluate("[...document.querySelectorAll('img.icon')].every(i => i.naturalWidth > 0)")
            assert not re.search("[\U0001f300-\U0001faff\u2600-\u27bf]", page.locator("main").inner_text())
            if step == 5 and os.environ.get("LOTSE_SCREENSHOTS"):
                page.screenshot(path=Path(__file__).parents[3] / "docs/screenshots/kiosk-piktogramme.png")
            if page.locator("label.option").count():
                page.locator("label.option").first.click()
                page.locator("button[value='next']").click()
            else:
                page.locator("button.option").first.click()
        browser.close()
