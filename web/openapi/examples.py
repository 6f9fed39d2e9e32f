"""An example for every request body and every 2xx answer of the API, by method and path.

They are checked against the documented schemas (tests/web/test_openapi.py), so they stay true to the API.
"""

from __future__ import annotations

from typing import Any

import msgspec

from models.catalogue import Catalogue
from models.offer import OfferRecord
from models.provider import ProviderRecord
from seed.hsds.directory import HsdsDirectory, ServiceQuery, directory_of, one_to_one
from seed.hsds.export import hsds_page

PLAN_ID = "9b1e0c4e-5a1f-4c1e-9d7a-2f3b4c5d6e7f"
REFERRAL_ID = "3f0c2a9e-7b6d-4e5f-8a9b-0c1d2e3f4a5b"
OFFER: dict[str, Any] = {
    "id": "ik-frauen-rethen",
    "title": "Frauenintegrationskurs mit Kinderbetreuung in Rethen",
    "summary": "Kurs nur für Frauen, mit Kinderbetreuung im Haus.",
    "text_language": "de",
    "field": "bildung_sprache",
    "category": "bildung_sprache.integration_course",
    "provider": {"id": "sprachschule-bruecke", "name": "Sprachschule Brücke Laatzen (Demo)", "kind": "adult_education"},
    "district": "rethen",
    "address": "Hildesheimer Straße 402, 30880 Laatzen-Rethen",
    "location": {"lat": 52.2841, "lon": 9.8212},
    "languages": ["de"],
    "childcare": True,
    "cost": {"free": True, "amount_eur": None},
    "schedule": [{"weekday": "monday", "start": "09:00", "end": "12:15"}],
    "by_appointment": False,
    "capacity": {"available": 0, "maximum": 16},
    "accessible": False,
    "contact": {"phone": "+49 5102 0000-210", "email": "info@sprachschule-bruecke.example", "url": None},
    "valid_from": None,
    "valid_to": None,
    "updated_at": "2026-10-14T08:00:00Z",
    "eligibility": {"min_age": None, "max_age": None, "genders": ["female"], "residence_statuses": [],
                    "german_level_min": None, "german_level_max": "A2", "requires_child_age": None, "districts": []},
    "last_confirmed": "2026-11-20",
    "uncertain": False,
}  # fmt: skip
PROFILE: dict[str, Any] = {
    "german_level": "A1",
    "children_ages": [2, 7],
    "work": "job_seeking",
    "housing": "shared_accommodation",
    "district": "rethen",
    "languages": ["ar"],
    "single_parent": True,
    "plan_language": "en",
}
PLAN: dict[str, Any] = {
    "plan_id": PLAN_ID,
    "created_at": "2026-11-25T10:00:00Z",
    "model_version": 3,
    "language": "en",
    "needs": [{"field": "bildung_sprache", "label": "Education and language", "score": 0.92}],
    "recommendations": [
        {
            "rank": 1,
            "score": 0.81,
            "offer": OFFER,
            "reasons": [
                {"code": "childcare", "text": "Childcare during the course", "weight": 0.31},
                {"code": "places", "text": "No free places at the moment", "weight": -0.12},
            ],
            "alternatives": [],
        }
    ],
    "steps": [
        {
            "phase": "now",
            "field": "bildung_sprache",
            "text": "Sign up for an integration course",
            "offer_ids": ["ik-frauen-rethen"],
        }
    ],
    "unmet_needs": [],
}
FEEDBACK_IN = {"offer_id": "ik-frauen-rethen", "outcome": "accepted"}
FEEDBACK_OUT = {"feedback_id": 17, "plan_id": PLAN_ID, **FEEDBACK_IN, "rank": 1, "created_at": "2026-11-25T10:05:00Z"}
REFERRAL: dict[str, Any] = {
    "referral_id": REFERRAL_ID,
    "plan_id": PLAN_ID,
    "offer_id": "ik-frauen-rethen",
    "status": "referred",
    "reason": None,
    "created_at": "2026-11-25T10:02:11Z",
    "updated_at": "2026-11-25T10:02:11Z",
    "history": [{"status": "referred", "reason": None, "by": "partner", "at": "2026-11-25T10:02:11Z"}],
    "provider_link": "https://lotse.laatzen.de/vermittlung/eyJyIjoiM2YwYyJ9.signature",
}
ACCEPTED = {**REFERRAL, "status": "accepted", "updated_at": "2026-11-27T09:00:00Z", "history": [
    *REFERRAL["history"], {"status": "accepted", "reason": None, "by": "partner", "at": "2026-11-27T09:00:00Z"}]}  # fmt: skip
TAXONOMY = {
    "language": "en",
    "fields": [{"code": "wohnen", "label": "Housing and living",
                "categories": [{"code": "wohnen.emergency_housing", "label": "Emergency housing"}]}],
}  # fmt: skip
REPORT = {
    "from": "2026-01-01", "to": "2026-06-30", "group_by": ["field", "district"], "min_cell": 5,
    "total": {"plans": 412, "suppressed": False},
    "cells": [{"field": "wohnen", "district": "rethen", "plans": 37, "suppressed": False},
              {"field": "wohnen", "district": "grasdorf", "plans": None, "suppressed": True, "reason": "small"}],
}  # fmt: skip


def _hsds_directory() -> HsdsDirectory:
    """The example offer and its provider as the HSDS endpoints serve them (made by the same code)."""
    record = msgspec.convert(
        {"id": OFFER["id"], "provider_id": OFFER["provider"]["id"], "category": OFFER["category"],
         "titles": {"de": OFFER["title"]}, "summaries": {"de": OFFER["summary"]}, "district": OFFER["district"],
         "address": OFFER["address"], "location": OFFER["location"], "languages": OFFER["languages"],
         "schedule": OFFER["schedule"], "updated_at": OFFER["updated_at"],
         "contact": {"phone": OFFER["contact"]["phone"]}},
        OfferRecord,
    )  # fmt: skip
    provider = msgspec.convert(OFFER["provider"], ProviderRecord)
    return directory_of(Catalogue(providers=[provider], offers=[record]))


def _page(items: list[dict[str, Any]]) -> dict[str, Any]:
    return hsds_page(items, total=len(items), page=1, per_page=50)


DIRECTORY = _hsds_directory()
SERVICE = DIRECTORY.services[0]
ORGANIZATION = DIRECTORY.organization(DIRECTORY.organizations[0]["id"]) or {}
TAXONOMY_ITEM = DIRECTORY.taxonomies(None)[0]
TERM = DIRECTORY.terms[0].to_hsds()
AT_LOCATION = DIRECTORY.service_at_locations(ServiceQuery())[0][1]

# (method, path) → (request body example or None, {status: answer example})
EXAMPLES: dict[tuple[str, str], tuple[dict[str, Any] | None, dict[str, Any]]] = {
    ("get", "/health"): (None, {"200": {"status": "ok"}}),
    ("get", "/ready"): (None, {"200": {"status": "ready", "offers": 164, "model_version": 3}}),
    ("get", "/api/v1/taxonomy"): (None, {"200": TAXONOMY}),
    ("get", "/api/v1/offers"): (None, {"200": {"items": [OFFER], "total": 1, "page": 1, "per_page": 20, "pages": 1}}),
    ("get", "/api/v1/offers/{offer_id}"): (None, {"200": OFFER}),
    ("get", "/api/v1/hsds"): (None, {"200": {"version": "3.0", "openapi_url": "https://lotse.example/schema/openapi.json"}}),
    ("get", "/api/v1/hsds/services"): (None, {"200": _page([one_to_one(SERVICE)])}),
    ("get", "/api/v1/hsds/services/{service_id}"): (None, {"200": SERVICE}),
    ("get", "/api/v1/hsds/organizations"): (None, {"200": _page([one_to_one(ORGANIZATION)])}),
    ("get", "/api/v1/hsds/organizations/{organization_id}"): (None, {"200": ORGANIZATION}),
    ("get", "/api/v1/hsds/taxonomies"): (None, {"200": _page([TAXONOMY_ITEM])}),
    ("get", "/api/v1/hsds/taxonomies/{taxonomy_id}"): (None, {"200": TAXONOMY_ITEM}),
    ("get", "/api/v1/hsds/taxonomy_terms"): (None, {"200": _page([TERM])}),
    ("get", "/api/v1/hsds/taxonomy_terms/{term_id}"): (None, {"200": TERM}),
    ("get", "/api/v1/hsds/service_at_locations"): (None, {"200": _page([{
        **one_to_one(AT_LOCATION), "location": one_to_one(AT_LOCATION["location"]), "service": one_to_one(SERVICE)}])}),
    ("get", "/api/v1/hsds/service_at_locations/{link_id}"): (None, {"200": AT_LOCATION}),
    ("post", "/api/v1/plans"): (PROFILE, {"201": PLAN}),
    ("get", "/api/v1/plans/{plan_id}"): (None, {"200": PLAN}),
    ("post", "/api/v1/plans/{plan_id}/feedback"): (FEEDBACK_IN, {"201": FEEDBACK_OUT}),
    ("post", "/api/v1/plans/{plan_id}/referrals"): ({"offer_id": "ik-frauen-rethen"}, {"201": REFERRAL,
                                                                                       "200": REFERRAL}),
    ("get", "/api/v1/referrals/{referral_id}"): (None, {"200": REFERRAL}),
    ("patch", "/api/v1/referrals/{referral_id}"): ({"status": "accepted"}, {"200": ACCEPTED}),
    ("post", "/api/v1/referrals/{referral_id}/provider-link"): (None, {"200": {
        **REFERRAL, "provider_link": "https://lotse.laatzen.de/vermittlung/WyIzZjBjIiwxXQ.signature"}}),
    ("get", "/api/v1/reports/needs"): (None, {"200": REPORT}),
}  # fmt: skip
