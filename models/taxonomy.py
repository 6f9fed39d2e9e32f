"""The eight fields of action of Laatzen's integration concept and the offer categories within them.

The codes are part of the public API and never change; labels exist in German and English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Annotated

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


Translate = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark for translation")
    """Marks an English text for the translation catalogues without translating it here."""
    return message


@dataclass(frozen=True, slots=True)
class Label:
    """A label in German and English; other languages come from the gettext catalogues (msgid = English)."""

    de: str
    en: str

    def in_language(self, language: str, gettext: Translate | None = None) -> str:
        if language == "en":
            return self.en
        if language == "de" or gettext is None:
            return self.de
        translated = gettext(self.en)
        return self.de if translated == self.en else translated


FIELD_LABELS: dict[FieldOfAction, Label] = {
    FieldOfAction.WILLKOMMEN: Label("Willkommenskultur", N_("Welcome culture")),
    FieldOfAction.WOHNEN: Label("Wohnen und Leben", N_("Housing and living")),
    FieldOfAction.BILDUNG_SPRACHE: Label("Bildung und Sprache", N_("Education and language")),
    FieldOfAction.ARBEIT: Label("Wirtschaft und Arbeit", N_("Economy and work")),
    FieldOfAction.GESUNDHEIT: Label("Gesundheit und Pflege", N_("Health and care")),
    FieldOfAction.TEILHABE: Label("Partizipation und Teilhabe", N_("Participation")),
    FieldOfAction.INTERKULTURELL: Label("Interkulturelle Öffnung", N_("Intercultural opening")),
    FieldOfAction.VERNETZUNG: Label("Vernetzung", N_("Networking")),
}

_CATEGORIES: dict[FieldOfAction, dict[str, Label]] = {
    FieldOfAction.WILLKOMMEN: {
        "welcome_info": Label("Ankommen und Orientierung", N_("Arrival and orientation")),
        "social_counselling": Label("Sozialberatung", N_("Social counselling")),
        "meeting_place": Label("Orte der Begegnung", N_("Meeting places")),
        "mentoring": Label("Patenschaften und Lotsen", N_("Mentoring and guides")),
    },
    FieldOfAction.WOHNEN: {
        "housing_counselling": Label("Wohnungssuche und Mietberatung", N_("Flat search and tenancy advice")),
        "emergency_housing": Label("Notunterkunft und Wohnungsnotfallhilfe", N_("Emergency housing")),
        "social_housing": Label("Sozialer Wohnraum und Wohnberechtigung", N_("Social housing and entitlement")),
        "neighbourhood": Label("Nachbarschaft und Gemeinwesenarbeit", N_("Neighbourhood and community work")),
    },
    FieldOfAction.BILDUNG_SPRACHE: {
        "integration_course": Label("Integrationskurs", N_("Integration course")),
        "language_course_childcare": Label("Deutschkurs mit Kinderbetreuung", N_("German course with childcare")),
        "literacy_course": Label("Alphabetisierungskurs", N_("Literacy course")),
        "language_cafe": Label("Sprachcafé und Gesprächskreis", N_("Language café and conversation group")),
        "school_language_class": Label("Sprachlernklasse", N_("School language class")),
        "heritage_language": Label("Herkunftssprachlicher Unterricht", N_("Heritage-language lessons")),
        "early_education": Label("Kita und frühe Bildung", N_("Day care and early education")),
        "school_support": Label("Schulische Förderung und Hausaufgabenhilfe", N_("School support and homework help")),
        "education_counselling": Label("Beratung zum Bildungssystem", N_("Counselling on the education system")),
    },
    FieldOfAction.ARBEIT: {
        "career_counselling": Label("Beratung zu Ausbildung und Beruf", N_("Training and career counselling")),
        "vocational_training": Label("Ausbildung und Qualifizierung", N_("Vocational training")),
        "internship": Label("Praktikum", N_("Internship")),
        "recognition": Label("Anerkennung ausländischer Abschlüsse", N_("Recognition of foreign qualifications")),
        "job_language_course": Label("Berufssprachkurs", N_("Job-related German course")),
        "entry_jobs": Label("Einstiegsjobs", N_("Entry-level jobs")),
    },
    FieldOfAction.GESUNDHEIT: {
        "health_counselling": Label("Gesundheitsberatung", N_("Health counselling")),
        "prevention": Label("Prävention und Gesundheitsförderung", N_("Prevention and health promotion")),
        "mother_child": Label("Mutter und Kind, Hebammen", N_("Mother and child, midwives")),
        "trauma_support": Label("Psychosoziale Hilfe und Traumaberatung", N_("Psychosocial and trauma support")),
        "care": Label("Pflege und Unterstützung im Alltag", N_("Care and everyday support")),
    },
    FieldOfAction.TEILHABE: {
        "sports": Label("Sport und Bewegung", N_("Sports and exercise")),
        "culture_leisure": Label("Kultur und Freizeit", N_("Culture and leisure")),
        "youth": Label("Jugendangebote", N_("Youth offers")),
        "civic_education": Label("Politische Bildung und Mitbestimmung", N_("Civic education and having a say")),
        "self_organisation": Label("Migrantenselbstorganisationen", N_("Migrant self-organisations")),
    },
    FieldOfAction.INTERKULTURELL: {
        "language_mediation": Label("Sprachmittlung", N_("Community interpreting")),
        "easy_language_info": Label("Informationen in Leichter Sprache", N_("Information in plain language")),
        "anti_discrimination": Label("Antidiskriminierungsberatung", N_("Anti-discrimination counselling")),
    },
    FieldOfAction.VERNETZUNG: {
        "volunteering": Label("Ehrenamt", N_("Volunteering")),
        "network_meeting": Label("Netzwerktreffen", N_("Network meetings")),
        "funding_advice": Label("Fördermittelberatung", N_("Funding advice")),
    },
}

# The fields of action in plain words, as a person says what matters to them (the kiosk's question, the reason
# "You said this matters most now"); the town's own names are for counsellors and the steering group.
PRIORITY_LABELS = {
    FieldOfAction.WILLKOMMEN: N_("Arriving and finding my way"),
    FieldOfAction.WOHNEN: N_("Housing and everyday life"),
    FieldOfAction.BILDUNG_SPRACHE: N_("Learning German, school and training"),
    FieldOfAction.ARBEIT: N_("Work and a job"),
    FieldOfAction.GESUNDHEIT: N_("Health and care"),
    FieldOfAction.TEILHABE: N_("Sports, leisure and taking part"),
    FieldOfAction.INTERKULTURELL: N_("Meeting people and cultures"),
    FieldOfAction.VERNETZUNG: N_("Contacts and people who help"),
}
CATEGORY_LABELS: dict[str, Label] = {
    f"{field}.{name}": label for field, names in _CATEGORIES.items() for name, label in names.items()
}
CATEGORY_CODES: tuple[str, ...] = tuple(CATEGORY_LABELS)


@cache
def field_of(category: str) -> FieldOfAction:
    """The field of action a category code belongs to (the part before the dot)."""
    return FieldOfAction(category.split(".", 1)[0])


def categories_of(field: FieldOfAction) -> tuple[str, ...]:
    return tuple(code for code in CATEGORY_CODES if code.startswith(f"{field}."))


class CategoryOut(msgspec.Struct, kw_only=True):
    code: Annotated[str, msgspec.Meta(description="The category code, `<field>.<category>` (never changes).")]
    label: Annotated[str, msgspec.Meta(description="Its name in the language asked for.")]


class FieldOut(msgspec.Struct, kw_only=True):
    code: Annotated[FieldOfAction, msgspec.Meta(description="The field of action's code (never changes).")]
    label: Annotated[str, msgspec.Meta(description="Its name in the language asked for.")]
    categories: Annotated[list[CategoryOut], msgspec.Meta(description="The categories of offers in this field.")]


class TaxonomyOut(msgspec.Struct, kw_only=True):
    language: Annotated[str, msgspec.Meta(description="The language of the labels.")]
    fields: Annotated[list[FieldOut], msgspec.Meta(description="The eight fields of action.")]


def taxonomy_in(language: str, gettext: Translate | None = None) -> TaxonomyOut:
    """The whole taxonomy with labels in ``language`` (German where a label is not translated)."""
    return TaxonomyOut(
        language=language,
        fields=[
            FieldOut(
                code=field,
                label=FIELD_LABELS[field].in_language(language, gettext),
                categories=[
                    CategoryOut(code=code, label=CATEGORY_LABELS[code].in_language(language, gettext))
                    for code in categories_of(field)
                ],
            )
            for field in FieldOfAction
        ],
    )
