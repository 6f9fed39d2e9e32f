"""Offline evaluation on held-out consultations: NDCG@5/@10, MRR, field coverage, eligibility violations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.baselines import Bm25Index, need_words, rules_only_score
from matcher.engine import Scorer, rank
from matcher.needs import CLEAR_NEED
from matcher.offer_matrix import OfferMatrix
from matcher.training import Consultation

LIST_LENGTH = 10
RELEVANT_GRADE = 2

# A method turns a consultation into the offer rows it would show, best first.
Method = Callable[[Consultation], Sequence[int]]


@dataclass(frozen=True, slots=True)
class Metrics:
    ndcg_5: float
    ndcg_10: float
    mrr: float
    field_coverage: float
    violations: int

    def as_dict(self) -> dict[str, float]:
        return {"ndcg_5": self.ndcg_5, "ndcg_10": self.ndcg_10, "mrr": self.mrr,
                "field_coverage": self.field_coverage, "violations": float(self.violations)}  # fmt: skip


def evaluate(method: Method, consultations: Sequence[Consultation], matrix: OfferMatrix) -> Metrics:
    ndcg5, ndcg10, rr, coverage, violations = [], [], [], [], 0
    for consultation in consultations:
        shown = list(method(consultation))[:LIST_LENGTH]
        grade_of = dict(zip(consultation.features.rows.tolist(), consultation.grades.tolist(), strict=True))
        gains = np.asarray([grade_of.get(row, 0) for row in shown], dtype=np.float64)
        ideal = np.sort(consultation.grades.astype(np.float64))[::-1]
        ndcg5.append(_ndcg(gains, ideal, 5))
        ndcg10.append(_ndcg(gains, ideal, 10))
        first = next((i for i, g in enumerate(gains) if g >= RELEVANT_GRADE), None)
        rr.append(0.0 if first is None else 1.0 / (first + 1))
        violations += sum(not consultation.eligible.mask[row] for row in shown)
        coverage.append(_field_coverage(consultation, matrix, shown))
    return Metrics(float(np.mean(ndcg5)), float(np.mean(ndcg10)), float(np.mean(rr)),
                   float(np.nanmean(coverage)), violations)  # fmt: skip


def _ndcg(gains: npt.NDArray[np.float64], ideal: npt.NDArray[np.float64], k: int) -> float:
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    best = float(((2 ** ideal[:k] - 1) * discounts[: len(ideal[:k])]).sum())
    got = float(((2 ** gains[:k] - 1) * discounts[: len(gains[:k])]).sum())
    return got / best if best > 0 else 0.0


def _field_coverage(consultation: Consultation, matrix: OfferMatrix, shown: Sequence[int]) -> float:
    """Share of the clearly needed fields (with any eligible offer) that the list reaches."""
    eligible_fields = set(matrix.field[consultation.features.rows].tolist())
    needed = {int(f) for f in np.flatnonzero(consultation.needs.field >= CLEAR_NEED)} & eligible_fields
    if not needed:
        return float("nan")
    return len(needed & {int(matrix.field[row]) for row in shown}) / len(needed)


def pipeline_method(scorer: Scorer, matrix: OfferMatrix, today: date) -> Method:
    """The full matcher (eligibility, features, ``scorer``, coverage) with the default list length."""
    return lambda c: rank(c.profile, matrix, scorer, today, limit=LIST_LENGTH, max_per_category=2).rows


def baseline_methods(matrix: OfferMatrix, train: Sequence[Consultation], today: date, seed: int) -> dict[str, Method]:
    """The baselines of docs/evaluation.md, measured in the same run as the model."""
    rng = np.random.default_rng(seed)
    popularity = np.zeros(matrix.size)
    for consultation in train:
        np.add.at(popularity, consultation.features.rows, consultation.grades)
    popular_order = np.argsort(-popularity, kind="stable").tolist()
    bm25 = Bm25Index(matrix)

    def search(c: Consultation) -> list[int]:
        return np.argsort(-bm25.scores(need_words(c.needs)), kind="stable").tolist()  # type: ignore[no-any-return]

    def filtered_search(c: Consultation) -> list[int]:
        return [row for row in search(c) if c.eligible.mask[row]]

    return {
        "random": lambda c: rng.permutation(matrix.size).tolist(),
        "popularity": lambda c: popular_order,
        "keyword search (BM25)": search,
        "keyword search (BM25) + eligibility": filtered_search,
        "rules only (need × fit)": pipeline_method(rules_only_score, matrix, today),
    }


def compare(
    matrix: OfferMatrix,
    model: Scorer,
    train: Sequence[Consultation],
    test: Sequence[Consultation],
    today: date,
    seed: int,
) -> dict[str, Metrics]:
    """The model and every baseline, measured on the same held-out consultations in one run."""
    results = {"Lotse model": evaluate(pipeline_method(model, matrix, today), test, matrix)}
    for name, method in baseline_methods(matrix, train, today, seed).items():
        results[name] = evaluate(method, test, matrix)
    return results


def markdown_table(results: dict[str, Metrics]) -> str:
    lines = [
        "| method | NDCG@5 | NDCG@10 | MRR | field coverage | eligibility violations |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {m.ndcg_5:.3f} | {m.ndcg_10:.3f} | {m.mrr:.3f} | {m.field_coverage:.3f} | {m.violations} |"
        for name, m in results.items()
    ]
    return "\n".join(lines)


def model_ahead(results: dict[str, Metrics]) -> bool:
    """The model has no violation and beats every baseline on NDCG@5, NDCG@10 and MRR."""
    model = results["Lotse model"]
    others = [m for name, m in results.items() if name != "Lotse model"]
    return model.violations == 0 and all(
        model.ndcg_5 > m.ndcg_5 and model.ndcg_10 > m.ndcg_10 and model.mrr > m.mrr for m in others
    )
