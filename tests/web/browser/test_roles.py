"""Each role in a real Chromium opens its own staff pages and none of the others' (a 403 page in words)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import COUNSELLOR, STAFF_PASSWORD, add_staff
from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import serve

ACCOUNTS = {"counsellor": COUNSELLOR, "editor": "redaktion-2", "steering": "steuerung-2", "admin": "admin-1"}
PAGES = {
    "counsellor": ["/beratung", "/beratung/plaene"],
    "editor": ["/verwaltung/angebote", "/verwaltung/aenderungen"],
    "steering": ["/steuerung", "/steuerung/needs-by-district.csv"],
    "admin": ["/admin/audit"],
}

SIGN_IN_PAGE = re.compile(r"/login(\?|$)")


@pytest.fixture(scope="module")
def roles_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("roles")
    url = f"sqlite+aiosqlite:///{folder / 'lotse.db'}"
    for base in serve(sqlite_template, folder, {}):
        with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may be running an event loop in this one
            for role, name in ACCOUNTS.items():
                if role != "counsellor":
                    thread.submit(asyncio.run, add_staff(url, name, role)).result()
        yield base


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_each_role_reaches_only_its_own_pages(roles_server: str, page: Page, role: str) -> None:
    page.goto(f"{roles_server}/login")
    page.fill("#username", ACCOUNTS[role])
    page.fill("#password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(SIGN_IN_PAGE)  # wait for the sign-in's own redirect (a failure stays here)
    assert page.url.split("?")[0].removeprefix(roles_server) == PAGES[role][0]  # each role lands on its own page
    for owner, addresses in PAGES.items():
        for address in addresses:
            answer = page.request.get(f"{roles_server}{address}")
            if owner == role:
                assert answer.status == 200, (role, address, answer.status)
            else:
                assert answer.status == 403, (role, address, answer.status)
    page.goto(f"{roles_server}{PAGES[next(o for o in PAGES if o != role)][0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nicht erlaubt")
    assert serious_violations(page) == []
