"""``/``: the address the service is opened at leads to the kiosk, the staff sign-in and the API documentation."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from web.pages.vocabulary import PLAN_LANGUAGES

Client = TestClient[Litestar]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_start_page_leads_to_the_kiosk_in_each_language_the_sign_in_and_the_api(anonymous: Client) -> None:
    """It was a JSON 404: the first thing anyone saw who opened the address `make run` prints."""
    page = anonymous.get("/", headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="de" dir="ltr">' in page.text
    assert "Welche Angebote in Laatzen passen?" in page.text
    for code, name in PLAN_LANGUAGES.items():
        direction = "rtl" if code in ("ar", "fa") else "ltr"
        link = re.search(
            rf'<a href="/kiosk/{code}" lang="([^"]+)" hreflang="[^"]+" dir="{direction}">{name}</a>', page.text
        )
        assert link is not None, code
        assert link.group(1) == ("de" if code == "de-easy" else code)
        assert anonymous.get(f"/kiosk/{code}").status_code == 200
    assert 'href="/login?lang=de"' in page.text and 'href="/schema"' in page.text
    assert "Content-Security-Policy" in page.headers
    assert re.search(r"<script(?![^>]*\bsrc=)", page.text) is None  # no inline script


@pytest.mark.parametrize(("lang", "shown", "heading"), [("en", "en", "Which offers in Laatzen fit?"),
                                                        ("de", "de", "Welche Angebote in Laatzen passen?"),
                                                        ("xx", "de", "Welche Angebote in Laatzen passen?")])  # fmt: skip
def test_the_start_page_is_german_or_english(anonymous: Client, lang: str, shown: str, heading: str) -> None:
    page = anonymous.get("/", params={"lang": lang})
    assert page.status_code == 200
    assert f'<html lang="{shown}" dir="ltr">' in page.text and heading in page.text
    assert f'href="/login?lang={shown}"' in page.text
    assert 'aria-current="page">' + ("English" if shown == "en" else "Deutsch") in page.text


def test_the_start_page_answers_head(anonymous: Client) -> None:
    answer = anonymous.head("/")
    assert answer.status_code == 200 and answer.content == b""
