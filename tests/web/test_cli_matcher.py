"""``lotse train`` and ``lotse evaluate`` as an operator runs them."""

from __future__ import annotations

import asyncio

import pytest

from models.database import create_engine, session_factory
from models.ranking_model import active_model_version
from web.cli import main


def test_evaluate_prints_the_table_per_life_situation_and_meets_the_targets(
    monkeypatch: pytest.MonkeyPatch, seeded_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOTSE_DATABASE_URL", seeded_database_url)
    assert main(["evaluate"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("| life situation |"))
    for name in ("Lotse v1 (out of fold)", "synthetic prior only", "rules only", "keyword search (BM25)",
                 "BM25 + eligibility"):  # fmt: skip
        assert name in header
    for situation in ("unaccompanied_minor", "senior", "remote_district"):
        assert f"| {situation} |" in out
    must_not = next(line for line in out.splitlines() if line.startswith("| must-not in top 8 |"))
    assert must_not.split("|")[3].strip() == "0"
    assert "meets every target" in out
    assert "| second-author | 48 |" in out
    assert "| second-grading | 114 |" in out


def test_train_without_new_evidence_promotes_nothing(
    monkeypatch: pytest.MonkeyPatch, seeded_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOTSE_DATABASE_URL", seeded_database_url)
    assert main(["train", "--profiles", "300"]) == 0
    out = capsys.readouterr().out
    assert "in service (version 1)" in out
    assert "NDCG@8" in out
    assert "Not promoted: there is no held-out feedback to show that it is better." in out
    assert asyncio.run(_active_version(seeded_database_url)) == 1
    assert main(["train", "--profiles", "300", "--force"]) == 0
    assert "Promoted because --force was given." in capsys.readouterr().out
    assert asyncio.run(_active_version(seeded_database_url)) == 3


async def _active_version(url: str) -> int | None:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return await active_model_version(session)
    finally:
        await engine.dispose()


def test_train_and_evaluate_explain_an_empty_catalogue(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    assert main(["train"]) == 1
    assert main(["evaluate"]) == 1
    err = capsys.readouterr().err
    assert "catalogue is empty" in err
    assert "no model in service" in err


def test_the_command_lines_defaults_are_the_trainers() -> None:
    import matcher.trainer
    import web.cli_matcher

    assert (web.cli_matcher.DEFAULT_PROFILES, web.cli_matcher.DEFAULT_SEED) == (
        matcher.trainer.DEFAULT_PROFILES,
        matcher.trainer.DEFAULT_SEED,
    )
