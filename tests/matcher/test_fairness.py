"""Gender changes nothing but offers for one gender: a counterfactual test over 400 profiles.

For each profile the full ranked list (every recommendation followed by its alternatives) is made with the
gender female, male, diverse and not given. Leaving out the offers that are only for some genders, the
kinds of help must come in the same order and each kind's offers must be the same; a list may only end
earlier (a gender-specific offer can push the last kind or alternative out of a list of fixed length).
"""

from __future__ import annotations

import msgspec
import numpy as np

from matcher.engine import Ranking, rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from matcher.synthetic import synthetic_profile
from tests.matcher.conftest import TODAY

PROFILES = 400


def neutral_order(ranking: Ranking, matrix: OfferMatrix) -> list[list[str]]:
    order = []
    for pick in ranking.picks:
        rows = [int(ranking.features.rows[pick.position]), *ranking.alternative_rows(pick)]
        offers = [matrix.offers[row] for row in rows if not matrix.offers[row].eligibility.genders]
        if offers:
            order.append([offer.id for offer in offers])
    return order


def same_apart_from_the_end(first: list[str], second: list[str]) -> bool:
    shorter = min(len(first), len(second))
    return first[:shorter] == second[:shorter]


def consistent(first: list[list[str]], second: list[list[str]]) -> bool:
    """The same kinds in the same order (one list may end earlier), each kind with the same offers."""
    shorter = min(len(first), len(second))
    return all(
        a[0] == b[0] and same_apart_from_the_end(a, b) for a, b in zip(first[:shorter], second[:shorter], strict=True)
    )


def test_gender_moves_no_gender_neutral_offer(matrix: OfferMatrix, model: BoundModel) -> None:
    rng = np.random.default_rng(2026)
    changed = 0
    for _ in range(PROFILES):
        person = msgspec.structs.replace(synthetic_profile(rng), limit=30)
        orders = {
            gender: neutral_order(
                rank(msgspec.structs.replace(person, gender=gender), matrix, model, TODAY, explore=True), matrix
            )
            for gender in ("female", "male", "diverse", None)
        }
        if not all(consistent(order, orders["male"]) for order in orders.values()):
            changed += 1
    assert changed == 0, f"{changed} of {PROFILES} profiles changed the order of gender-neutral offers"
