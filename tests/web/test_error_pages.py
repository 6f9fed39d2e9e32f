"""Error pages of the screens: the kiosk's in the kiosk's language and look, every text of them translated."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from web.error_pages import (
    BODY_TOO_SLOW,
    BUSY,
    BUSY_TITLE,
    DATABASE_DOWN,
    FORM_EXPIRED,
    OTHER_TEXT,
    OTHER_TITLE,
    TEXTS,
    TITLES,
)
from web.i18n import CATALOGUE_LANGUAGES, gettext_for

Client = TestClient[Litestar]
KIOSK_TEXTS = [*TITLES.values(), OTHER_TITLE, *(t for s, t in TEXTS.items() if s != 403), FORM_EXPIRED, DATABASE_DOWN,
               OTHER_TEXT, BUSY, BUSY_TITLE, BODY_TOO_SLOW]  # fmt: skip


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_text_a_kiosk_error_page_can_show_is_translated(language: str) -> None:
    gettext = gettext_for(language)
    assert [text for text in KIOSK_TEXTS if gettext(text) == text] == []


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [("ar", "يُرجى التحقق من الطلب", "rtl"), ("tr", None, "ltr"), ("de", "Bitte die Anfrage prüfen", "ltr")],
)
def test_a_kiosk_error_page_is_in_the_kiosks_language_and_leads_back_to_the_kiosk(
    client: Client, language: str, title: str | None, direction: str
) -> None:
    """It was a German staff page whose brand link led to the staff sign-in."""
    client.get(f"/kiosk/{language}")
    page = client.post(f"/kiosk/{language}", data={"step": "0", "answer": "astrology"})
    assert page.status_code == 400
    assert f'<html lang="{language}" dir="{direction}">' in page.text
    assert title is None or title in page.text
    assert 'href="/kiosk"' in page.text and "/beratung" not in page.text and "/login" not in page.text
    assert "kiosk.js" in page.text  # the idle reset runs on the error page too


def test_a_kiosk_form_without_its_csrf_token_is_refused_in_the_kiosks_language(anonymous: Client) -> None:
    anonymous.get("/kiosk/uk")
    del anonymous.cookies["csrftoken"]
    page = anonymous.post("/kiosk/uk", data={"step": "0", "answer": "A1"})
    assert page.status_code == 403
    assert "Не дозволено" in page.text and "оновіть сторінку" in page.text


@pytest.mark.parametrize(("path", "accept", "lang", "title"), [("/kiosk/p/not-a-token", "ar,de;q=0.5", "ar", None),
                                                         ("/kiosk/p/not-a-token", "uk-UA", "uk", "Не знайдено"),
                                                         ("/kiosk/xx", "fa-IR,fa;q=0.9", "fa", None),
                                                         ("/kiosk/p/not-a-token", "", "de", "Nicht gefunden")])  # fmt: skip
def test_a_damaged_phone_link_answers_in_the_phones_language(
    client: Client, path: str, accept: str, lang: str, title: str | None
) -> None:
    """A truncated link from the QR code answered "Nicht gefunden" in German to a phone set to Arabic (review)."""
    page = client.get(path, headers={"Accept-Language": accept} if accept else {})
    assert page.status_code == 404
    assert f'<html lang="{lang}"' in page.text
    assert title is None or title in page.text


def test_an_unknown_phone_link_is_a_phone_page(client: Client) -> None:
    page = client.get("/kiosk/p/not-a-token")
    assert page.status_code == 404
    assert "kiosk.js" not in page.text and 'href="/kiosk"' in page.text


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/nirgends", "/Kiosk", "/schema/redoc", "/anbieter/kein-link"])
def test_a_browser_at_an_address_without_a_page_gets_a_page_leading_to_the_start(anonymous: Client, path: str) -> None:
    """A mistyped address showed raw JSON in the browser (and under /schema a bare "Error 404")."""
    page = anonymous.get(path, headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="de" dir="ltr">' in page.text and "Nicht gefunden" in page.text
    assert 'href="/">Zurück zum Anfang</a>' in page.text and 'class="brand"><a href="/">' in page.text
    assert page.headers["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in page.headers


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/problem+json", "application/json, text/html"]
)
@pytest.mark.parametrize("path", ["/nirgends", "/schema/redoc", "/schema/openapi.yaml"])
def test_a_program_at_an_address_without_a_page_gets_problem_details(
    anonymous: Client, path: str, accept: str | None
) -> None:
    answer = anonymous.get(path, headers={} if accept is None else {"Accept": accept})
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 404 and answer.json()["instance"] == path


@pytest.mark.parametrize("path", ["/api/v1/nirgends", "/api/v1/plans/x/y/z", "/health/x", "/schema/openapi.json/x"])
def test_the_api_answers_problem_details_even_to_a_browser(anonymous: Client, path: str) -> None:
    answer = anonymous.get(path, headers={"Accept": BROWSER})
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_api_documentation_names_where_it_is(anonymous: Client) -> None:
    answer = anonymous.get("/schema/redoc", headers={"Accept": "application/json"})
    assert "/schema/redoc" in answer.json()["detail"] and "it is at /schema" in answer.json()["detail"]
    assert anonymous.get("/schema").status_code == 200 and anonymous.get("/schema/openapi.json").status_code == 200


@pytest.mark.parametrize("accept", ["text/html;q=inf", "text/html;q=1e400", "application/json;q=-inf, text/html"])
def test_an_accept_header_with_an_impossible_weight_is_no_500(anonymous: Client, accept: str) -> None:
    """``q=inf`` made Litestar's parser raise OverflowError: a 500 and a traceback per request (hostile-input
    review); now it is read as a program's request."""
    for method in ("GET", "POST"):
        answer = anonymous.request(method, "/nirgends", headers={"Accept": accept})
        assert answer.status_code in (404, 405) and answer.headers["content-type"] == "application/problem+json"
