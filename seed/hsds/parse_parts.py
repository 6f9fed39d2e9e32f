"""Parts of an HSDS service that Lotse reads: phones, times, schedules, languages, cost, places and location."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from babel import Locale, UnknownLocaleError

from models.offer import Weekday
from models.offer_rules import ISO_639_1
from seed.hsds.reader import JsonReader
from seed.hsds.vocabulary import PLACES_UNIT

_DAYS = {day.value[:2].upper(): day.value for day in Weekday}
_CLOCK = re.compile(r"^(\d{2}:\d{2})(:\d{2})?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def first_phone(reader: JsonReader, phones: list[Any], path: str) -> str | None:
    if not phones:
        return None
    phone = reader.object(phones[0], f"{path}.phones[0]")
    return None if phone is None else reader.string(phone, "number", f"{path}.phones[0]")


def timestamp(reader: JsonReader, parent: dict[str, Any], key: str, path: str) -> str:
    """``last_modified`` as an aware ISO timestamp; missing or unusable: now (when Lotse learnt of it)."""
    value = reader.string(parent, key, path)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    if value is None:
        return now
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        reader.warn(f"{path}.{key}", f"not an ISO 8601 timestamp: {value!r}")
        return now
    if moment.tzinfo is None:
        reader.warn(f"{path}.{key}", "has no time zone: taken as UTC")
        moment = moment.replace(tzinfo=UTC)
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
        reader.warn(f"{path}.assured_date", f"not an ISO 8601 date: {value!r}")
        return None
    if day > date.today():
        reader.warn(f"{path}.assured_date", f"lies in the future: {value!r}")
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def schedule(reader: JsonReader, schedules: list[Any], path: str) -> list[dict[str, str]]:
    slots: list[dict[str, str]] = []
    for i, raw in enumerate(schedules):
        where = f"{path}.schedules[{i}]"
        entry = reader.object(raw, where)
        if entry is None:
            continue
        if entry.get("freq") != "WEEKLY" or not entry.get("byday"):
            reader.warn(where, "Lotse reads weekly times (freq WEEKLY with byday); this schedule is kept as it is")
            continue
        days = (reader.string(entry, "byday", where) or "").split(",")
        times = [_clock(reader, entry, key, where) for key in ("opens_at", "closes_at")]
        for day in filter(None, (d.strip() for d in days)):
            if day not in _DAYS:
                reader.warn(f"{where}.byday", f"unknown weekday {day!r}; use MO, TU, WE, TH, FR, SA, SU")
            elif times[0] and times[1]:
                slots.append({"weekday": _DAYS[day], "start": times[0], "end": times[1]})
    return slots


def _clock(reader: JsonReader, entry: dict[str, Any], key: str, path: str) -> str | None:
    value = reader.string(entry, key, path, required=True)
    match = _CLOCK.match(value or "")
    if match is not None and (int(match[1][:2]) > 23 or int(match[1][3:5]) > 59):
        match = None
    if value is not None and match is None:
        reader.warn(f"{path}.{key}", f"expected a local time HH:MM, got {value!r}")
    return match[1] if match else None


def languages(reader: JsonReader, languages: list[Any], path: str) -> list[str]:
    """ISO 639-1 codes of the languages (639-2/3 codes such as ``deu`` are converted); others are warned about."""
    codes: list[str] = []
    for i, raw in enumerate(languages):
        where = f"{path}.languages[{i}]"
        entry = reader.object(raw, where)
        code = reader.string(entry, "code", where) if entry is not None else None
        if entry is not None and entry.get("code") is None:
            reader.warn(f"{where}.code", "a language without a code: it is dropped")
        elif code is not None:
            known = _iso_639_1(code)
            if known is None:
                reader.warn(f"{where}.code", f"{code[:20]!r} is no language code Lotse knows: it is dropped")
            elif known not in codes:
                codes.append(known)
    return codes


def _iso_639_1(code: str) -> str | None:
    try:
        language = Locale.parse(code.strip().replace("-", "_")).language
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return language if language in ISO_639_1 else None


def cost(reader: JsonReader, options: list[Any], path: str) -> dict[str, Any]:
    """The first cost option (the export keeps all of them); an amount in another currency keeps it."""
    if len(options) > 1:
        reader.warn(f"{path}.cost_options", f"Lotse shows the first of {len(options)} cost options (all are kept)")
    entry = reader.object(options[0], f"{path}.cost_options[0]") if options else None
    if entry is None:
        return {"free": True}
    where = f"{path}.cost_options[0]"
    amount = reader.number(entry, "amount", where)
    currency = (reader.string(entry, "currency", where) or "EUR").strip().upper()
    if amount is not None and amount < 0:
        reader.warn(f"{where}.amount", f"{amount:g} is below 0: the amount is dropped")
        amount = None
    if not _CURRENCY.match(currency):
        reader.warn(f"{where}.currency", f"{currency!r} is no ISO 4217 currency code: the amount is dropped")
        amount = None
    if amount == 0:
        return {"free": True}
    if amount is None:
        return {"free": False}
    return {"free": False, "amount_eur": amount} if currency == "EUR" else {"free": False, "amount": amount,
                                                                             "currency": currency}  # fmt: skip


def capacity(reader: JsonReader, capacities: list[Any], path: str) -> dict[str, Any] | None:
    if len(capacities) > 1:
        reader.warn(f"{path}.capacities", "Lotse holds one capacity (places) per offer")
    entry = reader.object(capacities[0], f"{path}.capacities[0]") if capacities else None
    if entry is None:
        return None
    where = f"{path}.capacities[0]"
    unit = entry.get("unit")
    if isinstance(unit, dict) and unit.get("identifier", PLACES_UNIT) != PLACES_UNIT:
        reader.warn(f"{where}.unit.identifier", f"the unit must be {PLACES_UNIT!r}")
    return {
        "available": reader.whole_number(entry, "available", where),
        "maximum": reader.whole_number(entry, "maximum", where),
    }
