"""Hard conditions, computed as numpy masks over the whole catalogue; a recommendation never breaks one.

A condition on a fact the profile states is enforced. A condition on a fact the profile leaves out (say an
age limit when no age was given) cannot be checked: the offer stays, is counted as *unverified* for the
ranking, and its recommendation says what to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.offer_matrix import DISTRICTS, GENDERS, RESIDENCE_STATUSES, Bools, Ints, OfferMatrix
from models.profile import NeedsProfile


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    mask: Bools
    unverified: Ints  # per offer: conditions on facts the profile does not state


def eligibility(profile: NeedsProfile, matrix: OfferMatrix, today: date) -> EligibilityResult:
    """Which offers the person may take up today, and how many conditions stay unchecked per offer."""
    day = today.toordinal()
    mask = matrix.valid_to >= day
    unverified = np.zeros(matrix.size, dtype=np.int32)

    level = profile.german_level.rank
    mask &= (matrix.german_min <= level) & (level <= matrix.german_max)

    if matrix.child_rule.any():
        has_child = np.zeros(matrix.size, dtype=bool)
        for age in set(profile.children_ages):
            has_child |= (matrix.child_low <= age) & (age <= matrix.child_high)
        mask &= ~matrix.child_rule | has_child

    if profile.age is not None:
        mask &= (matrix.min_age <= profile.age) & (profile.age <= matrix.max_age)
    else:
        unverified += matrix.age_rule
    if profile.gender is not None:
        mask &= matrix.gender_ok[:, GENDERS.index(profile.gender)]
    else:
        unverified += matrix.gender_rule
    if profile.residence_status is not None:
        mask &= matrix.residence_ok[:, RESIDENCE_STATUSES.index(profile.residence_status)]
    else:
        unverified += matrix.residence_rule
    if profile.district is not None:
        mask &= matrix.district_ok[:, DISTRICTS.index(profile.district)]
    else:
        unverified += matrix.district_rule
    return EligibilityResult(mask=mask, unverified=unverified)
