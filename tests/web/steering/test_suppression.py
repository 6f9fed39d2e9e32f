"""The small-numbers rule: no hidden cell of a row of parts can be worked out from the row's sum."""

from __future__ import annotations

import random

import pytest

from web.steering.suppression import MIN_CELL, Cell, Hidden, Key, protect


def _row(*counts: int) -> dict[Key, int]:
    return {(f"d{i}",): count for i, count in enumerate(counts)}


def _shown(cells: dict[Key, Cell]) -> list[str]:
    return [cell.text for cell in cells.values()]


def _ranges(counts: list[int], cells: list[Cell], ceiling: int | None = None) -> list[tuple[int, int]]:
    """What someone who knows the row's sum can tell of each hidden cell, by trying every possible value (a
    withheld cell at most ``ceiling``, where the rule makes it the smallest)."""
    hidden = [(count, cell.hidden) for count, cell in zip(counts, cells, strict=True) if cell.hidden]
    total = sum(count for count, _ in hidden)
    top = total if ceiling is None else min(total, ceiling)
    options = [range(1, MIN_CELL) if why is Hidden.SMALL else range(MIN_CELL, top + 1) for _, why in hidden]
    found: list[set[int]] = [set() for _ in hidden]

    def walk(i: int, chosen: list[int]) -> None:
        if i == len(options):
            if sum(chosen) == total:
                for place, value in enumerate(chosen):
                    found[place].add(value)
            return
        for value in options[i]:
            if sum(chosen) + value <= total:
                walk(i + 1, [*chosen, value])

    walk(0, [])
    return [(min(values), max(values)) for values in found]


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ((6, 9, 1, 1), ["x", "9", "< 5", "< 5"]),  # two ones adding up to 2 (hostile-input hunt)
        ((4, 4, 12), ["< 5", "< 5", "x"]),  # two fours adding up to 8
        ((1, 5, 9), ["< 5", "x", "x"]),  # a one and a withheld five adding up to 6: a second complement
        ((3, 6, 12), ["< 5", "x", "12"]),  # one small cell: its complement, as before
        ((2, 3, 12, 20), ["< 5", "< 5", "12", "20"]),  # 2 + 3 = 5: each could be 1 to 4
        ((0, 7, 9), ["0", "7", "9"]),
        # the complement is the smallest other cell, so at most 9: 4 and 9 made 13 (review); a second one
        ((4, 9, 9, 20), ["< 5", "x", "x", "20"]),
    ],
)
def test_rows_whose_hidden_cells_would_follow_from_their_sum_get_a_complement(
    counts: tuple[int, ...], shown: list[str]
) -> None:
    assert _shown(protect(_row(*counts), parts=(0,))) == shown


def test_no_hidden_cell_of_any_row_can_be_worked_out() -> None:
    """Tables of districts × months with random small and large counts: wherever a row still had a cell to
    withhold, every hidden cell of it keeps at least two possible values."""
    rng = random.Random(20261126)
    for _ in range(600):
        districts, months = rng.randint(1, 5), rng.randint(1, 4)
        counts: dict[Key, int] = {
            (f"d{d}", f"m{m}"): rng.choice([0, 0, 1, 1, 2, 3, 4, 4, 5, 5, 6, 9, 14, 30])
            for d in range(districts)
            for m in range(months)
        }
        cells = protect(counts, parts=(0, 1))
        for axis in (0, 1):
            for fixed in {key[1 - axis] for key in counts}:
                members = [key for key in counts if key[1 - axis] == fixed]
                left = [key for key in members if not cells[key].hidden and counts[key] > 0]
                if left:
                    for low, high in _ranges([counts[k] for k in members], [cells[k] for k in members]):
                        assert low < high, (counts, axis, fixed)


def test_no_hidden_cell_of_a_row_of_districts_can_be_worked_out_knowing_the_rule() -> None:
    """One part (districts): the complement is known to be the smallest other cell, so no larger than any shown."""
    rng = random.Random(20261127)
    for _ in range(2000):
        counts = [rng.choice([0, 1, 2, 3, 4, 4, 5, 6, 9, 9, 14, 30]) for _ in range(rng.randint(2, 7))]
        cells = list(protect(_row(*counts), parts=(0,)).values())
        shown = [count for count, cell in zip(counts, cells, strict=True) if not cell.hidden and count > 0]
        if shown:
            for low, high in _ranges(counts, cells, ceiling=min(shown)):
                assert low < high, counts
