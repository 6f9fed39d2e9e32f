"""The plan's list: one offer per kind of help with alternatives, urgent needs first, coverage, gender-fair."""

from __future__ import annotations

import numpy as np

from matcher.needs import URGENT_NEED, Needs
from matcher.offer_matrix import OfferMatrix
from matcher.selection import select
from models.taxonomy import CATEGORY_CODES


def _needs(**by_category: float) -> Needs:
    category = np.full(len(CATEGORY_CODES), 0.3, dtype=np.float32)
    for code, value in by_category.items():
        category[CATEGORY_CODES.index(code.replace("__", "."))] = value
    field = np.zeros(8, dtype=np.float32)
    for i, code in enumerate(CATEGORY_CODES):
        f = ["willkommen", "wohnen", "bildung_sprache", "arbeit", "gesundheit", "teilhabe", "interkulturell",
             "vernetzung"].index(code.split(".")[0])  # fmt: skip
        field[f] = max(field[f], category[i])
    return Needs(category=category, field=field)


def _rows(matrix: OfferMatrix, *ids: str) -> np.ndarray:
    return np.asarray([matrix.row_of[i] for i in ids], dtype=np.int64)


def test_one_offer_per_kind_with_the_others_as_alternatives(matrix: OfferMatrix) -> None:
    rows = _rows(matrix, "ik-vhs-vormittag", "ik-vhs-abend", "sprachcafe-bibliothek", "ik-jugend")
    scores = np.asarray([3.0, 2.0, 2.5, 1.0], dtype=np.float32)
    picks = select(scores, scores, rows, matrix, _needs(), limit=10, max_per_category=None, seed=None)
    assert [p.position for p in picks] == [0, 2]
    assert picks[0].alternatives == (1, 3)
    several = select(scores, scores, rows, matrix, _needs(), limit=10, max_per_category=2, seed=None)
    assert [p.position for p in several] == [0, 1, 2]


def test_what_cannot_wait_comes_first(matrix: OfferMatrix) -> None:
    rows = _rows(matrix, "ik-vhs-vormittag", "notunterkunft-stadt")
    scores = np.asarray([5.0, 1.0], dtype=np.float32)
    picks = select(scores, scores, rows, matrix, _needs(wohnen__emergency_housing=1.0), limit=5, max_per_category=None,
                   seed=None)  # fmt: skip
    assert picks[0].position == 1
    assert picks[0].urgent
    assert URGENT_NEED <= 1.0


def test_coverage_places_another_field_and_says_so(matrix: OfferMatrix) -> None:
    rows = _rows(matrix, "ik-vhs-vormittag", "sprachcafe-bibliothek", "wohnungssuche-beratung")
    scores = np.asarray([3.0, 2.95, 2.9], dtype=np.float32)
    needs = _needs(bildung_sprache__integration_course=0.9, wohnen__housing_counselling=0.9)
    picks = select(scores, scores, rows, matrix, needs, limit=3, max_per_category=None, seed=None)
    assert [p.position for p in picks] == [0, 2, 1]
    assert picks[1].covers_field == 1  # wohnen
    assert picks[0].covers_field is None


def test_a_gender_specific_offer_is_slotted_in_without_moving_others(matrix: OfferMatrix) -> None:
    rows = _rows(matrix, "ik-vhs-vormittag", "ik-frauen-rethen", "sprachcafe-bibliothek", "frauenschwimmen")
    scores = np.asarray([2.0, 3.0, 1.5, 2.8], dtype=np.float32)
    picks = select(scores, scores, rows, matrix, _needs(), limit=10, max_per_category=None, seed=None)
    # The women's course leads its kind, the neutral course follows as its alternative; women's swimming (a kind
    # with only a gender-specific offer) is placed by its score, and the neutral kinds keep their order.
    assert [p.position for p in picks] == [1, 3, 2]
    assert picks[0].alternatives == (0,)
