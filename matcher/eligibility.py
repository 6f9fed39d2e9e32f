"""Hard conditions, computed as numpy masks over the whole catalogue; a recommendation never breaks one.

A condition on a fact the profile states is enforced. The age band of a youth offer (10 to 21 at most) is also
met by a child of the person within the band: the offer is then for the child. A condition on a fact the profile leaves out (say an
age limit when no age was given) cannot be checked: the offer stays, is counted as *unverified* for the
ranking, and its recommendation says what to check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.offer_matrix import (
    DISTRICTS,
    GENDERS,
    HOUSING_SITUATIONS,
    LITERACY,
    RESIDENCE_STATUSES,
    TABLE_AGES,
    Bools,
    Ints,
    OfferMatrix,
)
from models.offer import RECORDED_SITUATIONS
from models.profile import NeedsProfile


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    mask: Bools
    unverified: Ints  # per offer: conditions on facts the profile does not state
    for_child: Bools  # youth offers the person may take up for a child (``offers_for_a_child``)
    situational: Bools  # only for a situation not known to be the person's: never taken for granted (engine)


def eligibility(profile: NeedsProfile, matrix: OfferMatrix, today: date) -> EligibilityResult:
    """Which offers the person may take up today, and how many conditions stay unchecked per offer."""
    day = today.toordinal()
    mask = matrix.valid_to >= day
    unverified = np.zeros(matrix.size, dtype=np.int32)

    level = profile.german_level.rank
    mask &= matrix.german_ok[level]

    ages = set(profile.children_ages)
    if matrix.child_rule.any():
        has_child = _any_age(matrix.child_ok, ages, lambda age: (matrix.child_low <= age) & (age <= matrix.child_high))
        mask &= ~matrix.child_rule | has_child

    for_child = offers_for_a_child(profile, matrix, ages)
    if profile.age is not None:
        own_age = _any_age(matrix.age_ok, (profile.age,), lambda age: (matrix.min_age <= age) & (age <= matrix.max_age))
        mask &= own_age | for_child
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
    mask &= matrix.housing_ok[:, HOUSING_SITUATIONS.index(profile.housing)]  # housing is always stated
    if profile.literacy is not None:
        mask &= matrix.literacy_ok[:, LITERACY.index(profile.literacy)]
    else:
        unverified += matrix.literacy_rule
    # Situations (``Eligibility.situations``): most are never stated; a minor alone or a single parent is, in the
    # profile's field of the same name, when the profile says so.
    situational = matrix.situation_rule
    for column, situation in enumerate(RECORDED_SITUATIONS):
        stated, rule = getattr(profile, situation.value), matrix.recorded_rule[:, column]
        if stated is False:
            mask &= ~rule
        elif stated is None:
            situational = situational | rule
    unverified += situational
    return EligibilityResult(mask=mask, unverified=unverified, for_child=for_child, situational=situational)


def offers_for_a_child(profile: NeedsProfile, matrix: OfferMatrix, ages: Iterable[int] | None = None) -> Bools:
    """Offers for children and young people whose age band one of the person's children falls into.

    A parent consults for the family: the youth club is for their 14-year-old even though the parent is 40.
    """
    # A youth offer's band lies within the table's ages, so an age beyond them meets none.
    return _any_age(matrix.youth_ok, set(profile.children_ages) if ages is None else ages, None)


def _any_age(table: Bools, ages: Iterable[int], compute: Callable[[int], Bools] | None) -> Bools:
    """The rows of an age table (``OfferMatrix``) for ``ages`` or-ed together; an age beyond the table (a
    profile built in code, not parsed) is computed (``compute`` None: it meets nothing)."""
    hit = np.zeros(table.shape[1], dtype=bool)
    for age in ages:
        if 0 <= age < TABLE_AGES:
            hit |= table[age]
        elif compute is not None:
            hit |= compute(age)
    return hit
