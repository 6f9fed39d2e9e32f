"""Synthetic consultations, the model's prior: realistic random needs profiles for Laatzen and graded labels
from counsellor heuristics with noise. Distributions and heuristics: docs/matching.md.

They only set the starting weights of the base features (``matcher.fitting.fit_prior``); the vignettes and
recorded feedback are what the model learns from. Everything is drawn from a seeded generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt

from matcher.features import PairFeatures
from models.profile import NeedsProfile

# Who comes to counselling in Laatzen (approximate shares; see docs/matching.md).
COMMUNITIES: dict[str, tuple[float, list[str], dict[str, float]]] = {
    # community: (share, languages, residence statuses with their shares)
    "arabic": (0.30, ["ar"], {"recognised": 0.5, "asylum_seeker": 0.2, "tolerated": 0.1, "other": 0.2}),
    "kurdish": (0.07, ["ku", "ar"], {"recognised": 0.5, "asylum_seeker": 0.3, "tolerated": 0.2}),
    "dari_farsi": (0.16, ["fa"], {"recognised": 0.4, "asylum_seeker": 0.35, "tolerated": 0.15, "other": 0.1}),
    "turkish": (0.08, ["tr"], {"asylum_seeker": 0.3, "other": 0.6, "recognised": 0.1}),
    "ukrainian": (0.20, ["uk", "ru"], {"temporary_protection": 0.95, "other": 0.05}),
    "eu": (0.14, ["pl", "ro", "bg"], {"eu_citizen": 1.0}),
    "other": (0.05, ["en"], {"other": 0.6, "recognised": 0.2, "asylum_seeker": 0.2}),
}
DISTRICT_SHARES = {
    "laatzen-mitte": 0.30, "alt-laatzen": 0.22, "rethen": 0.18, "grasdorf": 0.12, "gleidingen": 0.10,
    "ingeln-oesselse": 0.08,
}  # fmt: skip
PRIORITY_SHARES = {"wohnen": 3, "bildung_sprache": 3, "arbeit": 3, "gesundheit": 1, "willkommen": 1, "teilhabe": 1,
                   "vernetzung": 1}  # fmt: skip
GRADE_CUTS = (0.25, 0.45, 0.7)  # relevance score at which a grade 1, 2, 3 begins
FIT_STRENGTH = 0.4


def _pick(rng: np.random.Generator, shares: Mapping[str, float]) -> str:
    keys = list(shares)
    weights = np.asarray(list(shares.values()))
    return str(keys[rng.choice(len(keys), p=weights / weights.sum())])


def _work(rng: np.random.Generator, age: int, residence: str) -> str:
    if age < 18:
        return "in_school"
    if age >= 65:
        return _pick(rng, {"retired": 0.85, "employed": 0.1, "not_seeking": 0.05})
    if residence in ("asylum_seeker", "tolerated"):
        return _pick(rng, {"not_permitted": 0.45, "job_seeking": 0.3, "not_seeking": 0.15, "employed": 0.1})
    if residence == "eu_citizen":
        return _pick(rng, {"employed": 0.5, "job_seeking": 0.35, "self_employed": 0.1, "not_seeking": 0.05})
    return _pick(rng, {"job_seeking": 0.35, "employed": 0.25, "not_seeking": 0.15, "in_training": 0.1,
                       "self_employed": 0.05, "in_school": 0.02})  # fmt: skip


def _housing(rng: np.random.Generator, age: int, months: int, residence: str, alone: bool) -> str:
    if alone:
        return "youth_housing"
    if residence in ("asylum_seeker", "tolerated") or (months < 6 and residence == "recognised"):
        return _pick(rng, {"shared_accommodation": 0.65, "with_relatives": 0.1, "municipal_flat": 0.15,
                           "homeless": 0.03, "at_risk": 0.07})  # fmt: skip
    return _pick(rng, {"own_flat": 0.45, "municipal_flat": 0.2, "with_relatives": 0.15, "shared_accommodation": 0.1,
                       "at_risk": 0.07, "homeless": 0.03})  # fmt: skip


def synthetic_profile(rng: np.random.Generator) -> NeedsProfile:
    """One random needs profile drawn from Laatzen's approximate distributions."""
    community = _pick(rng, {name: share for name, (share, _, _) in COMMUNITIES.items()})
    _, languages, statuses = COMMUNITIES[community]
    residence = _pick(rng, statuses)
    months = int(rng.choice([rng.integers(0, 6), rng.integers(6, 24), rng.integers(24, 60), rng.integers(60, 180)],
                            p=[0.25, 0.35, 0.25, 0.15]))  # fmt: skip
    level = int(np.clip(rng.normal(min(months / 14, 4.5), 1.0), 0, 6))
    age = int(np.clip(rng.normal(34, 13), 14, 85))
    alone = age < 18 and residence in ("asylum_seeker", "recognised") and rng.random() < 0.5
    gender = _pick(rng, {"female": 0.49, "male": 0.49, "diverse": 0.02})
    children: list[int] = []
    if 20 <= age <= 55 and rng.random() < 0.6:
        children = sorted(int(a) for a in rng.integers(0, 18, size=int(rng.integers(1, 5))))
    qualification = _pick(rng, {"none": 0.2, "school": 0.35, "vocational": 0.25, "university": 0.2})
    raw: dict[str, Any] = {
        "german_level": ["none", "A1", "A2", "B1", "B2", "C1", "C2"][level],
        "children_ages": children,
        "work": _work(rng, age, residence),
        "housing": _housing(rng, age, months, residence, alone),
        "languages": [
            str(code) for code in rng.choice(languages, size=int(rng.integers(1, len(languages) + 1)), replace=False)
        ],
    }
    optional: dict[str, Any] = {
        "age": age,
        "gender": gender,
        "residence_status": residence,
        "months_in_germany": months,
        "district": _pick(rng, DISTRICT_SHARES),
        "qualification": qualification,
        "foreign_qualification": qualification in ("vocational", "university") and rng.random() < 0.8,
        "pregnant": gender == "female" and 18 <= age <= 42 and rng.random() < 0.08,
        "single_parent": bool(children) and rng.random() < 0.2,
        "unaccompanied_minor": alone,
        "literacy": _pick(rng, {"none": 0.5, "other_script": 0.5}) if level == 0 and rng.random() < 0.4 else "latin",
        "health": [h for h, p in (("trauma", 0.12), ("chronic_illness", 0.1), ("disability", 0.05),
                                  ("care_for_relative", 0.05)) if rng.random() < p],
        "availability": [t for t, p in (("mornings", 0.6), ("afternoons", 0.5), ("evenings", 0.35),
                                        ("weekends", 0.2)) if rng.random() < p],
    }  # fmt: skip
    # Counsellors leave optional facts out now and then; each is known with this probability.
    known = {"age": 0.85, "gender": 0.8, "residence_status": 0.8, "months_in_germany": 0.75, "district": 0.8,
             "qualification": 0.6, "foreign_qualification": 0.55, "pregnant": 0.5, "single_parent": 0.5,
             "unaccompanied_minor": 0.9, "literacy": 0.4, "health": 0.5, "availability": 0.45}  # fmt: skip
    raw.update({key: value for key, value in optional.items() if rng.random() < known[key]})
    if rng.random() < 0.3:
        raw["priorities"] = [_pick(rng, PRIORITY_SHARES)]
    if rng.random() < 0.5:
        raw["languages"] = []
    return msgspec.convert(raw, NeedsProfile)


def counsellor_relevance(features: PairFeatures, rng: np.random.Generator) -> npt.NDArray[np.float32]:
    """How strongly a counsellor would recommend each offer (about 0 to 1.2), with noise.

    The need of the offer's category, times how usable the offer is for this person (language, childcare,
    schedule, places, cost, distance, tailored offers, conditions, access), where usability counts only
    ``FIT_STRENGTH`` as much as need on a log scale: a counsellor names what a person needs even when the
    best offer for it is not ideal, and uses fit to choose among offers of one kind.
    """
    f = features.column
    fit = 0.35 + 0.65 * f("language_access")
    fit = fit * np.where(f("small_children_no_childcare") > 0, 0.55, 1.0)
    fit = fit * np.where(f("childcare_for_small_children") > 0, 1.15, 1.0)
    fit = fit * (0.45 + 0.55 * f("schedule_fit"))
    fit = fit * np.where(f("places_free") > 0, 1.0, 0.5)
    fit = fit * np.where(f("free_of_charge") > 0, 1.0, 0.85)
    fit = fit * (0.9 + 0.1 * f("nearby"))
    fit = fit * np.where(f("targeted_match") > 0, 1.15, 1.0)
    fit = fit * (1.0 + 0.1 * f("german_level_fit"))
    fit = fit * (1.0 - 0.3 * f("unverified_conditions"))
    fit = fit * np.where(f("access_barrier") > 0, 0.5, 1.0)
    fit = fit * np.where(f("not_started_yet") > 0, 0.7, 1.0)
    noise = rng.lognormal(0.0, 0.15, size=fit.shape)
    return np.asarray(np.exp(f("need")) * fit**FIT_STRENGTH * noise, dtype=np.float32)


def grades(relevance: npt.NDArray[np.float32]) -> npt.NDArray[np.int8]:
    """Graded labels 0–3 from relevance scores (cut points ``GRADE_CUTS``)."""
    return np.searchsorted(np.asarray(GRADE_CUTS), relevance, side="right").astype(np.int8)
