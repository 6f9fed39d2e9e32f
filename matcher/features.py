"""Pair features of (profile, offer): interpretable numbers, computed for many offers at once.

``need`` is the logarithm of the person's need of the offer's category, so that in the linear model every
other feature acts as a factor on the need (a score is log(need × fit)). The others lie between 0 and 1.
No feature describes a protected attribute: there is no nationality, religion or ethnicity anywhere, and
gender enters only through offers that are themselves gender-specific (``targeted_match``, eligibility).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.distances import distance_matrix
from matcher.eligibility import EligibilityResult
from matcher.needs import MIN_NEED, Needs
from matcher.offer_matrix import DISTRICTS, GENDERS, RESIDENCE_STATUSES, TIME_CLASSES, OfferMatrix
from matcher.person import Person
from models.offer import RECORDED_SITUATIONS
from models.profile import HealthNeed
from models.taxonomy import CATEGORY_CODES

BASE_FEATURES: tuple[str, ...] = (
    "need",
    "language_access",
    "shared_language",
    "german_level_fit",
    "childcare_for_small_children",
    "small_children_no_childcare",
    "schedule_fit",
    "nearby",
    "free_of_charge",
    "places_free",
    "targeted_match",
    "unverified_conditions",
    "step_free_for_disability",
    "access_barrier",
    "not_started_yet",
)
# Categories where the course itself teaches German: being held in German is the point, not a barrier.
LANGUAGE_LEARNING = np.asarray(
    [code.split(".")[1] in {"integration_course", "language_course_childcare", "literacy_course", "language_cafe",
                            "school_language_class", "job_language_course"} for code in CATEGORY_CODES]
)  # fmt: skip
# Categories whose offers for a child's age the child attends, not the parent (after school, at day care): the
# parent's free times do not decide whether they suit (homework help in the afternoon for a parent free mornings).
ATTENDED_BY_THE_CHILD = np.asarray(
    [code in {"bildung_sprache.early_education", "bildung_sprache.school_language_class", "bildung_sprache.school_support",
              "bildung_sprache.heritage_language", "teilhabe.youth"} for code in CATEGORY_CODES]
)  # fmt: skip
UNKNOWN_DISTANCE_NEARBY = 0.5
NEARBY_RANGE_KM = 10.0


@dataclass(frozen=True, slots=True)
class PairFeatures:
    rows: npt.NDArray[np.int64]  # offer rows these features belong to
    values: npt.NDArray[np.float32]  # (rows, BASE_FEATURES)
    distance_km: npt.NDArray[np.float32]  # per row; NaN when the person's district is unknown
    person: npt.NDArray[np.float32]  # the person's facts (matcher.crosses.PERSON_FACTS), same for every row

    def column(self, name: str) -> npt.NDArray[np.float32]:
        return self.values[:, BASE_FEATURES.index(name)]

    def take(self, positions: npt.NDArray[np.int64]) -> PairFeatures:
        return PairFeatures(self.rows[positions], self.values[positions], self.distance_km[positions], self.person)


def candidate_rows(needs: Needs, matrix: OfferMatrix, eligible: EligibilityResult) -> npt.NDArray[np.int64]:
    """Eligible offers of a category this person has any need of (a need of 0 means: not for this person)."""
    return np.flatnonzero(eligible.mask & (needs.category[matrix.category] >= MIN_NEED))


def pair_features(
    person: Person,
    needs: Needs,
    matrix: OfferMatrix,
    eligible: EligibilityResult,
    rows: npt.NDArray[np.int64],
    today: date,
    person_facts: npt.NDArray[np.float32],
) -> PairFeatures:
    """Base features of ``person`` against the offers in ``rows`` (usually the candidates)."""
    profile = person.profile
    n = len(rows)
    category = matrix.category[rows]
    # Column-major, so that writing one feature for all rows is one contiguous write.
    out = np.zeros((n, len(BASE_FEATURES)), dtype=np.float32, order="F")

    def put(name: str, values: npt.ArrayLike) -> None:
        out[:, BASE_FEATURES.index(name)] = values

    put("need", np.log(np.maximum(needs.category, MIN_NEED))[category])
    spoken = [i for i, code in enumerate(matrix.language_codes) if code in profile.languages and code != "de"]
    shared = np.asarray(matrix.languages[:, spoken].any(axis=1))[rows] if spoken else np.zeros(n, dtype=bool)
    de = matrix.language_codes.index("de") if "de" in matrix.language_codes else None
    german_access = 1.0 if person.level >= 3 else 0.5 if person.level == 2 else 0.0
    access = shared.astype(np.float32)
    if de is not None and german_access:
        access = np.maximum(access, matrix.languages[rows, de] * np.float32(german_access))
    put("language_access", np.where(LANGUAGE_LEARNING[category], 1.0, access))
    put("shared_language", shared)
    put("german_level_fit", matrix.level_fit[rows])
    if person.small_child:
        put("childcare_for_small_children", matrix.childcare[rows])
        put("small_children_no_childcare", matrix.weekly[rows] & ~matrix.childcare[rows])
    if profile.availability:
        wanted = [i for i, name in enumerate(TIME_CLASSES) if name in profile.availability]
        fits = matrix.time_classes[:, wanted].any(axis=1) | matrix.by_appointment
        for_a_child = ATTENDED_BY_THE_CHILD[category] & (matrix.child_rule[rows] | eligible.for_child[rows])
        put("schedule_fit", np.where(for_a_child, 0.5, fits[rows]))
    else:
        put("schedule_fit", 0.5)
    if profile.district is not None:
        distance = distance_matrix()[DISTRICTS.index(profile.district)][matrix.district[rows]]
        put("nearby", 1.0 - np.minimum(distance, NEARBY_RANGE_KM) / NEARBY_RANGE_KM)
    else:
        distance = np.full(n, np.nan, dtype=np.float32)
        put("nearby", UNKNOWN_DISTANCE_NEARBY)
    put("free_of_charge", matrix.free[rows])
    put("places_free", ~matrix.full[rows])
    put("targeted_match", targeted(person, matrix, eligible.for_child)[rows])
    put("unverified_conditions", np.minimum(eligible.unverified[rows] / 2.0, 1.0))
    if HealthNeed.DISABILITY in profile.health:
        put("step_free_for_disability", matrix.accessible[rows])
        put("access_barrier", ~matrix.accessible[rows])
    put("not_started_yet", matrix.valid_from[rows] > today.toordinal() + 30)
    return PairFeatures(rows, out, np.asarray(distance, dtype=np.float32), person_facts)


def targeted(person: Person, matrix: OfferMatrix, for_child: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """Offers made for someone like this person: 1 for two or more narrow rules the person is known to meet, 0.5
    for one, 0 for none (all offers). The youth welfare office's help for minors who came alone (an age band and
    being alone) is made more for a 16-year-old alone than the youth migration service (an age band).

    A mere minimum age (16 for an adult course) is not a target group; an age band, a child's age, a
    gender, a few residence statuses, a district, some housing situations (a shelter for people without a
    home), a way of reading and writing, or being a minor alone or a single parent are. ``for_child``:
    ``EligibilityResult.for_child``.
    """
    profile = person.profile
    hits = matrix.child_rule.astype(np.float32)
    hits += matrix.housing_rule  # an eligible offer with a housing rule is for the person's own situation
    if profile.age is not None:
        hits += matrix.narrow_age
    if profile.gender is not None:
        hits += matrix.gender_rule & matrix.gender_ok[:, GENDERS.index(profile.gender)] & ~for_child
    if profile.residence_status is not None:
        status = RESIDENCE_STATUSES.index(profile.residence_status)
        hits += matrix.residence_rule & matrix.few_statuses & matrix.residence_ok[:, status]
    if profile.district is not None:
        hits += matrix.district_rule
    if profile.literacy is not None:
        hits += matrix.literacy_rule
    for column, situation in enumerate(RECORDED_SITUATIONS):
        if getattr(profile, situation.value):
            hits += matrix.recorded_rule[:, column]
    return np.asarray(np.minimum(hits, 2.0) / 2.0, dtype=np.float32)
