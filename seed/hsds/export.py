"""Writes the catalogue as HSDS 3.0 services (nested organization, location, schedules, attributes).

Only properties of the HSDS 3.0 schemas are written, absent values are left out (never ``null``), and every
``id`` is a UUID derived from Lotse ids (``seed.hsds.vocabulary.lotse_uuid``).
"""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from models.offer import OfferRecord
from models.provider import ProviderRecord
from seed.hsds.taxonomy import term
from seed.hsds.vocabulary import (
    LOTSE_ID,
    PLACES_AVAILABLE,
    PLACES_MAXIMUM,
    PROVIDER_ID_TYPE,
    STEP_FREE,
    TAXONOMY_CATEGORY,
    TAXONOMY_ELIGIBILITY,
    TAXONOMY_OFFER,
    TAXONOMY_PROVIDER_KIND,
    TAXONOMY_TEXT,
    lotse_uuid,
    organization_uuid,
    service_uuid,
)

_POSTAL = re.compile(r"^(?P<street>.+),\s*(?P<postal_code>\d{5})\s+(?P<city>.+)$")


def compact(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` without the absent ones: HSDS leaves out what is unknown instead of writing ``null``."""
    return {key: value for key, value in values.items() if value is not None}


def hsds_page(items: list[dict[str, Any]], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    """The HSDS API's paginated envelope (``Page`` of the HSDS 3.0 openapi.json) around ``items``."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not items,
        "contents": items,
    }


def service_of(offer: OfferRecord, provider: ProviderRecord) -> dict[str, Any]:
    """One offer as a fully nested HSDS 3.0 service object."""
    service_id = service_uuid(offer.id)
    return compact(
        {
            "id": service_id,
            "organization_id": organization_uuid(provider.id),
            "name": offer.titles["de"],
            "description": offer.summaries.get("de", ""),
            "url": offer.contact.url,
            "email": offer.contact.email,
            "status": "active",
            "fees_description": _fees(offer),
            "minimum_age": offer.eligibility.min_age,
            "maximum_age": offer.eligibility.max_age,
            "assured_date": None if offer.confirmed_at is None else offer.confirmed_at.date().isoformat(),
            "last_modified": offer.updated_at.isoformat(),
            "phones": phones_of("service", offer.id, offer.contact.phone),
            "schedules": [
                {
                    "id": lotse_uuid("schedule", offer.id, i),
                    "service_id": service_id,
                    "freq": "WEEKLY",
                    "byday": slot.weekday.value[:2].upper(),
                    "opens_at": slot.start,
                    "closes_at": slot.end,
                }
                for i, slot in enumerate(offer.schedule)
            ],
            "service_at_locations": [service_at_location_of(offer)],
            "languages": [
                {
                    "id": lotse_uuid("language", offer.id, code),
                    "service_id": service_id,
                    "name": Locale(code).get_display_name("en"),
                    "code": code,
                }
                for code in offer.languages
            ],
            "organization": organization_of(provider),
            "cost_options": _cost_options(offer, service_id),
            "attributes": _attributes(offer),
        }
    )


def _fees(offer: OfferRecord) -> str:
    if offer.cost.free:
        return "kostenlos"
    label = offer.cost.label()
    return "Kosten unbekannt" if label is None else label.replace(".", ",").replace("€", "EUR")


def _cost_options(offer: OfferRecord, service_id: str) -> list[dict[str, Any]]:
    cost = offer.cost
    amount, currency = (cost.amount_eur, "EUR") if cost.amount_eur else (cost.amount, cost.currency)
    if cost.free or amount is None:
        return []
    option = {"id": lotse_uuid("cost_option", offer.id, 0), "service_id": service_id, "option": "Teilnahmebeitrag"}
    return [{**option, "currency": currency, "amount": amount}]


def phones_of(owner: str, owner_id: str, number: str | None) -> list[dict[str, Any]]:
    return [] if number is None else [{"id": lotse_uuid("phone", owner, owner_id, 0), "number": number}]


def organization_of(provider: ProviderRecord) -> dict[str, Any]:
    """The provider as an HSDS 3.0 organization (without its services); its Lotse id is an identifier."""
    organization_id = organization_uuid(provider.id)
    return compact(
        {
            "id": organization_id,
            "name": provider.name,
            "description": provider.description or "",
            "email": provider.contact.email,
            "website": provider.contact.url,
            "phones": phones_of("organization", provider.id, provider.contact.phone),
            "organization_identifiers": [
                {
                    "id": lotse_uuid("organization_identifier", provider.id, "lotse"),
                    "organization_id": organization_id,
                    "identifier_type": PROVIDER_ID_TYPE,
                    "identifier": provider.id,
                }
            ],
            "attributes": [
                attribute_of(("organization", provider.id), TAXONOMY_PROVIDER_KIND, provider.kind.value, provider.kind)
            ],
        }
    )


def service_at_location_of(offer: OfferRecord) -> dict[str, Any]:
    """The offer's one place as an HSDS 3.0 service_at_location with its nested location."""
    location_id = lotse_uuid("location", offer.id, 0)
    match = _POSTAL.match(offer.address)
    address = (
        {"address_1": match["street"], "city": match["city"], "postal_code": match["postal_code"]}
        if match
        else {"address_1": offer.address, "city": "", "postal_code": ""}
    )
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "name": offer.address,
        "latitude": offer.location.lat,
        "longitude": offer.location.lon,
        "addresses": [
            {
                "id": lotse_uuid("address", offer.id, 0, 0),
                "location_id": location_id,
                "address_1": address["address_1"],
                "city": address["city"],
                "state_province": "Niedersachsen",
                "postal_code": address["postal_code"],
                "country": "DE",
                "address_type": "physical",
            }
        ],
    }
    if offer.accessible:
        location["accessibility"] = [
            {
                "id": lotse_uuid("accessibility", offer.id, 0, STEP_FREE),
                "location_id": location_id,
                "description": "Stufenloser Zugang",
                "details": STEP_FREE,
            }
        ]
    return {
        "id": lotse_uuid("service_at_location", offer.id, 0),
        "service_id": service_uuid(offer.id),
        "location_id": location_id,
        "location": location,
    }


def attribute_of(
    owner: tuple[str, str], taxonomy: str, code: str, value: str, *, keyed: bool = False
) -> dict[str, Any]:
    """An HSDS attribute of ``owner`` (entity, Lotse id) naming a published Lotse term; ``keyed`` puts the
    value into the id for codes that occur once per value."""
    entity, owner_id = owner
    extra = (value,) if keyed else ()
    published = term(taxonomy, code)
    return {
        "id": lotse_uuid("attribute", entity, owner_id, taxonomy, code, *extra),
        "link_id": lotse_uuid(entity, owner_id),
        "taxonomy_term_id": published.id,
        "link_entity": entity,
        "value": value,
        "taxonomy_term": published.to_hsds(),
    }


def _attributes(offer: OfferRecord) -> list[dict[str, Any]]:
    owner = ("service", offer.id)

    def fact(taxonomy: str, code: str, value: object, *, keyed: bool = False) -> dict[str, Any]:
        return attribute_of(owner, taxonomy, code, str(value), keyed=keyed)

    attributes = [
        fact(TAXONOMY_OFFER, LOTSE_ID, offer.id),
        fact(TAXONOMY_CATEGORY, offer.category, offer.category),
        fact(TAXONOMY_OFFER, "district", offer.district.value),
        fact(TAXONOMY_OFFER, "childcare", str(offer.childcare).lower()),
        fact(TAXONOMY_OFFER, "by_appointment", str(offer.by_appointment).lower()),
    ]
    for name, day in (("valid_from", offer.valid_from), ("valid_to", offer.valid_to)):
        if day is not None:
            attributes.append(fact(TAXONOMY_OFFER, name, day.isoformat()))
    if offer.capacity is not None:
        attributes.append(fact(TAXONOMY_OFFER, PLACES_AVAILABLE, offer.capacity.available))
        if offer.capacity.maximum is not None:
            attributes.append(fact(TAXONOMY_OFFER, PLACES_MAXIMUM, offer.capacity.maximum))
    rules = offer.eligibility
    for code, values in (
        ("gender", rules.genders),
        ("residence_status", rules.residence_statuses),
        ("district", rules.districts),
        ("housing_situation", rules.housing_situations),
        ("situation", rules.situations),
        ("literacy", rules.literacy),
    ):
        attributes += [fact(TAXONOMY_ELIGIBILITY, code, value.value, keyed=True) for value in values]
    for code, level in (("german_level_min", rules.german_level_min), ("german_level_max", rules.german_level_max)):
        if level is not None:
            attributes.append(fact(TAXONOMY_ELIGIBILITY, code, level.value))
    if rules.requires_child_age is not None:
        low, high = rules.requires_child_age
        attributes.append(fact(TAXONOMY_ELIGIBILITY, "requires_child_age", f"{low}-{high}"))
    for kind, texts in (("title", offer.titles), ("summary", offer.summaries)):
        attributes += [
            fact(TAXONOMY_TEXT, f"{kind}.{language}", text)
            for language, text in sorted(texts.items())
            if language != "de"
        ]
    return attributes
