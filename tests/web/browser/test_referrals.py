"""A referral in a real Chromium: the counsellor refers (after consent), the provider confirms through the signed
link in a browser without any account, the counsellor records start and completion, and the reopened plan
shows every state; axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import sign_in
from tests.web.browser.test_counselling_screen import fill_required


@pytest.fixture
def page(page: Page, server: str) -> Page:
    sign_in(page, server)
    return page


def test_refer_confirm_start_complete_and_see_it_on_the_reopened_plan(
    server: str, page: Page, browser: Browser
) -> None:
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page).to_have_url(re.compile(r"/beratung/plaene/[0-9a-f-]{36}"))
    address = page.url.split("?")[0]
    page.reload()  # the plan survives a reload
    block = page.locator(".offer-card").first.locator(".referral")
    block.get_by_role("button", name="An dieses Angebot vermitteln").click()
    expect(block.locator(".field-error")).to_contain_text("Einverständnis")  # consent first
    assert serious_violations(page) == []
    block.get_by_label("Die Person ist einverstanden", exact=False).check()
    block.get_by_role("button", name="An dieses Angebot vermitteln").click()
    expect(block.locator(".referral-status")).to_contain_text("Vermittelt")
    assert serious_violations(page) == []
    link = block.get_by_label("Link für den Anbieter").input_value()
    assert "/vermittlung/" in link

    provider_context = browser.new_context(locale="de-DE")  # the provider: no account, no session
    try:
        provider = provider_context.new_page()
        provider.goto(link)
        expect(provider.get_by_role("heading", level=1)).to_have_text("Vermittlung an Ihr Angebot")
        assert serious_violations(provider) == []
        provider.get_by_role("button", name="Zusagen").click()
        expect(provider.locator("#referral-state")).to_contain_text("Vom Anbieter zugesagt")
        provider.get_by_role("button", name="Als abgebrochen eintragen").click()  # without a reason
        expect(provider.locator(".field-error").first).to_contain_text("Grund")
        assert serious_violations(provider) == []
    finally:
        provider_context.close()

    page.goto(address)  # reopened by its address
    block = page.locator(".offer-card").first.locator(".referral")
    expect(block.locator(".referral-status")).to_contain_text("Vom Anbieter zugesagt")
    block.get_by_role("button", name="Als begonnen eintragen").click()
    expect(block.locator(".referral-status")).to_contain_text("Begonnen")
    block.get_by_role("button", name="Als abgeschlossen eintragen").click()
    expect(block.locator(".referral-status")).to_contain_text("Abgeschlossen")

    page.goto(f"{server}/beratung/plaene")  # and from "my recent plans"
    page.locator(f".recent-plans a[href^='{address.removeprefix(server)}']").click()
    history = page.locator(".offer-card").first.locator(".referral-history li")
    expect(history).to_have_count(4)
    for state, text in zip(range(4), ("Vermittelt", "Vom Anbieter zugesagt", "Begonnen", "Abgeschlossen"), strict=True):
        expect(history.nth(state)).to_contain_text(text)
    assert serious_violations(page) == []
