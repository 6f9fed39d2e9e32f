"""The small-numbers rule, in one place: no report shows a count of fewer than ``MIN_CELL`` plans.

- A cell counting 1 to 4 plans is *small*: it shows "< 5" and its number is sent nowhere (page, CSV, API).
- Zero is shown as 0: that no plan had a need tells nothing about a person.
- Totals are counted from all plans and shown like any cell (a total of 1 to 4 is small too). Districts and
  months split the plans into parts that add up to the total, so a small cell could be worked out as the total
  minus the other parts. Where the hidden cells of a row could be worked out from that row's sum — knowing
  that a small cell holds 1 to 4 and a withheld one at least 5 (it would be small otherwise) — another cell is
  withheld too (shown as "x"), until no such row is left: with districts and months together, a cell whose
  crossing row holds a hidden cell already, else the smallest other non-zero one. One hidden cell is always
  worked out; two small ones adding up to 2 are both 1, and adding up to 8 both 4; a small one and a withheld
  5 adding up to 6 are 1 and 5; a withheld cell, being the smallest other one, is no larger than any cell shown
  beside it (4 and a withheld 9 beside a 9 add up to 13: a third cell is withheld).
- What stays knowable: the sum of the withheld cells of a row, so a range for each of them. Not covered: a
  row whose other cells are all zero or hidden already has nothing left to withhold, and rows and columns (and
  other reports) taken together can narrow a cell down further than each row alone; every reading is audited.
Fields of action and categories are not such parts (a plan can need several), so they get no complement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import StrEnum

MIN_CELL = 5
SMALL_TEXT = "< 5"
WITHHELD_TEXT = "x"

Key = tuple[str | None, ...]


class Hidden(StrEnum):
    SMALL = "small"  # 1 to 4 plans
    COMPLEMENT = "complement"  # withheld so that a small cell cannot be worked out from the total


@dataclass(frozen=True, slots=True)
class Cell:
    plans: int | None  # None when hidden
    hidden: Hidden | None = None

    @property
    def text(self) -> str:
        if self.hidden is Hidden.SMALL:
            return SMALL_TEXT
        if self.hidden is Hidden.COMPLEMENT:
            return WITHHELD_TEXT
        return str(self.plans)


def cell(count: int) -> Cell:
    """One count on its own (a total): small counts are hidden."""
    return Cell(None, Hidden.SMALL) if 0 < count < MIN_CELL else Cell(count)


def protect(counts: dict[Key, int], parts: tuple[int, ...] = ()) -> dict[Key, Cell]:
    """Every count as a cell; ``parts`` are the key positions (district, month) whose values split the plans.

    The answer keeps the order of ``counts``; ties among complements go to the earlier key.
    """
    hidden: dict[Key, Hidden] = {key: Hidden.SMALL for key, count in counts.items() if 0 < count < MIN_CELL}
    order = {key: i for i, key in enumerate(counts)}
    rows = {axis: _rows(counts, axis) for axis in parts}
    hidden_in = {axis: Counter(_row_of(key, axis) for key in hidden) for axis in parts}  # per row, how many hidden
    changed = True
    while changed:
        changed = False
        for axis in parts:
            for members in rows[axis].values():
                # With one part the complement is always the smallest other cell: no larger than any shown one.
                shown = (
                    [counts[key] for key in members if key not in hidden and counts[key] > 0] if len(parts) == 1 else []
                )
                if not _worked_out([(counts[key], hidden[key]) for key in members if key in hidden], shown):
                    continue
                candidates = [key for key in members if key not in hidden and counts[key] > 0]
                if candidates:
                    # A cell whose crossing rows hold a hidden cell already, else the smallest: a complement that
                    # is the only hidden cell of its crossing row would need a complement of its own there.
                    def rank(key: Key, axis: int = axis) -> tuple[int, int, int]:
                        lonely = sum(
                            1 for other in parts if other != axis and not hidden_in[other][_row_of(key, other)]
                        )
                        return lonely, counts[key], order[key]

                    chosen = min(candidates, key=rank)
                    hidden[chosen] = Hidden.COMPLEMENT
                    for other in parts:
                        hidden_in[other][_row_of(chosen, other)] += 1
                    changed = True
    return {key: Cell(None, hidden[key]) if key in hidden else Cell(count) for key, count in counts.items()}


def _row_of(key: Key, axis: int) -> Key:
    """The row ``key`` lies in along ``axis``: the key without that position."""
    return key[:axis] + key[axis + 1 :]


def _rows(counts: dict[Key, int], axis: int) -> dict[Key, list[Key]]:
    rows: defaultdict[Key, list[Key]] = defaultdict(list)
    for key in counts:
        rows[_row_of(key, axis)].append(key)
    return rows


def _worked_out(row: list[tuple[int, Hidden]], shown: list[int]) -> bool:
    """Whether some hidden cell of a row (its counts, and why each is hidden) follows from the row's sum and what
    anyone knows of a hidden cell: 1 to 4 plans if small; if withheld, at least ``MIN_CELL`` and, where the rule
    chose the smallest other cell, at most the smallest non-zero cell ``shown`` in the row."""
    if not row:
        return False
    total = sum(count for count, _ in row)
    ceiling = min([total, *shown])
    bounds = [(1, MIN_CELL - 1) if why is Hidden.SMALL else (MIN_CELL, max(MIN_CELL, ceiling)) for _, why in row]
    lowest, highest = sum(low for low, _ in bounds), sum(high for _, high in bounds)
    # One possible value left (or none: then the bounds assumed too much, and another cell is withheld to be safe).
    return any(max(low, total - (highest - high)) >= min(high, total - (lowest - low)) for low, high in bounds)
