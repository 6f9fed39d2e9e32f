"""Error pages of the screens: the kiosk's in the kiosk's language and look, every text of them translated."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from web.error_pages import DATABASE_DOWN, FORM_EXPIRED, OTHER_TEXT, OTHER_TITLE, TEXTS, TITLES
from web.i18n import CATALOGUE_LANGUAGES, gettext_for

Client = TestClient[Litestar]
KIOSK_TEXTS = [*TITLES.values(), OTHER_TITLE, *(t for s, t in TEXTS.items() if s != 403), FORM_EXPIRED, DATABASE_DOWN,
               OTHER_TEXT]  # fmt: skip


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


def test_an_unknown_phone_link_is_a_phone_page(client: Client) -> None:
    page = client.get("/kiosk/p/not-a-token")
    assert page.status_code == 404
    assert "kiosk.js" not in page.text and 'href="/kiosk"' in page.text
