"""The printed plan of a consultation: what the person takes home, in the plan's language."""

from __future__ import annotations

from typing import Any

from models.feedback import Outcome
from models.offer import OfferOut
from models.plan import Plan, PlanOut
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


def printed_notes(document: PlanOut) -> dict[str, list[str]]:
    """What the person must know before going to a recommended offer, by offer id: that it is full, and the
    conditions to check (the plan's own reasons in its language); a counsellor's review found the printed plan
    silent on both, while the screen said them."""
    gettext = screen_context(document.language)["_"]
    none_left = gettext("No conditions left to check")
    notes: dict[str, list[str]] = {}
    for recommendation in document.recommendations:
        texts = [reason.text for reason in recommendation.reasons
                 if (reason.code == "places" and is_full(recommendation.offer))
                 or (reason.code == "conditions" and reason.text and reason.text != none_left)]  # fmt: skip
        if texts:
            notes[recommendation.offer.id] = texts
    return notes


def is_full(offer: OfferOut) -> bool:
    return offer.capacity is not None and offer.capacity.available == 0
