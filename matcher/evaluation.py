"""``lotse evaluate``: the model against the vignettes (docs/vignettes.md), per life situation, beside the
baselines of docs/evaluation.md: keyword search (BM25, plain and with Lotse's eligibility), rules only, the
synthetic prior alone and the previous model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import msgspec
import numpy as np

from matcher.baselines import Bm25Index, tokens
from matcher.eligibility import eligibility
from matcher.engine import Scorer, rank
from matcher.offer_matrix import OfferMatrix
from matcher.search_words import profile_words
from matcher.vignette_metrics import TOP, Summary, VignetteMethod, VignetteScore, by_situation, score
from models.vignette import LifeSituation, Vignette

TARGET_NDCG = 0.85
TARGET_OVER_SEARCH = 0.20
TARGET_PER_SITUATION = 0.70


def score_method(
    vignettes: Sequence[Vignette], matrix: OfferMatrix, method: VignetteMethod, today: date
) -> list[VignetteScore]:
    return [score(v, method(v), matrix, np.flatnonzero(eligibility(v.profile, matrix, today).mask)) for v in vignettes]


def score_vignettes(
    vignettes: Sequence[Vignette], matrix: OfferMatrix, model: Scorer, today: date
) -> list[VignetteScore]:
    """The plan's first eight (no exploration) against each vignette."""
    return score_method(vignettes, matrix, pipeline_method(matrix, model, today), today)


def pipeline_method(matrix: OfferMatrix, model: Scorer, today: date) -> VignetteMethod:
    return lambda v: (
        rank(msgspec.structs.replace(v.profile, limit=TOP, max_per_category=None), matrix, model, today).rows
    )


def search_method(matrix: OfferMatrix, today: date, *, with_eligibility: bool) -> VignetteMethod:
    """A directory's search box: BM25 with the words a person would type for the profile."""
    index = Bm25Index(matrix)

    def search(v: Vignette) -> list[int]:
        order: list[int] = np.argsort(-index.scores(tokens(profile_words(v.profile))), kind="stable").tolist()
        if with_eligibility:
            mask = eligibility(v.profile, matrix, today).mask
            order = [row for row in order if mask[row]]
        return order

    return search


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    overall: Summary
    situations: dict[LifeSituation, Summary]

    @classmethod
    def of(cls, name: str, scores: Sequence[VignetteScore]) -> Column:
        return cls(name, Summary.of(scores), by_situation(scores))

    def as_dict(self) -> dict[str, object]:
        return {"overall": msgspec.to_builtins(self.overall),
                "situations": {s.value: msgspec.to_builtins(v) for s, v in self.situations.items()}}  # fmt: skip

    @classmethod
    def from_dict(cls, name: str, stored: Mapping[str, object]) -> Column:
        situations = msgspec.convert(stored["situations"], dict[LifeSituation, Summary])
        return cls(name, msgspec.convert(stored["overall"], Summary), situations)


def situation_table(columns: Sequence[Column], counts: Mapping[LifeSituation, int]) -> str:
    """Markdown: NDCG@8 per life situation (rows) for each method (columns), then the totals."""
    header = "| life situation | vignettes | " + " | ".join(c.name for c in columns) + " |"
    lines = [header, "|---|---:|" + "---:|" * len(columns)]
    for situation in LifeSituation:
        cells = " | ".join(f"{c.situations[situation].ndcg:.3f}" for c in columns)
        lines.append(f"| {situation.value} | {counts[situation]} | {cells} |")
    total = max(counts.values()) if counts else 0
    lines.append(f"| **all** | {columns[0].overall.count if columns else total} | "
                 + " | ".join(f"**{c.overall.ndcg:.3f}**" for c in columns) + " |")  # fmt: skip
    lines.append("| must-not in top 8 | | " + " | ".join(str(c.overall.must_not_hits) for c in columns) + " |")
    lines.append(
        "| urgent first | | " + " | ".join(f"{c.overall.urgent_first}/{c.overall.urgent_total}" for c in columns) + " |"
    )
    return "\n".join(lines)


def shortfalls(model: Column, search: Column) -> list[str]:
    """Every target of the matching issue the model misses (empty: all met)."""
    problems = []
    if model.overall.ndcg < TARGET_NDCG:
        problems.append(f"NDCG@8 {model.overall.ndcg:.3f} < {TARGET_NDCG}")
    if model.overall.ndcg < search.overall.ndcg + TARGET_OVER_SEARCH:
        problems.append(f"NDCG@8 is less than keyword search + {TARGET_OVER_SEARCH}")
    if model.overall.must_not_hits:
        problems.append(f"{model.overall.must_not_hits} must-not categories in a top 8")
    if model.overall.urgent_first < model.overall.urgent_total:
        problems.append(f"urgent first in {model.overall.urgent_first} of {model.overall.urgent_total}")
    problems += [
        f"{situation.value}: NDCG@8 {summary.ndcg:.3f} < {TARGET_PER_SITUATION}"
        for situation, summary in model.situations.items()
        if summary.count and summary.ndcg < TARGET_PER_SITUATION
    ]
    return problems
