"""``lotse db upgrade`` says which migrations it applied, on SQLite and PostgreSQL; ``lotse serve`` refuses a
worker count below one."""

from __future__ import annotations

from pathlib import Path

import pytest

from web.cli import main


def test_db_upgrade_lists_what_it_applied_and_then_nothing(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    assert main(["db", "upgrade"]) == 0
    first = capsys.readouterr().out.splitlines()
    assert first[0] == "Applied migration 0001: offer catalogue"
    assert first[-2] == "Applied migration 0014: referral link generation"
    assert first[-1] == "The database schema is up to date (14 migrations applied now)."
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "The database schema is up to date (no migrations applied now).\n"


@pytest.mark.parametrize("workers", ["0", "-1"])
def test_serve_refuses_fewer_than_one_worker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str
) -> None:
    """``--workers 0`` started with as many workers as cores, saying so, instead of refusing."""
    monkeypatch.setenv("LOTSE_DATA_DIR", str(tmp_path))
    assert main(["serve", "--workers", workers]) == 2
    assert capsys.readouterr().err == "lotse: --workers must be at least 1\n"


def test_a_database_out_of_reach_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, postgres_base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lotse serve` or `lotse db prepare` before PostgreSQL is up printed 126 lines of traceback."""
    closed = "postgresql+asyncpg://lotse:secret@127.0.0.1:1/lotse"
    for url, reason in ((closed, "the database cannot be reached"), (f"{postgres_base_url}/no_such_database",
                                                                    "the database does not exist")):  # fmt: skip
        monkeypatch.setenv("LOTSE_DATABASE_URL", url)
        assert main(["db", "upgrade"]) == 1
        error = capsys.readouterr().err
        assert error.startswith(f"lotse: {reason} (")
        assert len(error.splitlines()) == 1 and "secret" not in error
