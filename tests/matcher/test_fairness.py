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


def test_gender_changes_no_reason_of_a_gender_neutral_offer(matrix: OfferMatrix, model: BoundModel) -> None:
    from datetime import UTC, datetime

    from matcher.plan import PlanContext, build_plan
    from models.provider import ProviderOut
    from seed.demo import demo_catalogue
    from web.i18n import gettext_for

    providers = {p.id: ProviderOut(id=p.id, name=p.name, kind=p.kind) for p in demo_catalogue().providers}
    rng = np.random.default_rng(7)
    for _ in range(100):
        person = msgspec.structs.replace(synthetic_profile(rng), limit=12)
        reasons = {}
        for gender in ("female", "male", None):
            ranking = rank(msgspec.structs.replace(person, gender=gender), matrix, model, TODAY)
            context = PlanContext("p", datetime(2026, 11, 25, tzinfo=UTC), "en", matrix, providers, model,
                                  gettext_for("en"))  # fmt: skip
            plan = build_plan(ranking, context)
            reasons[gender] = {
                r.offer.id: [(x.code, x.weight, x.text) for x in r.reasons]
                for r in plan.recommendations
                if not r.offer.eligibility.genders
            }
        for offer_id, said in reasons["male"].items():
            for gender in ("female", None):
                if offer_id in reasons[gender]:
                    assert reasons[gender][offer_id] == said, (offer_id, gender)
