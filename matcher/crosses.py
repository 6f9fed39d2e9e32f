"""Crossed features: facts of the person × facts of the offer, and facts of the person × the offer's category.

They let the model learn what the needs rules and the base features do not say: parents of a baby may turn
down evening offers, people may prefer offers in their own district, a category may matter more to carers
than the rules think. Every cross is a plain product of two yes/no facts, so each keeps an exact share of
the score. None of the facts is a protected attribute, and none is the residence status: it shapes needs
through the documented rules (docs/matching.md) and offers' own eligibility, and the model must not learn
to rank people of one status differently beyond that.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from matcher.offer_matrix import DISTRICTS, GENDERS, TIME_CLASSES, OfferMatrix
from matcher.person import CHILD_BANDS, Person
from models.district import District
from models.profile import HealthNeed, Housing, Work

PersonFact = Callable[[Person], bool]


def _has_child(band: str) -> PersonFact:
    return lambda p: p.child(band)


def _lives_in(district: District) -> PersonFact:
    return lambda p: p.profile.district == district


PERSON_FACTS: dict[str, PersonFact] = {
    **{f"child_{band}": _has_child(band) for band in CHILD_BANDS},
    "child_under_3": lambda p: p.child("baby", "toddler"),
    "child_under_6": lambda p: p.small_child,
    "school_child": lambda p: p.school_child,
    "pregnant": lambda p: p.pregnant,
    "single_parent": lambda p: p.single_parent,
    "minor": lambda p: p.minor,
    "young_adult": lambda p: p.young_adult,
    "senior": lambda p: p.senior,
    "pupil": lambda p: p.pupil,
    "working": lambda p: p.working,
    "job_seeking": lambda p: p.work == Work.JOB_SEEKING,
    "work_ban": lambda p: p.work == Work.NOT_PERMITTED,
    "german_none": lambda p: p.level == 0,
    "german_basic": lambda p: p.level in (1, 2),
    "german_independent": lambda p: p.level >= 3,
    "cannot_read": lambda p: p.cannot_read,
    "trauma": lambda p: p.health(HealthNeed.TRAUMA),
    "disability": lambda p: p.health(HealthNeed.DISABILITY),
    "chronic_illness": lambda p: p.health(HealthNeed.CHRONIC_ILLNESS),
    "carer": lambda p: p.carer,
    "losing_home": lambda p: p.losing_home,
    "shared_accommodation": lambda p: p.housing == Housing.SHARED_ACCOMMODATION,
    "new_arrival": lambda p: p.here_less_than(12),
    "settled": lambda p: p.settled,
    "evenings_weekends_only": lambda p: p.evenings_or_weekends_only,
    **{f"home_{d.value}": _lives_in(d) for d in DISTRICTS},
}
OFFER_FACTS: tuple[str, ...] = (
    *TIME_CLASSES,
    "by_appointment",
    "childcare",
    "free",
    "full",
    "step_free",
    "women_only",
    "youth_audience",
    "senior_audience",
    "german_only",
    "multilingual",
    *(f"at_{d.value}" for d in DISTRICTS),
)
YOUTH_MAX_AGE = 27
SENIOR_MIN_AGE = 55


def person_facts(person: Person) -> npt.NDArray[np.float32]:
    """``(PERSON_FACTS,)``: 1 where the fact holds for this person."""
    return np.asarray([fact(person) for fact in PERSON_FACTS.values()], dtype=np.float32)


def offer_facts(matrix: OfferMatrix) -> npt.NDArray[np.float32]:
    """``(offers, OFFER_FACTS)``: 1 where the fact holds for the offer."""
    de = matrix.language_codes.index("de") if "de" in matrix.language_codes else None
    german_only = (
        matrix.languages[:, de] & (matrix.languages.sum(axis=1) == 1) if de is not None else np.zeros(matrix.size, bool)
    )
    women = GENDERS.index("female")
    columns = [
        *(matrix.time_classes[:, i] for i in range(len(TIME_CLASSES))),
        matrix.by_appointment,
        matrix.childcare,
        matrix.free,
        matrix.full,
        matrix.accessible,
        matrix.gender_rule & (matrix.gender_ok.sum(axis=1) == 1) & matrix.gender_ok[:, women],
        matrix.age_rule & (matrix.max_age <= YOUTH_MAX_AGE),
        matrix.age_rule & (matrix.min_age >= SENIOR_MIN_AGE),
        german_only,
        matrix.languages.sum(axis=1) >= 3,
        *(matrix.district == i for i in range(len(DISTRICTS))),
    ]
    return np.stack([np.asarray(c, dtype=np.float32) for c in columns], axis=1)


def cross_group(offer_fact: str) -> str:
    """The reason group a person × offer cross speaks to (matcher.reasons)."""
    if offer_fact in TIME_CLASSES or offer_fact == "by_appointment":
        return "schedule"
    if offer_fact.startswith("at_"):
        return "distance"
    return {
        "childcare": "childcare",
        "free": "cost",
        "full": "places",
        "step_free": "access",
        "german_only": "language",
        "multilingual": "language",
    }.get(offer_fact, "targeted")
