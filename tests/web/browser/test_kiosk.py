"""The kiosk in a real Chromium: every language end to end, right to left, QR round trip, idle reset,
nothing stored, touch-sized targets, axe-core on every screen."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.web.browser.accessibility import serious_violations
from tests.web.browser.conftest import PUBLIC_HOST, serve
from tests.web.browser.qr import qr_link

LANGUAGES = ["de", "de-easy", "en", "ar", "uk", "ru", "tr", "fa"]
PORTRAIT: ViewportSize = {"width": 1080, "height": 1920}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def kiosk(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A kiosk with a short idle time (3 s, then a 2 s countdown); yields its URL and database file."""
    folder = tmp_path_factory.mktemp("kiosk")
    settings = {
        "LOTSE_KIOSK_IDLE_SECONDS": "3",
        "LOTSE_KIOSK_COUNTDOWN_SECONDS": "2",
        "LOTSE_SECRET_KEY": "test-kiosk-key",
        "LOTSE_PUBLIC_URL": f"http://{PUBLIC_HOST}:{{port}}",
    }
    for base in serve(sqlite_template, folder, settings):
        yield base, folder / "lotse.db"


@pytest.fixture(scope="module")
def calm_kiosk(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A kiosk with the usual idle time: an axe run on a busy machine took longer than the short one, and the
    kiosk started over in the middle of the flow."""
    yield from serve(
        sqlite_template,
        tmp_path_factory.mktemp("calm-kiosk"),
        {"LOTSE_SECRET_KEY": "test-kiosk-key", "LOTSE_PUBLIC_URL": f"http://{PUBLIC_HOST}:{{port}}"},
    )


def row_counts(database: Path) -> dict[str, int]:
    """Rows per table; the audit log without the service's own daily purge runs (they may fall in any test)."""
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
        counts["audit_event"] = connection.execute(
            "SELECT count(*) FROM audit_event WHERE action != 'purged'"
        ).fetchone()[0]
        return counts


def answer_all_questions(page: Page, check: bool = True) -> None:
    """Tap through the six questions: an answer on each, several on the multiple-choice ones."""
    for step in range(6):
        expect(page.locator(".progress")).to_contain_text(f"{step + 1}")
        if check:
            assert serious_violations(page) == []
            assert_touch_sized(page)
        if page.locator("label.option").count():
            page.locator("label.option").first.click()
            page.locator("button[value='next']").click()
        else:
            page.locator("button.option").nth(1 if step == 0 else 0).click()


def answer_this_question(page: Page) -> None:
    """The first answer of the question on screen, and on to the next."""
    if page.locator("label.option").count():
        page.locator("label.option").first.click()
        page.locator("button[value='next']").click()
    else:
        page.locator("button.option").first.click()


def assert_touch_sized(page: Page) -> None:
    for target in page.locator("button, a, label.option").all():
        if target.is_visible():
            box = target.bounding_box()
            assert box is not None
            assert box["width"] >= 44 and box["height"] >= 44, target.inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_flow_in_every_language(calm_kiosk: str, page: Page, language: str) -> None:
    base = calm_kiosk
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{base}/kiosk")
    assert serious_violations(page) == []
    page.locator(f"a[href='/kiosk/{language}']").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language in ("ar", "fa") else "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "de" if language == "de-easy" else language)
    answer_all_questions(page, check=language in ("de", "ar", "uk"))
    offers = page.locator(".kiosk-offer")
    expect(offers.first).to_be_visible()
    assert 1 <= offers.count() <= 6
    expect(page.locator(".qr svg")).to_be_visible()
    assert serious_violations(page) == []


def test_back_and_start_over(kiosk: tuple[str, Path], page: Page) -> None:
    base, _ = kiosk
    page.goto(f"{base}/kiosk/de")
    page.locator("button.option").first.click()
    expect(page.locator(".progress")).to_contain_text("Frage 2 von 6")
    page.get_by_role("button", name="Zurück").click()
    expect(page.locator(".progress")).to_contain_text("Frage 1 von 6")
    page.get_by_role("link", name="Neu anfangen").click()
    expect(page).to_have_url(f"{base}/kiosk")


def test_the_qr_code_opens_the_same_plan_on_a_phone(kiosk: tuple[str, Path], page: Page) -> None:
    base, _ = kiosk
    page.goto(f"{base}/kiosk/uk")
    answer_all_questions(page, check=False)
    titles = sorted(page.locator(".kiosk-offer h2").all_inner_texts())
    link = qr_link(page)
    assert link.startswith(f"http://{PUBLIC_HOST}:{base.rsplit(':', 1)[1]}/kiosk/p/")  # LOTSE_PUBLIC_URL

    page.set_viewport_size(PHONE)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    assert sorted(page.locator(".shared-step li strong").all_inner_texts()) == titles
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []

    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert page.goto(tampered).status == 404  # type: ignore[union-attr]


def assert_nothing_of_the_person(page: Page, base: str) -> None:
    """The page shows no answer and no plan: a question with nothing chosen, or the start."""
    assert page.locator(".kiosk-offer").count() == 0
    assert page.locator("input:checked").count() == 0
    assert "/plan" not in page.url


def test_back_forward_and_reload_after_start_over_show_nothing(kiosk: tuple[str, Path], page: Page) -> None:
    base, _ = kiosk
    page.goto(f"{base}/kiosk/de")
    answer_all_questions(page, check=False)
    expect(page.locator(".kiosk-offer").first).to_be_visible()
    assert "a_" not in page.content() and "?" not in page.url  # no answer in the page's form or address
    page.get_by_role("link", name="Neu anfangen").click()
    expect(page).to_have_url(f"{base}/kiosk")
    for _ in range(8):
        if page.go_back() is None:
            break
        assert_nothing_of_the_person(page, base)
    page.reload()
    assert_nothing_of_the_person(page, base)
    for _ in range(8):
        if page.go_forward() is None:
            break
        assert_nothing_of_the_person(page, base)


@pytest.mark.timed
def test_back_after_the_idle_reset_shows_nothing_and_next_does_not_rebuild_the_plan(
    kiosk: tuple[str, Path], page: Page
) -> None:
    base, _ = kiosk
    page.goto(f"{base}/kiosk/de")
    page.locator("button.option").first.click()  # German level
    expect(page.locator(".progress")).to_contain_text("Frage 2 von 6")
    page.locator("label.option").first.click()  # a child
    page.locator("button[value='next']").click()
    expect(page.locator(".progress")).to_contain_text("Frage 3 von 6")
    page.wait_for_url(f"{base}/kiosk", timeout=10000)  # idle, countdown, start over
    page.go_back()
    assert_nothing_of_the_person(page, base)
    if page.locator("button[value='next']").count():
        page.locator("button[value='next']").click()
        assert_nothing_of_the_person(page, base)
    page.go_back()
    assert_nothing_of_the_person(page, base)


def test_an_answer_after_the_answers_expired_starts_over_and_says_why(kiosk: tuple[str, Path], page: Page) -> None:
    """A screen that stayed up longer than the answers (a sleeping tablet, a stopped script) used to start over
    at the first question without a word."""
    base, _ = kiosk
    for language, note in (
        ("de", "nach einer Pause oder weil jemand neu angefangen hat"),
        ("ar", "حُذفت إجاباتك السابقة"),
    ):
        page.goto(f"{base}/kiosk/{language}")
        page.locator("button.option").first.click()
        expect(page.locator(".progress")).to_contain_text("2")
        page.context.clear_cookies(name="lotse_kiosk")  # its time is up (the CSRF cookie stays)
        answer_this_question(page)
        expect(page.locator(".restarted")).to_contain_text(note)
        expect(page.locator(".progress")).to_contain_text("1")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert serious_violations(page) == []


def test_kiosk_error_pages_are_accessible_and_in_the_kiosks_language(kiosk: tuple[str, Path], page: Page) -> None:
    base, _ = kiosk
    for path, language, direction in (("/kiosk/ar/nirgendwo", "ar", "rtl"), ("/kiosk/p/kein-code", "de", "ltr")):
        answer = page.goto(f"{base}{path}")
        assert answer is not None and answer.status == 404
        assert (page.locator("html").get_attribute("lang"), page.locator("html").get_attribute("dir")) == (
            language,
            direction,
        )
        expect(page.locator("main a[href='/kiosk']")).to_be_visible()
        assert serious_violations(page) == []
        assert_touch_sized(page)


def test_without_a_public_address_the_kiosk_shows_no_qr_code(sqlite_template: Path, tmp_path: Path, page: Page) -> None:
    for base in serve(sqlite_template, tmp_path, {}):
        page.goto(f"{base}/kiosk/de")
        answer_all_questions(page, check=False)
        expect(page.locator(".kiosk-offer").first).to_be_visible()
        assert page.locator(".qr svg").count() == 0
        expect(page.locator(".no-qr")).to_contain_text("keinen Code")


def test_nothing_about_the_person_is_stored(kiosk: tuple[str, Path], page: Page) -> None:
    base, database = kiosk
    before = row_counts(database)
    page.goto(f"{base}/kiosk/ar")
    answer_all_questions(page, check=False)
    expect(page.locator(".kiosk-offer").first).to_be_visible()
    assert row_counts(database) == before


@pytest.mark.timed
def test_after_a_pause_the_kiosk_counts_down_and_starts_over(kiosk: tuple[str, Path], page: Page) -> None:
    base, _ = kiosk
    page.goto(f"{base}/kiosk/de")
    page.locator("button.option").first.click()
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=6000)
    assert serious_violations(page) == []
    page.locator("#idle-continue").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".progress")).to_contain_text("Frage 2 von 6")
    expect(dialog).to_be_visible(timeout=6000)
    page.wait_for_url(f"{base}/kiosk", timeout=6000)
    expect(page.locator(".languages")).to_be_visible()


@pytest.mark.timed
def test_the_answers_last_while_the_person_keeps_touching(kiosk: tuple[str, Path], page: Page) -> None:
    """The answers lived one pause (here 3 + 2 s) from the last answer, while every touch restarted the screen's
    idle timer: a person who kept touching one question for longer lost every answer without a word."""
    base, _ = kiosk
    page.goto(f"{base}/kiosk/de")
    page.locator("button.option").nth(1).click()
    expect(page.locator(".progress")).to_contain_text("Frage 2 von 6")
    for _ in range(9):  # nine seconds of touches without an answer: almost twice the pause
        page.locator("body").dispatch_event("pointerdown")
        page.wait_for_timeout(1000)
    answer_this_question(page)
    expect(page.locator(".progress")).to_contain_text("Frage 3 von 6")


@pytest.mark.timed
def test_the_answers_outlive_the_screens_countdown(kiosk: tuple[str, Path], page: Page) -> None:
    """The cookie lived one pause from the last renewal, the screen's pause ran from the last touch (up to one
    renewal interval later): "Continue" late in the countdown found the answers gone (review finding)."""
    base, _ = kiosk
    page.goto(f"{base}/kiosk/de")
    page.locator("button.option").nth(1).click()
    expect(page.locator(".progress")).to_contain_text("Frage 2 von 6")
    answered = time.monotonic()
    page.wait_for_timeout(900)
    page.locator("body").dispatch_event("pointerdown")  # a touch too soon after the page to renew anything
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=6000)  # idle 3 s after the touch
    page.wait_for_timeout(max(0, int((5.3 - (time.monotonic() - answered)) * 1000)))  # late in the countdown
    page.locator("#idle-continue").click()
    expect(dialog).to_be_hidden()
    answer_this_question(page)
    expect(page.locator(".progress")).to_contain_text("Frage 3 von 6")


def test_phone_and_portrait_layouts_do_not_scroll_sideways(kiosk: tuple[str, Path], page: Page) -> None:
    base, _ = kiosk
    for viewport in (PORTRAIT, PHONE):
        page.set_viewport_size(viewport)
        for path in ("/kiosk", "/kiosk/fa"):
            page.goto(f"{base}{path}")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (viewport, path)
