"""Parts of an HSDS service that Lotse reads: phones, times, schedules, languages, cost, places and location."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from models.offer import Weekday
from seed.hsds.reader import JsonReader
from seed.hsds.vocabulary import PLACES_UNIT, STEP_FREE

_DAYS = {day.value[:2].upper(): day.value for day in Weekday}
_CLOCK = re.compile(r"^(\d{2}:\d{2})(:00)?$")


def first_phone(reader: JsonReader, phones: list[Any], path: str) -> str | None:
    if not phones:
        return None
    phone = reader.object(phones[0], f"{path}.phones[0]")
    return None if phone is None else reader.string(phone, "number", f"{path}.phones[0]", required=True)


def timestamp(reader: JsonReader, parent: dict[str, Any], key: str, path: str) -> str | None:
    value = reader.string(parent, key, path, required=True)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        reader.problem(f"{path}.{key}", f"not an ISO 8601 timestamp: {value!r}")
        return None
    if moment.tzinfo is None:
        reader.problem(f"{path}.{key}", "needs a time zone (e.g. +01:00 or Z)")
        return None
    return moment.isoformat()


def assured(reader: JsonReader, service: dict[str, Any], path: str) -> str | None:
    """HSDS ``assured_date`` (the day the information was last checked) as when the offer was confirmed;
    without it the import counts as the confirmation."""
    value = reader.string(service, "assured_date", path)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        reader.problem(f"{path}.assured_date", f"not an ISO 8601 date: {value!r}")
        return None
    if day > date.today():
        reader.problem(f"{path}.assured_date", f"lies in the future: {value!r}")
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def schedule(reader: JsonReader, schedules: list[Any], path: str) -> list[dict[str, str]]:
    slots: list[dict[str, str]] = []
    for i, raw in enumerate(schedules):
        where = f"{path}.schedules[{i}]"
        entry = reader.object(raw, where)
        if entry is None:
            continue
        if entry.get("freq") != "WEEKLY":
            reader.problem(f"{where}.freq", "only WEEKLY schedules are supported")
            continue
        days = (reader.string(entry, "byday", where, required=True) or "").split(",")
        times = [_clock(reader, entry, key, where) for key in ("opens_at", "closes_at")]
        for day in filter(None, (d.strip() for d in days)):
            if day not in _DAYS:
                reader.problem(f"{where}.byday", f"unknown weekday {day!r}; use MO, TU, WE, TH, FR, SA, SU")
            elif times[0] and times[1]:
                slots.append({"weekday": _DAYS[day], "start": times[0], "end": times[1]})
    return slots


def _clock(reader: JsonReader, entry: dict[str, Any], key: str, path: str) -> str | None:
    value = reader.string(entry, key, path, required=True)
    match = _CLOCK.match(value or "")
    if value is not None and match is None:
        reader.problem(f"{path}.{key}", f"expected a local time HH:MM, got {value!r}")
    return match[1] if match else None


def languages(reader: JsonReader, languages: list[Any], path: str) -> list[str | None]:
    codes: list[str | None] = []
    for i, raw in enumerate(languages):
        entry = reader.object(raw, f"{path}.languages[{i}]")
        if entry is not None:
            codes.append(reader.string(entry, "code", f"{path}.languages[{i}]", required=True))
    return codes


def cost(reader: JsonReader, options: list[Any], path: str) -> dict[str, Any]:
    if len(options) > 1:
        reader.problem(f"{path}.cost_options", "Lotse holds one cost option per offer")
    entry = reader.object(options[0], f"{path}.cost_options[0]") if options else None
    if entry is None:
        return {"free": True}
    where = f"{path}.cost_options[0]"
    if entry.get("currency", "EUR") != "EUR":
        reader.problem(f"{where}.currency", "amounts must be in EUR")
    amount = reader.number(entry, "amount", where, required=True)
    return {"free": not amount, "amount_eur": amount or None}


def capacity(reader: JsonReader, capacities: list[Any], path: str) -> dict[str, Any] | None:
    if len(capacities) > 1:
        reader.problem(f"{path}.capacities", "Lotse holds one capacity (places) per offer")
    entry = reader.object(capacities[0], f"{path}.capacities[0]") if capacities else None
    if entry is None:
        return None
    where = f"{path}.capacities[0]"
    unit = entry.get("unit")
    if isinstance(unit, dict) and unit.get("identifier", PLACES_UNIT) != PLACES_UNIT:
        reader.problem(f"{where}.unit.identifier", f"the unit must be {PLACES_UNIT!r}")
    return {
        "available": reader.whole_number(entry, "available", where),
        "maximum": reader.whole_number(entry, "maximum", where),
    }


def location(reader: JsonReader, links: list[Any], path: str) -> dict[str, Any]:
    if len(links) != 1:
        reader.problem(f"{path}.service_at_locations", "needs exactly one location")
        return {}
    link = reader.object(links[0], f"{path}.service_at_locations[0]")
    where = f"{path}.service_at_locations[0].location"
    location = reader.object(link.get("location"), where) if link else None
    if location is None:
        return {}
    addresses = reader.array(location, "addresses", where)
    address = reader.object(addresses[0], f"{where}.addresses[0]") if addresses else None
    if address is None:
        reader.problem(f"{where}.addresses", "needs an address")
        return {}
    street = reader.string(address, "address_1", f"{where}.addresses[0]", required=True) or ""
    postal_code = reader.string(address, "postal_code", f"{where}.addresses[0]")
    city = reader.string(address, "city", f"{where}.addresses[0]")
    step_free = any(
        isinstance(entry, dict) and entry.get("details") == STEP_FREE
        for entry in reader.array(location, "accessibility", where)
    )
    return {
        "address": f"{street}, {postal_code} {city}" if postal_code and city else street,
        "location": {
            "lat": reader.number(location, "latitude", where, required=True),
            "lon": reader.number(location, "longitude", where, required=True),
        },
        "accessible": step_free,
    }
