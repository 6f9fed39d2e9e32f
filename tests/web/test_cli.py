"""``lotse db upgrade`` says which migrations it applied, on SQLite and PostgreSQL."""

from __future__ import annotations

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
