"""The eight fields of action of Laatzen's integration concept and the offer categories within them.

The codes are part of the public API and never change; labels exist in German and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import msgspec


class FieldOfAction(StrEnum):
    WILLKOMMEN = "willkommen"
    WOHNEN = "wohnen"
    BILDUNG_SPRACHE = "bildung_sprache"
    ARBEIT = "arbeit"
    GESUNDHEIT = "gesundheit"
    TEILHABE = "teilhabe"
    INTERKULTURELL = "interkulturell"
    VERNETZUNG = "vernetzung"


@dataclass(frozen=True, slots=True)
class Label:
    de: str
    en: str

    def in_language(self, language: str) -> str:
        return self.en if language == "en" else self.de


FIELD_LABELS: dict[FieldOfAction, Label] = {
    FieldOfAction.WILLKOMMEN: Label("Willkommenskultur", "Welcome culture"),
    FieldOfAction.WOHNEN: Label("Wohnen und Leben", "Housing and living"),
    FieldOfAction.BILDUNG_SPRACHE: Label("Bildung und Sprache", "Education and language"),
    FieldOfAction.ARBEIT: Label("Wirtschaft und Arbeit", "Economy and work"),
    FieldOfAction.GESUNDHEIT: Label("Gesundheit und Pflege", "Health and care"),
    FieldOfAction.TEILHABE: Label("Partizipation und Teilhabe", "Participation"),
    FieldOfAction.INTERKULTURELL: Label("Interkulturelle Öffnung", "Intercultural opening"),
    FieldOfAction.VERNETZUNG: Label("Vernetzung", "Networking"),
}

_CATEGORIES: dict[FieldOfAction, dict[str, Label]] = {
    FieldOfAction.WILLKOMMEN: {
        "welcome_info": Label("Ankommen und Orientierung", "Arrival and orientation"),
        "social_counselling": Label("Sozialberatung", "Social counselling"),
        "meeting_place": Label("Orte der Begegnung", "Meeting places"),
        "mentoring": Label("Patenschaften und Lotsen", "Mentoring and guides"),
    },
    FieldOfAction.WOHNEN: {
        "housing_counselling": Label("Wohnungssuche und Mietberatung", "Flat search and tenancy advice"),
        "emergency_housing": Label("Notunterkunft und Wohnungsnotfallhilfe", "Emergency housing"),
        "social_housing": Label("Sozialer Wohnraum und Wohnberechtigung", "Social housing and entitlement"),
        "neighbourhood": Label("Nachbarschaft und Gemeinwesenarbeit", "Neighbourhood and community work"),
    },
    FieldOfAction.BILDUNG_SPRACHE: {
        "integration_course": Label("Integrationskurs", "Integration course"),
        "language_course_childcare": Label("Deutschkurs mit Kinderbetreuung", "German course with childcare"),
        "literacy_course": Label("Alphabetisierungskurs", "Literacy course"),
        "language_cafe": Label("Sprachcafé und Gesprächskreis", "Language café and conversation group"),
        "school_language_class": Label("Sprachlernklasse", "School language class"),
        "heritage_language": Label("Herkunftssprachlicher Unterricht", "Heritage-language lessons"),
        "early_education": Label("Kita und frühe Bildung", "Day care and early education"),
        "school_support": Label("Schulische Förderung und Hausaufgabenhilfe", "School support and homework help"),
        "education_counselling": Label("Beratung zum Bildungssystem", "Counselling on the education system"),
    },
    FieldOfAction.ARBEIT: {
        "career_counselling": Label("Beratung zu Ausbildung und Beruf", "Training and career counselling"),
        "vocational_training": Label("Ausbildung und Qualifizierung", "Vocational training"),
        "internship": Label("Praktikum", "Internship"),
        "recognition": Label("Anerkennung ausländischer Abschlüsse", "Recognition of foreign qualifications"),
        "job_language_course": Label("Berufssprachkurs", "Job-related German course"),
        "entry_jobs": Label("Einstiegsjobs", "Entry-level jobs"),
    },
    FieldOfAction.GESUNDHEIT: {
        "health_counselling": Label("Gesundheitsberatung", "Health counselling"),
        "prevention": Label("Prävention und Gesundheitsförderung", "Prevention and health promotion"),
        "mother_child": Label("Mutter und Kind, Hebammen", "Mother and child, midwives"),
        "trauma_support": Label("Psychosoziale Hilfe und Traumaberatung", "Psychosocial and trauma support"),
        "care": Label("Pflege und Unterstützung im Alltag", "Care and everyday support"),
    },
    FieldOfAction.TEILHABE: {
        "sports": Label("Sport und Bewegung", "Sports and exercise"),
        "culture_leisure": Label("Kultur und Freizeit", "Culture and leisure"),
        "youth": Label("Jugendangebote", "Youth offers"),
        "civic_education": Label("Politische Bildung und Mitbestimmung", "Civic education and having a say"),
        "self_organisation": Label("Migrantenselbstorganisationen", "Migrant self-organisations"),
    },
    FieldOfAction.INTERKULTURELL: {
        "language_mediation": Label("Sprachmittlung", "Community interpreting"),
        "easy_language_info": Label("Informationen in Leichter Sprache", "Information in plain language"),
        "anti_discrimination": Label("Antidiskriminierungsberatung", "Anti-discrimination counselling"),
    },
    FieldOfAction.VERNETZUNG: {
        "volunteering": Label("Ehrenamt", "Volunteering"),
        "network_meeting": Label("Netzwerktreffen", "Network meetings"),
        "funding_advice": Label("Fördermittelberatung", "Funding advice"),
    },
}

CATEGORY_LABELS: dict[str, Label] = {
    f"{field}.{name}": label for field, names in _CATEGORIES.items() for name, label in names.items()
}
CATEGORY_CODES: tuple[str, ...] = tuple(CATEGORY_LABELS)


def field_of(category: str) -> FieldOfAction:
    """The field of action a category code belongs to (the part before the dot)."""
    return FieldOfAction(category.split(".", 1)[0])


def categories_of(field: FieldOfAction) -> tuple[str, ...]:
    return tuple(code for code in CATEGORY_CODES if code.startswith(f"{field}."))


class CategoryOut(msgspec.Struct, kw_only=True):
    code: str
    label: str


class FieldOut(msgspec.Struct, kw_only=True):
    code: FieldOfAction
    label: str
    categories: list[CategoryOut]


class TaxonomyOut(msgspec.Struct, kw_only=True):
    language: str
    fields: list[FieldOut]


def taxonomy_in(language: str) -> TaxonomyOut:
    """The whole taxonomy with labels in ``language`` (German unless English is asked for)."""
    label_language = "en" if language == "en" else "de"
    return TaxonomyOut(
        language=label_language,
        fields=[
            FieldOut(
                code=field,
                label=FIELD_LABELS[field].in_language(label_language),
                categories=[
                    CategoryOut(code=code, label=CATEGORY_LABELS[code].in_language(label_language))
                    for code in categories_of(field)
                ],
            )
            for field in FieldOfAction
        ],
    )
