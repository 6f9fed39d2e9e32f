"""Reasons for a recommendation, read off the model's own per-feature contributions.

Features that mean the same thing to a person are grouped (an interaction feature counts half to each of
its two parts); each group's summed contribution is its weight, as a share of all contributions to this
offer's score. The strongest groups for and against the offer become the reasons, with a text built from
the facts behind the feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.features import FEATURE_NAMES
from models.offer import OfferRecord
from models.plan import Reason
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS, Translate, field_of

# reason group → {feature: share of the feature's contribution}
GROUPS: dict[str, dict[str, float]] = {
    "need": {"category_need": 1.0, "field_need": 1.0, "need_x_language_access": 0.5, "need_x_nearby": 0.5},
    "priority": {"priority_field": 1.0},
    "language": {"language_access": 1.0, "shared_language": 1.0, "need_x_language_access": 0.5},
    "german_level": {"german_level_fit": 1.0},
    "childcare": {"childcare_for_small_children": 1.0, "small_children_no_childcare": 1.0},
    "schedule": {"schedule_fit": 1.0},
    "distance": {"nearby": 1.0, "need_x_nearby": 0.5},
    "cost": {"free_of_charge": 1.0},
    "places": {"places_free": 1.0},
    "targeted": {"targeted_match": 1.0},
    "conditions": {"unverified_conditions": 1.0},
    "access": {"step_free_for_disability": 1.0, "access_barrier": 1.0},
    "start": {"not_started_yet": 1.0},
}
_GROUP_MATRIX = np.asarray([[shares.get(name, 0.0) for name in FEATURE_NAMES] for shares in GROUPS.values()])
MAX_FOR = 3
MAX_AGAINST = 2
MIN_SHARE = 0.04
NEAR_KM = 3.0


@dataclass(frozen=True, slots=True)
class ReasonFacts:
    """What the texts may mention about this offer for this person."""

    profile: NeedsProfile
    offer: OfferRecord
    values: npt.NDArray[np.float32]  # the offer's pair features
    distance_km: float
    unverified: int
    language: str

    def feature(self, name: str) -> float:
        return float(self.values[FEATURE_NAMES.index(name)])


def reasons_for(contributions: npt.NDArray[np.float32], facts: ReasonFacts, gettext: Translate) -> list[Reason]:
    """The reasons for and against one recommended offer, strongest first.

    A group only becomes a reason when the offer's facts say the same as the sign of its contribution
    (an offer without childcare is never praised for childcare, even where that counts in its favour).
    """
    by_group = _GROUP_MATRIX @ contributions.astype(np.float64)
    total = float(np.abs(by_group).sum()) or 1.0
    names = list(GROUPS)
    pros: list[Reason] = []
    cons: list[Reason] = []
    for i in np.argsort(-np.abs(by_group), kind="stable"):
        share = float(by_group[i] / total)
        positive = share > 0
        bucket, most = (pros, MAX_FOR) if positive else (cons, MAX_AGAINST)
        if abs(share) < MIN_SHARE or len(bucket) >= most:
            continue
        text = _TEXTS[names[i]](facts, gettext, positive)
        if text:
            bucket.append(Reason(code=names[i], text=text, weight=round(share, 3)))
    return pros + cons


def _label(facts: ReasonFacts, gettext: Translate) -> str:
    return CATEGORY_LABELS[facts.offer.category].in_language(facts.language, gettext)


def _need(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    need = facts.feature("category_need")
    if positive and need >= 0.5:
        return gettext("Matches what you need now: {category}").format(category=_label(facts, gettext))
    if not positive and need < 0.3:
        return gettext("Not among your most pressing needs")
    return None


def _priority(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if not positive or not facts.feature("priority_field"):
        return None
    field = FIELD_LABELS[field_of(facts.offer.category)].in_language(facts.language, gettext)
    return gettext("You said this matters most now: {field}").format(field=field)


def _language(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    access = facts.feature("language_access")
    shared = [code for code in facts.offer.languages if code in facts.profile.languages and code != "de"]
    if positive and shared:
        return gettext("Offered in a language you speak ({languages})").format(languages=", ".join(shared))
    if positive and access >= 0.5:
        return gettext("You can take part with the German you have")
    if not positive and access == 0:
        return gettext("Held only in languages you may not understand yet: ask for an interpreter")
    return None


def _german_level(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if positive and facts.feature("german_level_fit"):
        return gettext("Made for your German level ({level})").format(level=facts.profile.german_level.value)
    return None


def _childcare(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if positive and facts.feature("childcare_for_small_children"):
        return gettext("Childcare is provided during the offer")
    if not positive and facts.feature("small_children_no_childcare"):
        return gettext("No childcare: you will need care for your small children")
    return None


def _schedule(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if not facts.profile.availability:
        return None
    fit = facts.feature("schedule_fit")
    if positive and fit == 1:
        return gettext("At times when you are available")
    if not positive and fit == 0:
        return gettext("Not at the times you said you are available")
    return None


def _distance(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if np.isnan(facts.distance_km):
        return None
    if positive and facts.distance_km == 0:
        return gettext("In your district")
    km = f"{facts.distance_km:.1f}".replace(".", "," if facts.language.startswith("de") else ".")
    if positive and facts.distance_km <= NEAR_KM:
        return gettext("Close to you (about {km} km)").format(km=km)
    if not positive and facts.distance_km > NEAR_KM:
        return gettext("Further away (about {km} km)").format(km=km)
    return None


def _cost(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if positive and facts.offer.cost.free:
        return gettext("Free of charge")
    if not positive and not facts.offer.cost.free:
        amount = f"{facts.offer.cost.amount_eur or 0:.2f}"
        return gettext("Costs {amount} € (ask about reductions)").format(amount=amount)
    return None


def _places(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    capacity = facts.offer.capacity
    if capacity is None:
        return None
    if positive and capacity.available > 0:
        return gettext("Places are available")
    if not positive and capacity.available == 0:
        return gettext("Currently full: ask about the waiting list")
    return None


def _targeted(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    return gettext("Designed for people in your situation") if positive and facts.feature("targeted_match") else None


def _conditions(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if positive or not facts.unverified:
        return None
    rules, profile = facts.offer.eligibility, facts.profile
    checks = []
    if profile.age is None and rules.min_age is not None and rules.max_age is not None:
        checks.append(gettext("age {low}–{high}").format(low=rules.min_age, high=rules.max_age))
    elif profile.age is None and rules.min_age is not None:
        checks.append(gettext("from age {low}").format(low=rules.min_age))
    elif profile.age is None and rules.max_age is not None:
        checks.append(gettext("up to age {high}").format(high=rules.max_age))
    if rules.genders and profile.gender is None:
        checks.append(gettext("only for women") if rules.genders == ["female"] else gettext("only for some genders"))
    if rules.residence_statuses and profile.residence_status is None:
        checks.append(gettext("depends on the residence status"))
    if rules.districts and profile.district is None:
        checks.append(gettext("only for some districts"))
    return gettext("Please check the conditions: {conditions}").format(conditions="; ".join(checks))


def _access(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if positive and facts.feature("step_free_for_disability"):
        return gettext("Step-free access")
    if not positive and facts.feature("access_barrier"):
        return gettext("Not step-free")
    return None


def _start(facts: ReasonFacts, gettext: Translate, positive: bool) -> str | None:
    if positive or facts.offer.valid_from is None or not facts.feature("not_started_yet"):
        return None
    return gettext("Starts on {date}").format(date=facts.offer.valid_from.isoformat())


_TEXTS: dict[str, Callable[[ReasonFacts, Translate, bool], str | None]] = {
    "need": _need,
    "priority": _priority,
    "language": _language,
    "german_level": _german_level,
    "childcare": _childcare,
    "schedule": _schedule,
    "distance": _distance,
    "cost": _cost,
    "places": _places,
    "targeted": _targeted,
    "conditions": _conditions,
    "access": _access,
    "start": _start,
}
assert set(_TEXTS) == set(GROUPS)
