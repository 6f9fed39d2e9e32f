"""Reasons say what is true of the offer: a full offer says so, and a reason in favour never names something
against it (a counsellor's review of twelve plans)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import msgspec
import numpy as np

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.plan import PlanContext, build_plan
from matcher.ranker import BoundModel
from matcher.synthetic import synthetic_profile
from models.plan import RecommendationOut
from tests.matcher.conftest import TODAY
from tests.matcher.test_reasons_and_plan import PROVIDERS
from web.i18n import gettext_for


def _recommendations(
    matrix: OfferMatrix, model: BoundModel, seed: int, plans: int, limit: int
) -> Iterator[RecommendationOut]:
    """The recommendations of ``plans`` English plans for synthetic people."""
    rng = np.random.default_rng(seed)
    context = PlanContext("00000000-0000-4000-8000-000000000000", datetime(2026, 11, 25, tzinfo=UTC), "en",
                          matrix, PROVIDERS, model, gettext_for("en"))  # fmt: skip
    for _ in range(plans):
        person = msgspec.structs.replace(synthetic_profile(rng), limit=limit)
        yield from build_plan(rank(person, matrix, model, TODAY), context).recommendations


def test_a_full_offer_always_says_so(matrix: OfferMatrix, model: BoundModel) -> None:
    """A counsellor's review: the first course of a plan had no free place and said nothing about it (whether
    the places reason was shown depended on how much it weighed)."""
    full_seen = 0
    for recommendation in _recommendations(matrix, model, seed=8, plans=60, limit=20):
        capacity = recommendation.offer.capacity
        if capacity is not None and capacity.available == 0:
            full_seen += 1
            texts = [reason.text for reason in recommendation.reasons if reason.code == "places"]
            assert texts == ["Currently full: ask about the waiting list"], recommendation.offer.id
    assert full_seen >= 10


def test_access_places_and_cost_reasons_never_contradict_the_offer(matrix: OfferMatrix, model: BoundModel) -> None:
    """A reason in favour says something good about the offer, one against something bad: "+ Not step-free" was
    a reason in favour on many plans (a counsellor's review), as the fit had turned some weights against the
    domain's direction."""
    shown = 0
    for recommendation in _recommendations(matrix, model, seed=21, plans=100, limit=15):
        offer, good = recommendation.offer, {}
        good["access"] = offer.accessible
        good["cost"] = offer.cost.free
        if offer.capacity is not None:
            good["places"] = offer.capacity.available > 0
        for reason in recommendation.reasons:
            if reason.code in good and abs(reason.weight) > 0:
                shown += 1
                assert (reason.weight > 0) == good[reason.code], (offer.id, reason)
    assert shown >= 30
