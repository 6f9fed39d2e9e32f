"""The OpenAPI viewer at /schema works without the internet: every request it makes goes to Lotse itself."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect


def test_schema_viewer_asks_no_other_host_and_shows_the_operations(page: Page, server: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server}/schema")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/plans").first).to_be_visible(timeout=20_000)
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/referrals/{referral_id}").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    own = urlsplit(server).netloc
    foreign = [url for url in requested if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own]
    assert foreign == []
    assert any(url.endswith("/static/vendor/swagger-ui/swagger-ui-bundle.js") for url in requested)
    assert any(url.endswith("/schema/openapi.json") for url in requested)
    assert problems == []  # no script error and no Content-Security-Policy violation
