"""Browser tests: a real ``lotse serve`` on a free port and the Debian Chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import COUNSELLOR, STAFF_PASSWORD, add_staff

PUBLIC_HOST = "lotse.test"  # the name a kiosk's QR code carries (LOTSE_PUBLIC_URL); Chromium maps it to loopback
CHROMIUM = Path(os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Lotse on a copy of the seeded database; yields its base URL."""
    yield from serve(sqlite_template, tmp_path_factory.mktemp("served"), {})


def serve(template: Path, folder: Path, settings: dict[str, str]) -> Iterator[str]:
    """Run ``lotse serve`` on a copy of ``template`` in ``folder`` with extra ``settings`` ("{port}" in a value
    becomes the port); yield its URL."""
    shutil.copy(template, folder / "lotse.db")
    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may be running an event loop in this one
        thread.submit(
            asyncio.run, add_staff(f"sqlite+aiosqlite:///{folder / 'lotse.db'}", COUNSELLOR, "counsellor")
        ).result()
    port = _free_port()
    env = {
        **os.environ,
        "LOTSE_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'lotse.db'}",
        "LOTSE_DATA_DIR": str(folder),
        "LOTSE_LOG_LEVEL": "WARNING",
        **{name: value.format(port=port) for name, value in settings.items()},
    }
    process = subprocess.Popen([str(Path(sys.executable).parent / "lotse"), "serve", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Playwright's sync API runs an event loop while started, so it lives only as long as one module:
    later tests may need ``asyncio.run``."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") or os.environ.get("LOTSE_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required here (CI) but {CHROMIUM} is missing")
        pytest.skip("no Chromium installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    yield context.new_page()
    context.close()


def sign_in(page: Page, base: str, name: str = COUNSELLOR, password: str = STAFF_PASSWORD) -> None:
    """Sign in through the /login form, as a counsellor does at the start of the day."""
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/beratung*")


def plan_on_screen(page: Page, base: str, answers: dict[str, str]) -> str:
    """Make a plan through the counselling form (as the signed-in counsellor of ``page``); returns its id."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answer = page.request.post(f"{base}/beratung", form={**answers, "_csrf_token": token})
    found = re.search(r"/beratung/plaene/([0-9a-f-]{36})", answer.text())
    assert found is not None, answer.status
    return found[1]
