"""Ranking latency and memory at 150, 1,000, 10,000 and 100,000 offers, on one core.

Each catalogue size runs in its own process pinned to one CPU core (so peak RSS belongs to that size):
the catalogue is scaled from the Laatzen seed (copies with new ids, districts, places and languages),
a model is trained on synthetic consultations, and then every profile goes through the whole in-process
path a request takes: eligibility, needs, features, scoring, coverage re-ranking and the plan with its
reasons. Run: ``.venv/bin/python -m bench.ranking`` (``--quick`` for a short smoke run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import msgspec
import numpy as np

SIZES = (150, 1_000, 10_000, 100_000)
TODAY = date(2026, 11, 25)


def scaled_catalogue(size: int, seed: int = 7) -> list:  # type: ignore[type-arg]
    """``size`` offers made from the seed: the first ones as they are, then varied copies."""
    from models.district import District
    from models.offer import Capacity
    from seed.demo import demo_catalogue

    base = demo_catalogue().offers
    rng = np.random.default_rng(seed)
    districts = list(District)
    extra_languages = ["ar", "fa", "uk", "ru", "tr", "pl", "ro", "en", "ku"]
    offers = list(base[: min(size, len(base))])
    while len(offers) < size:
        original = base[len(offers) % len(base)]
        languages = sorted({*original.languages, *rng.choice(extra_languages, size=int(rng.integers(0, 3)))})
        maximum = int(rng.integers(5, 30))
        offers.append(
            msgspec.structs.replace(
                original,
                id=f"{original.id[:50]}-{len(offers)}",
                district=districts[int(rng.integers(0, len(districts)))],
                languages=[str(code) for code in languages],
                capacity=Capacity(available=int(rng.integers(0, maximum)), maximum=maximum)
                if rng.random() < 0.5
                else None,
            )
        )
    return offers


def measure(size: int, profiles: int) -> dict[str, float]:
    """One size, in this process: percentiles of per-profile latency and the peak RSS."""
    from matcher.engine import rank
    from matcher.offer_matrix import OfferMatrix
    from matcher.plan import PlanContext, build_plan
    from matcher.ranker import LinearRanker
    from matcher.training import fit, split_by_profile, synthetic_consultations
    from models.provider import ProviderOut
    from seed.consultations import synthetic_profile
    from seed.demo import demo_catalogue
    from web.i18n import gettext_for

    started = time.perf_counter()
    matrix = OfferMatrix.build(scaled_catalogue(size))
    build_seconds = time.perf_counter() - started
    training_matrix = OfferMatrix.build(demo_catalogue().offers)
    train, _ = split_by_profile(synthetic_consultations(training_matrix, 400, 1, TODAY), 0.2, 1)
    estimator, baseline = fit(train, [], 1)
    ranker = LinearRanker.from_estimator(estimator, baseline, 1)
    providers = {p.id: ProviderOut(id=p.id, name=p.name, kind=p.kind) for p in demo_catalogue().providers}
    rng = np.random.default_rng(99)
    people = [synthetic_profile(rng) for _ in range(profiles)]
    gettext = gettext_for("de")
    for person in people[:5]:  # warm-up
        rank(person, matrix, ranker.scores, TODAY)
    latencies = []
    for person in people:
        begin = time.perf_counter()
        ranking = rank(person, matrix, ranker.scores, TODAY)
        context = PlanContext("bench", datetime.now(UTC), "de", matrix, providers, ranker, gettext)
        build_plan(person, ranking, context)
        latencies.append((time.perf_counter() - begin) * 1000)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "offers": size,
        "profiles": profiles,
        "matrix_build_s": round(build_seconds, 2),
        "p50_ms": round(float(np.percentile(latencies, 50)), 2),
        "p99_ms": round(float(np.percentile(latencies, 99)), 2),
        "max_ms": round(max(latencies), 2),
        "peak_rss_mb": round(peak_kib / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, help="(internal) measure one size in this process")
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="100 profiles, sizes up to 10,000")
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(args.size, args.profiles)))
        return
    sizes = SIZES[:3] if args.quick else SIZES
    profiles = 100 if args.quick else args.profiles
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    print("| offers | profiles | p50 ms | p99 ms | max ms | peak RSS MB | matrix build s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        command = [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "-m",
            "bench.ranking",
            "--size",
            str(size),
            "--profiles",
            str(profiles),
        ]
        result = json.loads(
            subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        )
        print(f"| {result['offers']:,} | {result['profiles']} | {result['p50_ms']} | {result['p99_ms']} | "
              f"{result['max_ms']} | {result['peak_rss_mb']} | {result['matrix_build_s']} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
