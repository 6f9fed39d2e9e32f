"""The kiosk when the service is busy, in Chromium: the page says so in the kiosk's language, passes axe, and
"Try again" leads back to the question with the answers so far (no "start over" as the only way on)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from litestar import Litestar
from playwright.sync_api import Page, expect

from tests.web.browser.accessibility import serious_violations
from tests.web.browser.test_kiosk import answer_this_question
from tests.web.faults.serving import free_port
from web.app import create_app
from web.concurrency import ConcurrencyLimit
from web.settings import Settings


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, Litestar]]:
    """The application in this process (uvicorn in a thread), so that the test can take every slot."""
    shutil.copy(sqlite_template, tmp_path / "lotse.db")
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}", data_dir=tmp_path,
                        rate_limit_per_minute=100_000, first_purge_seconds=3600)  # fmt: skip
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=15)


def test_a_busy_kiosk_says_so_and_try_again_leads_back_to_the_question(
    served: tuple[str, Litestar], page: Page
) -> None:
    base, app = served
    limit = next(layer for layer in app.middleware if isinstance(layer, ConcurrencyLimit))
    free, wait = limit.slots.free, limit.wait_seconds  # no request yet: every slot free
    page.goto(f"{base}/kiosk/uk")
    answer_this_question(page)
    expect(page.locator(".progress")).to_contain_text("2")
    question = page.locator("h1").inner_text()
    # Every request of the page has given its slot back (one still finishing gave it back after the slots were
    # taken below, and the next answer got through: failed once on a loaded machine).
    page.wait_for_load_state("networkidle")
    deadline = time.monotonic() + 10
    while limit.slots.free != free and time.monotonic() < deadline:
        time.sleep(0.02)
    assert limit.slots.free == free
    limit.wait_seconds, limit.slots.free = 0.01, 0  # every slot taken
    try:
        answer_this_question(page)
        expect(page.locator("h1")).to_have_text("Зараз дуже велике навантаження")
        assert page.locator("html").get_attribute("lang") == "uk"
        assert serious_violations(page) == []
    finally:
        limit.wait_seconds, limit.slots.free = wait, free
    page.locator("#try-again").click()
    expect(page.locator("h1")).to_have_text(question)  # the same question, in Ukrainian
    expect(page.locator(".progress")).to_contain_text("2")
