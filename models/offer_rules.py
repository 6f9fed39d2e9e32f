"""Checks on an offer record that a type alone cannot express (ages in order, known codes, ...)."""

from __future__ import annotations

import unicodedata

from babel.localedata import locale_identifiers

from models.offer import OfferRecord
from models.taxonomy import CATEGORY_CODES

REQUIRED_TEXT_LANGUAGES = ("de", "en")
ISO_639_1 = frozenset(code for code in (ident.split("_")[0] for ident in locale_identifiers()) if len(code) == 2)


def offer_problems(offer: OfferRecord, *, imported: bool = False) -> list[tuple[str, str]]:
    """Every rule the record breaks, as ``(field path, reason)``; empty when the record is sound.

    An ``imported`` directory entry needs only a German text and may leave its times unknown: other
    directories rarely hold English texts or weekly times, and the editors add them."""
    problems: list[tuple[str, str]] = []
    if offer.category not in CATEGORY_CODES:
        problems.append(("category", f"unknown category code {offer.category!r}"))
    for texts, name in ((offer.titles, "titles"), (offer.summaries, "summaries")):
        for language in (() if name == "summaries" else ("de",)) if imported else REQUIRED_TEXT_LANGUAGES:
            if not texts.get(language, "").strip():
                problems.append((f"{name}.{language}", f"a text in {language!r} is required"))
    problems += [(path, "contains a control character") for path, text in _texts(offer) if _has_control(text)]
    required = {path for path, _ in problems}
    problems += [(path, "holds no visible text (leave the language out instead)")
                 for path, text in _texts(offer)[: len(offer.titles) + len(offer.summaries)]
                 if path not in required and not _visible(text)]  # fmt: skip
    problems += [
        (f"summaries.{language}", "a summary needs a title in the same language")
        for language in offer.summaries
        if language not in offer.titles
    ]
    if not offer.languages:
        problems.append(("languages", "at least one language is required"))
    problems += [
        (f"languages[{i}]", f"{code!r} is not an ISO 639-1 language code")
        for i, code in enumerate(offer.languages)
        if code not in ISO_639_1
    ]
    problems += _cost_problems(offer, imported=imported)
    if not offer.schedule and not offer.by_appointment and not imported:
        problems.append(("schedule", "give weekly times or mark the offer as by appointment"))
    problems += [
        (f"schedule[{i}]", f"ends ({slot.end}) before it starts ({slot.start})")
        for i, slot in enumerate(offer.schedule)
        if slot.end <= slot.start
    ]
    if offer.capacity and offer.capacity.maximum is not None and offer.capacity.available > offer.capacity.maximum:
        problems.append(("capacity.available", "more places available than the maximum"))
    if offer.valid_from and offer.valid_to and offer.valid_to < offer.valid_from:
        problems.append(("valid_to", "ends before valid_from"))
    if offer.updated_at.tzinfo is None:
        problems.append(("updated_at", "needs a time zone"))
    return problems + _eligibility_problems(offer)


def _cost_problems(offer: OfferRecord, *, imported: bool) -> list[tuple[str, str]]:
    cost = offer.cost
    if cost.currency == "EUR":
        return [("cost.currency", "give euros as amount_eur")]
    if (cost.amount is None) != (cost.currency is None):
        return [("cost.amount", "an amount in another currency needs both amount and currency")]
    if cost.amount_eur and cost.amount:
        return [("cost.amount", "give the amount either in euros or in another currency")]
    if not cost.free and not (cost.amount_eur or cost.amount) and not imported:  # imported: amount not known
        return [("cost.amount_eur", "an offer that is not free needs an amount above 0")]
    if cost.free and (cost.amount_eur or cost.amount):
        return [("cost.amount_eur", "a free offer cannot have an amount")]
    return []


def _texts(offer: OfferRecord) -> list[tuple[str, str]]:
    texts = [(f"{name}.{language}", text) for name, by_language in (("titles", offer.titles),
             ("summaries", offer.summaries)) for language, text in by_language.items()]  # fmt: skip
    contact = [(f"contact.{name}", getattr(offer.contact, name)) for name in ("phone", "email", "url")]
    return [*texts, ("address", offer.address), *((path, text) for path, text in contact if text)]


def _visible(text: str) -> bool:
    """Whether ``text`` shows anything: a letter, digit, punctuation or symbol (not only spaces and invisible
    marks such as a zero-width space)."""
    return any(unicodedata.category(char)[0] in "LNPS" for char in text)


def _has_control(text: str) -> bool:
    """NUL and the other control characters are no text (PostgreSQL refuses NUL); tabs and line breaks are."""
    return any((ord(char) < 32 and char not in "\t\n\r") or ord(char) == 127 for char in text)


def _eligibility_problems(offer: OfferRecord) -> list[tuple[str, str]]:
    rules = offer.eligibility
    problems: list[tuple[str, str]] = []
    if rules.min_age is not None and rules.max_age is not None and rules.min_age > rules.max_age:
        problems.append(("eligibility.max_age", f"max_age {rules.max_age} is below min_age {rules.min_age}"))
    low, high = rules.german_level_min, rules.german_level_max
    if low is not None and high is not None and low.rank > high.rank:
        problems.append(("eligibility.german_level_max", f"{high} is below german_level_min {low}"))
    if rules.requires_child_age is not None and rules.requires_child_age[0] > rules.requires_child_age[1]:
        problems.append(("eligibility.requires_child_age", "the band must be [youngest, oldest]"))
    for name in ("genders", "residence_statuses", "districts", "housing_situations", "situations", "literacy"):
        values = getattr(rules, name)
        if len(set(values)) != len(values):
            problems.append((f"eligibility.{name}", "lists a value twice"))
    return problems
