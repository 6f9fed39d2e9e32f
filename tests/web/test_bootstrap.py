"""Start-up preparation (web/bootstrap.py): processes that prepare one new database at the same moment."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import cast

from sqlalchemy import select

from matcher.trainer import Measure, TrainingReport
from models.catalogue import offer_count
from models.database import create_engine, session_factory
from models.ranking_model import RankingModel
from web.bootstrap import cold_start_note


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


def _report(promoted: bool) -> TrainingReport:
    return TrainingReport(version=2, promoted=promoted, reason="the fit has problems", new=cast(Measure, None),
                          current=None, current_version=None, difference=None, synthetic_profiles=0, feedback_rows=0,
                          held_out_plans=0)  # fmt: skip


def test_a_command_says_whether_the_cold_start_model_serves() -> None:
    """A model with problems is never promoted: the command said "plans can be made" all the same."""
    assert cold_start_note(_report(True)).endswith("trained the cold-start model (version 2); plans can be made.")
    note = cold_start_note(_report(False))
    assert "(version 2) was not promoted (the fit has problems)" in note and "plans answer 503" in note
