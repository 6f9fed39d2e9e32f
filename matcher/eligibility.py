"""Hard conditions, computed as numpy masks over the whole catalogue; a recommendation never breaks one.

A condition on a fact the profile states is enforced. The age band of a youth offer (10 to 21 at most) is also
met by a child of the person within the band: the offer is then for the child. A condition on a fact the profile leaves out (say an
age limit when no age was given) cannot be checked: the offer stays, is counted as *unverified* for the
ranking, and its recommendation says what to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.offer_matrix import DISTRICTS, GENDERS, RESIDENCE_STATUSES, Bools, Ints, OfferMatrix
from models.profile import NeedsProfile

# An age band within these bounds marks an offer for teenagers and young people (a youth club, a youth sports
# group); a parent may take it up for their child of that age.
YOUTH_OFFER_MIN_AGE = 10
YOUTH_OFFER_MAX_AGE = 21


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

    for_child = offers_for_a_child(profile, matrix)
    if profile.age is not None:
        mask &= ((matrix.min_age <= profile.age) & (profile.age <= matrix.max_age)) | for_child
    else:
        unverified += matrix.age_rule & ~for_child
    if profile.gender is not None:
        # For an offer taken up for a child, the child's gender counts, which the profile does not state.
        mask &= matrix.gender_ok[:, GENDERS.index(profile.gender)] | for_child
        unverified += matrix.gender_rule & for_child
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


def offers_for_a_child(profile: NeedsProfile, matrix: OfferMatrix) -> Bools:
    """Offers for children and young people whose age band one of the person's children falls into.

    A parent consults for the family: the youth club is for their 14-year-old even though the parent is 40.
    """
    youth = matrix.age_rule & (matrix.min_age >= YOUTH_OFFER_MIN_AGE) & (matrix.max_age <= YOUTH_OFFER_MAX_AGE)
    hit = np.zeros(matrix.size, dtype=bool)
    for age in set(profile.children_ages):
        hit |= youth & (matrix.min_age <= age) & (age <= matrix.max_age)
    return hit
