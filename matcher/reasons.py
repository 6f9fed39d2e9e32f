"""Reasons for a recommendation, read off the model's own contributions (``BoundModel.components``).

Components that mean the same thing to a person are summed into a group (language, times, distance, …).
A group's weight is its share of all the offer's contributions, with its sign. Groups are shown from the
strongest down until they cover ``COVERAGE_SHOWN`` of the offer's whole attribution; every group has a text
for either sign (``matcher.reason_texts``), so nothing is dropped. Two reasons come from the plan's order
rather than from the score: a need that cannot wait, and coverage of a field of action; and a named priority
is said as such (its weight is already part of the need).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from matcher.crosses import OFFER_FACTS, cross_group
from matcher.decimals import rounded
from matcher.features import BASE_FEATURES
from matcher.ranker import COMPONENTS
from matcher.reason_texts import TEXTS, ReasonFacts, coverage_text, priority_text, urgent_text
from models.offer import OfferRecord
from models.plan import Reason
from models.plan_record import StoredReason
from models.taxonomy import Translate, field_of

_BASE_GROUPS = {
    "need": "need",
    "language_access": "language",
    "shared_language": "language",
    "german_level_fit": "german_level",
    "childcare_for_small_children": "childcare",
    "small_children_no_childcare": "childcare",
    "schedule_fit": "schedule",
    "nearby": "distance",
    "free_of_charge": "cost",
    "places_free": "places",
    "targeted_match": "targeted",
    "unverified_conditions": "conditions",
    "step_free_for_disability": "access",
    "access_barrier": "access",
    "not_started_yet": "start",
}
assert set(_BASE_GROUPS) == set(BASE_FEATURES)
GROUP_OF: dict[str, str] = {
    **_BASE_GROUPS,
    **{f"cross:{name}": cross_group(name) for name in OFFER_FACTS},
    "category": "need",
    "offer": "experience",
}
assert set(GROUP_OF) == set(COMPONENTS)
assert set(GROUP_OF.values()) == set(TEXTS)
GROUPS = tuple(TEXTS)
_GROUP_MATRIX = np.asarray([[GROUP_OF[c] == g for c in COMPONENTS] for g in GROUPS], dtype=np.float64)
COVERAGE_SHOWN = 0.9
CONDITIONS = "conditions"  # the group of conditions the profile does not say whether the person meets
_CONDITIONS_GROUP = GROUPS.index(CONDITIONS)
PLACES = "places"  # the group of free places: a full offer always says so
_PLACES_GROUP = GROUPS.index(PLACES)
NEGLIGIBLE = 1e-9


def is_full(offer: OfferRecord) -> bool:
    """Whether the provider reports no free place (a full course: the person asks about the waiting list)."""
    return offer.capacity is not None and offer.capacity.available == 0


def group_contributions(components: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """``(..., GROUPS)``: the components of one offer (or of each row) summed per reason group."""
    return np.asarray(components.astype(np.float64) @ _GROUP_MATRIX.T)


def strongest_first(by_group: npt.NDArray[np.float64]) -> list[list[int]]:
    """For each row of ``group_contributions``, the groups from the strongest down (ties in group order)."""
    return np.argsort(-np.abs(by_group), axis=-1, kind="stable").tolist()  # type: ignore[no-any-return]


def reason_weights(
    by_group: list[float],
    *,
    urgent: bool = False,
    covers_field: str | None = None,
    priority: bool = False,
    order: list[int] | None = None,
    unverified: bool = False,
    full: bool = False,
) -> list[StoredReason]:
    """The reasons for and against one recommended offer as codes and weights (``by_group``: its
    ``group_contributions``; ``order``: its ``strongest_first``, if already known): placement first, then the
    strongest groups until they cover ``COVERAGE_SHOWN`` of the attribution. A weight that rounds to zero keeps its
    sign (``-0.0``), which says which text applies. An offer with ``unverified`` conditions (one the person may not
    meet: "only for women" when the gender is not known) always names them, however little they weigh; so does a
    ``full`` offer its places ("Currently full: ask about the waiting list")."""
    sizes = list(map(abs, by_group))
    total = sum(sizes)
    reasons = []  # placement first: "urgent", "coverage", "priority"
    if urgent:
        reasons.append(StoredReason("urgent", 0.0))
    if covers_field is not None:
        reasons.append(StoredReason("coverage", 0.0))
    if priority:
        reasons.append(StoredReason("priority", 0.0))
    if total < NEGLIGIBLE:
        return reasons
    shown, enough = 0.0, COVERAGE_SHOWN * total
    if order is None:
        order = sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True)  # as strongest_first
    for i in order:
        size = sizes[i]
        if shown >= enough or size < NEGLIGIBLE:
            break
        reasons.append(StoredReason(GROUPS[i], rounded(by_group[i] / total, 3)))
        shown += size
    if unverified and all(reason.code != CONDITIONS for reason in reasons):
        reasons.append(StoredReason(CONDITIONS, rounded(by_group[_CONDITIONS_GROUP] / total, 3)))
    if full and all(reason.code != PLACES for reason in reasons):
        reasons.append(StoredReason(PLACES, rounded(by_group[_PLACES_GROUP] / total, 3)))
    return reasons


def reason_texts(
    stored: list[StoredReason], facts: ReasonFacts | None, gettext: Translate, covers_field: str | None = None
) -> list[Reason]:
    """The stored reasons in words, in ``facts.language`` (``facts`` None: the offer is no longer in the
    catalogue, so only what needs no offer is said)."""
    reasons = []
    for reason in stored:
        if reason.code == "urgent":
            text = urgent_text(gettext)
        elif facts is None or (reason.code not in TEXTS and reason.code not in ("coverage", "priority")):
            text = ""
        elif reason.code == "coverage":
            text = coverage_text(facts, covers_field or "", gettext)
        elif reason.code == "priority":
            text = priority_text(facts, gettext)
        else:
            text = TEXTS[reason.code](facts, gettext, math.copysign(1.0, reason.weight) > 0)
        reasons.append(Reason(code=reason.code, text=text, weight=reason.weight))
    return reasons


def reasons_for(
    by_group: list[float],
    facts: ReasonFacts,
    gettext: Translate,
    *,
    urgent: bool = False,
    covers_field: str | None = None,
) -> list[Reason]:
    """The reasons for and against one recommended offer, in words (``reason_weights``, then ``reason_texts``)."""
    priority = field_of(facts.offer.category) in facts.profile.priorities
    stored = reason_weights(by_group, urgent=urgent, covers_field=covers_field, priority=priority,
                            unverified=bool(facts.unverified), full=is_full(facts.offer))  # fmt: skip
    return reason_texts(stored, facts, gettext, covers_field)


def shown_share(components: npt.NDArray[np.float32], reasons: list[Reason]) -> float:
    """Share of the offer's whole attribution that ``reasons`` show (1.0 when there is nothing to explain)."""
    by_group = np.abs(group_contributions(components))
    total = float(by_group.sum())
    if total < NEGLIGIBLE:
        return 1.0
    codes = {r.code for r in reasons}
    return float(sum(by_group[i] for i, g in enumerate(GROUPS) if g in codes) / total)
