"""From scored candidates to the plan's list: one offer per kind of help, the rest of its kind as alternatives.

1. Categories whose need cannot wait (``URGENT_NEED``) come first, most urgent first.
2. The others follow a greedy coverage order in the spirit of xQuAD: each next category has the best
   score plus ``COVERAGE`` × the still uncovered need of its field of action; each chosen category covers
   half of what remains of its field. A category placed ahead of a better-scored one by this bonus is
   marked, so its recommendation can say why.
3. Gender never moves a gender-neutral offer: categories are ordered by their best gender-neutral offer;
   gender-specific offers (eligible only for some genders) are slotted in by their score afterwards, within
   and between categories, without touching the order of the others.
4. Kinds every child needs a place of their own in (a school language class, day care): when the offer shown
   does not take every child of the person whom another offer of its kind takes (a primary-school class for
   a 7-year-old, not for the 15-year-old), the best offer for the others is shown after it. These kinds are not
   explored: another offer drawn might take other children, and exploration never changes the kinds shown.
5. Exploration: below the first three places, the offer that represents a category is drawn at random
   among its gender-neutral offers within ``EXPLORE_MARGIN`` of the best (exact ties: everywhere), and the
   probability of the draw is kept as the offer's propensity. ``seed=None`` turns exploration off.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.needs import FIELD_OF_CATEGORY, URGENT_NEED, Needs
from matcher.offer_matrix import CATEGORY_INDEX, TABLE_AGES, OfferMatrix

COVERAGE = 0.25
COVERED_PER_CATEGORY = 0.5
EXPLORE_MARGIN = 0.05  # log-score: offers within about 5 % of the best count as near-equal
EXACT_TIE = 1e-6
PROTECTED_PLACES = 3
_URGENT = float(np.float32(URGENT_NEED))  # needs are float32: compared as float32 (lists of them hold exact copies)
MAX_ALTERNATIVES = 3  # enough to choose from; each is a whole offer in the stored plan
PER_CHILD = frozenset(CATEGORY_INDEX[c] for c in ("bildung_sprache.school_language_class",
                                                  "bildung_sprache.early_education"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Pick:
    """One recommendation: positions index the scored candidates."""

    position: int
    propensity: float  # probability that this offer was the one shown for its category
    alternatives: tuple[int, ...]
    covers_field: int | None  # the field whose coverage placed it ahead of a better-scored category
    urgent: bool


def _draw(seed: int, category: int, count: int) -> int:
    digest = hashlib.blake2b(f"{seed}:{category}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def _category_order(
    keys: dict[int, float], fields: dict[int, int], needs: Needs, places: int
) -> list[tuple[int, int | None]]:
    """Urgent categories first, then the greedy coverage order for ``places`` more: (category, field it was
    placed to cover); the remaining categories follow by score."""
    need = needs.category.tolist()
    urgent = sorted((c for c in keys if need[c] >= _URGENT), key=lambda c: (-need[c], -keys[c]))
    left = needs.field.tolist()
    for c in urgent:
        left[fields[c]] *= 1 - COVERED_PER_CATEGORY
    order: list[tuple[int, int | None]] = [(c, None) for c in urgent]
    rest = sorted((c for c in keys if need[c] < _URGENT), key=lambda c: -keys[c])
    # Within a field the bonus is the same, so only each field's best remaining category can be chosen next:
    # one queue per field (positions in ``rest``), and each field's value (score plus bonus, then the earlier
    # position first on a tie), recomputed only for the field just chosen.
    queues: dict[int, list[int]] = {}
    for at, c in enumerate(rest):
        queues.setdefault(fields[c], []).append(at)
    value = {f: (keys[rest[queue[0]]] + COVERAGE * left[f], -queue[0]) for f, queue in queues.items()}
    chosen: set[int] = set()
    first = 0  # the best-scored category not yet chosen
    for _ in range(min(places, len(rest))):
        field = max(value, key=value.__getitem__)
        at = -value[field][1]
        best = rest[at]
        order.append((best, field if keys[best] < keys[rest[first]] - EXACT_TIE else None))
        left[field] *= 1 - COVERED_PER_CATEGORY
        chosen.add(at)
        while first in chosen:
            first += 1
        queue = queues[field]
        queue.pop(0)
        if queue:
            value[field] = (keys[rest[queue[0]]] + COVERAGE * left[field], -queue[0])
        else:
            del value[field]
    return order + [(c, None) for at, c in enumerate(rest) if at not in chosen]


def select(
    scores: npt.NDArray[np.float32],
    kind_scores: npt.NDArray[np.float32],
    rows: npt.NDArray[np.int64],
    matrix: OfferMatrix,
    needs: Needs,
    *,
    limit: int,
    max_per_category: int | None,
    seed: int | None,
    children: tuple[int, ...] = (),
) -> list[Pick]:
    """The recommendations, best first, each with its alternatives (positions into ``scores``); ``children``:
    the ages of the person's children.

    ``kind_scores`` place the kinds of help; ``scores`` choose the offer within a kind. Kind scores leave out
    an offer's own learned term where it is positive: that people like one offer makes it the one shown for
    its kind, but does not push the kind ahead of others. A negative term counts, so a kind whose every offer
    people turn down moves down.
    """
    if rows.size == 0:
        return []
    gendered = matrix.gender_rule[rows]
    categories = matrix.category[rows]
    ranked = np.lexsort((-scores, categories))  # by category, then best score first (stable)
    in_order = categories[ranked]
    starts = np.flatnonzero(in_order[1:] != in_order[:-1]) + 1
    bounds = [0, *starts.tolist(), ranked.size]
    starts = np.concatenate(([0], starts))
    present = in_order[starts].tolist()
    order_list = ranked.tolist()
    by_category = {category: order_list[bounds[i] : bounds[i + 1]] for i, category in enumerate(present)}
    kinds = kind_scores[ranked].astype(np.float64)
    best = np.full(len(needs.category), -np.inf)
    best[present] = np.maximum.reduceat(kinds, starts)
    neutral = np.maximum.reduceat(np.where(gendered[ranked], -np.inf, kinds), starts).tolist()
    neutral_keys = {c: key for c, key in zip(present, neutral, strict=True) if key > -np.inf}
    fields = {c: FIELD_OF_CATEGORY[c] for c in present}
    order = _category_order(neutral_keys, fields, needs, limit)
    order = _slot_in_gendered(order, [c for c in by_category if c not in neutral_keys], best, needs)

    score_list, gendered_list, need = scores.tolist(), gendered.tolist(), needs.category.tolist()
    picks: list[Pick] = []
    neutral_place = 0  # places are counted without gender-specific categories, so gender moves nothing
    for category, covers in order:
        offers, propensity = _explore(
            by_category[category],
            score_list,
            gendered_list,
            category,
            neutral_place,
            seed,
            explore=max_per_category is None and category not in PER_CHILD,  # which children: not a draw
            wanted=(max_per_category or 1) + MAX_ALTERNATIVES,
        )
        neutral_place += category in neutral_keys
        urgent = need[category] >= _URGENT
        shown = offers[: max_per_category or 1]
        if category in PER_CHILD and children:
            shown = _for_every_child(shown, by_category[category], rows, matrix, children)
            offers = shown + [p for p in offers if p not in shown]
        for i, position in enumerate(shown):
            if len(picks) == limit:
                return picks
            rest = tuple(offers[len(shown) : len(shown) + MAX_ALTERNATIVES]) if i == 0 else ()
            picks.append(Pick(position, propensity if i == 0 else 1.0, rest, covers if i == 0 else None, urgent))
    return picks


def _for_every_child(
    shown: list[int], offers: list[int], rows: npt.NDArray[np.int64], matrix: OfferMatrix, children: tuple[int, ...]
) -> list[int]:
    """``shown`` and, while a child whom some offer of the kind takes is taken by none shown, the best offer
    (``offers`` is best first) that takes them."""
    ages = [age for age in children if 0 <= age < TABLE_AGES]
    takes = matrix.child_ok[ages] | matrix.youth_ok[ages]  # (children, offers)
    taken = takes[:, rows[shown]].any(axis=1)
    if not taken.any():
        return shown  # the offer shown is not one for a child's age: nothing to complete
    shown = list(shown)
    for position in offers:
        if taken.all():
            break
        new = takes[:, rows[position]] & ~taken
        if new.any() and position not in shown:
            shown.append(position)
            taken |= new
    return shown


def _slot_in_gendered(
    order: list[tuple[int, int | None]], gendered_only: list[int], best: npt.NDArray[np.float64], needs: Needs
) -> list[tuple[int, int | None]]:
    """Categories with only gender-specific offers, placed by their best score without moving the others."""
    for category in sorted(gendered_only, key=lambda c: -best[c]):
        need = needs.category[category]
        if need >= URGENT_NEED:  # what cannot wait stays in front, in order of need
            at = next((i for i, (c, _) in enumerate(order) if needs.category[c] < need), len(order))
        else:
            at = next(
                (i for i, (c, _) in enumerate(order) if needs.category[c] < URGENT_NEED and best[c] < best[category]),
                len(order),
            )
        order.insert(at, (category, None))
    return order


def _explore(
    offers: list[int],
    scores: list[float],
    gendered: list[bool],
    category: int,
    place: int,
    seed: int | None,
    *,
    explore: bool,
    wanted: int,
) -> tuple[list[int], float]:
    """The category's first ``wanted`` offers in showing order, and the propensity of the first one."""
    if seed is None or not explore:
        return offers[:wanted], 1.0
    neutral = [p for p in offers if not gendered[p]]
    if len(neutral) < 2:
        return offers, 1.0
    threshold = scores[neutral[0]] - (EXACT_TIE if place < PROTECTED_PLACES else EXPLORE_MARGIN)
    near = len(neutral)  # how many of the best are near-equal (best first)
    for i, p in enumerate(neutral):
        if scores[p] < threshold:
            near = i
            break
    chosen = neutral[_draw(seed, category, near)] if near > 1 else neutral[0]
    neutral_order = [chosen, *(p for p in neutral[:wanted] if p != chosen)][:wanted]
    if len(neutral) == len(offers):  # no gender-specific offer to slot in
        return neutral_order, 1.0 / near
    ordered: list[int] = []
    pending = [p for p in offers if gendered[p]][:wanted]
    for p in neutral_order:
        while pending and scores[pending[0]] > scores[p]:
            ordered.append(pending.pop(0))
        ordered.append(p)
    ordered = (ordered + pending)[:wanted]
    propensity = 1.0 / near if ordered[0] == chosen else 1.0
    return ordered, propensity
