"""Offers nobody confirmed for ``stale_days`` rank below an otherwise equal confirmed offer; a catalogue that is
all confirmed ranks exactly as before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec
import numpy as np

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from tests.matcher.conftest import profile

TODAY = date(2026, 12, 1)
PERSON = profile(children_ages=[2, 7], district="rethen", languages=["ar"], max_per_category=None)


def _with_twin(matrix: OfferMatrix, model: BoundModel, confirmed: datetime) -> tuple[OfferMatrix, BoundModel, str]:
    """The catalogue with a twin of the first recommended offer (the same but for its id and confirmation)."""
    first = matrix.offers[rank(PERSON, matrix, model, TODAY).rows[0]]
    fresh = datetime(2026, 11, 20, tzinfo=UTC)
    twin = msgspec.structs.replace(first, id=f"{first.id[:50]}-twin", confirmed_at=confirmed)
    offers = [msgspec.structs.replace(o, confirmed_at=fresh) if o.id == first.id else o for o in matrix.offers]
    with_twin = OfferMatrix.build([*offers, twin])
    return with_twin, BoundModel.bind(model.weights, with_twin, model.version), twin.id


def test_a_stale_offer_ranks_below_its_confirmed_twin(matrix: OfferMatrix, model: BoundModel) -> None:
    stale_matrix, bound, twin = _with_twin(matrix, model, datetime(2026, 1, 5, tzinfo=UTC))
    ranking = rank(PERSON, stale_matrix, bound, TODAY)
    scores = {
        stale_matrix.offers[int(row)].id: float(s) for row, s in zip(ranking.features.rows, ranking.scores, strict=True)
    }
    original = twin.removesuffix("-twin")
    assert scores[twin] < scores[original]
    shown = [stale_matrix.offers[row].id for row in ranking.rows]
    assert original in shown and (twin not in shown or shown.index(twin) > shown.index(original))
    assert rank(PERSON, stale_matrix, bound, TODAY, stale_days=400).scores.tolist().count(scores[original]) >= 2


def test_a_catalogue_confirmed_recently_ranks_exactly_as_one_without_dates(
    matrix: OfferMatrix, model: BoundModel
) -> None:
    confirmed = OfferMatrix.build(
        [
            msgspec.structs.replace(o, confirmed_at=datetime(2026, 11, 1, tzinfo=UTC) - timedelta(days=i % 90))
            for i, o in enumerate(matrix.offers)
        ]
    )
    bound = BoundModel.bind(model.weights, confirmed, model.version)
    for person in (PERSON, profile(german_level="B1", work="job_seeking")):
        before, after = (
            rank(person, matrix, model, TODAY, explore=True),
            rank(person, confirmed, bound, TODAY, explore=True),
        )
        assert after.rows == before.rows
        assert np.array_equal(after.scores, before.scores)
