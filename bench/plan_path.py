"""One client, in process: ``POST /api/v1/plans`` against ``GET /health`` through the whole application.

The real application (middleware, authentication, validation, ranking, the plan, the database write, the JSON
answer) on a fresh SQLite or PostgreSQL database, driven by Litestar's in-process test client: no sockets, so
this is a proxy for the HTTP figures (issue 12: one client p50 ≤ 2 ms and ≤ 4 × /health, p99 ≤ 6 ms over
HTTP, measured with wrk). Also times reading a plan again in another language (``GET /api/v1/plans/{id}``).
``--profile`` prints a cProfile of the plan requests instead. Run: ``.venv/bin/python -m bench.plan_path``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.harness import app_client, database, profiles


def _timed(call: Callable[[], Any], count: int) -> list[float]:
    times = []
    for _ in range(count):
        begin = time.perf_counter()
        call()
        times.append((time.perf_counter() - begin) * 1000)
    return times


def _row(name: str, times: list[float], health_p50: float) -> str:
    p50, p99 = float(np.percentile(times, 50)), float(np.percentile(times, 99))
    return f"| {name} | {len(times)} | {p50:.2f} | {p99:.2f} | {p50 / health_p50:.1f} |"


def measure(backend: str, count: int, profile: bool) -> None:
    bodies = profiles(count)
    with database(backend) as (url, folder), app_client(url, folder) as client:
        made = [client.post("/api/v1/plans", json=body).json()["plan_id"] for body in profiles(50, seed=1)]
        for _ in range(200):
            client.get("/health")
        gc.collect()
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for body in bodies:
                client.post("/api/v1/plans", json=body)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            return
        health = _timed(lambda: client.get("/health"), count)
        iterator = iter(bodies)
        plans = _timed(lambda: client.post("/api/v1/plans", json=next(iterator)), count)
        ids = iter(made * (count // len(made) + 1))
        reopen = _timed(lambda: client.get(f"/api/v1/plans/{next(ids)}", params={"language": "ar"}), count)
    health_p50 = float(np.percentile(health, 50))
    print(_row(f"{backend}: GET /health", health, health_p50))
    print(_row(f"{backend}: POST /api/v1/plans", plans, health_p50))
    print(_row(f"{backend}: GET /api/v1/plans/{{id}}?language=ar", reopen, health_p50), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the plan requests")
    args = parser.parse_args()
    if not args.profile:
        print("| request | n | p50 ms | p99 ms | p50 ÷ /health p50 |")
        print("|---|---:|---:|---:|---:|")
    for backend in args.backend or ["sqlite", "postgresql"]:
        measure(backend, args.requests, args.profile)


if __name__ == "__main__":
    main()
