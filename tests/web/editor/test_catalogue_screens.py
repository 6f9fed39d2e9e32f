"""The editor's catalogue screens: the list, the edit form with the import's rules, free places, confirming."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient

from tests.web.editor.records import form_of, make_stale, snapshot
from web.settings import Settings

OFFER = "mieterfuehrerschein"  # 6 of 14 places free, weekly on Monday
EDIT = f"/verwaltung/angebote/{OFFER}"


def _api(client: TestClient, offer_id: str = OFFER) -> dict[str, object]:  # type: ignore[type-arg]
    answer = client.get(f"/api/v1/offers/{offer_id}")
    assert answer.status_code == 200
    body: dict[str, object] = answer.json()
    return body


def test_the_list_filters_and_shows_when_each_offer_was_confirmed(editor: TestClient) -> None:  # type: ignore[type-arg]
    everything = editor.get("/verwaltung/angebote")
    assert everything.status_code == 200
    assert everything.text.count('<tr id="offer-') == 164
    assert datetime.now(UTC).strftime("%d.%m.%Y") in everything.text
    housing = editor.get("/verwaltung/angebote", params={"field": "wohnen", "district": "junk", "q": "Mieter"})
    assert housing.status_code == 200
    assert f'id="offer-{OFFER}"' in housing.text
    assert housing.text.count('<tr id="offer-') < 10
    english = editor.get("/verwaltung/angebote", params={"lang": "en", "provider": "wohlfahrt-leine"})
    assert "Offers in the catalogue" in english.text
    assert english.text.count('<tr id="offer-') == 14


def test_a_stale_offer_is_flagged_and_marked_uncertain_in_the_api(
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    make_stale(settings.database_url, OFFER, datetime.now(UTC) - timedelta(days=200))
    stale = editor.get("/verwaltung/angebote", params={"stale": "1"})
    assert stale.text.count('<tr id="offer-') == 1
    assert "seit mehr als 180 Tagen nicht bestätigt" in stale.text
    body = _api(editor)
    assert body["uncertain"] is True
    assert body["last_confirmed"] == (datetime.now(UTC) - timedelta(days=200)).date().isoformat()
    assert _api(editor, "behoerdenlotsen")["uncertain"] is False
    confirmed = editor.post(f"{EDIT}/bestaetigen", data={"back": "https://elsewhere.example/"}, follow_redirects=False)
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/verwaltung/angebote?lang=de"
    assert _api(editor)["uncertain"] is False
    assert snapshot(settings.database_url).audit[0][:3] == ("staff:redaktion-1", "offer_confirmed", OFFER)


def test_quick_free_places_update_as_a_fragment_and_as_a_plain_form(
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    before = snapshot(settings.database_url)
    fragment = editor.post(f"{EDIT}/plaetze", data={"places_available": "3"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith("<form") and "Gespeichert." in fragment.text
    assert _api(editor)["capacity"] == {"available": 3, "maximum": 14}
    after = snapshot(settings.database_url)
    assert after.revision == before.revision + 1
    assert after.audit[0] == ("staff:redaktion-1", "offer_places_updated", OFFER, {"available": 3})
    back = "/verwaltung/angebote?lang=de&field=wohnen"
    plain = editor.post(f"{EDIT}/plaetze", data={"places_available": "0", "back": back}, follow_redirects=False)
    assert (plain.status_code, plain.headers["location"]) == (303, back)
    assert _api(editor)["capacity"] == {"available": 0, "maximum": 14}


def test_a_bad_free_places_number_is_refused_beside_the_field(editor: TestClient) -> None:  # type: ignore[type-arg]
    for value in ("15", "-1", "drei"):
        fragment = editor.post(f"{EDIT}/plaetze", data={"places_available": value}, headers={"HX-Request": "true"})
        assert fragment.status_code == 400
        assert 'aria-invalid="true"' in fragment.text and f"places-error-{OFFER}" in fragment.text
    page = editor.post(f"{EDIT}/plaetze", data={"places_available": "15"})
    assert page.status_code == 400
    assert "Mehr freie Plätze als insgesamt." in page.text
    assert _api(editor)["capacity"] == {"available": 6, "maximum": 14}


def test_editing_saves_checked_values_and_confirms(editor: TestClient, settings: Settings) -> None:  # type: ignore[type-arg]
    form = form_of(editor.get(EDIT).text)
    assert form["title-de"] and form["schedule-0-weekday"] == "monday"
    form |= {"title-en": "Tenancy licence (new)", "phone": "+49 5102 0000-99", "schedule-1-weekday": "friday",
             "schedule-1-start": "14:00", "schedule-1-end": "16:00", "min_age": "18", "valid_to": "2030-06-30"}  # fmt: skip
    saved = editor.post(EDIT, data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    body = _api(editor)
    assert body["contact"]["phone"] == "+49 5102 0000-99"  # type: ignore[index]
    assert body["schedule"][-1] == {"weekday": "friday", "start": "14:00", "end": "16:00"}  # type: ignore[index]
    assert body["eligibility"]["min_age"] == 18 and body["valid_to"] == "2030-06-30"  # type: ignore[index]
    assert editor.get("/api/v1/offers/" + OFFER, params={"lang": "en"}).json()["title"] == "Tenancy licence (new)"
    actor, action, target, detail = snapshot(settings.database_url).audit[0]
    assert (actor, action, target) == ("staff:redaktion-1", "offer_edited", OFFER)
    assert detail == {"fields": ["contact", "eligibility", "schedule", "titles", "valid_to"]}


def test_an_offer_can_be_for_housing_situations_and_a_situation_no_profile_records(
    editor: TestClient,  # type: ignore[type-arg]
) -> None:
    page = editor.get(EDIT).text
    assert 'name="housing_situations" value="homeless"' in page and 'name="situations" value="violence"' in page
    form = form_of(page) | {"housing_situations": ["at_risk", "homeless"], "situations": ["violence"]}
    assert editor.post(EDIT, data=form, follow_redirects=False).status_code == 303
    rules = _api(editor)["eligibility"]
    assert rules["housing_situations"] == ["at_risk", "homeless"] and rules["situations"] == ["violence"]  # type: ignore[index]
    again = form_of(editor.get(EDIT).text)
    assert again["housing_situations"] == ["at_risk", "homeless"] and again["situations"] == ["violence"]
    refused = editor.post(EDIT, data=form | {"situations": ["war"]}, follow_redirects=False)
    assert refused.status_code == 400


def test_a_bad_edit_is_a_400_with_errors_beside_the_fields_and_saves_nothing(
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    before, api_before = snapshot(settings.database_url), _api(editor)
    form = form_of(editor.get(EDIT).text) | {"title-en": "", "schedule-0-end": "08:00", "places_available": "20",
                                  "min_age": "30", "max_age": "20", "email": "not an address",
                                  "phone": "call me maybe"}  # fmt: skip
    answer = editor.post(EDIT, data=form)
    assert answer.status_code == 400
    # Every problem at once (review: a wrong phone number hid the wrong e-mail, and both hid the rest).
    for field in ("phone", "email", "title-en", "schedule-0", "places_available", "max_age"):
        assert f'id="error-{field}"' in answer.text, field
    assert 'aria-describedby="error-email" aria-invalid="true"' in answer.text
    assert "Das Ende muss nach dem Beginn liegen." in answer.text
    assert 'value="20"' in answer.text  # what was typed stays in the form
    not_a_number = editor.post(EDIT, data=form | {"min_age": "zwanzig", "valid_from": "31.12.2026"})
    assert not_a_number.status_code == 400
    for field in ("min_age", "valid_from", "phone", "email", "title-en", "schedule-0"):
        assert f'id="error-{field}"' in not_a_number.text, field
    assert _api(editor) == api_before
    assert snapshot(settings.database_url).revision == before.revision


def test_unknown_offers_are_404_pages(editor: TestClient) -> None:  # type: ignore[type-arg]
    for path in ("/verwaltung/angebote/no-such-offer", "/verwaltung/angebote/%2e%2e"):
        assert editor.get(path).status_code == 404
    assert editor.post("/verwaltung/angebote/no-such-offer/plaetze", data={"places_available": "1"}).status_code == 404


def test_a_nul_byte_in_the_filters_or_a_provider_id_is_no_500(editor: TestClient) -> None:  # type: ignore[type-arg]
    """PostgreSQL refuses NUL in text: a filter or a provider id with one must not reach the database."""
    for query in ("provider=%00", "q=%00", "q=Kurs%00"):
        assert editor.get(f"/verwaltung/angebote?{query}").status_code == 400, query  # a page in words
    assert editor.get("/verwaltung/angebote?provider=wohlfahrt-leine%0A").status_code == 200
    assert editor.post("/verwaltung/anbieter/%00/link", data={"ui": "de"}).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        # the band's second age had no field to show its problem: a 400 page with no message at all
        ({"child_age_low": "3", "child_age_high": "30"}, "child_age", "Kinderalter von 0 bis 17"),
        # "also enter the free places" stood beside a number that was there but not a whole number of 0 or more
        ({"places_available": "-1", "places_maximum": "14"}, "places_available", "ganze Zahl"),
        ({"places_available": "٣", "places_maximum": "14"}, "places_available", "ganze Zahl"),
        # saved though the message asked for https://; the HSDS export then held no valid URI
        ({"url": 'https://"><script>alert(1)</script>'}, "url", "ohne Leerzeichen oder Anführungszeichen"),
        ({"title-de": "\u200b"}, "title-de", "Titel"),  # a zero-width space: a title nobody sees
    ],
)
def test_each_bad_value_gets_its_own_message_beside_its_field(
    editor: TestClient,  # type: ignore[type-arg]
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = _api(editor)
    answer = editor.post(EDIT, data=form_of(editor.get(EDIT).text) | change)
    assert answer.status_code == 400
    shown = re.search(rf'id="error-{field}"[^>]*>(.*?)<', answer.text, re.S)
    assert shown is not None and message in shown[1], answer.text[:200]
    assert _api(editor) == before


def test_an_offer_can_be_for_a_way_of_reading_and_writing_and_for_minors_alone(
    editor: TestClient,  # type: ignore[type-arg]
) -> None:
    page = editor.get(EDIT).text
    assert 'name="literacy" value="other_script"' in page and 'name="situations" value="unaccompanied_minor"' in page
    form = form_of(page) | {"literacy": ["other_script"], "situations": ["unaccompanied_minor"]}
    assert editor.post(EDIT, data=form, follow_redirects=False).status_code == 303
    rules = _api(editor)["eligibility"]
    assert rules["literacy"] == ["other_script"] and rules["situations"] == ["unaccompanied_minor"]  # type: ignore[index]
    again = form_of(editor.get(EDIT).text)
    assert again["literacy"] == ["other_script"] and again["situations"] == ["unaccompanied_minor"]
    refused = editor.post(EDIT, data=form | {"literacy": ["cuneiform"]}, follow_redirects=False)
    assert refused.status_code == 400
