"""axe-core (shipped by axe-playwright-python) on a page: the serious and critical violations."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

_AXE = Axe()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """Violations of WCAG 2.1 A/AA (and best practices) with impact serious or critical."""
    results = _AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}},
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def serious_violations_of_static_page(page: Page, browser: Browser) -> list[dict[str, Any]]:
    """axe needs JavaScript; for a page shown with JavaScript off, check the same HTML in a second tab."""
    html, url = page.content(), page.url
    context = browser.new_context(java_script_enabled=True)
    try:
        checker = context.new_page()
        checker.route(
            "**/*", lambda route: route.abort() if route.request.resource_type == "script" else route.continue_()
        )
        checker.goto(url)
        checker.set_content(html)
        return serious_violations(checker)
    finally:
        context.close()
