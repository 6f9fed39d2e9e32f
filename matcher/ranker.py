"""The learned scoring model: a pairwise logistic regression over the pair features.

Training compares offers within one consultation ("for this person, A fits better than B"), so the model
learns how much each feature should count. Scoring is a dot product, so the contribution of each feature
to an offer's score is exact: ``weight * (value - baseline)``, where the baseline is the average offer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import skops.io
from sklearn.linear_model import LogisticRegression

from matcher.features import FEATURE_NAMES, PairFeatures

# Types a stored model may contain beyond skops' own safe defaults; reviewed by hand. Loading refuses
# anything else, so a tampered model in the database cannot run code.
TRUSTED_TYPES: tuple[str, ...] = ()


class UntrustedModelError(ValueError):
    """A stored model contains types that are not on the reviewed list."""


def build_pipeline() -> LogisticRegression:
    """The estimator: fit on feature differences of offer pairs, label 1 when the first offer is better."""
    return LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000, random_state=0)


@dataclass(frozen=True, slots=True)
class LinearRanker:
    version: int
    weights: npt.NDArray[np.float32]  # (features,)
    baseline: npt.NDArray[np.float32]  # (features,) mean feature values of the training offers

    def scores(self, features: PairFeatures) -> npt.NDArray[np.float32]:
        """One score per offer; only the order matters."""
        return np.asarray(features.values @ self.weights, dtype=np.float32)

    def contributions(self, values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """How much each feature moved each offer's score away from the average offer."""
        return np.asarray((values - self.baseline) * self.weights, dtype=np.float32)

    @classmethod
    def from_estimator(cls, estimator: LogisticRegression, baseline: npt.ArrayLike, version: int) -> LinearRanker:
        weights = np.asarray(estimator.coef_, dtype=np.float32).reshape(-1)
        if weights.shape != (len(FEATURE_NAMES),):
            raise ValueError(f"the model has {weights.size} weights, the matcher {len(FEATURE_NAMES)} features")
        return cls(version=version, weights=weights, baseline=np.asarray(baseline, dtype=np.float32))


def dump_estimator(estimator: LogisticRegression) -> bytes:
    return bytes(skops.io.dumps(estimator))


def load_estimator(blob: bytes) -> LogisticRegression:
    """Load a stored model with skops, refusing types that are not reviewed (never pickle)."""
    unknown = [name for name in skops.io.get_untrusted_types(data=blob) if name not in TRUSTED_TYPES]
    if unknown:
        raise UntrustedModelError(f"the stored model contains unreviewed types: {', '.join(unknown)}")
    estimator = skops.io.loads(blob, trusted=list(TRUSTED_TYPES))
    if not isinstance(estimator, LogisticRegression):
        raise UntrustedModelError(f"expected a LogisticRegression, got {type(estimator).__name__}")
    return estimator
