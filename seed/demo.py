"""The Laatzen demo catalogue: hand-written TOML files in ``seed/catalogue/`` turned into a ``Catalogue``.

The files are compact for people who edit them (venues, inherited contacts, "mo-fr 08:30-12:00");
this module expands them into complete ``OfferRecord``s and refuses any file that breaks a rule.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec

from models.catalogue import Catalogue, catalogue_problems
from models.contact import Contact
from models.offer import OfferRecord, ScheduleSlot, Weekday
from models.provider import ProviderRecord
from models.taxonomy import FieldOfAction

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
_DAYS = {day.value[:2]: day for day in Weekday}
_DAY_ORDER = list(_DAYS)


class DemoCatalogueError(ValueError):
    """The demo files break a rule; the message lists every problem."""


def demo_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Read the demo catalogue, expanded and checked."""
    providers = [_provider(raw) for raw in _read(directory / "providers.toml")["provider"]]
    venues = {raw["id"]: raw for raw in _read(directory / "venues.toml")["venue"]}
    contacts = {provider.id: provider.contact for provider in providers}
    offers: list[OfferRecord] = []
    problems: list[str] = []
    for field in FieldOfAction:
        path = directory / f"{field.value}.toml"
        document = _read(path)
        for raw in document.get("offer", []):
            try:
                offers.append(_offer(raw, field, venues, contacts, document["updated"]))
            except (KeyError, ValueError, msgspec.ValidationError) as error:
                problems.append(f"{path.name}: offer {raw.get('id', '?')}: {error}")
    catalogue = Catalogue(providers=providers, offers=offers)
    problems += [f"{where}: {reason}" for where, reason in catalogue_problems(catalogue)]
    if problems:
        raise DemoCatalogueError("the demo catalogue is broken:\n" + "\n".join(problems))
    return catalogue


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def _provider(raw: dict[str, Any]) -> ProviderRecord:
    contact = {key: raw.pop(key) for key in ("phone", "email", "url") if key in raw}
    return msgspec.convert({**raw, "contact": contact}, ProviderRecord)


def _offer(
    raw: dict[str, Any],
    field: FieldOfAction,
    venues: dict[str, dict[str, Any]],
    contacts: dict[str, Contact],
    updated: datetime,
) -> OfferRecord:
    raw = dict(raw)
    venue = venues[raw.pop("venue")]
    provider_contact = contacts.get(raw["provider"], Contact())
    fee = raw.pop("fee", None)
    valid_from, valid_to = raw.pop("valid", (None, None))
    places = raw.pop("places", None)
    record = {
        "id": raw.pop("id"),
        "provider_id": raw.pop("provider"),
        "category": f"{field.value}.{raw.pop('category')}",
        "titles": raw.pop("title"),
        "summaries": raw.pop("summary"),
        "district": venue["district"],
        "address": venue["address"],
        "location": {"lat": venue["lat"], "lon": venue["lon"]},
        "languages": raw.pop("languages"),
        "childcare": raw.pop("childcare", False),
        "cost": {"free": True} if fee is None else {"free": False, "amount_eur": fee},
        "schedule": [slot for spec in raw.pop("times", []) for slot in _slots(spec)],
        "by_appointment": raw.pop("by_appointment", False),
        "capacity": None if places is None else {"available": places[0], "maximum": places[1]},
        "accessible": raw.pop("accessible", venue["step_free"]),
        "contact": {
            "phone": raw.pop("phone", provider_contact.phone),
            "email": raw.pop("email", provider_contact.email),
            "url": raw.pop("url", provider_contact.url),
        },
        "valid_from": _iso(valid_from),
        "valid_to": _iso(valid_to),
        "updated_at": raw.pop("updated", updated).isoformat(),
        "eligibility": raw.pop("eligibility", {}),
    }
    if raw:
        raise ValueError(f"unknown keys {sorted(raw)}")
    return msgspec.convert(record, OfferRecord)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _slots(spec: str) -> list[ScheduleSlot]:
    """``"mo-fr 08:30-12:00"`` or ``"tu,th 18:00-20:00"`` → one slot per weekday."""
    days, hours = spec.split()
    start, end = hours.split("-")
    weekdays: list[str] = []
    for part in days.split(","):
        first, _, last = part.partition("-")
        span = _DAY_ORDER[_DAY_ORDER.index(first) : _DAY_ORDER.index(last or first) + 1]
        weekdays += span
    return [ScheduleSlot(weekday=_DAYS[day], start=start, end=end) for day in weekdays]
