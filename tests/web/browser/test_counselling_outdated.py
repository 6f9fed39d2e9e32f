"""The counselling screen while a change is on its way: the plan follows typing, and until the plan for the form
is in, the plan shown is outdated — inert, framed, busy — whatever order the answers come in or if one fails."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import sign_in
from tests.web.browser.test_counselling_screen import fill_required


@pytest.fixture
def page(page: Page, server: str) -> Page:
    """A browser tab in which a counsellor has signed in."""
    sign_in(page, server)
    return page


def _outdated(page: Page) -> dict[str, object]:
    return dict(
        page.evaluate("""() => { const plan = document.getElementById("plan");
        return {outdated: plan.classList.contains("outdated"), busy: plan.getAttribute("aria-busy"),
                actions: document.querySelector(".plan-actions").inert}; }""")
    )


def test_typed_ages_update_the_plan_while_the_cursor_stays_in_the_field(server: str, page: Page) -> None:
    """The print link used to open the plan before the ages, when it was clicked before the field lost focus."""
    page.goto(f"{server}/beratung")
    page.select_option("#field-german_level", "A1")
    page.select_option("#field-work", "job_seeking")
    page.select_option("#field-housing", "municipal_flat")
    expect(page.locator(".offer-card").first).to_be_visible()
    assert "Kita" not in page.locator("#plan").inner_text()  # no child yet
    page.locator("#field-children_ages").press_sequentially("2, 7")
    assert _outdated(page) == {"outdated": True, "busy": "true", "actions": True}  # no click, key or print now
    expect(page.locator("#plan")).not_to_have_class(re.compile(r"\boutdated\b"))
    expect(page.locator("#plan")).to_contain_text("Kita")  # a two-year-old: day care
    assert _outdated(page) == {"outdated": False, "busy": None, "actions": False}
    assert page.evaluate("document.activeElement.id") == "field-children_ages"
    assert serious_violations(page) == []


def test_an_earlier_answer_does_not_clear_a_later_change(server: str, page: Page) -> None:
    """htmx queues a change made while the plan for the one before is on its way; the earlier answer used to
    make the plan look current (and printable) before the later change had reached it."""
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_be_visible()
    held: list[Route] = []
    page.route("**/beratung", lambda route: held.append(route) if not held else route.continue_())
    page.select_option("#field-housing", "homeless")
    page.wait_for_timeout(800)
    assert len(held) == 1  # the first change is on its way, its answer held back
    page.select_option("#field-work", "employed")  # a later change, queued behind it
    held[0].continue_()
    expect(page.locator(".steps li").first).to_contain_text("Schlafplatz")  # the earlier answer is in
    assert _outdated(page)["outdated"] is True  # but it is not the plan for the form as it is now
    expect(page.locator("#plan")).not_to_have_class(re.compile(r"\boutdated\b"))  # the later answer clears it
    page.unroute("**/beratung")


def test_a_failed_update_leaves_the_plan_marked_outdated_but_not_busy(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_be_visible()
    page.route("**/beratung", lambda route: route.abort())
    page.select_option("#field-housing", "homeless")
    expect(page.locator("#request-error")).to_be_visible()
    assert _outdated(page) == {"outdated": True, "busy": None, "actions": True}
    expect(page.locator("#plan-loading")).to_be_hidden()
    assert serious_violations(page) == []  # the outdated plan keeps its contrast
    page.unroute("**/beratung")
