"""One matching run: person → needs → eligibility → features → model scores → the plan's list.

The model is passed in (anything with ``scores(PairFeatures)``), so the learned model and the rules-only
baseline run the same pipeline.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import msgspec
import numpy as np
import numpy.typing as npt

from matcher.crosses import person_facts
from matcher.eligibility import EligibilityResult, eligibility
from matcher.features import PairFeatures, candidate_rows, pair_features
from matcher.needs import CLEAR_NEED, Needs, needs_of
from matcher.offer_matrix import FIELDS, OfferMatrix
from matcher.person import Person
from matcher.selection import Pick, select
from models.offer import STALE_DAYS
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_CODES

CANDIDATES = 300  # best-scored gender-neutral offers the selection chooses from (plus gender-specific ones)
# An offer nobody confirmed for ``stale_days`` may have ended or moved: its log-score drops by this much
# (about a fifth), more than the exploration margin, so it ranks below an otherwise equal confirmed offer.
STALE_DISCOUNT = 0.2
# An offer only for a situation no profile records (a protection flat for people experiencing violence) is never
# taken for granted: its log-score drops by this much (e^-10, next to nothing), so that any offer of its kind the
# person surely may use comes first, however much better the situational offer's languages or childcare fit (a
# homeless woman's first step is the town's shelter; the protection flat is its alternative, and says what to check).
SITUATION_DISCOUNT = 10.0


class Scorer(Protocol):
    def scores(self, features: PairFeatures) -> npt.NDArray[np.float32]: ...

    def offer_terms(self, features: PairFeatures) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True, slots=True)
class Ranking:
    person: Person
    needs: Needs
    eligible: EligibilityResult
    features: PairFeatures  # of every candidate
    scores: npt.NDArray[np.float32]  # of every candidate
    picks: list[Pick]
    unmet_fields: list[int]
    unmet_categories: list[int]

    @property
    def rows(self) -> list[int]:
        """The recommended offers' rows, best first."""
        return [int(self.features.rows[pick.position]) for pick in self.picks]

    def alternative_rows(self, pick: Pick) -> list[int]:
        return [int(self.features.rows[position]) for position in pick.alternatives]


def exploration_seed(profile: NeedsProfile, today: date) -> int:
    """The random seed of a plan's exploration: the same for the same needs on the same day (so a plan does not
    change while a counsellor edits the form), and never dependent on gender or on how the plan is shown."""
    neutral = msgspec.structs.replace(profile, gender=None, plan_language="de", limit=10, max_per_category=None)
    digest = hashlib.blake2b(msgspec.json.encode(neutral) + today.isoformat().encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def rank(
    profile: NeedsProfile,
    matrix: OfferMatrix,
    model: Scorer,
    today: date,
    *,
    explore: bool = False,
    stale_days: int = STALE_DAYS,
) -> Ranking:
    """The recommendations for ``profile`` (never an ineligible offer), ``profile.limit`` of them; offers not
    confirmed for ``stale_days`` count as uncertain and rank lower."""
    person = Person.of(profile)
    needs = needs_of(profile, person)
    eligible = eligibility(profile, matrix, today)
    rows = candidate_rows(needs, matrix, eligible)
    features = pair_features(person, needs, matrix, eligible, rows, today, person_facts(person))
    scores = model.scores(features)
    stale = matrix.confirmed_on[features.rows] < today.toordinal() - stale_days
    if stale.any():
        scores = np.where(stale, scores - STALE_DISCOUNT, scores).astype(np.float32)
    situational = eligible.situational[features.rows]
    if situational.any():
        scores = np.where(situational, scores - SITUATION_DISCOUNT, scores).astype(np.float32)
    if rows.size > CANDIDATES:
        keep = _shortlist(scores, matrix.gender_rule[rows])
        features, scores = features.take(keep), scores[keep]
    picks = select(
        scores,
        scores - np.maximum(model.offer_terms(features), 0.0),
        features.rows,
        matrix,
        needs,
        limit=profile.limit,
        max_per_category=profile.max_per_category,
        seed=exploration_seed(profile, today) if explore else None,
        children=tuple(profile.children_ages),
    )
    unmet_fields, unmet_categories = unmet_needs(needs, matrix, eligible)
    return Ranking(person, needs, eligible, features, scores, picks, unmet_fields, unmet_categories)


def _shortlist(scores: npt.NDArray[np.float32], gendered: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """The best ``CANDIDATES`` gender-neutral offers and the best gender-specific ones, chosen separately."""
    keep = []
    for part in (np.flatnonzero(~gendered), np.flatnonzero(gendered)):
        if part.size > CANDIDATES:
            part = part[np.argpartition(-scores[part], CANDIDATES)[:CANDIDATES]]
        keep.append(part)
    return np.sort(np.concatenate(keep))


def unmet_needs(needs: Needs, matrix: OfferMatrix, eligible: EligibilityResult) -> tuple[list[int], list[int]]:
    """Fields and categories with a clear need but no eligible offer at all."""
    rows = np.flatnonzero(eligible.mask)
    offered_categories = np.bincount(matrix.category[rows], minlength=len(CATEGORY_CODES)) > 0
    offered_fields = np.bincount(matrix.field[rows], minlength=len(FIELDS)) > 0
    categories = [int(c) for c in np.flatnonzero((needs.category >= CLEAR_NEED) & ~offered_categories)]
    fields = [int(f) for f in np.flatnonzero((needs.field >= CLEAR_NEED) & ~offered_fields)]
    return fields, categories
