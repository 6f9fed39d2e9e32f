"""What Lotse has to beat: random order, popularity, a directory's keyword search (BM25) and rules without learning."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import numpy.typing as npt

from matcher.features import PairFeatures
from matcher.needs import Needs
from matcher.offer_matrix import OfferMatrix
from models.taxonomy import CATEGORY_CODES, CATEGORY_LABELS

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


def rules_only_score(features: PairFeatures) -> npt.NDArray[np.float32]:
    """Need × fit by hand: the category need, damped where the language or free places do not fit."""
    f = features.column
    fit = (0.4 + 0.6 * f("language_access")) * (0.5 + 0.5 * f("places_free"))
    return np.asarray(f("category_need") * fit, dtype=np.float32)


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


def need_words(needs: Needs, top: int = 4) -> list[str]:
    """The words a person would type: the German names of their strongest need categories."""
    strongest = np.argsort(-needs.category, kind="stable")[:top]
    return [word for i in strongest for word in tokens(CATEGORY_LABELS[CATEGORY_CODES[i]].de)]
