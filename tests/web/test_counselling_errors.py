"""The counselling screen answers bad form posts with a page in words, never a stack trace."""

from __future__ import annotations

import re

from litestar.testing import TestClient

PROFILE = {"ui": "de", "german_level": "A1", "children_ages": "3", "work": "job_seeking", "housing": "own_flat",
           "plan_language": "de", "limit": "10"}  # fmt: skip


def _plan_id(client: TestClient) -> str:  # type: ignore[type-arg]
    page = client.post("/beratung", data=PROFILE).text
    found = re.search(r"/beratung/plaene/([0-9a-f-]{36})", page)
    assert found is not None
    return found[1]


def test_bad_feedback_and_hiding_get_a_400_page(client: TestClient) -> None:  # type: ignore[type-arg]
    plan_id = _plan_id(client)
    for path, data in (
        (f"/beratung/plaene/{plan_id}/rueckmeldung", {"offer_id": "kita-anmeldung", "outcome": "maybe"}),
        (f"/beratung/plaene/{plan_id}/rueckmeldung", {"offer_id": "not-in-plan", "outcome": "accepted"}),
        (f"/beratung/plaene/{plan_id}/ausblenden", {"offer_id": "not-in-plan", "hidden": "yes"}),
    ):
        response = client.post(path, data=data)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/html")
        assert "Bitte die Anfrage prüfen" in response.text


def test_the_form_keeps_what_was_entered_next_to_the_errors(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.post("/beratung", data={**PROFILE, "children_ages": "3, zwölf", "age": "abc"}).text
    assert 'value="3, zwölf"' in page
    assert "Bitte Alter von 0 bis 17 eingeben" in page
    assert "Bitte ein Alter von 0 bis 120 eingeben" in page
    assert 'aria-invalid="true"' in page


def test_unknown_offer_and_plan_pages(client: TestClient) -> None:  # type: ignore[type-arg]
    assert client.get("/beratung/angebote/nope").status_code == 404
    assert client.get("/beratung/plaene/nope/druck").status_code == 404
    assert client.get("/kiosk/xx").status_code == 404
    assert client.get("/kiosk/p/forged.token").status_code == 404


def test_a_consultation_id_with_a_trailing_newline_starts_a_new_consultation(client: TestClient) -> None:  # type: ignore[type-arg]
    """The hidden ``consultation`` field comes from the browser: an id with a line break after it (which ``$``
    lets through) is not one, and must not reach the 36-character column (a 500 on PostgreSQL)."""
    plan_id = _plan_id(client)
    answer = client.post("/beratung", data={**PROFILE, "consultation": plan_id + "\n"}, follow_redirects=False)
    assert answer.status_code in (200, 303), answer.text[:300]
