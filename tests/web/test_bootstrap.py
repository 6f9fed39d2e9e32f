"""Start-up preparation (web/bootstrap.py): processes that prepare one new database at the same moment."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from models.catalogue import offer_count
from models.database import create_engine, session_factory
from models.ranking_model import RankingModel


async def _offers_and_models(url: str) -> tuple[int, list[int]]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            versions = (await session.scalars(select(RankingModel.version).order_by(RankingModel.version))).all()
            return await offer_count(session), list(versions)
    finally:
        await engine.dispose()


def test_two_first_starts_on_one_new_database_both_succeed(database_url: str, tmp_path: Path) -> None:
    """Two processes (`make run` and `lotse users add` in a second terminal; two replicas) find the same new
    database: one migrates, seeds and trains, the other waits and finds it prepared — no "table already exists",
    no second cold-start model."""
    env = {**os.environ, "LOTSE_DATABASE_URL": database_url, "LOTSE_DATA_DIR": str(tmp_path / "data")}
    lotse = Path(sys.executable).parent / "lotse"
    runs = [
        subprocess.Popen([str(lotse), "db", "prepare"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    for output in outputs:
        assert "Traceback" not in output
    offers, versions = asyncio.run(_offers_and_models(database_url))
    assert offers == 164
    assert versions == [1]
