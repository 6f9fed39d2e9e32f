"""The counselling screen in a real Chromium: with htmx, without JavaScript, and checked by axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.accessibility import serious_violations, serious_violations_of_static_page
from tests.web.browser.conftest import plan_on_screen, sign_in

PLAN_LANGUAGES = {
    "de": "Ihr Plan",
    "en": "Your plan",
    "ar": "خطتك",
    "uk": "Ваш план",
    "ru": "Ваш план",
    "tr": "Planınız",
    "fa": "برنامه شما",
}


@pytest.fixture
def page(page: Page, server: str) -> Page:
    """A browser tab in which a counsellor has signed in."""
    sign_in(page, server)
    return page


@pytest.fixture
def page_without_js(page_without_js: Page, server: str) -> Page:
    sign_in(page_without_js, server)
    return page_without_js


def fill_required(page: Page) -> int:
    """The four required answers; returns how many user actions that took."""
    page.select_option("#field-german_level", "A1")
    page.fill("#field-children_ages", "2, 7")
    page.select_option("#field-work", "job_seeking")
    page.select_option("#field-housing", "shared_accommodation")
    return 4


def test_the_plan_updates_live_without_reload(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung")
    assert serious_violations(page) == []
    page.evaluate("window.__stillTheSamePage = true")
    actions = fill_required(page)
    cards = page.locator(".offer-card")
    expect(cards.first).to_be_visible()
    assert page.evaluate("window.__stillTheSamePage") is True
    assert actions == 4
    assert cards.count() == 10
    expect(page.locator(".reasons li").first).to_be_visible()
    assert serious_violations(page) == []

    page.select_option("#field-housing", "homeless")
    expect(page.locator(".steps li").first).to_contain_text("Schlafplatz")
    assert page.evaluate("window.__stillTheSamePage") is True


def test_the_plan_reflows_at_320_pixels(server: str, page: Page) -> None:
    """WCAG 1.4.10: no sideways scrolling at 320 CSS pixels (a long fact label did not wrap: review)."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1366, "height": 900})  # and wide: no value squeezed to a letter a line
    narrowest = page.evaluate("Math.min(...[...document.querySelectorAll('.facts dd')].map(dd => dd.offsetWidth))")
    assert narrowest >= 24, narrowest


def test_offer_details_feedback_and_hiding(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung")
    fill_required(page)
    first = page.locator(".offer-card").first
    expect(first).to_be_visible()

    first.get_by_role("link", name="Details und Kontakt").click()
    expect(first.locator(".offer-detail")).to_contain_text("Adresse")
    assert serious_violations(page) == []

    first.get_by_role("button", name="Angenommen").click()
    expect(first.locator(".feedback-status")).to_contain_text("Erfasst: Angenommen")

    second = page.locator(".recommendations > li").nth(1)
    title = second.locator("h4").inner_text()
    second.get_by_role("button", name="Aus dem Plan nehmen").click()
    expect(second.get_by_role("button", name="Wieder zeigen")).to_be_visible()
    assert serious_violations(page) == []

    print_href = page.get_by_role("link", name="Plan drucken (Deutsch)").get_attribute("href")
    page.goto(f"{server}{print_href}")
    expect(page.locator("h1")).to_have_text("Ihr Plan")
    assert title.split(". ", 1)[1] not in page.content()
    assert serious_violations(page) == []


def test_a_failed_change_says_so(server: str, page: Page) -> None:
    """An htmx request answered with an error (here a real 404: a plan that does not exist) or not answered at
    all swapped nothing in, so the click seemed to do nothing; now the page's alert line says so."""
    page.goto(f"{server}/beratung")
    fill_required(page)
    first = page.locator(".offer-card").first
    expect(first).to_be_visible()
    alert = page.locator("#request-error")
    expect(alert).to_be_hidden()
    form = first.locator("form.feedback")
    form.evaluate(
        "f => f.setAttribute('hx-post', '/beratung/plaene/00000000-0000-4000-8000-000000000000/rueckmeldung')"
    )
    page.evaluate("htmx.process(document.body)")
    first.get_by_role("button", name="Angenommen").click()
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Das hat nicht geklappt (der Dienst antwortete mit 404)")
    assert serious_violations(page) == []
    page.route("**/rueckmeldung", lambda route: route.abort())  # the network, not the service, fails
    first.get_by_role("button", name="Abgelehnt").click()
    expect(alert).to_contain_text("keine Antwort vom Dienst")
    page.unroute("**/rueckmeldung")
    page.select_option("#field-housing", "own_flat")  # the next request that works clears the line
    expect(alert).to_be_hidden()


def test_errors_are_shown_next_to_the_field(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung")
    page.fill("#field-children_ages", "2, zwanzig")
    page.select_option("#field-work", "employed")
    expect(page.locator("#error-children_ages")).to_contain_text("von 0 bis 17")
    expect(page.locator("#error-german_level")).to_be_empty()  # not answered yet: no mistake while filling in
    page.get_by_role("button", name="Plan zeigen").click()
    expect(page.locator("#error-german_level")).to_contain_text("Bitte eine Antwort")
    assert serious_violations(page) == []


def test_the_whole_flow_without_javascript(server: str, page_without_js: Page, browser: Browser) -> None:
    page = page_without_js
    page.goto(f"{server}/beratung")
    page.get_by_role("button", name="Plan zeigen").click()
    expect(page.locator("#error-german_level")).to_contain_text("Bitte eine Antwort")
    assert serious_violations_of_static_page(page, browser) == []

    fill_required(page)
    page.get_by_role("button", name="Plan zeigen").click()
    first = page.locator(".offer-card").first
    expect(first).to_be_visible()
    assert serious_violations_of_static_page(page, browser) == []

    first.get_by_role("button", name="Abgelehnt").click()
    expect(page.locator(".offer-card").first.locator(".feedback-status")).to_contain_text("Erfasst: Abgelehnt")

    page.locator(".offer-card").first.get_by_role("link", name="Details und Kontakt").click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".offer-detail")).to_contain_text("Adresse")
    assert serious_violations_of_static_page(page, browser) == []


def test_the_screen_in_english(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Counselling: needs profile and plan")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_contain_text("Provider")
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", list(PLAN_LANGUAGES))
def test_the_printed_plan_in_each_language(server: str, page: Page, language: str) -> None:
    answers = {"german_level": "none", "children_ages": "1", "work": "not_permitted", "housing": "shared_accommodation",
               "plan_language": language}  # fmt: skip
    page.goto(f"{server}/beratung/plaene/{plan_on_screen(page, server, answers)}/druck")
    expect(page.locator("html")).to_have_attribute("lang", "de" if language == "de-easy" else language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language in ("ar", "fa") else "ltr")
    expect(page.locator("h1")).to_have_text(PLAN_LANGUAGES[language])
    expect(page.locator("section.phase").first.locator("li").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button")).to_be_hidden()
    assert serious_violations(page) == []


def test_unknown_plans_get_a_page_in_words(server: str, page: Page) -> None:
    response = page.goto(f"{server}/beratung/plaene/00000000-0000-4000-8000-000000000000")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Nicht gefunden")


def test_the_accessibility_check_does_find_problems(page: Page) -> None:
    page.set_content('<html><body><img src="x.png"><input type="text"><a href="#"></a></body></html>')
    found = {violation["id"] for violation in serious_violations(page)}
    assert {"image-alt", "label"} <= found


def test_one_offer_per_kind_with_its_alternatives_on_screen_and_in_print(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_be_visible()
    page.locator("summary", has_text="Mehr zur Situation").click()
    page.select_option("#field-literacy", "other_script")
    page.select_option("#field-single_parent", "yes")
    page.wait_for_load_state("networkidle")  # the live plan after the last answer
    more = page.locator(".alternatives summary").first
    expect(more).to_contain_text("Weitere Angebote dieser Art (")
    more.click()
    alternatives = page.locator(".alternatives").first.locator("li")
    expect(alternatives.first).to_be_visible()
    # The summary's number and the list, read at once from the same card (a later live update may replace it).
    summary, items = page.evaluate(
        "() => { const d = document.querySelector('.alternatives');"
        " return [d.querySelector('summary').textContent, d.querySelectorAll('li').length]; }"
    )
    assert int(summary.split("(")[1].split(")")[0]) == items
    assert serious_violations(page) == []

    steps = page.locator(".steps li").all_inner_texts()
    assert any("Kita-Platz für Ihr Kind finden (Alter 2)" in step for step in steps), steps
    assert any("Sprachlernklasse für Ihr Kind" in step and "(Alter 7)" in step for step in steps), steps

    print_href = page.get_by_role("link", name="Plan drucken (Deutsch)").get_attribute("href")
    page.goto(f"{server}{print_href}")
    expect(page.locator(".alternatives").first).to_contain_text("Auch möglich:")
    assert serious_violations(page) == []


def test_the_plan_keeps_its_address_and_comes_back_from_my_plans(server: str, page: Page) -> None:
    page.goto(f"{server}/beratung")
    fill_required(page)
    expect(page.locator(".offer-card").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/beratung/plaene/[0-9a-f-]{36}"))  # the address bar follows the plan
    address = page.url
    first_title = page.locator(".offer-card h4").first.inner_text()
    page.reload()
    expect(page.locator(".offer-card h4").first).to_have_text(first_title)
    page.get_by_role("link", name="Fallkürzel und Wiedervorlage").click()
    assert serious_violations(page) == []
    page.fill("#case_reference", "Anna Müller")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#error-case_reference")).to_contain_text("Name")
    assert serious_violations(page) == []
    page.fill("#case_reference", "F-2611-03")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".plan-address")).to_contain_text("F-2611-03")
    page.goto(f"{server}/beratung")
    page.get_by_role("link", name="Meine letzten Pläne").click()
    assert serious_violations(page) == []
    page.locator(".recent-plans a").first.click()
    assert page.url.split("?")[0] == address.split("?")[0]
    expect(page.locator(".offer-card h4").first).to_have_text(first_title)
