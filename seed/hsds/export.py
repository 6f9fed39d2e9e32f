"""Writes the catalogue as HSDS 3 services (nested organization, locations, schedules, attributes)."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from models.catalogue import Catalogue
from models.offer import OfferRecord
from models.provider import ProviderRecord
from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS, field_of
from seed.hsds.vocabulary import (
    HSDS_VERSION,
    PLACES_UNIT,
    STEP_FREE,
    TAXONOMY_CATEGORY,
    TAXONOMY_ELIGIBILITY,
    TAXONOMY_FIELD,
    TAXONOMY_OFFER,
    TAXONOMY_PROVIDER_KIND,
    TAXONOMY_TEXT,
    stable_id,
    term_id,
)

_POSTAL = re.compile(r"^(?P<street>.+),\s*(?P<postal_code>\d{5})\s+(?P<city>.+)$")


def hsds_page(services: list[dict[str, Any]], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    """The HSDS API's paginated envelope around ``services``."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(services),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not services,
        "contents": services,
    }


def catalogue_to_hsds(catalogue: Catalogue) -> dict[str, Any]:
    """The whole catalogue as one HSDS page, offers sorted by id."""
    providers = {provider.id: provider for provider in catalogue.providers}
    offers = sorted(catalogue.offers, key=lambda offer: offer.id)
    services = [service_of(offer, providers[offer.provider_id]) for offer in offers]
    document = hsds_page(services, total=len(services), page=1, per_page=max(1, len(services)))
    return {"hsds_version": HSDS_VERSION, **document}


def service_of(offer: OfferRecord, provider: ProviderRecord) -> dict[str, Any]:
    """One offer as an HSDS service object."""
    return {
        "id": offer.id,
        "organization_id": provider.id,
        "name": offer.titles["de"],
        "description": offer.summaries.get("de", ""),
        "url": offer.contact.url,
        "email": offer.contact.email,
        "status": "active",
        "fees_description": "kostenlos" if offer.cost.free else f"{offer.cost.amount_eur:.2f} EUR".replace(".", ","),
        "minimum_age": offer.eligibility.min_age,
        "maximum_age": offer.eligibility.max_age,
        "last_modified": offer.updated_at.isoformat(),
        "assured_date": None if offer.confirmed_at is None else offer.confirmed_at.date().isoformat(),
        "phones": _phones(offer.id, offer.contact.phone),
        "schedules": [
            {
                "id": stable_id(offer.id, "schedule", i),
                "freq": "WEEKLY",
                "byday": slot.weekday.value[:2].upper(),
                "opens_at": slot.start,
                "closes_at": slot.end,
            }
            for i, slot in enumerate(offer.schedule)
        ],
        "service_at_locations": [_service_at_location(offer)],
        "languages": [
            {
                "id": stable_id(offer.id, "language", code),
                "code": code,
                "name": Locale(code).get_display_name("en"),
            }
            for code in offer.languages
        ],
        "organization": _organization(provider),
        "cost_options": []
        if offer.cost.free
        else [
            {
                "id": stable_id(offer.id, "cost"),
                "option": "Teilnahmebeitrag",
                "currency": "EUR",
                "amount": offer.cost.amount_eur,
            }
        ],
        "capacities": [] if offer.capacity is None else [_capacity(offer)],
        "attributes": _attributes(offer),
    }


def _phones(owner: str, number: str | None) -> list[dict[str, Any]]:
    return [] if number is None else [{"id": stable_id(owner, "phone"), "number": number}]


def _organization(provider: ProviderRecord) -> dict[str, Any]:
    return {
        "id": provider.id,
        "name": provider.name,
        "description": provider.description or "",
        "email": provider.contact.email,
        "website": provider.contact.url,
        "phones": _phones(provider.id, provider.contact.phone),
        "attributes": [_attribute(provider.id, TAXONOMY_PROVIDER_KIND, provider.kind.value, provider.kind.value)],
    }


def _service_at_location(offer: OfferRecord) -> dict[str, Any]:
    location_id = stable_id("location", offer.address, offer.location.lat, offer.location.lon)
    match = _POSTAL.match(offer.address)
    address = (
        {"address_1": match["street"], "city": match["city"], "postal_code": match["postal_code"]}
        if match
        else {"address_1": offer.address, "city": "", "postal_code": ""}
    )
    return {
        "id": stable_id(offer.id, "service_at_location"),
        "location": {
            "id": location_id,
            "location_type": "physical",
            "name": offer.address,
            "latitude": offer.location.lat,
            "longitude": offer.location.lon,
            "addresses": [
                {
                    "id": stable_id(location_id, "address"),
                    **address,
                    "state_province": "Niedersachsen",
                    "country": "DE",
                    "address_type": "physical",
                }
            ],
            "accessibility": [
                {
                    "id": stable_id(location_id, STEP_FREE),
                    "description": "Stufenloser Zugang",
                    "details": STEP_FREE,
                }
            ]
            if offer.accessible
            else [],
        },
    }


def _capacity(offer: OfferRecord) -> dict[str, Any]:
    assert offer.capacity is not None
    return {
        "id": stable_id(offer.id, "capacity"),
        "unit": {
            "id": stable_id("unit", PLACES_UNIT),
            "name": "Plätze",
            "scheme": "lotse",
            "identifier": PLACES_UNIT,
        },
        "available": offer.capacity.available,
        "maximum": offer.capacity.maximum,
        "updated": offer.updated_at.isoformat(),
    }


def _attribute(owner: str, taxonomy: str, code: str, value: str, name: str | None = None) -> dict[str, Any]:
    return {
        "id": stable_id(owner, "attribute", taxonomy, code, value),
        "taxonomy_term_id": term_id(taxonomy, code),
        "taxonomy_term": {
            "id": term_id(taxonomy, code),
            "code": code,
            "name": name or code,
            "description": name or code,
            "taxonomy": taxonomy,
        },
        "value": value,
    }


def _attributes(offer: OfferRecord) -> list[dict[str, Any]]:
    field = field_of(offer.category)
    category = _attribute(
        offer.id, TAXONOMY_CATEGORY, offer.category, offer.category, CATEGORY_LABELS[offer.category].de
    )
    category["taxonomy_term"]["parent_id"] = term_id(TAXONOMY_FIELD, field.value)
    category["taxonomy_term"]["parent_name"] = FIELD_LABELS[field].de
    attributes = [category, _attribute(offer.id, TAXONOMY_OFFER, "district", offer.district.value)]
    flags = {"childcare": offer.childcare, "by_appointment": offer.by_appointment}
    attributes += [_attribute(offer.id, TAXONOMY_OFFER, name, str(value).lower()) for name, value in flags.items()]
    for name, day in (("valid_from", offer.valid_from), ("valid_to", offer.valid_to)):
        if day is not None:
            attributes.append(_attribute(offer.id, TAXONOMY_OFFER, name, day.isoformat()))
    rules = offer.eligibility
    listed = (
        ("gender", rules.genders),
        ("residence_status", rules.residence_statuses),
        ("district", rules.districts),
    )
    for code, values in listed:
        attributes += [_attribute(offer.id, TAXONOMY_ELIGIBILITY, code, value.value) for value in values]
    for code, level in (
        ("german_level_min", rules.german_level_min),
        ("german_level_max", rules.german_level_max),
    ):
        if level is not None:
            attributes.append(_attribute(offer.id, TAXONOMY_ELIGIBILITY, code, level.value))
    if rules.requires_child_age is not None:
        low, high = rules.requires_child_age
        attributes.append(_attribute(offer.id, TAXONOMY_ELIGIBILITY, "requires_child_age", f"{low}-{high}"))
    for kind, texts in (("title", offer.titles), ("summary", offer.summaries)):
        attributes += [
            _attribute(offer.id, TAXONOMY_TEXT, f"{kind}.{language}", text)
            for language, text in sorted(texts.items())
            if language != "de"
        ]
    return attributes
