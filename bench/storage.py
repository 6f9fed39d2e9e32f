"""Bytes stored per plan, on SQLite and PostgreSQL, through the real application.

Makes ``--plans`` plans (500) with realistic random profiles through ``POST /api/v1/plans`` on a fresh database
of each backend and prints how much the database grew per plan: on SQLite the file (with its write-ahead log,
checkpointed first), on PostgreSQL ``pg_total_relation_size`` of the plan tables (``plan``, and ``plan_item``
where it still exists; with indexes and TOAST) after ``VACUUM``. Also prints the mean and largest length of the stored record itself. The target of
issue 12: at most 3 KB per plan. Run: ``.venv/bin/python -m bench.storage`` (``--backend sqlite`` for one).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import asyncpg
from sqlalchemy import func, select, text

from bench.harness import app_client, database, profiles
from models.database import create_engine, session_factory
from models.plan import Plan


async def _size(url: str) -> int:
    """The bytes the plan storage takes now."""
    if url.startswith("sqlite"):
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        finally:
            await engine.dispose()
        path = Path(url.split("///", 1)[1])
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute("VACUUM")
        size: int = await connection.fetchval(
            "SELECT sum(pg_total_relation_size(oid)) FROM pg_class WHERE relname IN ('plan', 'plan_item') "
            "AND relkind = 'r'"
        )
        return size
    finally:
        await connection.close()


async def _records(url: str) -> tuple[int, float, int]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            length = func.length(Plan.record)
            row = (await session.execute(select(func.count(), func.avg(length), func.max(length)))).one()
            return int(row[0]), float(row[1] or 0), int(row[2] or 0)
    finally:
        await engine.dispose()


def measure(backend: str, plans: int) -> dict[str, float]:
    with database(backend) as (url, folder), app_client(url, folder) as client:
        for body in profiles(20, seed=1):  # warm-up, and the first pages of the table
            assert client.post("/api/v1/plans", json=body).status_code == 201
        before = asyncio.run(_size(url))
        for body in profiles(plans):
            answer = client.post("/api/v1/plans", json=body)
            assert answer.status_code == 201, answer.text
        after = asyncio.run(_size(url))
        count, mean, largest = asyncio.run(_records(url))
    return {"plans": plans, "bytes_per_plan": (after - before) / plans, "record_mean": mean,
            "record_max": largest, "stored": count}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = parser.parse_args()
    print("| backend | plans | bytes per plan (database growth) | record mean bytes | record max bytes |")
    print("|---|---:|---:|---:|---:|")
    for backend in args.backend or ["sqlite", "postgresql"]:
        r = measure(backend, args.plans)
        print(f"| {backend} | {r['plans']} | {r['bytes_per_plan']:,.0f} | {r['record_mean']:,.0f} | "
              f"{r['record_max']:,.0f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
