"""One HSDS service as a Lotse offer, or the reasons it waits for review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from models.directory import ReviewReason
from models.district import District
from models.offer import OfferRecord
from models.offer_rules import offer_problems
from seed.hsds import parse_parts as parts
from seed.hsds.parse_attributes import apply_attributes, written_by_lotse
from seed.hsds.places import Site, centres, sites
from seed.hsds.reader import JsonReader
from seed.hsds.salvage import salvage
from seed.hsds.vocabulary import lotse_id_of

if TYPE_CHECKING:
    from seed.hsds.mapping import TermMapping
    from seed.hsds.organization import Organization
    from seed.hsds.parse import Decision

HSDS_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
_STAND_IN_CATEGORY = "willkommen.welcome_info"  # only to check the rest of a service that waits for review
_STAND_IN_PROVIDER = "stand-in"
_STAND_IN_DISTRICT = "laatzen-mitte"


@dataclass(frozen=True, slots=True)
class ServiceRead:
    lotse_id: str
    offer: OfferRecord | None  # None: to review
    review: list[ReviewReason]
    own: bool  # written by Lotse (it carries its Lotse id): Lotse's record is the whole of it


def baseline(offer: OfferRecord) -> dict[str, Any]:
    """The offer as read from its directory, kept to tell later which fields an editor changed."""
    return msgspec.to_builtins(offer)  # type: ignore[no-any-return]


def read(
    reader: JsonReader,
    service: dict[str, Any],
    path: str,
    organization: Organization | None,
    mapping: TermMapping | None,
    decisions: dict[str, Decision],
) -> ServiceRead:
    record, origins = _record(reader, service, path)
    apply_attributes(reader, service, path, record)
    own = written_by_lotse(service, kind="service")
    lotse_id = record.get("id") or lotse_id_of("service", service["id"])
    record["id"] = lotse_id
    decision = decisions.get(lotse_id)
    review: list[ReviewReason] = []
    if record.get("category") is None:
        record["category"] = _mapped(service, mapping) or (decision.category if decision else None)
    if record["category"] is None:
        review.append(ReviewReason.NO_CATEGORY)
    found = sites(reader, reader.array(service, "service_at_locations", path), path)
    district = record.get("district") or next((s.district for s in found if s.district), None)
    if district is None and decision is not None:
        district = decision.district.value
    if district is None:
        review.append(ReviewReason.NO_DISTRICT)
    status = service.get("status", "active")
    if status not in HSDS_STATUSES:
        reader.warn(f"{path}.status", f"{str(status)[:40]!r} is no HSDS status ({', '.join(HSDS_STATUSES)}): "
                    "the service waits for review")  # fmt: skip
    if status != "active":
        review.append(ReviewReason.NOT_ACTIVE)
    if organization is None:
        review.append(ReviewReason.NO_ORGANIZATION)
    _place(record, origins, found, district, path)
    if "address" not in record and district is not None:
        reader.warn(f"{path}.service_at_locations", "no location with an address: the service waits for review")
        review.append(ReviewReason.NO_DISTRICT)
    if review:  # stand-ins, only to check the rest of a service that waits for review
        record.setdefault("address", "-" * 3)
        record.setdefault("location", dict(zip(("lat", "lon"), centres()[District(_STAND_IN_DISTRICT)], strict=True)))
        record["district"] = record.get("district") or _STAND_IN_DISTRICT
    record["category"] = record["category"] or _STAND_IN_CATEGORY
    record["provider_id"] = organization.record.id if organization else _STAND_IN_PROVIDER
    offer = salvage(reader, record, OfferRecord, origins, lambda o: offer_problems(o, imported=True))
    if offer is None:
        review.append(ReviewReason.UNUSABLE)
    return ServiceRead(lotse_id, None if review else offer, review, own)


def _record(reader: JsonReader, service: dict[str, Any], path: str) -> tuple[dict[str, Any], dict[str, str]]:
    languages = parts.languages(reader, reader.array(service, "languages", path), path) or ["de"]  # German dir.
    record: dict[str, Any] = {
        "titles": {"de": service["name"]},
        "summaries": {"de": reader.string(service, "description", path) or ""},
        "contact": {
            "email": reader.string(service, "email", path),
            "url": reader.string(service, "url", path),
            "phone": parts.first_phone(reader, reader.array(service, "phones", path), path),
        },
        "updated_at": parts.timestamp(reader, service, "last_modified", path),
        "confirmed_at": parts.assured(reader, service, path),
        "schedule": parts.schedule(reader, reader.array(service, "schedules", path), path),
        "languages": languages,
        "cost": parts.cost(reader, reader.array(service, "cost_options", path), path),
        "capacity": parts.capacity(reader, reader.array(service, "capacities", path), path),
        "eligibility": {
            "min_age": reader.whole_number(service, "minimum_age", path),
            "max_age": reader.whole_number(service, "maximum_age", path),
        },
    }
    origins = {
        "": path,
        "titles": f"{path}.name",
        "summaries": f"{path}.description",
        "contact.email": f"{path}.email",
        "contact.url": f"{path}.url",
        "contact.phone": f"{path}.phones[0].number",
        "updated_at": f"{path}.last_modified",
        "confirmed_at": f"{path}.assured_date",
        "schedule": f"{path}.schedules",
        "languages": f"{path}.languages",
        "cost": f"{path}.cost_options[0]",
        "cost.amount_eur": f"{path}.cost_options[0].amount",
        "cost.amount": f"{path}.cost_options[0].amount",
        "capacity": f"{path}.attributes",
        "eligibility": f"{path}.attributes",
        "eligibility.min_age": f"{path}.minimum_age",
        "eligibility.max_age": f"{path}.maximum_age",
        **{name: f"{path}.attributes" for name in ("category", "district", "childcare", "valid_from", "valid_to")},
    }
    return record, origins


def _mapped(service: dict[str, Any], mapping: TermMapping | None) -> str | None:
    if mapping is None or not isinstance(service.get("attributes"), list):
        return None
    for attribute in service["attributes"]:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        category = mapping.category_of(term) if isinstance(term, dict) else None
        if category is not None:
            return category
    return None


def _place(record: dict[str, Any], origins: dict[str, str], found: list[Site], district: str | None,
           path: str) -> None:  # fmt: skip
    """The offer's place: the first in its district (else the first with an address); the others as places."""
    primary = next((s for s in found if s.district and s.district.value == district and s.address), None)
    primary = primary or next((s for s in found if s.address), None)
    if primary is None:
        return
    record["address"] = primary.address
    if primary.lat is not None and primary.lon is not None:
        record["location"] = {"lat": primary.lat, "lon": primary.lon}
    elif district is not None:  # no coordinates: the centre of its district stands in for ranking by distance
        lat, lon = centres()[District(district)]
        record["location"] = {"lat": lat, "lon": lon}
    record["accessible"] = primary.step_free
    record["district"] = district
    origins.update(address=f"{primary.path}.location.addresses[0]", location=f"{primary.path}.location",
                   places=f"{path}.service_at_locations")  # fmt: skip
    record["places"] = [
        {
            "address": site.address,
            "district": None if site.district is None else site.district.value,
            "location": None if site.lat is None or site.lon is None else {"lat": site.lat, "lon": site.lon},
        }
        for site in found
        if site is not primary and site.address
    ]
