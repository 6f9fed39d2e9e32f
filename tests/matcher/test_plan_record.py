"""The stored record of a plan renders the plan again: the same in every respect when nothing changed, and
without an offer that left the catalogue since."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.plan import PlanContext, build_plan, record_of, render_plan
from matcher.ranker import BoundModel
from models.plan_record import decode_record, encode_record, items_of
from tests.matcher.conftest import TODAY, profile
from tests.matcher.test_reasons_and_plan import PROVIDERS
from web.i18n import gettext_for

MADE = datetime(2026, 11, 25, tzinfo=UTC)


def _context(matrix: OfferMatrix, model: BoundModel, language: str) -> PlanContext:
    return PlanContext("p", MADE, language, matrix, PROVIDERS, model, gettext_for(language))


def test_a_record_renders_the_plan_it_was_made_from(matrix: OfferMatrix, model: BoundModel) -> None:
    needs = profile(german_level="A1", children_ages=[2], district="rethen", languages=["ar"], priorities=["arbeit"])
    ranking = rank(needs, matrix, model, TODAY)
    for language in ("de", "en", "ar", "uk"):
        made = build_plan(ranking, _context(matrix, model, language))
        record = decode_record(encode_record(record_of(ranking, matrix, model)))
        assert render_plan(record, needs, _context(matrix, model, language), model.version) == made


def test_items_list_recommendations_then_alternatives(matrix: OfferMatrix, model: BoundModel) -> None:
    ranking = rank(profile(german_level="A1", children_ages=[2, 7]), matrix, model, TODAY)
    record = record_of(ranking, matrix, model)
    items = items_of(record)
    assert [i.rank for i in items] == list(range(1, len(items) + 1))
    assert [i.offer_id for i in items[: len(ranking.picks)]] == [matrix.offers[row].id for row in ranking.rows]
    assert all(i.propensity == 0 for i in items[len(ranking.picks) :])


def test_an_offer_no_longer_in_the_catalogue_is_named_not_shown(matrix: OfferMatrix, model: BoundModel) -> None:
    needs = profile(german_level="A1", children_ages=[2, 7])
    record = record_of(rank(needs, matrix, model, TODAY), matrix, model)
    gone = msgspec.structs.replace(record.recommendations[1], offer="no-longer-offered")
    changed = msgspec.structs.replace(record, recommendations=[record.recommendations[0], gone,
                                                               *record.recommendations[2:]])  # fmt: skip
    plan = render_plan(changed, needs, _context(matrix, model, "en"), model.version)
    assert "no-longer-offered" in plan.removed_offers
    assert [r.rank for r in plan.recommendations][:2] == [1, 3], "the others keep their places"
    assert all("no-longer-offered" not in step.offer_ids for step in plan.steps)
