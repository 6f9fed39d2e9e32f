"""The offer form: from an offer to form values and back, checked with the import's own rules.

A form becomes *changes* (plain values in the shape of ``OfferRecord`` fields), which are merged into the
offer as it is and then checked exactly as an import is: ``msgspec`` conversion to ``OfferRecord`` and
``offer_problems``. Problems come back per form field, as messages to translate.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from enum import StrEnum
from typing import Any

import msgspec
from litestar.datastructures import FormMultiDict

from models.offer import OfferRecord, Weekday
from models.offer_rules import REQUIRED_TEXT_LANGUAGES, offer_problems
from models.taxonomy import N_

LISTED_RULES = (
    "genders", "residence_statuses", "districts", "housing_situations", "situations", "literacy"
)  # fmt: skip

EXTRA_SCHEDULE_ROWS = 2
MAX_SCHEDULE_ROWS = 21
TITLE_LENGTH = 300


class Section(StrEnum):
    TEXTS = "texts"
    SCHEDULE = "schedule"
    CONTACT = "contact"
    PLACES = "places"
    ELIGIBILITY = "eligibility"
    VALIDITY = "validity"


EVERY_SECTION = frozenset(Section)
# Providers may propose what they know best; who the offer is for and when it runs as a whole stay with editors.
PROVIDER_SECTIONS = frozenset({Section.TEXTS, Section.SCHEDULE, Section.CONTACT, Section.PLACES})
NOT_ACCEPTED = N_("This value is not accepted here.")

# (pattern on the record path, words in the import's reason or None, the message beside the field)
RULES: list[tuple[str, str | None, str]] = [
    (r"(titles|summaries|contact)\.", "control character", NOT_ACCEPTED),
    (r"titles\.", None, N_("Enter a title in this language (German and English are required).")),
    (r"summaries\.", "needs a title", N_("A summary needs a title in the same language.")),
    (r"summaries\.", None, N_("Enter a summary in this language (German and English are required).")),
    (r"schedule$", None, N_("Give weekly times or mark the offer as by appointment.")),
    (r"schedule\[\d+\]$", "before it starts", N_("The end must be after the start.")),
    (r"schedule\[\d+\]", None, N_("Choose a weekday and enter times such as 09:30.")),
    (r"contact\.phone", None, N_("Enter a phone number with digits, spaces and + ( ) / - only.")),
    (r"contact\.email", None, N_("Enter an e-mail address such as name@example.org.")),
    (r"contact\.url", None, N_("Enter a web address that starts with https:// or http://, without spaces or quotes.")),
    (r"capacity\.available", "maximum", N_("More free places than the maximum.")),
    (r"capacity", None, N_("Enter a whole number of 0 or more.")),
    (r"valid_to", "before", N_("The end date is before the start date.")),
    (r"eligibility\.max_age", "below", N_("The highest age is below the lowest age.")),
    (r"eligibility\.(min|max)_age", None, N_("Enter a whole number from 0 to 120.")),
    (r"eligibility\.german_level", None, N_("The highest German level is below the lowest.")),
    (r"eligibility\.requires_child_age", "band", N_("Give the children's ages as youngest to oldest.")),
    (r"eligibility\.requires_child_age", None, N_("Enter children's ages from 0 to 17.")),
]
FIELDS = {"contact.phone": "phone", "contact.email": "email", "contact.url": "url", "capacity": "places_available",
          "capacity.available": "places_available", "capacity.maximum": "places_maximum",
          "eligibility.requires_child_age": "child_age"}  # fmt: skip


def text_languages(record: OfferRecord) -> list[str]:
    """German and English first (both required), then every other language the offer has texts in."""
    return [*REQUIRED_TEXT_LANGUAGES, *sorted(set(record.titles) - set(REQUIRED_TEXT_LANGUAGES))]


def form_values(record: OfferRecord) -> dict[str, Any]:
    """What the form shows for ``record``: strings, and lists for the multiple choices."""
    values: dict[str, Any] = {}
    for language in text_languages(record):
        values[f"title-{language}"] = record.titles.get(language, "")
        values[f"summary-{language}"] = record.summaries.get(language, "")
    for i, slot in enumerate(record.schedule):
        values |= {f"schedule-{i}-weekday": slot.weekday.value, f"schedule-{i}-start": slot.start,
                   f"schedule-{i}-end": slot.end}  # fmt: skip
    values["schedule_rows"] = len(record.schedule) + EXTRA_SCHEDULE_ROWS
    values["by_appointment"] = record.by_appointment
    values |= {name: getattr(record.contact, name) or "" for name in ("phone", "email", "url")}
    values["places_available"] = "" if record.capacity is None else str(record.capacity.available)
    values["places_maximum"] = (
        "" if record.capacity is None or record.capacity.maximum is None else str(record.capacity.maximum)
    )
    values["valid_from"], values["valid_to"] = str(record.valid_from or ""), str(record.valid_to or "")
    rules = record.eligibility
    values |= {name: "" if getattr(rules, name) is None else str(getattr(rules, name))
               for name in ("min_age", "max_age", "german_level_min", "german_level_max")}  # fmt: skip
    band = rules.requires_child_age
    values["child_age_low"], values["child_age_high"] = ("", "") if band is None else (str(band[0]), str(band[1]))
    for name in LISTED_RULES:
        values[name] = [str(value) for value in getattr(rules, name)]
    return values


def values_of_form(form: FormMultiDict, record: OfferRecord) -> dict[str, Any]:
    """The values as sent (to show them again beside the errors), in the shape of ``form_values``."""
    values = form_values(record)
    for key in values:
        if key in LISTED_RULES:
            values[key] = [str(v) for v in form.getall(key, [])]
        elif key == "by_appointment":
            values[key] = form.get(key) == "on"
        elif key != "schedule_rows":
            values[key] = str(form.get(key, ""))[:5000]
    rows = _whole(str(form.get("schedule_rows", "")), MAX_SCHEDULE_ROWS) or 0
    values["schedule_rows"] = max(rows, values["schedule_rows"])
    for i in range(values["schedule_rows"]):
        for part in ("weekday", "start", "end"):
            values[f"schedule-{i}-{part}"] = str(form.get(f"schedule-{i}-{part}", ""))[:10]
    return values


def changes_of(values: dict[str, Any], record: OfferRecord, sections: Collection[Section]
               ) -> tuple[dict[str, Any], dict[str, str]]:  # fmt: skip
    """The changes ``values`` make to ``record`` in ``sections`` (only what differs), and the fields that
    cannot even be read (not a number, not a date)."""
    errors: dict[str, str] = {}
    wanted: dict[str, Any] = {}
    if Section.TEXTS in sections:
        titles: dict[str, str] = {}
        summaries: dict[str, str] = {}
        for language in text_languages(record):
            title, summary = values[f"title-{language}"].strip(), values[f"summary-{language}"].strip()
            if len(title) > TITLE_LENGTH:
                errors[f"title-{language}"] = N_("Use at most 300 characters.")
            if title or language in REQUIRED_TEXT_LANGUAGES:
                titles[language] = title
            if summary:
                summaries[language] = summary
        wanted |= {"titles": titles, "summaries": summaries}
    if Section.SCHEDULE in sections:
        wanted["schedule"] = _schedule(values, errors)
        wanted["by_appointment"] = bool(values["by_appointment"])
    if Section.CONTACT in sections:
        wanted["contact"] = {name: values[name].strip() or None for name in ("phone", "email", "url")}
    if Section.PLACES in sections:
        available = _number(values, "places_available", errors)
        maximum = _number(values, "places_maximum", errors)
        wanted["capacity"] = None if available is None else {"available": available, "maximum": maximum}
        if available is None and maximum is not None and "places_available" not in errors:
            errors["places_available"] = N_("Enter the free places too, or leave both empty.")
    if Section.VALIDITY in sections:
        wanted["valid_from"], wanted["valid_to"] = _day(values, "valid_from", errors), _day(values, "valid_to", errors)
    if Section.ELIGIBILITY in sections:
        wanted["eligibility"] = _eligibility(values, errors)
    current = msgspec.to_builtins(record)
    return {key: value for key, value in wanted.items() if value != current.get(key)}, errors


def checked(record: OfferRecord, changes: dict[str, Any]) -> tuple[OfferRecord | None, dict[str, str]]:
    """``record`` with ``changes``, if it passes the import's checks; else every problem per form field (the
    decoder names one at a time: each changed value it refuses is set aside and the rest checked again, so a wrong
    phone number no longer hid a wrong e-mail address and ages the wrong way round — review)."""
    problems: dict[str, str] = {}
    trying, refused_paths = dict(changes), set()
    while True:
        try:
            changed = msgspec.convert(msgspec.to_builtins(record) | trying, OfferRecord)
            break
        except msgspec.ValidationError as error:
            found = re.search(r"at `\$\.(.+)`$", str(error))
            path = found[1] if found else ""
            problems.setdefault(form_field(path), message_for(path, str(error)))
            refused = re.split(r"[.\[]", path, maxsplit=1)[0]
            if refused not in trying or path in refused_paths:  # not a change (or set aside already): no more to find
                return None, problems
            refused_paths.add(path)
            refused_value = trying.pop(refused)
            if refused == "contact" and isinstance(refused_value, dict):  # the other ways of contact may be right
                trying[refused] = _without(refused_value, path, msgspec.to_builtins(record.contact))
    imported = bool(offer_problems(record)) and not offer_problems(record, imported=True)  # from a directory
    for path, reason in offer_problems(changed, imported=imported):
        problems.setdefault(form_field(path), message_for(path, reason))
    return (None, problems) if problems else (changed, {})


def _without(contact: dict[str, Any], path: str, current: dict[str, Any]) -> dict[str, Any]:
    """``contact`` with the refused part (``contact.phone``) as it is now."""
    part = path.split(".", 1)[1] if "." in path else ""
    return {**contact, part: current.get(part)} if part in contact else current


def form_field(path: str) -> str:
    """The form field that shows the problem at a record ``path`` (``form`` for the form as a whole)."""
    whole = re.sub(r"\[\d+\]$", "", path)  # requires_child_age[1] is the field of the whole band
    if whole in FIELDS:
        return FIELDS[whole]
    if found := re.match(r"(titles|summaries)\.([a-z-]+)$", path):
        return f"{found[1][:-1] if found[1] == 'titles' else 'summary'}-{found[2]}"
    if found := re.match(r"schedule\[(\d+)\]", path):
        return f"schedule-{found[1]}"
    if found := re.match(r"eligibility\.(\w+)", path):
        return found[1]
    return path if path in ("schedule", "valid_from", "valid_to") else "form"


def message_for(path: str, reason: str) -> str:
    for pattern, words, message in RULES:
        if re.match(pattern, path) and (words is None or words in reason):
            return message
    return NOT_ACCEPTED


def _schedule(values: dict[str, Any], errors: dict[str, str]) -> list[dict[str, str]]:
    slots = []
    for i in range(min(int(values["schedule_rows"]), MAX_SCHEDULE_ROWS)):
        slot = {part: values.get(f"schedule-{i}-{part}", "").strip() for part in ("weekday", "start", "end")}
        if not any(slot.values()):
            continue
        if not all(slot.values()) or slot["weekday"] not in set(Weekday):
            errors[f"schedule-{i}"] = N_("Choose a weekday and enter times such as 09:30.")
        slots.append(slot)
    return slots


def _eligibility(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    low, high = _number(values, "child_age_low", errors), _number(values, "child_age_high", errors)
    if (low is None) != (high is None):
        errors["child_age"] = N_("Give both ages of the children, or neither.")
    for part in ("child_age_low", "child_age_high"):
        if part in errors:
            errors["child_age"] = errors.pop(part)
    return {
        "min_age": _number(values, "min_age", errors),
        "max_age": _number(values, "max_age", errors),
        "genders": values["genders"],
        "residence_statuses": values["residence_statuses"],
        "german_level_min": values["german_level_min"] or None,
        "german_level_max": values["german_level_max"] or None,
        "requires_child_age": None if low is None or high is None else [low, high],
        "districts": values["districts"],
        "housing_situations": values["housing_situations"],
        "situations": values["situations"],
        "literacy": values["literacy"],
    }


def _number(values: dict[str, Any], name: str, errors: dict[str, str]) -> int | None:
    raw = values[name].strip()
    if not raw:
        return None
    number = _whole(raw, 1_000_000)
    if number is None:
        errors[name] = N_("Enter a whole number.")
    return number


def _whole(raw: str, high: int) -> int | None:
    """``raw`` as a whole number from 0 to ``high``, else None (long digit strings too: ``int()`` refuses
    more than 4,300 digits, and nobody types a number with more than nine)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 and int(raw) <= high else None


def _day(values: dict[str, Any], name: str, errors: dict[str, str]) -> str | None:
    raw = values[name].strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        errors[name] = N_("Enter a date such as 2026-12-15.")
        return None
