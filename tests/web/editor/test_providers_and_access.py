"""Providers' signed links and the approval of their corrections; who may open the catalogue screens."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from litestar.testing import TestClient

from tests.conftest import COUNSELLOR, add_staff, https_client, sign_in
from tests.web.editor.conftest import OWN, PROVIDER
from tests.web.editor.records import form_of, link_generation, snapshot
from web.access.signed_links import sign_link
from web.settings import Settings

FOREIGN = "behoerdenlotsen"  # an offer of stadt-integration


def _api(client: TestClient, offer_id: str = OWN) -> dict[str, object]:  # type: ignore[type-arg]
    body: dict[str, object] = client.get(f"/api/v1/offers/{offer_id}").json()
    return body


def test_a_provider_sees_only_its_own_offers(provider: tuple[TestClient, str], settings: Settings) -> None:  # type: ignore[type-arg]
    client, path = provider
    page = client.get(path)
    assert page.text.count("/bestaetigen") == 14 and OWN in page.text and FOREIGN not in page.text
    assert client.get(f"{path}/{FOREIGN}").status_code == 404
    assert client.post(f"{path}/{FOREIGN}/bestaetigen").status_code == 404
    assert snapshot(settings.database_url).audit[0][:3] == ("staff:redaktion-1", "provider_link_issued", PROVIDER)


def test_a_provider_confirms_at_once(provider: tuple[TestClient, str], settings: Settings) -> None:  # type: ignore[type-arg]
    client, path = provider
    before = snapshot(settings.database_url)
    answer = client.post(f"{path}/{OWN}/bestaetigen", follow_redirects=False)
    assert answer.status_code == 303
    after = snapshot(settings.database_url)
    assert after.confirmed_at[OWN] > before.confirmed_at[OWN] and after.revision == before.revision + 1
    assert after.audit[0][:3] == (f"provider:{PROVIDER}", "offer_confirmed", OWN)


def test_a_proposal_changes_nothing_until_an_editor_approves(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    client, path = provider
    form = client.get(f"{path}/{OWN}").text
    assert 'name="min_age"' not in form  # who the offer is for stays with the editors
    unchanged = client.post(f"{path}/{OWN}", data={"places_available": "6", "places_maximum": "14"})
    assert unchanged.status_code == 400  # the fields it does not send are emptied: that is a change too
    fields = form_of(form)
    assert client.post(f"{path}/{OWN}", data=fields).status_code == 400  # nothing changed
    bad = client.post(f"{path}/{OWN}", data=fields | {"places_available": "20"})
    assert bad.status_code == 400 and 'id="error-places_available"' in bad.text
    proposed = client.post(f"{path}/{OWN}", data=fields | {"places_available": "2", "phone": "+49 5102 0000-77"},
                           follow_redirects=False)  # fmt: skip
    assert proposed.status_code == 303
    assert _api(editor)["capacity"] == {"available": 6, "maximum": 14}
    state = snapshot(settings.database_url)
    assert state.audit[0] == (f"provider:{PROVIDER}", "offer_change_proposed", OWN, {"fields": ["capacity", "contact"]})
    ((proposal_id, offer_id, decision),) = state.proposals
    assert (offer_id, decision) == (OWN, None)
    queue = editor.get("/verwaltung/aenderungen")
    assert "+49 5102 0000-77" in queue.text and f"/verwaltung/aenderungen/{proposal_id}/annehmen" in queue.text
    approved = editor.post(f"/verwaltung/aenderungen/{proposal_id}/annehmen", follow_redirects=False)
    assert approved.status_code == 303
    body = _api(editor)
    assert body["capacity"] == {"available": 2, "maximum": 14}
    assert body["contact"]["phone"] == "+49 5102 0000-77"  # type: ignore[index]
    after = snapshot(settings.database_url)
    assert after.proposals[0][2] == "approved" and after.revision == state.revision + 1
    assert after.audit[0][:3] == ("staff:redaktion-1", "proposal_approved", OWN)
    assert editor.post(f"/verwaltung/aenderungen/{proposal_id}/ablehnen").status_code == 404  # decided once


def test_a_rejected_proposal_changes_nothing(provider: tuple[TestClient, str], editor: TestClient,  # type: ignore[type-arg]
                                            settings: Settings) -> None:  # fmt: skip
    client, path = provider
    form = client.get(f"{path}/{OWN}").text
    fields = form_of(form) | {"places_available": "1"}
    assert client.post(f"{path}/{OWN}", data=fields, follow_redirects=False).status_code == 303
    proposal_id = snapshot(settings.database_url).proposals[0][0]
    assert editor.post(f"/verwaltung/aenderungen/{proposal_id}/ablehnen", follow_redirects=False).status_code == 303
    assert _api(editor)["capacity"] == {"available": 6, "maximum": 14}
    state = snapshot(settings.database_url)
    assert state.proposals[0][2] == "rejected"
    assert state.audit[0][:3] == ("staff:redaktion-1", "proposal_rejected", OWN)


def test_forged_expired_and_other_purpose_links_are_refused(
    anonymous: TestClient,  # type: ignore[type-arg]
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    current = [PROVIDER, link_generation(settings.database_url, PROVIDER)]
    good = sign_link(settings, "provider-offers", current)
    with monkeypatch.context() as past:
        made_at = time.time() - 91 * 24 * 3600
        past.setattr("itsdangerous.timed.time.time", lambda: made_at)
        expired = sign_link(settings, "provider-offers", current)
    assert anonymous.get(f"/anbieter/{good}").status_code == 200
    for token in (good[:-2] + ("AA" if not good.endswith("AA") else "BB"), sign_link(settings, "referral", current),
                  sign_link(settings, "provider-offers", ["no-such-provider", current[1]]),
                  sign_link(settings, "provider-offers", PROVIDER),  # no generation: only for a provider at 0
                  "x" * 600, expired):  # fmt: skip
        assert anonymous.get(f"/anbieter/{token}").status_code == 404, token


@pytest.mark.parametrize("role", ["counsellor", "steering", "admin"])
def test_other_roles_get_403(settings: Settings, role: str) -> None:
    asyncio.run(add_staff(settings.database_url, f"konto-{role}", role))
    with https_client(settings) as client:
        sign_in(client, f"konto-{role}")
        for path in ("/verwaltung/angebote", "/verwaltung/angebote/" + OWN, "/verwaltung/aenderungen"):
            assert client.get(path).status_code == 403, path
        assert client.post(f"/verwaltung/angebote/{OWN}/plaetze", data={"places_available": "1"}).status_code == 403


def test_anonymous_goes_to_login_and_editors_land_on_the_catalogue(
    anonymous: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    answer = anonymous.get("/verwaltung/angebote?field=wohnen", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fverwaltung%2Fangebote%3Ffield%3Dwohnen"
    asyncio.run(add_staff(settings.database_url, "redaktion-2", "editor"))
    anonymous.get("/login")
    signed_in = anonymous.post("/login", data={"username": "redaktion-2", "password": "eine lange Passphrase für Tests",
                                               "_csrf_token": anonymous.cookies["csrftoken"]}, follow_redirects=False)  # fmt: skip
    assert signed_in.headers["location"] == "/verwaltung/angebote"
    assert COUNSELLOR  # the fixture's counsellor exists too; its landing page is unchanged


def test_a_post_without_the_csrf_token_fails(editor: TestClient, provider: tuple[TestClient, str]) -> None:  # type: ignore[type-arg]
    del editor.headers["x-csrftoken"]
    assert editor.post(f"/verwaltung/angebote/{OWN}/plaetze", data={"places_available": "1"}).status_code == 403
    client, path = provider
    del client.headers["x-csrftoken"]
    assert client.post(f"{path}/{OWN}/bestaetigen").status_code == 403
    assert _api(editor)["capacity"] == {"available": 6, "maximum": 14}


def test_a_proposal_number_too_large_for_the_database_is_404(editor: TestClient) -> None:  # type: ignore[type-arg]
    """Path numbers beyond the integer column (2**31 on PostgreSQL, 2**63 on SQLite) were a 500."""
    for number in ("2147483648", "99999999999999999999"):
        answer = editor.post(f"/verwaltung/aenderungen/{number}/annehmen", data={"ui": "de"})
        assert answer.status_code == 404, answer.text[:200]


def test_numbers_of_thousands_of_digits_are_refused_beside_the_field(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    """``int()`` refuses more than 4,300 digits: such a number in a form was a 500."""
    client, path = provider
    huge = "1" * 4_400
    fields = form_of(client.get(f"{path}/{OWN}").text)
    answer = client.post(f"{path}/{OWN}", data=fields | {"places_available": huge}, follow_redirects=False)
    assert answer.status_code == 400 and 'id="error-places_available"' in answer.text
    rows = client.post(f"{path}/{OWN}", data=fields | {"schedule_rows": huge}, follow_redirects=False)
    assert rows.status_code == 400  # the form's own count of rows: unusable, so nothing changed
    editor_fields = form_of(editor.get(f"/verwaltung/angebote/{OWN}").text)
    for name in ("places_available", "min_age"):
        edited = editor.post(f"/verwaltung/angebote/{OWN}", data=editor_fields | {name: huge}, follow_redirects=False)
        assert edited.status_code == 400 and f'id="error-{name}"' in edited.text, name
    assert editor.post(f"/verwaltung/angebote/{OWN}", data=editor_fields | {"schedule_rows": huge},
                       follow_redirects=False).status_code == 303  # fmt: skip
    assert snapshot(settings.database_url).proposals == []


def test_control_characters_in_texts_or_contact_are_refused_beside_the_field(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    """A NUL byte was stored as a proposal and then made the approval a 500 on PostgreSQL (which refuses NUL in
    text); the editor's own save was a 500 there as well. Both are refused beside the field, like an import."""
    client, path = provider
    fields = form_of(client.get(f"{path}/{OWN}").text)
    for name, value in (("summary-de", "Kurs\x00"), ("title-en", "Course\x1b"), ("email", "kurs\x00@example.org")):
        answer = client.post(f"{path}/{OWN}", data=fields | {name: value}, follow_redirects=False)
        assert answer.status_code == 400 and f'id="error-{name}"' in answer.text, (
            name,
            re.findall(r'id="error-[^"]*"', answer.text),
        )
        edited = editor.post(f"/verwaltung/angebote/{OWN}", data=form_of(editor.get(f"/verwaltung/angebote/{OWN}").text)
                             | {name: value}, follow_redirects=False)  # fmt: skip
        assert edited.status_code == 400 and f'id="error-{name}"' in edited.text, name
    assert snapshot(settings.database_url).proposals == []
    lines = client.post(
        f"{path}/{OWN}", data=fields | {"summary-de": "Zwei Zeilen.\r\nMit\tTab."}, follow_redirects=False
    )
    assert lines.status_code == 303  # line breaks and tabs are text


def test_an_approval_keeps_what_an_editor_changed_since(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    client, path = provider
    fields = form_of(client.get(f"{path}/{OWN}").text)
    assert client.post(f"{path}/{OWN}", data=fields | {"phone": "+49 5102 0000-77"},
                       follow_redirects=False).status_code == 303  # fmt: skip
    edit = form_of(editor.get(f"/verwaltung/angebote/{OWN}").text)
    saved = editor.post(f"/verwaltung/angebote/{OWN}", data=edit | {"email": "neu@example.org"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    proposal_id = snapshot(settings.database_url).proposals[0][0]
    assert editor.post(f"/verwaltung/aenderungen/{proposal_id}/annehmen", follow_redirects=False).status_code == 303
    contact = _api(editor)["contact"]
    assert contact["phone"] == "+49 5102 0000-77" and contact["email"] == "neu@example.org"  # type: ignore[index]


def test_an_approval_of_a_value_an_editor_changed_too_is_left_to_the_editor(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    client, path = provider
    fields = form_of(client.get(f"{path}/{OWN}").text)
    assert client.post(f"{path}/{OWN}", data=fields | {"phone": "+49 5102 0000-77"},
                       follow_redirects=False).status_code == 303  # fmt: skip
    edit = form_of(editor.get(f"/verwaltung/angebote/{OWN}").text)
    assert editor.post(f"/verwaltung/angebote/{OWN}", data=edit | {"phone": "+49 5102 1111"},
                       follow_redirects=False).status_code == 303  # fmt: skip
    proposal_id = snapshot(settings.database_url).proposals[0][0]
    refused = editor.post(f"/verwaltung/aenderungen/{proposal_id}/annehmen")
    assert refused.status_code in (200, 400) and "von Hand" in refused.text
    assert _api(editor)["contact"]["phone"] == "+49 5102 1111"  # type: ignore[index]
    assert snapshot(settings.database_url).proposals[0][2] is None  # still waiting: the editor decides
