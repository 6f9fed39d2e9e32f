"""``/verwaltung/pruefen``: the imported services that wait for review, and the editor's decision that makes
one an offer (a category, and a district where the directory names no place in Laatzen)."""

from __future__ import annotations

import asyncio
import re

import httpx
import msgspec
import pytest
from litestar.testing import TestClient

from models.catalogue import Catalogue, load_catalogue, store_catalogue
from models.database import create_engine, session_factory
from tests.conftest import add_staff, https_client, sign_in
from tests.web.editor.directory import HANNOVER, RETHEN, import_directory
from tests.web.editor.records import snapshot
from web.settings import Settings

QUEUE = "/verwaltung/pruefen"
CATEGORY = "willkommen.meeting_place"


@pytest.fixture
def reviewer(editor: TestClient, settings: Settings) -> TestClient:  # type: ignore[type-arg]
    """The editor, after an import left two services to review."""
    import_directory(settings.database_url)
    return editor


def _decide(client: TestClient, hsds_id: str, **fields: str) -> httpx.Response:  # type: ignore[type-arg]
    return client.post(QUEUE, data={"kind": "service", "hsds_id": hsds_id, "ui": "de", **fields},
                       follow_redirects=False)  # fmt: skip


def _number_of(page: str, name: str) -> str:
    """The number the list gives the entry called ``name`` (its fields are ``category-{n}``, ``district-{n}``)."""
    found = re.search(rf'<h2 id="entry-(\d+)">{re.escape(name)}</h2>', page)
    assert found is not None, name
    return found[1]


def _offers_of(client: TestClient, category: str) -> set[str]:  # type: ignore[type-arg]
    body = client.get("/api/v1/offers", params={"category": category, "per_page": 100}).json()
    return {item["id"] for item in body["items"]}


def test_the_list_shows_each_waiting_service_and_why(reviewer: TestClient) -> None:  # type: ignore[type-arg]
    page = reviewer.get(QUEUE)
    assert page.status_code == 200
    text = page.text
    assert "Frauencafé Rethen" in text and "Verein Frauencafé Rethen" in text
    assert (
        "Hildesheimer Straße 12, 30880 Laatzen-Rethen · Marktplatz 1, 30880 Laatzen-Grasdorf" in text
        and "Steintor 3, 30159 Hannover" in text
    )
    assert text.count("Keine Lotse-Kategorie") == 2 and text.count("Kein Ort in Laatzen erkannt") == 1
    assert 'value="Beratung am Steintor / #2"' in text  # the HSDS id travels in a hidden field, not the path
    rethen, hannover = _number_of(text, "Frauencafé Rethen"), _number_of(text, "Beratung am Steintor")
    assert f'id="district-{hannover}"' in text and f'id="district-{rethen}"' not in text  # Rethen is known
    assert "Rethen (wie im Verzeichnis)" in text
    assert text.count("<optgroup") == 16 and "Orte der Begegnung" in text  # per field of action, both forms
    english = reviewer.get(QUEUE, params={"lang": "en"}).text
    assert "No Lotse category" in english and "No place in Laatzen found" in english and "Meeting places" in english
    listing = reviewer.get("/verwaltung/angebote").text
    assert 'href="/verwaltung/pruefen?lang=de"' in listing and "die auf eine Entscheidung warten (2)" in listing


def test_a_decision_makes_an_offer_that_is_recommended(
    reviewer: TestClient,  # type: ignore[type-arg]
    client: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    before = snapshot(settings.database_url)
    already = _offers_of(reviewer, CATEGORY)
    answer = _decide(reviewer, RETHEN, category=CATEGORY)
    assert answer.status_code == 303
    location = answer.headers["location"]
    offer_id = location.rsplit("decided_offer=", 1)[1]
    assert location == f"{QUEUE}?lang=de&decided_offer={offer_id}"
    done = reviewer.get(location).text
    assert "„Frauencafé Rethen“" in done or "“Frauencafé Rethen”" in done
    assert f'href="/verwaltung/angebote/{offer_id}?lang=de"' in done
    assert "Frauencafé Rethen</h2>" not in done and "die auf Prüfung warten: 1" in done
    offer = reviewer.get(f"/api/v1/offers/{offer_id}").json()
    assert (offer["category"], offer["district"]) == (CATEGORY, "rethen")
    assert _offers_of(reviewer, CATEGORY) == already | {offer_id}
    after = snapshot(settings.database_url)
    assert after.revision == before.revision + 1
    assert after.audit[0][:3] == ("staff:redaktion-1", "review_decided", offer_id)
    assert after.audit[0][3] == {"hsds_id": RETHEN, "category": CATEGORY, "district": "rethen"}
    assert reviewer.get(f"/verwaltung/angebote/{offer_id}").status_code == 200
    detail = client.get(f"/beratung/angebote/{offer_id}").text  # as a counsellor sees it, with its further place
    assert "Auch an diesen Orten: Marktplatz 1, 30880 Laatzen-Grasdorf (Grasdorf)" in detail
    assert _decide(reviewer, RETHEN, category=CATEGORY).status_code == 404  # decided once


async def _hand_made_offer_with_the_id(url: str, offer_id: str) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            catalogue = await load_catalogue(session)
            copy = msgspec.structs.replace(catalogue.offers[0], id=offer_id)
            await store_catalogue(session, Catalogue(providers=[], offers=[copy]), replace=False)
            await session.commit()
    finally:
        await engine.dispose()


def test_a_decision_never_overwrites_an_offer_of_another_origin(
    reviewer: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    """The service's Lotse id equalled a hand-made offer's: deciding overwrote that offer (hostile-input hunt)."""
    asyncio.run(_hand_made_offer_with_the_id(settings.database_url, RETHEN))
    before = reviewer.get(f"/api/v1/offers/{RETHEN}").json()
    page = reviewer.get(QUEUE).text
    answer = _decide(reviewer, RETHEN, category=CATEGORY)
    assert answer.status_code == 400
    assert f'id="error-form-{_number_of(page, "Frauencafé Rethen")}"' in answer.text and "überschreiben" in answer.text
    assert reviewer.get(f"/api/v1/offers/{RETHEN}").json() == before


def test_a_service_outside_laatzen_needs_the_district(reviewer: TestClient) -> None:  # type: ignore[type-arg]
    page = reviewer.get(QUEUE).text
    n = _number_of(page, "Beratung am Steintor")
    missing = _decide(reviewer, HANNOVER, category=CATEGORY)
    assert missing.status_code == 400
    text = missing.text
    assert f'id="error-district-{n}"' in text and f'aria-describedby="error-district-{n}"' in text
    assert re.search(rf'<option value="{CATEGORY}" selected>', text)  # the choice is kept
    answer = _decide(reviewer, HANNOVER, category=CATEGORY, district="grasdorf")
    assert answer.status_code == 303
    offer_id = answer.headers["location"].rsplit("=", 1)[1]
    offer = reviewer.get(f"/api/v1/offers/{offer_id}").json()
    assert offer["district"] == "grasdorf" and offer["address"] == "Steintor 3, 30159 Hannover"


@pytest.mark.parametrize("category", ["", "wohnen.astrology", "willkommen"])
def test_a_missing_or_unknown_category_is_shown_beside_the_select(
    reviewer: TestClient,  # type: ignore[type-arg]
    settings: Settings,
    category: str,
) -> None:
    before = snapshot(settings.database_url)
    n = _number_of(reviewer.get(QUEUE).text, "Frauencafé Rethen")
    answer = _decide(reviewer, RETHEN, category=category)
    assert answer.status_code == 400
    text = answer.text
    assert f'<span class="field-error" id="error-category-{n}">' in text
    assert f'aria-describedby="error-category-{n}" aria-invalid="true"' in text
    after = snapshot(settings.database_url)
    assert after.revision == before.revision and after.audit == before.audit
    assert reviewer.get(QUEUE).text.count('class="review-form"') == 2  # both still wait


def test_an_unknown_entry_is_404(reviewer: TestClient) -> None:  # type: ignore[type-arg]
    for kind, hsds_id in (("service", "no-such-service"), ("organization", f"org-{RETHEN}"), ("service", ""),
                          ("service", "nul\x00byte"), ("service", "x" * 500)):  # fmt: skip
        answer = reviewer.post(QUEUE, data={"kind": kind, "hsds_id": hsds_id, "category": CATEGORY})
        assert answer.status_code == 404, (kind, hsds_id)


def test_a_post_without_the_csrf_token_fails(reviewer: TestClient, settings: Settings) -> None:  # type: ignore[type-arg]
    del reviewer.headers["x-csrftoken"]
    assert _decide(reviewer, RETHEN, category=CATEGORY).status_code == 403
    assert all(event[1] != "review_decided" for event in snapshot(settings.database_url).audit)


@pytest.mark.parametrize("role", ["counsellor", "steering", "admin"])
def test_other_roles_get_403(settings: Settings, role: str) -> None:
    import_directory(settings.database_url)
    asyncio.run(add_staff(settings.database_url, f"konto-{role}", role))
    with https_client(settings) as client:
        sign_in(client, f"konto-{role}")
        assert client.get(QUEUE).status_code == 403
        assert client.post(QUEUE, data={"kind": "service", "hsds_id": RETHEN, "category": CATEGORY}).status_code == 403


def test_anonymous_goes_to_login(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    answer = anonymous.get(QUEUE, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fverwaltung%2Fpruefen"
