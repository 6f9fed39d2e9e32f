"""Pair features of (profile, offer): interpretable numbers from 0 to 1, computed for many offers at once.

No feature describes a protected attribute: there is no nationality, religion or ethnicity anywhere, and
gender enters only through offers that are themselves gender-specific (``targeted_match``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.distances import distance_matrix
from matcher.eligibility import EligibilityResult
from matcher.needs import Needs
from matcher.offer_matrix import DISTRICTS, FIELDS, GENDERS, RESIDENCE_STATUSES, TIME_CLASSES, OfferMatrix
from models.profile import HealthNeed, NeedsProfile
from models.taxonomy import CATEGORY_CODES

FEATURE_NAMES: tuple[str, ...] = (
    "category_need",
    "field_need",
    "priority_field",
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
    "need_x_language_access",
    "need_x_nearby",
)
# Categories where the course itself teaches German: being held in German is the point, not a barrier.
LANGUAGE_LEARNING = np.asarray(
    [code.split(".")[1] in {"integration_course", "language_course_childcare", "literacy_course", "language_cafe",
                            "school_language_class", "job_language_course"} for code in CATEGORY_CODES]
)  # fmt: skip
UNKNOWN_DISTANCE_NEARBY = 0.5
NEARBY_RANGE_KM = 10.0


@dataclass(frozen=True, slots=True)
class PairFeatures:
    rows: npt.NDArray[np.int64]  # offer rows these features belong to
    values: npt.NDArray[np.float32]  # (rows, FEATURE_NAMES)
    distance_km: npt.NDArray[np.float32]  # per row; NaN when the person's district is unknown

    def column(self, name: str) -> npt.NDArray[np.float32]:
        return self.values[:, FEATURE_NAMES.index(name)]


def pair_features(
    profile: NeedsProfile,
    needs: Needs,
    matrix: OfferMatrix,
    eligible: EligibilityResult,
    rows: npt.NDArray[np.int64],
    today: date,
) -> PairFeatures:
    """Features of ``profile`` against the offers in ``rows`` (usually the eligible ones)."""
    n = len(rows)
    category, field = matrix.category[rows], matrix.field[rows]
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)

    def put(name: str, values: npt.ArrayLike) -> None:
        out[:, FEATURE_NAMES.index(name)] = values

    category_need = needs.category[category]
    put("category_need", category_need)
    put("field_need", needs.field[field])
    put("priority_field", np.isin(field, [FIELDS.index(p) for p in profile.priorities]))

    spoken = np.asarray([code in profile.languages for code in matrix.language_codes], dtype=bool)
    shared = (matrix.languages[rows] & spoken).any(axis=1) if spoken.any() else np.zeros(n, dtype=bool)
    german = matrix.languages[rows, matrix.language_codes.index("de")] if "de" in matrix.language_codes else False
    level = profile.german_level.rank
    german_access = 1.0 if level >= 3 else 0.5 if level == 2 else 0.0
    access = np.maximum(shared.astype(np.float32), np.where(german, german_access, 0.0))
    access = np.where(LANGUAGE_LEARNING[category], 1.0, access)
    put("language_access", access)
    put(
        "shared_language",
        shared & ~(spoken[matrix.language_codes.index("de")] if "de" in matrix.language_codes else False),
    )
    put("german_level_fit", matrix.german_rule[rows])

    small_children = profile.has_child_between(0, 6)
    weekly = matrix.time_classes[rows].any(axis=1) & ~matrix.child_rule[rows]
    put("childcare_for_small_children", small_children & matrix.childcare[rows])
    put("small_children_no_childcare", small_children & weekly & ~matrix.childcare[rows])

    if profile.availability:
        wanted = np.asarray([name in profile.availability for name in TIME_CLASSES], dtype=bool)
        overlap = (matrix.time_classes[rows] & wanted).any(axis=1)
        put("schedule_fit", np.where(matrix.by_appointment[rows] | overlap, 1.0, 0.0))
    else:
        put("schedule_fit", 0.5)

    if profile.district is not None:
        distance = distance_matrix()[DISTRICTS.index(profile.district), matrix.district[rows]]
        nearby = 1.0 - np.minimum(distance, NEARBY_RANGE_KM) / NEARBY_RANGE_KM
    else:
        distance = np.full(n, np.nan, dtype=np.float32)
        nearby = np.full(n, UNKNOWN_DISTANCE_NEARBY, dtype=np.float32)
    put("nearby", nearby)
    put("free_of_charge", matrix.free[rows])
    put("places_free", ~matrix.full[rows])
    put("targeted_match", _targeted(profile, matrix, rows))
    put("unverified_conditions", np.minimum(eligible.unverified[rows] / 2.0, 1.0))
    disability = HealthNeed.DISABILITY in profile.health
    put("step_free_for_disability", disability & matrix.accessible[rows])
    put("access_barrier", disability & ~matrix.accessible[rows])
    put("not_started_yet", matrix.valid_from[rows] > today.toordinal() + 30)
    put("need_x_language_access", category_need * access)
    put("need_x_nearby", category_need * nearby)
    return PairFeatures(rows=rows, values=out, distance_km=np.asarray(distance, dtype=np.float32))


def _targeted(profile: NeedsProfile, matrix: OfferMatrix, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Offers made for someone like this person (a rule the person is known to meet)."""
    hit = matrix.child_rule[rows].copy()
    if profile.age is not None:
        hit |= matrix.age_rule[rows]
    if profile.gender is not None:
        hit |= matrix.gender_rule[rows] & matrix.gender_ok[rows, GENDERS.index(profile.gender)]
    if profile.residence_status is not None:
        hit |= (
            matrix.residence_rule[rows] & matrix.residence_ok[rows, RESIDENCE_STATUSES.index(profile.residence_status)]
        )
    if profile.district is not None:
        hit |= matrix.district_rule[rows]
    return hit
