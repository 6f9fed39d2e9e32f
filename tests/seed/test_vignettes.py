"""The ground truth: at least 100 vignettes, every life situation at least four times, all of them sound."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.taxonomy import CATEGORY_CODES
from models.vignette import LifeSituation
from seed.vignettes import VignetteFileError, load_vignettes


def test_at_least_100_vignettes_and_four_per_life_situation() -> None:
    vignettes = load_vignettes()
    assert len(vignettes) >= 100
    for situation in LifeSituation:
        assert sum(situation in v.situations for v in vignettes) >= 4, situation


def test_every_vignette_is_complete() -> None:
    for vignette in load_vignettes():
        assert set(vignette.grades) <= set(CATEGORY_CODES)
        assert vignette.rationale.strip()
        assert not set(vignette.must_not) & {c for c, g in vignette.grades.items() if g}
        assert vignette.urgent is None or vignette.grades[vignette.urgent] == 3


def test_urgent_vignettes_exist_for_what_cannot_wait() -> None:
    urgent = {v.urgent for v in load_vignettes() if v.urgent}
    assert {"wohnen.emergency_housing", "gesundheit.mother_child", "gesundheit.trauma_support"} <= urgent


BROKEN = """
[[vignette]]
id = "x-01"
situations = ["nobody"]
rationale = "A vignette with an unknown situation."
profile = { german_level = "A1", children_ages = [], work = "employed", housing = "own_flat" }
grades = { "bildung_sprache.language_cafe" = 2 }

[[vignette]]
id = "x-02"
situations = ["senior"]
rationale = "A must-not that has a grade and an urgent need graded 2."
urgent = "gesundheit.care"
must_not = ["gesundheit.care"]
profile = { german_level = "A1", children_ages = [], work = "retired", housing = "own_flat" }
grades = { "gesundheit.care" = 2, "arbeit.nothing" = 1 }
"""


def test_a_broken_file_is_refused_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(VignetteFileError) as error:
        load_vignettes(tmp_path)
    message = str(error.value)
    assert "x-01" in message
    assert "arbeit.nothing" in message
    assert "must_not gesundheit.care has grade 2" in message
    assert "urgent category gesundheit.care needs grade 3" in message
