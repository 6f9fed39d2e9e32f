"""Exploration: a small, logged randomisation among near-equal offers; a new offer gets seen."""

from __future__ import annotations

from collections import Counter
from datetime import date

import msgspec
import numpy as np

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from matcher.selection import PROTECTED_PLACES
from matcher.synthetic import synthetic_profile
from tests.matcher.conftest import TODAY

PLANS = 300


def test_a_copied_offer_gets_a_fair_share_of_exposure(matrix: OfferMatrix, model: BoundModel) -> None:
    """A new offer identical to an existing one (but for its id) is shown about as often as the original.

    The original is the offer the plans show most often, so that the pair is seen often enough to count.
    """
    rng = np.random.default_rng(17)
    people = [msgspec.structs.replace(synthetic_profile(rng), limit=10) for _ in range(PLANS)]
    counts = Counter(matrix.offers[row].id for p in people for row in rank(p, matrix, model, TODAY, explore=True).rows)
    original = next(o for o in matrix.offers if o.id == counts.most_common(1)[0][0])
    copy = msgspec.structs.replace(original, id=f"{original.id[:50]}-neu")
    with_copy = OfferMatrix.build([*matrix.offers, copy])
    bound = BoundModel.bind(model.weights, with_copy, model.version)
    shown = Counter(
        with_copy.offers[row].id
        for person in people
        for row in rank(person, with_copy, bound, TODAY, explore=True).rows
        if with_copy.offers[row].id in (original.id, copy.id)
    )
    total = shown[original.id] + shown[copy.id]
    share = shown[copy.id] / total
    print(f"in {PLANS} plans the pair ({original.id}) was shown {total} times; the copy {share:.0%} of them")
    assert total >= 50
    assert 0.35 <= share <= 0.65


def test_propensities_are_logged_and_the_first_places_stay_put(matrix: OfferMatrix, model: BoundModel) -> None:
    rng = np.random.default_rng(4)
    explored = 0
    for _ in range(200):
        person = msgspec.structs.replace(synthetic_profile(rng), limit=10)
        fixed = rank(person, matrix, model, TODAY)
        varied = rank(person, matrix, model, TODAY, explore=True)
        assert [p.position for p in fixed.picks][:PROTECTED_PLACES] == [p.position for p in varied.picks][
            :PROTECTED_PLACES
        ] or any(p.propensity < 1 for p in varied.picks[:PROTECTED_PLACES])
        for pick in varied.picks:
            assert 0 < pick.propensity <= 1
            explored += pick.propensity < 1
        fixed_categories = [matrix.offers[r].category for r in fixed.rows]
        assert fixed_categories == [matrix.offers[r].category for r in varied.rows], "exploration keeps the kinds"
    assert explored > 0


def test_the_same_needs_give_the_same_plan_on_the_same_day(matrix: OfferMatrix, model: BoundModel) -> None:
    """The same needs on the same day: the same plan; over four weeks exploration shows other offers of a kind to
    some people (those with near-equal offers of a kind; which people depends on the model, so 30 are looked at)."""
    rng = np.random.default_rng(12)
    varied = 0
    for _ in range(30):
        person = synthetic_profile(rng)
        first = rank(person, matrix, model, TODAY, explore=True).rows
        assert rank(person, matrix, model, TODAY, explore=True).rows == first
        later = [rank(person, matrix, model, date(2026, 12, day), explore=True).rows for day in range(1, 29, 3)]
        varied += any(rows != first for rows in later)
    assert varied, "exploration never varied over four weeks"
