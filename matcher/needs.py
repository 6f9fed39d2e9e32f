"""Needs per category and field of action, derived from the profile by documented rules (docs/matching.md).

Each rule returns a score from 0 (no need) to 1 (urgent, clear need). A field's need is the highest need
of its categories; fields the person names as priorities are raised by 0.3.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.offer_matrix import FIELDS
from models.profile import (
    HealthNeed,
    Housing,
    NeedsProfile,
    Qualification,
    ResidenceStatus,
    Work,
)
from models.taxonomy import CATEGORY_CODES, field_of

Rule = Callable[[NeedsProfile], float]
CLEAR_NEED = 0.6
PRIORITY_BOOST = 0.3


def _level(profile: NeedsProfile) -> int:
    return profile.german_level.rank


def _recent(profile: NeedsProfile, months: int) -> bool | None:
    return None if profile.months_in_germany is None else profile.months_in_germany < months


def _welcome(profile: NeedsProfile) -> float:
    months = profile.months_in_germany
    need = 0.4 if months is None else 0.9 if months < 6 else 0.6 if months < 12 else 0.3 if months < 24 else 0.1
    if profile.residence_status in (ResidenceStatus.ASYLUM_SEEKER, ResidenceStatus.TEMPORARY_PROTECTION):
        need += 0.1
    return need


def _social_counselling(profile: NeedsProfile) -> float:
    need = 0.4
    if profile.housing in (Housing.AT_RISK, Housing.HOMELESS):
        need += 0.2
    if profile.work in (Work.JOB_SEEKING, Work.NOT_PERMITTED) and profile.residence_status in (
        ResidenceStatus.ASYLUM_SEEKER,
        ResidenceStatus.TOLERATED,
    ):
        need += 0.2
    if _recent(profile, 12):
        need += 0.1
    return need


def _meeting_place(profile: NeedsProfile) -> float:
    need = 0.3 + (0.2 if _recent(profile, 24) else 0.0)
    return need + (0.1 if profile.work in (Work.NOT_SEEKING, Work.NOT_PERMITTED) else 0.0)


def _mentoring(profile: NeedsProfile) -> float:
    return 0.3 + (0.3 if _level(profile) <= 1 and _recent(profile, 24) is not False else 0.0)


_HOUSING_SEARCH = {
    Housing.AT_RISK: 0.9, Housing.HOMELESS: 0.8, Housing.SHARED_ACCOMMODATION: 0.8,
    Housing.WITH_RELATIVES: 0.6, Housing.MUNICIPAL_FLAT: 0.3, Housing.OWN_FLAT: 0.1,
}  # fmt: skip
_SOCIAL_HOUSING = {
    Housing.SHARED_ACCOMMODATION: 0.7, Housing.WITH_RELATIVES: 0.6, Housing.HOMELESS: 0.6,
    Housing.AT_RISK: 0.6, Housing.MUNICIPAL_FLAT: 0.2, Housing.OWN_FLAT: 0.1,
}  # fmt: skip


def _emergency_housing(profile: NeedsProfile) -> float:
    return {Housing.HOMELESS: 1.0, Housing.AT_RISK: 0.7}.get(profile.housing, 0.0)


def _social_housing(profile: NeedsProfile) -> float:
    return _SOCIAL_HOUSING[profile.housing] + (0.1 if profile.children_ages else 0.0)


def _neighbourhood(profile: NeedsProfile) -> float:
    return 0.3 if profile.housing in (Housing.OWN_FLAT, Housing.MUNICIPAL_FLAT) else 0.2


def _integration_course(profile: NeedsProfile) -> float:
    return (0.9, 0.9, 0.8, 0.2, 0.0, 0.0, 0.0)[_level(profile)]


def _literacy(profile: NeedsProfile) -> float:
    need = (0.6, 0.3, 0.1, 0.0, 0.0, 0.0, 0.0)[_level(profile)]
    return need + (0.3 if need and profile.qualification == Qualification.NONE else 0.0)


def _course_with_childcare(profile: NeedsProfile) -> float:
    small_child = profile.has_child_between(0, 6)
    if _level(profile) <= 2:
        return 0.9 if small_child else 0.1
    return 0.4 if small_child and _level(profile) == 3 else 0.0


def _language_cafe(profile: NeedsProfile) -> float:
    return (0.5, 0.5, 0.6, 0.6, 0.4, 0.1, 0.0)[_level(profile)]


def _school_language_class(profile: NeedsProfile) -> float:
    if not profile.has_child_between(6, 17):
        return 0.0
    return 0.8 if _level(profile) <= 2 or _recent(profile, 24) else 0.3


def _heritage_language(profile: NeedsProfile) -> float:
    return 0.4 if profile.has_child_between(6, 14) else 0.0


def _early_education(profile: NeedsProfile) -> float:
    if profile.has_child_between(1, 5):
        return 0.95
    if profile.has_child_between(0, 0):
        return 0.6
    return 0.3 if profile.pregnant else 0.0


def _school_support(profile: NeedsProfile) -> float:
    return 0.6 if profile.has_child_between(6, 17) else 0.0


def _education_counselling(profile: NeedsProfile) -> float:
    need = 0.5 if profile.has_child_between(3, 17) else 0.1
    if (
        profile.age is not None
        and 16 <= profile.age <= 30
        and profile.qualification
        in (
            None,
            Qualification.NONE,
            Qualification.SCHOOL,
        )
    ):
        need = max(need, 0.5)
    if profile.qualification == Qualification.UNIVERSITY and profile.foreign_qualification:
        need = max(need, 0.4)
    return need


_CAREER = {
    Work.JOB_SEEKING: 0.9, Work.NOT_PERMITTED: 0.5, Work.IN_TRAINING: 0.3,
    Work.EMPLOYED: 0.2, Work.SELF_EMPLOYED: 0.2, Work.NOT_SEEKING: 0.2,
}  # fmt: skip


def _low_qualification(profile: NeedsProfile) -> bool:
    return profile.qualification in (None, Qualification.NONE, Qualification.SCHOOL)


def _young(profile: NeedsProfile) -> bool:
    return profile.age is not None and profile.age <= 25


def _vocational_training(profile: NeedsProfile) -> float:
    if profile.work == Work.NOT_PERMITTED:
        return 0.2
    need = 0.7 if profile.work == Work.JOB_SEEKING and _low_qualification(profile) else 0.2
    return need + (0.2 if _young(profile) and profile.work not in (Work.EMPLOYED, Work.SELF_EMPLOYED) else 0.0)


def _internship(profile: NeedsProfile) -> float:
    need = {Work.JOB_SEEKING: 0.5, Work.IN_TRAINING: 0.2}.get(profile.work, 0.05)
    return need + (0.2 if _young(profile) and need > 0.1 else 0.0)


def _recognition(profile: NeedsProfile) -> float:
    if not profile.foreign_qualification:
        return 0.1 if profile.foreign_qualification is None else 0.0
    return 0.95 if profile.qualification in (Qualification.VOCATIONAL, Qualification.UNIVERSITY) else 0.7


def _job_language(profile: NeedsProfile) -> float:
    working = profile.work in (Work.JOB_SEEKING, Work.EMPLOYED, Work.SELF_EMPLOYED, Work.IN_TRAINING)
    if working and 3 <= _level(profile) <= 4:
        return 0.8
    return 0.5 if _level(profile) == 2 and profile.work == Work.JOB_SEEKING else 0.1


def _entry_jobs(profile: NeedsProfile) -> float:
    if profile.work == Work.JOB_SEEKING:
        return 0.7 if _low_qualification(profile) else 0.4
    return 0.4 if profile.work == Work.NOT_PERMITTED else 0.05


def _health_counselling(profile: NeedsProfile) -> float:
    if HealthNeed.CHRONIC_ILLNESS in profile.health:
        return 0.7
    return 0.5 if _recent(profile, 12) else 0.3


def _mother_child(profile: NeedsProfile) -> float:
    if profile.pregnant:
        return 1.0
    return 0.8 if profile.has_child_between(0, 2) else 0.3 if profile.has_child_between(3, 3) else 0.0


def _trauma(profile: NeedsProfile) -> float:
    if HealthNeed.TRAUMA in profile.health:
        return 1.0
    fled = profile.residence_status in (ResidenceStatus.ASYLUM_SEEKER, ResidenceStatus.TEMPORARY_PROTECTION)
    return 0.2 if fled and _recent(profile, 24) else 0.05


def _care(profile: NeedsProfile) -> float:
    if HealthNeed.CARE_FOR_RELATIVE in profile.health:
        return 0.9
    older = profile.age is not None and profile.age >= 65
    return 0.5 if older or {HealthNeed.DISABILITY, HealthNeed.CHRONIC_ILLNESS} & set(profile.health) else 0.05


def _youth(profile: NeedsProfile) -> float:
    if profile.age is not None and 12 <= profile.age <= 21:
        return 0.8
    return 0.5 if profile.has_child_between(10, 17) else 0.05


def _civic(profile: NeedsProfile) -> float:
    settled = profile.months_in_germany is not None and profile.months_in_germany >= 12
    return 0.3 if settled or _level(profile) >= 2 else 0.2


def _language_mediation(profile: NeedsProfile) -> float:
    need = (0.7, 0.7, 0.4, 0.1, 0.0, 0.0, 0.0)[_level(profile)]
    return need + (0.1 if need and (HealthNeed.TRAUMA in profile.health or profile.pregnant) else 0.0)


def _easy_language(profile: NeedsProfile) -> float:
    return 0.5 if _level(profile) <= 2 else 0.1


def _volunteering(profile: NeedsProfile) -> float:
    settled = profile.months_in_germany is not None and profile.months_in_germany >= 12
    if _level(profile) >= 3 and settled:
        return 0.4
    return 0.3 if _level(profile) >= 2 and profile.work in (Work.NOT_SEEKING, Work.NOT_PERMITTED) else 0.15


RULES: dict[str, Rule] = {
    "willkommen.welcome_info": _welcome,
    "willkommen.social_counselling": _social_counselling,
    "willkommen.meeting_place": _meeting_place,
    "willkommen.mentoring": _mentoring,
    "wohnen.housing_counselling": lambda p: _HOUSING_SEARCH[p.housing],
    "wohnen.emergency_housing": _emergency_housing,
    "wohnen.social_housing": _social_housing,
    "wohnen.neighbourhood": _neighbourhood,
    "bildung_sprache.integration_course": _integration_course,
    "bildung_sprache.language_course_childcare": _course_with_childcare,
    "bildung_sprache.literacy_course": _literacy,
    "bildung_sprache.language_cafe": _language_cafe,
    "bildung_sprache.school_language_class": _school_language_class,
    "bildung_sprache.heritage_language": _heritage_language,
    "bildung_sprache.early_education": _early_education,
    "bildung_sprache.school_support": _school_support,
    "bildung_sprache.education_counselling": _education_counselling,
    "arbeit.career_counselling": lambda p: _CAREER[p.work],
    "arbeit.vocational_training": _vocational_training,
    "arbeit.internship": _internship,
    "arbeit.recognition": _recognition,
    "arbeit.job_language_course": _job_language,
    "arbeit.entry_jobs": _entry_jobs,
    "gesundheit.health_counselling": _health_counselling,
    "gesundheit.prevention": lambda p: 0.3 if p.children_ages else 0.2,
    "gesundheit.mother_child": _mother_child,
    "gesundheit.trauma_support": _trauma,
    "gesundheit.care": _care,
    "teilhabe.sports": lambda p: 0.4 if p.children_ages else 0.3,
    "teilhabe.culture_leisure": lambda p: 0.3,
    "teilhabe.youth": _youth,
    "teilhabe.civic_education": _civic,
    "teilhabe.self_organisation": lambda p: 0.2,
    "interkulturell.language_mediation": _language_mediation,
    "interkulturell.easy_language_info": _easy_language,
    "interkulturell.anti_discrimination": lambda p: 0.15,
    "vernetzung.volunteering": _volunteering,
    "vernetzung.network_meeting": lambda p: 0.1,
    "vernetzung.funding_advice": lambda p: 0.2 if p.work == Work.SELF_EMPLOYED else 0.05,
}
assert tuple(RULES) == CATEGORY_CODES, "every category needs exactly one rule, in taxonomy order"

_FIELD_OF_CATEGORY = np.asarray([FIELDS.index(field_of(code)) for code in CATEGORY_CODES])


@dataclass(frozen=True, slots=True)
class Needs:
    category: npt.NDArray[np.float32]  # (categories,) in CATEGORY_CODES order
    field: npt.NDArray[np.float32]  # (fields,) in FieldOfAction order


def needs_of(profile: NeedsProfile) -> Needs:
    """The person's need per category and per field of action, each from 0 to 1."""
    category = np.clip(np.asarray([rule(profile) for rule in RULES.values()], dtype=np.float32), 0.0, 1.0)
    field = np.zeros(len(FIELDS), dtype=np.float32)
    np.maximum.at(field, _FIELD_OF_CATEGORY, category)
    for priority in profile.priorities:
        field[FIELDS.index(priority)] = min(1.0, field[FIELDS.index(priority)] + PRIORITY_BOOST)
    return Needs(category=category, field=field)
