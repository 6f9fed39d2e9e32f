"""The printed plan of a consultation: what the person takes home, in the plan's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from matcher.features import BASE_FEATURES
from matcher.reason_texts import ReasonFacts, conditions_to_check
from models.feedback import Outcome
from models.offer import OfferOut, OfferRecord
from models.plan import Plan, PlanOut
from models.profile import NeedsProfile
from web.pages.rendering import PHASE_LABELS, screen_context

# An offer the person turned down, or that turned out not to fit, is not handed over as a recommendation.
LEFT_OUT = frozenset({Outcome.DECLINED.value, Outcome.NOT_SUITABLE.value})


def printed_sections(
    document: PlanOut, plan: Plan, outcomes: dict[str, str]
) -> list[tuple[str, list[tuple[str, list[Any], list[Any]]]]]:
    """Phases with their steps, each step's offer and its alternatives, all without what the counsellor hid and
    what the person declined or found not suitable (``outcomes``: offer id → outcome). When the recommended offer
    is left out, the first alternative still shown takes its place; a step with none left is not printed."""
    gettext = screen_context(plan.language)["_"]
    recommendations = {r.offer.id: r for r in document.recommendations}
    left_out = set(plan.hidden) | {offer_id for offer_id, outcome in outcomes.items() if outcome in LEFT_OUT}
    sections = []
    for phase, label in PHASE_LABELS.items():
        steps = []
        for step in document.steps:
            if step.phase != phase:
                continue
            offers = [
                offer
                for i in step.offer_ids
                for offer in (recommendations[i].offer, *(a.offer for a in recommendations[i].alternatives))
                if offer.id not in left_out
            ]
            if offers:
                steps.append((step.text, offers[:1], offers[1:]))
        if steps:
            sections.append((gettext(label), steps))
    return sections


def printed_notes(document: PlanOut, profile: NeedsProfile, records: Mapping[str, OfferRecord]) -> dict[str, list[str]]:
    """What the person must know before going to an offer of the printout, by offer id: that it is full, and
    the conditions to check — for alternatives too, which take a declined offer's place (a counsellor's review
    found the printout silent on both, while the screen said them). ``records``: the catalogue's offers."""
    gettext = screen_context(document.language)["_"]
    no_features = np.zeros(len(BASE_FEATURES), dtype=np.float32)
    notes: dict[str, list[str]] = {}
    for recommendation in document.recommendations:
        for offer in (recommendation.offer, *(alternative.offer for alternative in recommendation.alternatives)):
            texts = [gettext("Currently full: ask about the waiting list")] if is_full(offer) else []
            record = records.get(offer.id)
            if record is not None:
                facts = ReasonFacts(profile, record, no_features, 0.0, 1, document.language)
                texts += [text for text in (conditions_to_check(facts, gettext),) if text]
            if texts:
                notes[offer.id] = texts
    return notes


def is_full(offer: OfferOut) -> bool:
    return offer.capacity is not None and offer.capacity.available == 0
