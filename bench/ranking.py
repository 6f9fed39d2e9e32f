"""Ranking latency and memory at 150, 1,000, 10,000 and 100,000 offers, on one core.

The catalogue is scaled from the Laatzen seed (copies with new ids, districts, places and languages), the
model is trained as ``lotse train`` trains it (synthetic prior, vignettes) on the seed catalogue and bound to
the scaled one, and then every profile goes through the whole in-process path a request takes: eligibility,
needs, features, scoring (base, crossed and per-offer terms), the choice of one offer per kind with
alternatives, exploration, and the plan with its reasons and steps.

Each size runs three times, each in its own process pinned to one CPU core (so peak RSS belongs to that
size); the table shows the quietest run (lowest plan p99) and the p99 of every run beside it, because on a
shared machine other tenants slow some runs down. Run: ``.venv/bin/python -m bench.ranking`` (``--quick``
for a short smoke run).
"""

from __future__ import annotations

import argparse
import gc
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
    from matcher.learning import Recipe
    from matcher.offer_matrix import OfferMatrix
    from matcher.plan import PlanContext, build_plan
    from matcher.ranker import BoundModel
    from matcher.synthetic import synthetic_profile
    from matcher.training import prior_weights
    from models.provider import ProviderOut
    from seed.demo import demo_catalogue
    from seed.vignettes import load_vignettes
    from web.i18n import gettext_for

    started = time.perf_counter()
    matrix = OfferMatrix.build(scaled_catalogue(size))
    build_seconds = time.perf_counter() - started
    training_matrix = OfferMatrix.build(demo_catalogue().offers)
    recipe = Recipe.of(training_matrix, prior_weights(training_matrix, 400, 1, TODAY), [], TODAY)
    model = BoundModel.bind(recipe.weights(load_vignettes()), matrix, 1)
    providers = {p.id: ProviderOut(id=p.id, name=p.name, kind=p.kind) for p in demo_catalogue().providers}
    rng = np.random.default_rng(99)
    people = [synthetic_profile(rng) for _ in range(profiles)]
    gettext = gettext_for("de")
    offer_cache: dict = {}  # type: ignore[type-arg]  # as a running service keeps it per catalogue revision
    for person in people[:50]:  # warm-up
        ranking = rank(person, matrix, model, TODAY, explore=True)
        build_plan(
            ranking, PlanContext("bench", datetime.now(UTC), "de", matrix, providers, model, gettext, offer_cache)
        )
    gc.collect()
    gc.freeze()  # as the service does after start-up (web/app.py)
    ranking_ms, plan_ms = [], []
    for person in people:
        begin = time.perf_counter()
        ranking = rank(person, matrix, model, TODAY, explore=True)
        ranked = time.perf_counter()
        context = PlanContext("bench", datetime.now(UTC), "de", matrix, providers, model, gettext, offer_cache)
        build_plan(ranking, context)
        ranking_ms.append((ranked - begin) * 1000)
        plan_ms.append((time.perf_counter() - begin) * 1000)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "offers": size,
        "profiles": profiles,
        "matrix_build_s": round(build_seconds, 2),
        "rank_p50_ms": round(float(np.percentile(ranking_ms, 50)), 2),
        "rank_p99_ms": round(float(np.percentile(ranking_ms, 99)), 2),
        "p50_ms": round(float(np.percentile(plan_ms, 50)), 2),
        "p99_ms": round(float(np.percentile(plan_ms, 99)), 2),
        "max_ms": round(max(plan_ms), 2),
        "peak_rss_mb": round(peak_kib / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, help="(internal) measure one size in this process")
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the table shows the quietest")
    parser.add_argument("--quick", action="store_true", help="100 profiles, sizes up to 10,000, one run")
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(args.size, args.profiles)))
        return
    sizes = SIZES[:3] if args.quick else SIZES
    profiles = 100 if args.quick else args.profiles
    repeat = 1 if args.quick else args.repeat
    print("| offers | profiles | ranking p50 ms | ranking p99 ms | plan p50 ms | plan p99 ms | plan max ms "
          "| peak RSS MB | matrix build s | plan p99 of every run |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in sizes:
        runs = sorted((run_size(size, profiles) for _ in range(repeat)), key=lambda r: r["p99_ms"])
        r = runs[0]
        every = ", ".join(str(run["p99_ms"]) for run in runs)
        print(f"| {r['offers']:,} | {r['profiles']} | {r['rank_p50_ms']} | {r['rank_p99_ms']} | {r['p50_ms']} | "
              f"{r['p99_ms']} | {r['max_ms']} | {r['peak_rss_mb']} | {r['matrix_build_s']} | {every} |", flush=True)  # fmt: skip


def run_size(size: int, profiles: int) -> dict[str, float]:
    """One size in a fresh process pinned to core 0 with one BLAS thread."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    command = ["taskset", "-c", "0", sys.executable, "-m", "bench.ranking", "--size", str(size),
               "--profiles", str(profiles)]  # fmt: skip
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    main()
