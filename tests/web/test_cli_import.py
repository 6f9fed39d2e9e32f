"""``lotse import`` and ``lotse seed`` into a new database: the catalogue arrives with a model to rank it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from models.database import create_engine, session_factory
from models.ranking_model import RankingModel
from tests.seed.test_hsds_import import MAPPING, WEGWEISER, run_cli

TRAINED = "No ranking model served yet: trained the cold-start model (version 1); plans can be made."


async def _model_versions(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.scalars(select(RankingModel.version))).all())
    finally:
        await engine.dispose()


async def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


def test_the_first_import_trains_the_cold_start_model(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Production starts without the demo catalogue: `lotse db prepare`, then `lotse import`. Every plan answered
    503 ("run lotse train") until someone read the log; the import now trains the first model itself."""
    assert run_cli(monkeypatch, database_url, "import", str(WEGWEISER), "--mapping", str(MAPPING), "--dry-run") == 0
    assert TRAINED not in capsys.readouterr().out
    assert asyncio.run(_model_versions(database_url)) == []
    assert run_cli(monkeypatch, database_url, "import", str(WEGWEISER), "--mapping", str(MAPPING)) == 0
    assert TRAINED in capsys.readouterr().out.splitlines()
    assert run_cli(monkeypatch, database_url, "import", str(WEGWEISER), "--mapping", str(MAPPING)) == 0
    assert "trained" not in capsys.readouterr().out
    assert asyncio.run(_model_versions(database_url)) == [1]


def test_seeding_a_new_database_trains_the_cold_start_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}"
    assert run_cli(monkeypatch, url, "seed") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Demo catalogue: 164 offers created, 0 updated, 0 unchanged, 0 removed.",
        TRAINED,
    ]
    assert asyncio.run(_model_versions(url)) == [1]
    asyncio.run(_sql(url, "UPDATE offer SET confirmed_at = '2025-01-02 00:00:00.000000'"))
    assert run_cli(monkeypatch, url, "seed") == 0  # said "164 updated" of a catalogue that had not changed
    assert capsys.readouterr().out == "Demo catalogue: 0 offers created, 0 updated, 164 unchanged, 0 removed.\n"
    # ... and confirmed every offer as of today, hiding every stale flag (a newcomer's run)
    assert asyncio.run(_sql(url, "SELECT DISTINCT substr(CAST(confirmed_at AS TEXT), 1, 10) FROM offer")) == [
        ("2025-01-02",)
    ]


def test_importing_a_directory_without_dates_again_confirms_nothing(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without `assured_date` and `last_modified` every imported offer is confirmed (and changed) now; importing
    the same file again did that once more to every offer, although nothing had changed (a newcomer's run)."""
    directory = json.loads(WEGWEISER.read_text(encoding="utf-8"))
    for service in directory["contents"]:
        service.pop("assured_date", None)
        service.pop("last_modified", None)
    undated = tmp_path / "ohne-daten.json"
    undated.write_text(json.dumps(directory), encoding="utf-8")
    said, days = _import_again_after_confirming(
        monkeypatch, capsys, database_url, undated, "2025-01-02 00:00:00.000000"
    )
    assert ", 0 updated, 6 unchanged," in said
    assert days == [("2025-01-02",)]


def test_an_older_directory_date_does_not_move_a_later_confirmation_back(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editor confirmed the offers after the directory's `assured_date` (January to September); importing the same
    directory again set every confirmation back to the directory's date (a review), and its stale flag with it."""
    said, days = _import_again_after_confirming(
        monkeypatch, capsys, database_url, WEGWEISER, "2026-10-01 09:30:00.000000"
    )
    assert ", 0 updated, 6 unchanged," in said
    assert days == [("2026-10-01",)]


def _import_again_after_confirming(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, directory: Path, confirmed_at: str
) -> tuple[str, list[tuple[object, ...]]]:
    """Import ``directory``, confirm every offer at ``confirmed_at`` (as an editor would), import it again: what the
    imports printed, and the days of confirmation afterwards."""
    assert run_cli(monkeypatch, url, "import", str(directory), "--mapping", str(MAPPING)) == 0
    asyncio.run(_sql(url, f"UPDATE offer SET confirmed_at = '{confirmed_at}'"))
    assert run_cli(monkeypatch, url, "import", str(directory), "--mapping", str(MAPPING)) == 0
    return capsys.readouterr().out, asyncio.run(
        _sql(url, "SELECT DISTINCT substr(CAST(confirmed_at AS TEXT), 1, 10) FROM offer")
    )
