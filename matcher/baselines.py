"""What Lotse has to beat: a directory's keyword search (BM25) and the same pipeline with hand-set weights."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import numpy.typing as npt

from matcher.features import BASE_FEATURES
from matcher.offer_matrix import OfferMatrix

_WORD = re.compile(r"[a-zäöüß]+")
_STOPWORDS = frozenset(
    [
        "und",
        "oder",
        "für",
        "mit",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "zum",
        "zur",
        "von",
        "vom",
        "bei",
        "auf",
        "aus",
        "ihr",
        "ihre",
        "sie",
        "wir",
    ]
)
# Rules only: log(need) plus hand-set log factors for fit, the same pipeline without any learning.
RULES_ONLY_WEIGHTS: dict[str, float] = {
    "need": 1.0,
    "language_access": 0.4,
    "small_children_no_childcare": -0.25,
    "childcare_for_small_children": 0.05,
    "schedule_fit": 0.3,
    "nearby": 0.05,
    "free_of_charge": 0.05,
    "places_free": 0.3,
    "targeted_match": 0.05,
    "unverified_conditions": -0.15,
    "access_barrier": -0.3,
    "not_started_yet": -0.15,
}


def rules_only_weights() -> npt.NDArray[np.float32]:
    return np.asarray([RULES_ONLY_WEIGHTS.get(name, 0.0) for name in BASE_FEATURES], dtype=np.float32)


def tokens(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if len(word) > 2 and word not in _STOPWORDS]


class Bm25Index:
    """Okapi BM25 over the offers' German titles and summaries (what a directory's search box does)."""

    def __init__(self, matrix: OfferMatrix, k1: float = 1.2, b: float = 0.75) -> None:
        documents = [tokens(f"{o.titles['de']} {o.summaries.get('de', '')}") for o in matrix.offers]
        self.k1, self.b = k1, b
        self.term_counts = [Counter(doc) for doc in documents]
        self.lengths = np.asarray([len(doc) for doc in documents], dtype=np.float32)
        self.average_length = float(self.lengths.mean()) if documents else 1.0
        frequency = Counter(term for doc in documents for term in set(doc))
        n = len(documents)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: list[str]) -> npt.NDArray[np.float32]:
        out = np.zeros(len(self.term_counts), dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / self.average_length)
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            tf = np.asarray([counts.get(term, 0) for counts in self.term_counts], dtype=np.float32)
            out += idf * tf * (self.k1 + 1) / (tf + norm)
        return out
