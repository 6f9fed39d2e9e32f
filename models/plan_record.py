"""The stored form of a plan: what feedback, referrals, learning, reports and reopening need, and no texts.

A plan is kept as one compact MessagePack record, zlib-compressed (``Plan.record``): per recommended offer its id, category,
score, propensity, reasons (code and weight), the pair features it had (float32, with the distance last) and
its alternatives; the need per field of action and the needs without any offer. Texts (offer titles, reasons,
steps) are rendered again from the record, the profile and the current catalogue in whatever language is
asked for (``matcher.plan.render_plan``). Structs are ``array_like``: fields are positions, so a new field
may only be appended, with a default (records written before it still decode).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import msgspec

FORMAT = 1
SCORE_DIGITS = 4  # scores are kept as integers of 1/10,000 (the API shows four decimals)
SCORE_SCALE = 10**SCORE_DIGITS


class StoredReason(msgspec.Struct, array_like=True, frozen=True):
    code: str
    weight: float  # as shown (three decimals); its sign also says which text applies when it rounds to ±0


class StoredAlternative(msgspec.Struct, array_like=True, frozen=True):
    offer: str
    score: int  # 1/10,000


class StoredRecommendation(msgspec.Struct, array_like=True, frozen=True):
    offer: str
    category: str  # so that the steps can be worded even when the offer left the catalogue
    score: int  # 1/10,000
    propensity: float
    reasons: list[StoredReason]
    features: bytes  # float32: the base features (matcher.features.BASE_FEATURES), then the distance in km
    unverified: int
    urgent: bool
    covers: str | None
    alternatives: list[StoredAlternative]


class PlanRecord(msgspec.Struct, array_like=True, frozen=True, omit_defaults=True):
    format: int
    needs: list[int]  # per field of action (matcher.offer_matrix.FIELDS order), in hundredths
    recommendations: list[StoredRecommendation]
    unmet_fields: list[str]  # field-of-action codes
    unmet_categories: list[str] | None  # category codes; None: not known (plans kept before the record)
    # Plans stored before the record (migration 0011): the documents as they were shown, language → plan.
    legacy: dict[str, Any] | None = None


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(PlanRecord)
# zlib with a 4 KiB window and little memory: a record is ~2.5 KB of MessagePack (offer ids, reason codes and
# sparse features repeat), ~1.3 KB compressed; a full-size zlib stream would spend ~0.5 ms setting up its window.
# The fastest level: a fifth less time than the default level for 4 % more bytes (docs/performance.md).
_LEVEL, _WINDOW_BITS, _MEMORY_LEVEL = 1, 12, 4


def encode_record(record: PlanRecord) -> bytes:
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL)
    return compressor.compress(_encoder.encode(record)) + compressor.flush()


def decode_record(data: bytes) -> PlanRecord:
    return _decoder.decode(zlib.decompress(data))


@dataclass(frozen=True, slots=True)
class PlanItem:
    """An offer the plan showed: the recommendations by rank, then their alternatives (propensity 0: not
    recommended, so their outcomes are kept but not learned from)."""

    rank: int
    offer_id: str
    score: float
    propensity: float


def items_of(record: PlanRecord | None) -> list[PlanItem]:
    if record is None:
        return []
    items = [
        PlanItem(rank, r.offer, r.score / SCORE_SCALE, r.propensity)
        for rank, r in enumerate(record.recommendations, start=1)
    ]
    alternatives = [a for r in record.recommendations for a in r.alternatives]
    items += [
        PlanItem(len(items) + i, a.offer, a.score / SCORE_SCALE, 0.0) for i, a in enumerate(alternatives, start=1)
    ]
    return items
