"""One client, in process: ``POST /api/v1/plans`` against ``GET /health`` through the whole application.

The real application (middleware, authentication, validation, ranking, the plan, the database write, the JSON
answer) on a fresh SQLite or PostgreSQL database, driven by Litestar's ``AsyncTestClient`` in the same event
loop: no sockets, so this is a proxy for the HTTP figures (issue 12: one client p50 ≤ 2 ms and ≤ 4 × /health,
p99 ≤ 6 ms over HTTP, measured with wrk). Also times reading a plan again in another language
(``GET /api/v1/plans/{id}?language=ar``). ``--profile`` prints a cProfile of the plan requests instead.
Run: ``.venv/bin/python -m bench.plan_path`` (``--backend sqlite`` for one backend).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import time
from collections.abc import Awaitable, Callable
from typing import Any

import numpy as np

from bench.harness import async_app_client, database, profiles


async def _timed(call: Callable[[], Awaitable[Any]], count: int) -> tuple[list[float], float]:
    """Wall-clock milliseconds of each call, and the process's CPU milliseconds per call (all its threads:
    on a busy shared machine the CPU time varies much less than the wall-clock time)."""
    times, cpu = [], time.process_time()
    for _ in range(count):
        begin = time.perf_counter()
        await call()
        times.append((time.perf_counter() - begin) * 1000)
    return times, (time.process_time() - cpu) * 1000 / count


def _row(name: str, timed: tuple[list[float], float], health_p50: float) -> str:
    times, cpu = timed
    p50, p99 = float(np.percentile(times, 50)), float(np.percentile(times, 99))
    return f"| {name} | {len(times)} | {p50:.2f} | {p99:.2f} | {p50 / health_p50:.1f} | {cpu:.2f} |"


async def measure(url: str, folder: Any, backend: str, count: int, profile: bool) -> None:
    bodies = profiles(count)
    async with async_app_client(url, folder) as client:
        made = [(await client.post("/api/v1/plans", json=body)).json()["plan_id"] for body in profiles(50, seed=1)]
        for _ in range(200):
            await client.get("/health")
        gc.collect()
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for body in bodies:
                await client.post("/api/v1/plans", json=body)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                r"(^|/)(web|matcher|models)/|sqlite|asyncpg|hashlib|msgspec", 45
            )
            return
        health = await _timed(lambda: client.get("/health"), count)
        iterator = iter(bodies)
        plans = await _timed(lambda: client.post("/api/v1/plans", json=next(iterator)), count)
        ids = iter(made * (count // len(made) + 1))
        reopen = await _timed(lambda: client.get(f"/api/v1/plans/{next(ids)}", params={"language": "ar"}), count)
    health_p50 = float(np.percentile(health[0], 50))
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
        print("| request | n | p50 ms | p99 ms | p50 ÷ /health p50 | CPU ms per request |")
        print("|---|---:|---:|---:|---:|---:|")
    for backend in args.backend or ["sqlite", "postgresql"]:
        with database(backend) as (url, folder):
            asyncio.run(measure(url, folder, backend, args.requests, args.profile))


if __name__ == "__main__":
    main()
