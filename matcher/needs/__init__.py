"""Needs per category and field of action, from the whole person (docs/matching.md).

Each rule reads the person (``matcher.person``) and returns a need from 0 (not for this person now; a
category at 0 is never recommended) to 1 (cannot wait). Fields the person names as priorities lift their
core categories to a clear need and the others a little; a field's need is the highest of its categories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.needs import arrival_housing, education, taking_part, work_health
from matcher.offer_matrix import FIELDS
from matcher.person import Person
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_CODES, FieldOfAction, field_of

Rule = Callable[[Person], float]
CLEAR_NEED = 0.6
URGENT_NEED = 0.96  # needs at or above this come first in the plan, highest first
PRIORITY_FLOOR = 0.7
PRIORITY_LIFT = 0.1
MIN_NEED = 0.01  # below this a category is not for this person

RULES: dict[str, Rule] = {
    "willkommen.welcome_info": arrival_housing.welcome_info,
    "willkommen.social_counselling": arrival_housing.social_counselling,
    "willkommen.meeting_place": arrival_housing.meeting_place,
    "willkommen.mentoring": arrival_housing.mentoring,
    "wohnen.housing_counselling": arrival_housing.housing_counselling,
    "wohnen.emergency_housing": arrival_housing.emergency_housing,
    "wohnen.social_housing": arrival_housing.social_housing,
    "wohnen.neighbourhood": arrival_housing.neighbourhood,
    "bildung_sprache.integration_course": education.integration_course,
    "bildung_sprache.language_course_childcare": education.course_with_childcare,
    "bildung_sprache.literacy_course": education.literacy_course,
    "bildung_sprache.language_cafe": education.language_cafe,
    "bildung_sprache.school_language_class": education.school_language_class,
    "bildung_sprache.heritage_language": education.heritage_language,
    "bildung_sprache.early_education": education.early_education,
    "bildung_sprache.school_support": education.school_support,
    "bildung_sprache.education_counselling": education.education_counselling,
    "arbeit.career_counselling": work_health.career_counselling,
    "arbeit.vocational_training": work_health.vocational_training,
    "arbeit.internship": work_health.internship,
    "arbeit.recognition": work_health.recognition,
    "arbeit.job_language_course": work_health.job_language_course,
    "arbeit.entry_jobs": work_health.entry_jobs,
    "gesundheit.health_counselling": work_health.health_counselling,
    "gesundheit.prevention": work_health.prevention,
    "gesundheit.mother_child": work_health.mother_child,
    "gesundheit.trauma_support": work_health.trauma_support,
    "gesundheit.care": work_health.care,
    "teilhabe.sports": taking_part.sports,
    "teilhabe.culture_leisure": taking_part.culture_leisure,
    "teilhabe.youth": taking_part.youth,
    "teilhabe.civic_education": taking_part.civic_education,
    "teilhabe.self_organisation": taking_part.self_organisation,
    "interkulturell.language_mediation": taking_part.language_mediation,
    "interkulturell.easy_language_info": taking_part.easy_language_info,
    "interkulturell.anti_discrimination": taking_part.anti_discrimination,
    "vernetzung.volunteering": taking_part.volunteering,
    "vernetzung.network_meeting": taking_part.network_meeting,
    "vernetzung.funding_advice": taking_part.funding_advice,
}
assert tuple(RULES) == CATEGORY_CODES, "every category needs exactly one rule, in taxonomy order"

# What a person means by naming a field as their priority.
PRIORITY_CORE: dict[FieldOfAction, frozenset[str]] = {
    FieldOfAction.WILLKOMMEN: frozenset({"willkommen.welcome_info", "willkommen.social_counselling",
                                         "willkommen.meeting_place"}),
    FieldOfAction.WOHNEN: frozenset({"wohnen.housing_counselling", "wohnen.social_housing"}),
    FieldOfAction.BILDUNG_SPRACHE: frozenset({"bildung_sprache.integration_course", "bildung_sprache.language_cafe",
                                              "bildung_sprache.education_counselling"}),
    FieldOfAction.ARBEIT: frozenset({"arbeit.career_counselling", "arbeit.recognition", "arbeit.job_language_course",
                                     "arbeit.vocational_training"}),
    FieldOfAction.GESUNDHEIT: frozenset({"gesundheit.health_counselling"}),
    FieldOfAction.TEILHABE: frozenset({"teilhabe.sports", "teilhabe.culture_leisure", "teilhabe.youth"}),
    FieldOfAction.INTERKULTURELL: frozenset({"interkulturell.language_mediation",
                                             "interkulturell.anti_discrimination"}),
    FieldOfAction.VERNETZUNG: frozenset({"vernetzung.volunteering", "vernetzung.network_meeting"}),
}  # fmt: skip
FIELD_OF_CATEGORY: list[int] = [FIELDS.index(field_of(code)) for code in CATEGORY_CODES]  # field index per category
assert sorted(FIELD_OF_CATEGORY) == FIELD_OF_CATEGORY, "categories are listed field by field"
_FIELD_STARTS = [FIELD_OF_CATEGORY.index(f) for f in range(len(FIELDS))]


@dataclass(frozen=True, slots=True)
class Needs:
    category: npt.NDArray[np.float32]  # (categories,) in CATEGORY_CODES order
    field: npt.NDArray[np.float32]  # (fields,) in FieldOfAction order


def category_needs(person: Person) -> npt.NDArray[np.float32]:
    """The need per category (CATEGORY_CODES order), priorities included."""
    need = np.clip(np.asarray([rule(person) for rule in RULES.values()], dtype=np.float32), 0.0, 1.0)
    for priority in person.profile.priorities:
        for i, code in enumerate(CATEGORY_CODES):
            if field_of(code) != priority or need[i] < MIN_NEED:
                continue
            lifted = max(need[i], PRIORITY_FLOOR) if code in PRIORITY_CORE[priority] else need[i] + PRIORITY_LIFT
            need[i] = max(need[i], min(lifted, 0.92))
    return need


def needs_of(profile: NeedsProfile, person: Person | None = None) -> Needs:
    """The person's need per category and per field of action, each from 0 to 1."""
    category = category_needs(person or Person.of(profile))
    return Needs(category=category, field=np.maximum.reduceat(category, _FIELD_STARTS))
