"""The model's full feature rows for training, as a sparse matrix.

Columns: the base features, then person fact × offer fact, then person fact × category, then one column per
offer of the training catalogue. Every cross is the product of two yes/no facts, so a row has a few dozen
non-zero entries out of a few thousand columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matcher.crosses import OFFER_FACTS, PERSON_FACTS
from matcher.features import BASE_FEATURES, PairFeatures
from models.taxonomy import CATEGORY_CODES

N_BASE, N_PERSON, N_OFFER, N_CATEGORY = len(BASE_FEATURES), len(PERSON_FACTS), len(OFFER_FACTS), len(CATEGORY_CODES)
PERSON_OFFER_START = N_BASE
PERSON_CATEGORY_START = N_BASE + N_PERSON * N_OFFER
OFFER_START = PERSON_CATEGORY_START + N_PERSON * N_CATEGORY


@dataclass(frozen=True, slots=True)
class Layout:
    offer_ids: tuple[str, ...]  # the offers that get their own column

    @property
    def columns(self) -> int:
        return OFFER_START + len(self.offer_ids)

    def groups(self) -> npt.NDArray[np.int8]:
        """Per column: 0 base, 1 person × offer, 2 person × category, 3 offer."""
        out = np.zeros(self.columns, dtype=np.int8)
        out[PERSON_OFFER_START:PERSON_CATEGORY_START] = 1
        out[PERSON_CATEGORY_START:OFFER_START] = 2
        out[OFFER_START:] = 3
        return out


def design_rows(
    features: PairFeatures,
    facts: npt.NDArray[np.float32],
    categories: npt.NDArray[np.int32],
    offer_columns: npt.NDArray[np.int64],
    layout: Layout,
    *,
    offer_level: bool,
) -> sp.csr_matrix:
    """Rows for the offers in ``features``; ``facts``, ``categories`` and ``offer_columns`` (−1: none) per row.

    ``offer_level=False`` leaves the person × offer and per-offer columns empty: graded categories (the
    vignettes) say nothing about single offers.
    """
    n = len(features.rows)
    row_index = [np.repeat(np.arange(n), N_BASE)]
    col_index = [np.tile(np.arange(N_BASE), n)]
    values = [features.values.reshape(-1)]
    active = np.flatnonzero(features.person)
    if active.size:
        row_index.append(np.repeat(np.arange(n), active.size))
        col_index.append((PERSON_CATEGORY_START + active[None, :] * N_CATEGORY + categories[:, None]).reshape(-1))
        values.append(np.ones(n * active.size, dtype=np.float32))
    if offer_level:
        offer_rows, offer_facts = np.nonzero(facts)
        if active.size and offer_rows.size:
            row_index.append(np.repeat(offer_rows, active.size))
            col_index.append((PERSON_OFFER_START + active[None, :] * N_OFFER + offer_facts[:, None]).reshape(-1))
            values.append(np.ones(offer_rows.size * active.size, dtype=np.float32))
        known = offer_columns >= 0
        row_index.append(np.flatnonzero(known))
        col_index.append(OFFER_START + offer_columns[known])
        values.append(np.ones(int(known.sum()), dtype=np.float32))
    return sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(row_index), np.concatenate(col_index))),
        shape=(n, layout.columns),
        dtype=np.float64,
    )
