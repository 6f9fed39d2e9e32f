"""``lotse db upgrade`` says which migrations it applied, on SQLite and PostgreSQL, and is (with ``serve`` and
``db prepare``) the only command that migrates an existing database; ``lotse serve`` refuses a worker count below
one."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from models.database import create_engine, upgrade_schema
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


async def _revision(url: str, set_to: str | None = None, upgrade_to: str | None = None) -> str | None:
    engine = create_engine(url)
    try:
        if upgrade_to is not None:
            await upgrade_schema(engine, upgrade_to)
        async with engine.begin() as connection:
            if set_to is not None:
                await connection.execute(text("UPDATE alembic_version SET version_num = :to"), {"to": set_to})
            found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
            return None if found is None else str(found)
    finally:
        await engine.dispose()


def test_only_the_migrating_commands_migrate_an_older_schema(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lotse keys list`, `users add`, `export`, `import`, `seed`, `train` of a new release migrated an older
    database silently (an operator's run-through: the upgrade is a deliberate step, and a removing migration must
    wait until the replicas are stopped). They refuse now and say what to run; `lotse db upgrade` migrates."""
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    assert asyncio.run(_revision(database_url, upgrade_to="0013")) == "0013"
    for command in (["keys", "list"], ["users", "list"], ["export", "-"], ["seed"], ["evaluate"]):
        assert main(command) == 1, command
        error = capsys.readouterr().err
        assert error == (
            "lotse: the database schema is at revision 0013, and this release needs 0014: "
            "run `lotse db upgrade` first (docs/operations.md, Upgrades)\n"
        ), command
    assert asyncio.run(_revision(database_url)) == "0013"
    assert main(["db", "upgrade"]) == 0
    assert "Applied migration 0014: referral link generation" in capsys.readouterr().out
    assert main(["keys", "list"]) == 0


def test_a_new_database_gets_its_schema_from_any_command(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A first `lotse users add` (or `keys create`, `import`) before the first start still creates the schema."""
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    assert main(["keys", "list"]) == 0
    assert asyncio.run(_revision(database_url)) == "0014"


def test_a_schema_newer_than_the_release_is_used_with_a_warning_and_not_upgraded(
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An older release against a database a newer one migrated (a rollback, or a replica of the old release
    restarted during a rolling upgrade): Alembic's "Can't locate revision" traceback at every start before, though
    docs/operations.md promises that the old release works on a schema that only grew. Now the start and the
    other commands go on with a warning; `lotse db upgrade`, asked to migrate, says in one line why it cannot."""
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    asyncio.run(_revision(database_url, upgrade_to="head", set_to="0099"))
    assert main(["db", "upgrade"]) == 1
    assert capsys.readouterr().err == (
        "lotse: the database schema is at revision 0099, which this release does not know (it knows up to "
        "0014): a newer release migrated it; use that release, or restore the backup taken before the upgrade\n"
    )
    for command in (["db", "prepare"], ["keys", "list"]):
        caplog.clear()
        assert main(command) == 0, command
        warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
        assert [text[:83] for text in warnings] == [
            "the database schema is at revision 0099, newer than this release knows (up to 0014)"
        ], command
    assert asyncio.run(_revision(database_url)) == "0099"


async def _damage_revision(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_schema(engine)
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("statement", "said"),
    [
        ("DELETE FROM alembic_version", "the database has tables but no schema revision (alembic_version is "
         "missing or empty): it was not made by Lotse, or its revision was lost; use an empty database, or restore "
         "a backup"),
        ("INSERT INTO alembic_version VALUES ('0013')", "the database's schema revision cannot be read: "),
    ],
)  # fmt: skip
def test_a_lost_or_doubled_revision_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str], statement: str, said: str
) -> None:
    """Tables without a revision gave 184 lines ending in "table provider already exists" from every command."""
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    asyncio.run(_damage_revision(database_url, statement))
    for command in (["db", "upgrade"], ["keys", "list"]):
        assert main(command) == 1, command
        error = capsys.readouterr().err
        assert error.startswith(f"lotse: {said}") and len(error.splitlines()) == 1, error


def test_an_older_schema_is_said_before_the_passphrase_is_asked(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lotse users add` asked for the passphrase twice, and only then said that the database needs an upgrade."""
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    asyncio.run(_revision(database_url, upgrade_to="0013"))
    for command in (["users", "add", "beratung-9", "--role", "counsellor"], ["users", "passphrase", "beratung-9"]):
        assert main(command) == 1  # standard input is no terminal here: the passphrase would have been refused
        assert "run `lotse db upgrade` first" in capsys.readouterr().err, command
