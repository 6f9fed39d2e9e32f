"""``/api/v1/offers`` over real HTTP through the application and a real database."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from models.district import District
from models.taxonomy import CATEGORY_CODES, CATEGORY_LABELS, FIELD_LABELS, FieldOfAction
from web.i18n import gettext_for

OFFER_KEYS = {
    "id", "title", "summary", "field", "category", "provider", "district", "address", "location", "languages",
    "childcare", "cost", "schedule", "by_appointment", "capacity", "accessible", "contact", "valid_from",
    "valid_to", "updated_at", "eligibility",
}  # fmt: skip
ELIGIBILITY_KEYS = {
    "min_age", "max_age", "genders", "residence_statuses", "german_level_min", "german_level_max",
    "requires_child_age", "districts", "housing_situations", "situations",  # the last two added in 1.2.0
    "literacy",  # added in 1.3.0
}  # fmt: skip


def _all_offers(client: TestClient, **params: Any) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    offers, page = [], 1
    while True:
        body = client.get("/api/v1/offers", params={**params, "page": page, "per_page": 100}).json()
        offers += body["items"]
        if page >= body["pages"]:
            return offers
        page += 1


def test_lists_at_least_150_offers_covering_every_category_and_district(client: TestClient) -> None:  # type: ignore[type-arg]
    offers = _all_offers(client)
    assert len(offers) >= 150
    assert {offer["category"] for offer in offers} == set(CATEGORY_CODES)
    assert {offer["district"] for offer in offers} == {d.value for d in District}


def test_offer_json_has_the_partner_contract(client: TestClient) -> None:  # type: ignore[type-arg]
    offer = client.get("/api/v1/offers/ik-frauen-rethen").json()
    assert offer.keys() >= OFFER_KEYS
    assert set(offer["eligibility"]) == ELIGIBILITY_KEYS
    assert offer["provider"] == {
        "id": "sprachschule-bruecke",
        "name": offer["provider"]["name"],
        "kind": "adult_education",
    }
    assert offer["eligibility"]["genders"] == ["female"]
    assert offer["capacity"] == {"available": 0, "maximum": 16}
    assert offer["cost"] == {"free": True, "amount_eur": None, "amount": None, "currency": None}  # the last two: v1.x
    assert offer["schedule"][0] == {"weekday": "monday", "start": "09:00", "end": "12:15"}
    assert set(offer["location"]) == {"lat", "lon"}
    assert set(offer["contact"]) == {"phone", "email", "url"}
    assert offer["field"] == "bildung_sprache"


@pytest.mark.parametrize(
    ("params", "headers", "language", "title_start"),
    [
        ({}, {}, "de", "Frauenintegrationskurs"),
        ({"lang": "en"}, {}, "en", "Women's integration course"),
        ({}, {"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}, "en", "Women's"),
        ({}, {"Accept-Language": "fr-FR, de;q=0.3"}, "de", "Frauen"),
        ({"lang": "ar"}, {}, "de", "Frauen"),
        ({"lang": "de"}, {"Accept-Language": "en"}, "de", "Frauen"),
    ],
)
def test_texts_come_in_the_language_asked_for_else_german(
    client: TestClient,  # type: ignore[type-arg]
    params: dict[str, str],
    headers: dict[str, str],
    language: str,
    title_start: str,
) -> None:
    offer = client.get("/api/v1/offers/ik-frauen-rethen", params=params, headers=headers).json()
    assert offer["text_language"] == language
    assert offer["title"].startswith(title_start)


def test_filters_combine(client: TestClient) -> None:  # type: ignore[type-arg]
    offers = _all_offers(client, field="bildung_sprache", district="rethen", language="uk")
    assert offers
    assert all(o["field"] == "bildung_sprache" and o["district"] == "rethen" and "uk" in o["languages"] for o in offers)
    by_category = _all_offers(client, category="wohnen.emergency_housing")
    assert len(by_category) >= 2
    assert {o["category"] for o in by_category} == {"wohnen.emergency_housing"}


def test_pagination_is_complete_and_stable(client: TestClient) -> None:  # type: ignore[type-arg]
    first = client.get("/api/v1/offers", params={"per_page": 40}).json()
    assert first["page"] == 1 and first["per_page"] == 40 and len(first["items"]) == 40
    ids = [o["id"] for page in range(1, first["pages"] + 1)
           for o in client.get("/api/v1/offers", params={"per_page": 40, "page": page}).json()["items"]]  # fmt: skip
    assert len(ids) == len(set(ids)) == first["total"]
    beyond = client.get("/api/v1/offers", params={"per_page": 40, "page": first["pages"] + 1}).json()
    assert beyond["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"field": "astrology"}, "field"),
        ({"category": "wohnen.castle"}, "category"),
        ({"district": "hannover"}, "district"),
        ({"language": "arabic"}, "language"),
        ({"page": "0"}, "page"),
        ({"page": "first"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"lang": "klingon"}, "lang"),
    ],
)
def test_bad_parameters_get_a_problem_naming_the_field(client: TestClient, params: dict[str, str], field: str) -> None:  # type: ignore[type-arg]
    response = client.get("/api/v1/offers", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400
    assert problem["instance"] == "/api/v1/offers"
    assert [error["field"] for error in problem["errors"]] == [field]


def test_unknown_offer_is_a_404_problem(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/api/v1/offers/does-not-exist")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "does-not-exist" in response.json()["detail"]


def test_taxonomy_serves_fields_and_categories(client: TestClient) -> None:  # type: ignore[type-arg]
    german = client.get("/api/v1/taxonomy").json()
    english = client.get("/api/v1/taxonomy", params={"lang": "en"}).json()
    assert [f["code"] for f in german["fields"]] == [
        "willkommen", "wohnen", "bildung_sprache", "arbeit", "gesundheit", "teilhabe", "interkulturell", "vernetzung",
    ]  # fmt: skip
    assert [c["code"] for f in german["fields"] for c in f["categories"]] == list(CATEGORY_CODES)
    assert german["fields"][0]["label"] == "Willkommenskultur"
    assert english["fields"][0]["label"] == "Welcome culture"


@pytest.mark.parametrize("language", ["ar", "uk", "fa", "tr", "ru", "de-easy"])
def test_taxonomy_labels_come_in_the_language_asked_for(client: TestClient, language: str) -> None:  # type: ignore[type-arg]
    """`lang=ar` answered `"language": "ar"` with German labels, while plans showed the same labels in Arabic."""
    german = client.get("/api/v1/taxonomy").json()
    asked = client.get("/api/v1/taxonomy", params={"lang": language}).json()
    assert asked["language"] == language
    gettext = gettext_for(language)
    for field, german_field in zip(asked["fields"], german["fields"], strict=True):
        assert field["label"] == FIELD_LABELS[FieldOfAction(field["code"])].in_language(language, gettext)
        if language != "de-easy":
            assert field["label"] != german_field["label"], field
        for category in field["categories"]:
            assert category["label"] == CATEGORY_LABELS[category["code"]].in_language(language, gettext)


def test_hsds_endpoints_serve_services(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get("/api/v1/hsds/services", params={"per_page": 10, "page": 2}).json()
    assert page["page_number"] == 2 and page["size"] == 10 and page["total_items"] >= 150
    assert page["first_page"] is False
    item = page["contents"][0]  # the one-to-one fields of HSDS 3.0 service_list; the full service nests the rest
    service = client.get(f"/api/v1/hsds/services/{item['id']}").json()
    assert {key: service[key] for key in item if key != "organization"} == {
        key: value for key, value in item.items() if key != "organization"
    }
    assert client.get("/api/v1/hsds/services/nope").status_code == 404
    assert client.get("/api/v1/hsds/services", params={"per_page": "0"}).status_code == 400
