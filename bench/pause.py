"""What a pause costs on this machine: the same work back to back, and right after the thread slept.

With one client a worker waits between every two requests (for the client, for the database) and, on a
virtual machine, its caches and vCPU may be given to others meanwhile. This benchmark measures that penalty
on the plan's own code and on a database round trip, so that the one-client figures of ``bench.load`` can be
read against the machine they come from (docs/performance.md):

- a plan (ranking, record, texts: ``web.planning.make_plan`` without a store, so without the compressed
  record and the JSON answer), CPU time of the thread per plan, back to back and with a sleep of ``--pause``
  ms before each plan;
- ``SELECT 1`` and the plan's one-row INSERT on a throw-away PostgreSQL through asyncpg, wall-clock time per
  round trip and the CPU time until the statement is sent, back to back and after the same pause.

Run: ``.venv/bin/python -m bench.pause`` (PostgreSQL: Debian's server binaries, as for the tests).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import msgspec
import numpy as np

from bench.harness import _prepare, database, profiles
from models.database import create_engine, session_factory
from models.profile import NeedsProfile
from web.matching import MatchingService
from web.planning import make_plan
from web.positional_insert import positional_insert


def _median(values: list[float]) -> float:
    return float(np.median(values))


async def plan_cpu(url: str, count: int, pause: float) -> tuple[float, float]:
    """CPU microseconds of one plan: back to back, and after sleeping ``pause`` seconds."""
    engine = create_engine(url)
    try:
        matching = MatchingService(session_factory(engine), 10, 365)
        await matching.refresh()
        bodies = [msgspec.convert(body, NeedsProfile) for body in profiles(count)]
        for profile in bodies[:50]:
            await make_plan(profile, matching, None, "api")
        gc.collect()
        results = []
        for wait in (0.0, pause):
            spent = []
            for profile in bodies:
                if wait:
                    time.sleep(wait)
                begin = time.thread_time()
                await make_plan(profile, matching, None, "api")
                spent.append((time.thread_time() - begin) * 1e6)
            results.append(_median(spent))
        return results[0], results[1]
    finally:
        await engine.dispose()


async def round_trips(url: str, count: int, pause: float) -> list[str]:
    """Rows: wall-clock and until-sent CPU microseconds of SELECT 1 and of the plan INSERT."""
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    engine = create_engine(url)
    try:
        statement = positional_insert(engine.dialect, tuple(_row()))
        values = iter([statement.values(_row()) for _ in range(2 * count + 50)])  # made before the clock runs
        rows = []
        calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            ("SELECT 1", lambda: connection.fetchval("SELECT 1")),
            ("INSERT of one plan", lambda: connection.executemany(statement.sql, [next(values)])),
        ]
        for name, call in calls:
            for _ in range(50):
                await call()
            figures = []
            for wait in (0.0, pause):
                wall, sent = [], []
                for _ in range(count):
                    if wait:
                        time.sleep(wait)
                    begin, cpu = time.perf_counter(), time.thread_time()
                    running = asyncio.ensure_future(call())
                    await asyncio.sleep(0)  # runs until the statement is on its way
                    sent.append((time.thread_time() - cpu) * 1e6)
                    await running
                    wall.append((time.perf_counter() - begin) * 1e6)
                figures.append((_median(wall), _median(sent)))
            (hot_wall, hot_sent), (cold_wall, cold_sent) = figures
            rows.append(f"| {name} | {hot_wall:,.0f} µs | {cold_wall:,.0f} µs | {cold_wall / hot_wall:.1f} × "
                        f"| {hot_sent:,.0f} µs | {cold_sent:,.0f} µs |")  # fmt: skip
        return rows
    finally:
        await connection.close()
        await engine.dispose()


def _row() -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "created_at": datetime.now(UTC), "model_version": 1, "language": "de",
            "channel": "api", "profile": {"german_level": "A1", "children_ages": [3], "work": "job_seeking",
            "housing": "municipal_flat"}, "record": bytes(1300), "hidden": [], "owner": "key:bench",
            "consultation": None}  # fmt: skip


async def run(url: str, count: int, pause: float) -> None:
    await _prepare(url)
    hot, cold = await plan_cpu(url, count, pause)
    print(f"Pause before each: {pause * 1000:.0f} ms; {count} each; medians. A plan: CPU time of the thread; a")
    print("statement: wall-clock time of the round trip, and the thread's CPU time until the statement is sent.")
    print("| work | back to back | after the pause | ratio | CPU until sent, back to back | after the pause |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| a plan (CPU of the thread) | {hot:,.0f} µs | {cold:,.0f} µs | {cold / hot:.1f} × | | |")
    for row in await round_trips(url, count, pause):
        print(row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.pause", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=300, help="plans and round trips per row (default 300)")
    parser.add_argument("--pause", type=float, default=5.0, help="milliseconds of sleep before each (default 5)")
    args = parser.parse_args(argv)
    with database("postgresql") as (url, _folder):
        asyncio.run(run(url, args.count, args.pause / 1000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
