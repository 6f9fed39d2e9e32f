"""The Lotse taxonomy as HSDS 3.0 ``taxonomy`` and ``taxonomy_term`` objects (``/api/v1/hsds/taxonomies``).

Every attribute Lotse exports names one of these terms; their UUIDs follow from taxonomy name and code.
Term names are German, descriptions English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from models.district import DISTRICT_NAMES
from models.offer import Situation
from models.profile import Gender, GermanLevel, Housing, Literacy, ResidenceStatus
from models.provider import ProviderKind
from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS, field_of
from seed.hsds.vocabulary import (
    LOTSE_ID,
    PLACES_AVAILABLE,
    PLACES_MAXIMUM,
    TAXONOMY_CATEGORY,
    TAXONOMY_ELIGIBILITY,
    TAXONOMY_FIELD,
    TAXONOMY_OFFER,
    TAXONOMY_PROVIDER_KIND,
    TAXONOMY_TEXT,
    taxonomy_uuid,
    term_uuid,
)

TAXONOMY_VERSION = "1"
_DISTRICTS = ", ".join(district.value for district in DISTRICT_NAMES)
_LEVELS = ", ".join(level.value for level in GermanLevel)

TAXONOMY_DESCRIPTIONS: dict[str, str] = {
    TAXONOMY_FIELD: "Lotse: the eight fields of action of Laatzen's integration concept.",
    TAXONOMY_CATEGORY: "Lotse: offer categories; each term's parent is its field of action (lotse-field).",
    TAXONOMY_OFFER: "Lotse: facts about an offer; the attribute value holds the fact.",
    TAXONOMY_ELIGIBILITY: "Lotse: who may take part (eligibility bands); the attribute value holds the condition.",
    TAXONOMY_TEXT: "Lotse: an offer's title or summary in a further language (code kind.language); value = text.",
    TAXONOMY_PROVIDER_KIND: "Lotse: the kind of organisation that runs offers.",
}

# (code, German name, English description) of the terms whose meaning the attribute value completes
_OFFER_TERMS = (
    (LOTSE_ID, "Lotse-Kennung", "The offer's id in Lotse (value), stable, [a-z0-9-]."),
    ("district", "Ortsteil", f"The district where the offer takes place (value: {_DISTRICTS})."),
    ("childcare", "Kinderbetreuung", "Childcare during the offer (value: true or false)."),
    ("by_appointment", "Nach Vereinbarung", "Only by appointment (value: true or false)."),
    ("valid_from", "Gültig ab", "First day of the offer (value: YYYY-MM-DD)."),
    ("valid_to", "Gültig bis", "Last day of the offer (value: YYYY-MM-DD)."),
    (PLACES_AVAILABLE, "Freie Plätze", "Places free at last_modified (value: a whole number)."),
    (PLACES_MAXIMUM, "Plätze insgesamt", "All places of the offer (value: a whole number)."),
)
_ELIGIBILITY_TERMS = (
    ("gender", "Geschlecht", f"Only for this gender (value: {', '.join(Gender)}); one attribute per value."),
    (
        "residence_status",
        "Aufenthaltsstatus",
        f"Only for this residence status (value: {', '.join(ResidenceStatus)}); one attribute per value.",
    ),
    ("german_level_min", "Deutsch mindestens", f"Lowest German level admitted (value: {_LEVELS})."),
    ("german_level_max", "Deutsch höchstens", f"Highest German level admitted (value: {_LEVELS})."),
    ("requires_child_age", "Kind im Alter", "Only with a child of these ages (value: youngest-oldest, e.g. 0-6)."),
    ("district", "Wohnort im Ortsteil", f"Only for residents of this district (value: {_DISTRICTS})."),
    (
        "housing_situation",
        "Wohnsituation",
        f"Only for people in this housing situation (value: {', '.join(Housing)}); one attribute per value.",
    ),
    (
        "situation",
        "Lebenslage",
        f"Only in this situation (value: {', '.join(Situation)}; the needs profile records only "
        "unaccompanied_minor and single_parent); one attribute per value.",
    ),
    (
        "literacy",
        "Lesen und Schreiben",
        f"Only for people who read and write like this (value: {', '.join(Literacy)}); one attribute per value.",
    ),
)
_PROVIDER_KINDS = {
    ProviderKind.MUNICIPALITY: ("Kommune", "Municipality"),
    ProviderKind.PUBLIC_AGENCY: ("Behörde", "Public agency"),
    ProviderKind.WELFARE_ASSOCIATION: ("Wohlfahrtsverband", "Welfare association"),
    ProviderKind.ADULT_EDUCATION: ("Erwachsenenbildung", "Adult education"),
    ProviderKind.SCHOOL: ("Schule", "School"),
    ProviderKind.DAY_CARE: ("Kindertagesstätte", "Day care"),
    ProviderKind.CHURCH: ("Kirchengemeinde", "Church"),
    ProviderKind.ASSOCIATION: ("Verein", "Association"),
    ProviderKind.MIGRANT_ORGANISATION: ("Migrantenorganisation", "Migrant organisation"),
    ProviderKind.SPORTS_CLUB: ("Sportverein", "Sports club"),
    ProviderKind.HEALTH_SERVICE: ("Gesundheitsdienst", "Health service"),
    ProviderKind.CHAMBER: ("Kammer", "Chamber"),
    ProviderKind.EMPLOYER: ("Arbeitgeber", "Employer"),
    ProviderKind.OTHER: ("Sonstige", "Other kind, or not known (imported directories)"),
}
_TEXT_KINDS = {"title": ("Titel", "Title"), "summary": ("Kurzbeschreibung", "Summary")}
# Text terms always published; further languages appear when the catalogue holds texts in them.
BASE_TEXT_LANGUAGES = ("en", "de-easy", "ar", "uk", "ru", "tr", "fa")


@dataclass(frozen=True, slots=True)
class Term:
    taxonomy: str
    code: str
    name: str
    description: str
    parent: tuple[str, str] | None = None  # (taxonomy, code) of the parent term

    @property
    def id(self) -> str:
        return term_uuid(self.taxonomy, self.code)

    def to_hsds(self) -> dict[str, Any]:
        """The HSDS ``taxonomy_term`` object (as served and as embedded in attributes)."""
        term: dict[str, Any] = {"id": self.id, "code": self.code, "name": self.name, "description": self.description}
        if self.parent is not None:
            term["parent_id"] = term_uuid(*self.parent)
        term.update(taxonomy=self.taxonomy, taxonomy_id=taxonomy_uuid(self.taxonomy), language="de")
        return term


def taxonomy_of(name: str) -> dict[str, Any]:
    """The HSDS ``taxonomy`` object of the Lotse taxonomy ``name``."""
    return {
        "id": taxonomy_uuid(name),
        "name": name,
        "description": TAXONOMY_DESCRIPTIONS[name],
        "version": TAXONOMY_VERSION,
    }


def text_term(code: str) -> Term:
    kind, _, language = code.partition(".")
    de, en = _TEXT_KINDS[kind]
    return Term(TAXONOMY_TEXT, code, f"{de} ({language})", f"The offer's {en.lower()} in the language {language}.")


@cache
def _static_terms() -> tuple[Term, ...]:
    terms = [Term(TAXONOMY_FIELD, field.value, label.de, label.en) for field, label in FIELD_LABELS.items()]
    terms += [
        Term(TAXONOMY_CATEGORY, code, label.de, label.en, (TAXONOMY_FIELD, field_of(code).value))
        for code, label in CATEGORY_LABELS.items()
    ]
    terms += [Term(TAXONOMY_OFFER, *entry) for entry in _OFFER_TERMS]
    terms += [Term(TAXONOMY_ELIGIBILITY, *entry) for entry in _ELIGIBILITY_TERMS]
    terms += [Term(TAXONOMY_PROVIDER_KIND, kind.value, *_PROVIDER_KINDS[kind]) for kind in ProviderKind]
    return tuple(terms)


def all_terms(text_languages: Iterable[str] = ()) -> list[Term]:
    """Every published term: the fixed ones and the text terms of ``BASE_TEXT_LANGUAGES`` and ``text_languages``."""
    languages = list(BASE_TEXT_LANGUAGES) + sorted(set(text_languages) - set(BASE_TEXT_LANGUAGES) - {"de"})
    texts = [text_term(f"{kind}.{language}") for language in languages for kind in _TEXT_KINDS]
    return [*_static_terms(), *texts]


@cache
def _term_index() -> dict[tuple[str, str], Term]:
    return {(term.taxonomy, term.code): term for term in _static_terms()}


def term(taxonomy: str, code: str) -> Term:
    """The published term ``code`` of ``taxonomy`` (text terms for any language)."""
    if taxonomy == TAXONOMY_TEXT:
        return text_term(code)
    return _term_index()[(taxonomy, code)]
