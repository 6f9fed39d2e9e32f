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

from matcher.needs import arrival_housing as ah
from matcher.needs import learning as ln
from matcher.needs import taking_part as tp
from matcher.needs import work_health as wh
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
    "willkommen.welcome_info": ah.welcome_info,
    "willkommen.social_counselling": ah.social_counselling,
    "willkommen.meeting_place": ah.meeting_place,
    "willkommen.mentoring": ah.mentoring,
    "wohnen.housing_counselling": ah.housing_counselling,
    "wohnen.emergency_housing": ah.emergency_housing,
    "wohnen.social_housing": ah.social_housing,
    "wohnen.neighbourhood": ah.neighbourhood,
    "bildung_sprache.integration_course": ln.integration_course,
    "bildung_sprache.language_course_childcare": ln.course_with_childcare,
    "bildung_sprache.literacy_course": ln.literacy_course,
    "bildung_sprache.language_cafe": ln.language_cafe,
    "bildung_sprache.school_language_class": ln.school_language_class,
    "bildung_sprache.heritage_language": ln.heritage_language,
    "bildung_sprache.early_education": ln.early_education,
    "bildung_sprache.school_support": ln.school_support,
    "bildung_sprache.education_counselling": ln.education_counselling,
    "arbeit.career_counselling": wh.career_counselling,
    "arbeit.vocational_training": wh.vocational_training,
    "arbeit.internship": wh.internship,
    "arbeit.recognition": wh.recognition,
    "arbeit.job_language_course": wh.job_language_course,
    "arbeit.entry_jobs": wh.entry_jobs,
    "gesundheit.health_counselling": wh.health_counselling,
    "gesundheit.prevention": wh.prevention,
    "gesundheit.mother_child": wh.mother_child,
    "gesundheit.trauma_support": wh.trauma_support,
    "gesundheit.care": wh.care,
    "teilhabe.sports": tp.sports,
    "teilhabe.culture_leisure": tp.culture_leisure,
    "teilhabe.youth": tp.youth,
    "teilhabe.civic_education": tp.civic_education,
    "teilhabe.self_organisation": tp.self_organisation,
    "interkulturell.language_mediation": tp.language_mediation,
    "interkulturell.easy_language_info": tp.easy_language_info,
    "interkulturell.anti_discrimination": tp.anti_discrimination,
    "vernetzung.volunteering": tp.volunteering,
    "vernetzung.network_meeting": tp.network_meeting,
    "vernetzung.funding_advice": tp.funding_advice,
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
_FIELD_OF_CATEGORY = np.asarray([FIELDS.index(field_of(code)) for code in CATEGORY_CODES])


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


def needs_of(profile: NeedsProfile) -> Needs:
    """The person's need per category and per field of action, each from 0 to 1."""
    category = category_needs(Person.of(profile))
    field = np.zeros(len(FIELDS), dtype=np.float32)
    np.maximum.at(field, _FIELD_OF_CATEGORY, category)
    return Needs(category=category, field=field)
