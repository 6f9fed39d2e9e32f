"""``lotse users`` and ``lotse keys`` as an operator runs them, on a real database."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from litestar.testing import TestClient
from sqlalchemy.engine import make_url

from tests.conftest import sign_in
from web.app import create_app
from web.settings import Settings

LOTSE = str(Path(sys.executable).parent / "lotse")
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "shared_accommodation"}


def lotse(url: str, folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOTSE_DATABASE_URL": url, "LOTSE_DATA_DIR": str(folder), "LOTSE_LOG_LEVEL": "WARNING"}
    return subprocess.run([LOTSE, *args], input=stdin, env=env, capture_output=True, text=True, timeout=120)


def test_users_add_list_disable(seeded_database_url: str, tmp_path: Path) -> None:
    url = seeded_database_url
    short = lotse(url, tmp_path, "users", "add", "anna", "--role", "counsellor", "--password-stdin", stdin="kurz\n")
    assert short.returncode == 1
    assert "at least 12 characters" in short.stderr
    bad_role = lotse(url, tmp_path, "users", "add", "anna", "--role", "boss", "--password-stdin", stdin="x" * 20)
    assert bad_role.returncode == 2
    added = lotse(url, tmp_path, "users", "add", "anna", "--role", "counsellor", "--password-stdin",
                  stdin="Sonnenblume am Leineufer 7\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    again = lotse(url, tmp_path, "users", "add", "anna", "--role", "admin", "--password-stdin", stdin="x" * 20)
    assert again.returncode == 1 and "exists already" in again.stderr
    listed = lotse(url, tmp_path, "users", "list")
    assert "anna\tcounsellor\tactive" in listed.stdout
    assert "Sonnenblume" not in listed.stdout

    settings = Settings(database_url=url, data_dir=tmp_path)
    with TestClient(app=create_app(settings), base_url="https://testserver.local") as client:
        sign_in(client, "anna", "Sonnenblume am Leineufer 7")
        assert client.get("/beratung", follow_redirects=False).status_code == 200
        assert lotse(url, tmp_path, "users", "disable", "anna").returncode == 0
        assert client.get("/beratung", follow_redirects=False).status_code == 303  # its session ended
    assert "anna\tcounsellor\tdisabled" in lotse(url, tmp_path, "users", "list").stdout
    assert lotse(url, tmp_path, "users", "disable", "anna").returncode == 1


def test_a_new_passphrase_ends_the_sessions_and_a_disabled_account_can_come_back(
    seeded_database_url: str, tmp_path: Path
) -> None:
    """A leaked passphrase could only be answered by disabling the account for good (hostile-input hunt)."""
    url, old, new = seeded_database_url, "Sonnenblume am Leineufer 7", "Regenbogen über der Leine 9"
    assert lotse(url, tmp_path, "users", "add", "anna", "--role", "counsellor", "--password-stdin",
                 stdin=old + "\n").returncode == 0  # fmt: skip
    settings = Settings(database_url=url, data_dir=tmp_path)
    with TestClient(app=create_app(settings), base_url="https://testserver.local") as client:
        sign_in(client, "anna", old)
        short = lotse(url, tmp_path, "users", "passphrase", "anna", "--password-stdin", stdin="kurz\n")
        assert short.returncode == 1 and "not changed" in short.stderr
        assert client.get("/beratung", follow_redirects=False).status_code == 200  # nothing changed
        changed = lotse(url, tmp_path, "users", "passphrase", "anna", "--password-stdin", stdin=new + "\n")
        assert changed.returncode == 0, changed.stderr
        assert client.get("/beratung", follow_redirects=False).status_code == 303  # its sessions ended
        client.get("/login")
        form = {"username": "anna", "password": old, "_csrf_token": client.cookies["csrftoken"]}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 401
        sign_in(client, "anna", new)
        assert lotse(url, tmp_path, "users", "disable", "anna").returncode == 0
        assert lotse(url, tmp_path, "users", "enable", "anna").returncode == 0
        assert lotse(url, tmp_path, "users", "enable", "anna").returncode == 1  # not disabled (any more)
        sign_in(client, "anna", new)
        assert client.get("/beratung", follow_redirects=False).status_code == 200
    assert lotse(url, tmp_path, "users", "passphrase", "nobody", "--password-stdin", stdin=new).returncode == 1
    assert "anna\tcounsellor\tactive" in lotse(url, tmp_path, "users", "list").stdout


def test_keys_create_list_revoke(seeded_database_url: str, tmp_path: Path) -> None:
    url = seeded_database_url
    assert lotse(url, tmp_path, "keys", "create", "partner", "--scopes", "plans,everything").returncode == 1
    created = lotse(url, tmp_path, "keys", "create", "partner", "--scopes", "plans,feedback")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("lotse_")
    listed = lotse(url, tmp_path, "keys", "list").stdout
    assert "partner\tfeedback,plans\tactive\tnever used" in listed
    assert key not in listed
    settings = Settings(database_url=url, data_dir=tmp_path, reload_seconds=1)
    with TestClient(app=create_app(settings), base_url="https://testserver.local") as client:
        headers = {"Authorization": f"Bearer {key}"}
        assert client.post("/api/v1/plans", json=PROFILE, headers=headers).status_code == 201
        assert lotse(url, tmp_path, "keys", "revoke", "partner").returncode == 0
        time.sleep(
            settings.reload_seconds
        )  # each worker keeps a valid key's partner this long (web/access/key_cache.py)
        assert client.post("/api/v1/plans", json=PROFILE, headers=headers).status_code == 401
    assert "partner\tfeedback,plans\trevoked" in lotse(url, tmp_path, "keys", "list").stdout


def test_a_rotated_key_keeps_its_plans_and_the_old_secret_stops(seeded_database_url: str, tmp_path: Path) -> None:
    """A partner whose key leaked could only get a key of another name, and then got 404 on all its earlier
    plans and referrals (they belong to the key); a revoked name was answered with "revoke it" (hostile hunt)."""
    url = seeded_database_url
    old = lotse(url, tmp_path, "keys", "create", "partner", "--scopes", "plans").stdout.strip().splitlines()[-1]
    settings = Settings(database_url=url, data_dir=tmp_path, reload_seconds=1)
    with TestClient(app=create_app(settings), base_url="https://testserver.local") as client:
        plan_id = client.post("/api/v1/plans", json=PROFILE, headers={"Authorization": f"Bearer {old}"}).json()[
            "plan_id"
        ]
        rotated = lotse(url, tmp_path, "keys", "rotate", "partner")
        assert rotated.returncode == 0, rotated.stderr
        new = rotated.stdout.strip().splitlines()[-1]
        assert new.startswith("lotse_") and new != old
        time.sleep(settings.reload_seconds)
        assert client.get(f"/api/v1/plans/{plan_id}", headers={"Authorization": f"Bearer {old}"}).status_code == 401
        assert client.get(f"/api/v1/plans/{plan_id}", headers={"Authorization": f"Bearer {new}"}).status_code == 200
    assert lotse(url, tmp_path, "keys", "rotate", "nobody").returncode == 1
    again = lotse(url, tmp_path, "keys", "create", "partner", "--scopes", "plans")
    assert again.returncode == 1 and "lotse keys rotate partner" in again.stderr
    assert lotse(url, tmp_path, "keys", "revoke", "partner").returncode == 0
    revoked = lotse(url, tmp_path, "keys", "create", "partner", "--scopes", "plans")
    assert revoked.returncode == 1 and "was revoked" in revoked.stderr
    assert lotse(url, tmp_path, "keys", "rotate", "partner").returncode == 1  # a revoked key stays revoked


def test_the_example_password_of_the_instructions_is_refused(seeded_database_url: str, tmp_path: Path) -> None:
    copied = lotse(seeded_database_url, tmp_path, "users", "add", "beratung-1", "--role", "counsellor",
                   "--password-stdin", stdin="a long passphrase of your own\n")  # fmt: skip
    assert copied.returncode == 1 and "passphrase of your own" in copied.stderr


def in_terminal(url: str, folder: Path, args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run ``lotse args`` in a pseudo-terminal and type ``answers`` at its passphrase prompts."""
    env = {**os.environ, "LOTSE_DATABASE_URL": url, "LOTSE_DATA_DIR": str(folder), "LOTSE_LOG_LEVEL": "WARNING"}
    pid, terminal = pty.fork()
    if pid == 0:  # the child: lotse, with the pseudo-terminal as its controlling terminal
        os.execve(LOTSE, [LOTSE, *args], env)
    output, typed, deadline = b"", 0, time.monotonic() + 120
    while time.monotonic() < deadline:
        if select.select([terminal], [], [], 1)[0]:
            try:
                chunk = os.read(terminal, 1024)
            except OSError:  # the child has ended
                break
            if not chunk:
                break
            output += chunk
            if typed < len(answers) and output.count(b"passphrase") + output.count(b"Passphrase") > typed:
                os.write(terminal, answers[typed].encode() + b"\n")
                typed += 1
    os.close(terminal)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_users_add_asks_twice_in_a_terminal(seeded_database_url: str, tmp_path: Path) -> None:
    secret = "Sonnenblume am Leineufer 7"
    code, output = in_terminal(seeded_database_url, tmp_path, ["users", "add", "anna", "--role", "counsellor"],
                               [secret, secret])  # fmt: skip
    assert code == 0, output
    assert "Created the counsellor account 'anna'" in output
    assert secret not in output  # not echoed
    code, output = in_terminal(seeded_database_url, tmp_path, ["users", "add", "ben", "--role", "counsellor"],
                               [secret, "Sonnenblume am Leineufer 8"])  # fmt: skip
    assert code == 1 and "the two passphrases differ" in output
    listed = lotse(seeded_database_url, tmp_path, "users", "list").stdout
    assert "anna\tcounsellor\tactive" in listed and "ben" not in listed


def test_a_short_passphrase_is_refused_before_it_is_asked_again(seeded_database_url: str, tmp_path: Path) -> None:
    """It was asked twice and only then refused as too short (a newcomer's run), and called a "password"."""
    code, output = in_terminal(seeded_database_url, tmp_path, ["users", "add", "anna", "--role", "counsellor"],
                               ["kurz", "kurz"])  # fmt: skip
    assert code == 1 and "the passphrase must have at least 12 characters" in output
    assert "again" not in output


def test_users_add_without_a_terminal_needs_password_stdin(seeded_database_url: str, tmp_path: Path) -> None:
    piped = lotse(seeded_database_url, tmp_path, "users", "add", "anna", "--role", "counsellor", stdin="x" * 20)
    assert piped.returncode == 1 and "--password-stdin" in piped.stderr
    assert "anna" not in lotse(seeded_database_url, tmp_path, "users", "list").stdout


def test_empty_lists_say_so_and_name_the_database(database_url: str, tmp_path: Path) -> None:
    """`lotse users list` printed nothing at all on an empty database, so an operator in the wrong folder (a new,
    empty database made there) could not tell (a newcomer's run). The note goes to standard error: a script that
    reads the list still reads an empty one."""
    for command, said in ((["users", "list"], "No staff accounts in "), (["keys", "list"], "No partner keys in ")):
        listed = lotse(database_url, tmp_path, *command)
        assert listed.returncode == 0 and listed.stdout == ""
        assert listed.stderr.startswith(said) and "lotse" in listed.stderr
        password = make_url(database_url).password
        assert not password or str(password) not in listed.stderr
