"""``lotse train`` and ``lotse evaluate`` as an operator runs them."""

from __future__ import annotations

import asyncio

import pytest

from models.database import create_engine, session_factory
from models.ranking_model import active_model_version
from web.cli import main


def test_evaluate_prints_the_table_and_the_model_leads(
    monkeypatch: pytest.MonkeyPatch, seeded_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOTSE_DATABASE_URL", seeded_database_url)
    assert main(["evaluate", "--profiles", "600"]) == 0
    out = capsys.readouterr().out
    assert "| method | NDCG@5 | NDCG@10 | MRR | field coverage | eligibility violations |" in out
    for name in ("Lotse model", "random", "popularity", "keyword search (BM25)", "rules only (need × fit)"):
        assert f"| {name} |" in out
    model_row = next(line for line in out.splitlines() if line.startswith("| Lotse model |"))
    assert model_row.rstrip().endswith("| 0 |")
    assert "ahead of every baseline" in out


def test_train_promotes_only_a_model_that_is_not_worse(
    monkeypatch: pytest.MonkeyPatch, seeded_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOTSE_DATABASE_URL", seeded_database_url)
    assert main(["train", "--profiles", "400"]) == 0
    out = capsys.readouterr().out
    assert "in service (version 1)" in out
    new, current = (_ndcg(out, label) for label in ("new (version 2)", "in service (version 1)"))
    promoted = "Promoted: the new model is now in service." in out
    assert promoted == (new >= current) or new == current  # equal when rounded to 3 decimals
    assert asyncio.run(_active_version(seeded_database_url)) == (2 if promoted else 1)


def _ndcg(out: str, label: str) -> float:
    line = next(line for line in out.splitlines() if label in line)
    return float(line.split("NDCG@10 ")[1].split(",")[0])


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
