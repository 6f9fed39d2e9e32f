"""The plan answer's JSON with each offer encoded once: an offer reads the same in every plan of a catalogue
revision and language (``PlanContext.offer_cache`` keeps one ``OfferOut`` for it), and offers are nine tenths
of a plan's bytes. The bytes are exactly those of encoding ``PlanOut`` itself (tests/web/test_plan_json.py);
only the work differs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Response
from litestar.serialization import default_serializer
from litestar.types import Serializer

from models.offer import OfferOut
from models.plan import NeedOut, PlanOut, Reason, StepOut, UnmetNeedOut

# Encoded offers by the identity of their (cached, shared) OfferOut; the OfferOut is kept with its bytes so that
# its identity cannot be reused while the entry exists. Bounded: a catalogue reload makes new OfferOuts.
_ENCODED: dict[int, tuple[OfferOut, msgspec.Raw]] = {}
_MAX_ENCODED = 4_000  # every offer in eight languages three times over
_encoder = msgspec.json.Encoder()


# The wire form of PlanOut: the same fields in the same order and with the same settings, offers as raw JSON.
class _Alternative(msgspec.Struct, kw_only=True):
    score: float
    offer: msgspec.Raw


class _Recommendation(msgspec.Struct, kw_only=True):
    rank: int
    score: float
    offer: msgspec.Raw
    reasons: list[Reason]
    alternatives: list[_Alternative]


class _Plan(msgspec.Struct, kw_only=True, omit_defaults=True):
    plan_id: str
    created_at: datetime
    model_version: int
    language: str
    needs: list[NeedOut]
    recommendations: list[_Recommendation]
    steps: list[StepOut]
    unmet_needs: list[UnmetNeedOut]
    removed_offers: list[str] = msgspec.field(default_factory=list)


def _offer(offer: OfferOut) -> msgspec.Raw:
    known = _ENCODED.get(id(offer))
    if known is not None and known[0] is offer:
        return known[1]
    if len(_ENCODED) >= _MAX_ENCODED:
        _ENCODED.clear()
    encoded = msgspec.Raw(_encoder.encode(offer))
    _ENCODED[id(offer)] = (offer, encoded)
    return encoded


def plan_json(plan: PlanOut) -> bytes:
    """``plan`` as JSON, byte for byte what encoding it directly gives."""
    recommendations = [
        _Recommendation(
            rank=recommendation.rank,
            score=recommendation.score,
            offer=_offer(recommendation.offer),
            reasons=recommendation.reasons,
            alternatives=[_Alternative(score=a.score, offer=_offer(a.offer)) for a in recommendation.alternatives],
        )
        for recommendation in plan.recommendations
    ]
    wire = _Plan(plan_id=plan.plan_id, created_at=plan.created_at, model_version=plan.model_version,
                 language=plan.language, needs=plan.needs, recommendations=recommendations, steps=plan.steps,
                 unmet_needs=plan.unmet_needs, removed_offers=plan.removed_offers)  # fmt: skip
    return _encoder.encode(wire)


class PlanResponse(Response[Any]):
    """The response class of the plan endpoints: a ``PlanOut`` is encoded by ``plan_json``."""

    def render(self, content: Any, media_type: str, enc_hook: Serializer = default_serializer) -> bytes:
        if isinstance(content, PlanOut):
            return plan_json(content)
        return super().render(content, media_type, enc_hook)
