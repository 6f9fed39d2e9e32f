"""``lotse users`` and ``lotse keys``: staff accounts and partner API keys, for the operator on the server."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from models.access import Role
from models.database import create_engine, session_factory, use_schema
from web.access.accounts import (
    AccountError,
    add_account,
    check_password,
    disable_account,
    enable_account,
    list_accounts,
    set_password,
)
from web.access.keys import KeyNameError, create_key, list_keys, parse_scopes, revoke_key, rotate_key
from web.access.retention import purge
from web.settings import Settings, shown_database

T = TypeVar("T")
ACTOR = "cli"


def add_access_commands(commands: Any) -> None:
    users = commands.add_parser("users", help="staff accounts").add_subparsers(required=True, metavar="ACTION")
    add = users.add_parser("add", help="create a staff account")
    add.add_argument("name", help="account name (not a person's full name is needed: e.g. 'beratung-3')")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--password-stdin", action="store_true",
                     help="read the passphrase from standard input (scripts); without it, a terminal asks for it "
                     "twice (at least 12 characters)")  # fmt: skip
    add.set_defaults(run=_users_add)
    users.add_parser("list", help="list staff accounts").set_defaults(run=_users_list)
    disable = users.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("name")
    disable.set_defaults(run=_users_disable)
    enable = users.add_parser(
        "enable", help="enable a disabled account again (set a new passphrase first if the old one may be known)"
    )
    enable.add_argument("name")
    enable.set_defaults(run=_users_enable)
    passphrase = users.add_parser("passphrase", help="set a new passphrase for an account and end its sessions")
    passphrase.add_argument("name")
    passphrase.add_argument("--password-stdin", action="store_true", help="read it from standard input (scripts)")
    passphrase.set_defaults(run=_users_passphrase)

    keys = commands.add_parser("keys", help="partner API keys").add_subparsers(required=True, metavar="ACTION")
    create = keys.add_parser("create", help="create a key; it is printed once, on the last line")
    create.add_argument("name", help="the partner tool, e.g. 'migrationsberatung-hannover'")
    create.add_argument("--scopes", required=True, help="comma-separated: plans,feedback,referrals,steering")
    create.set_defaults(run=_keys_create)
    keys.add_parser("list", help="list keys (never the keys themselves)").set_defaults(run=_keys_list)
    revoke = keys.add_parser("revoke", help="revoke a key (running services refuse it within LOTSE_RELOAD_SECONDS)")
    revoke.add_argument("name")
    revoke.set_defaults(run=_keys_revoke)
    rotate = keys.add_parser(
        "rotate",
        help="a new secret for a key, printed once (the old one stops working within "
        "LOTSE_RELOAD_SECONDS; the partner keeps its plans and referrals)",
    )
    rotate.add_argument("name")
    rotate.set_defaults(run=_keys_rotate)

    purger = commands.add_parser("purge", help="delete or reduce what is older than LOTSE_RETENTION_DAYS")
    purger.add_argument("--dry-run", action="store_true", help="only count what would go")
    purger.set_defaults(run=_purge)


def _on_database(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(settings.database_url)
        try:
            await use_schema(engine)
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _nothing(_session: AsyncSession) -> None:
    """No work: ``_on_database`` only checks (or creates) the schema."""


def _fail(message: str) -> int:
    print(f"lotse: {message}", file=sys.stderr)
    return 1


def _passphrase(args: argparse.Namespace, nothing_done: str) -> str:
    """The passphrase from standard input (``--password-stdin``) or asked twice in a terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AccountError(f"{nothing_done}: give --password-stdin to read the passphrase from standard input, "
                           "or run the command in a terminal to be asked for it")  # fmt: skip
    password = getpass.getpass(f"Passphrase for the account {args.name!r} (at least 12 characters): ")
    check_password(args.name, password)  # a passphrase that cannot be used is refused before it is asked again
    if getpass.getpass("The same passphrase again: ") != password:
        raise AccountError(f"{nothing_done}: the two passphrases differ")
    return password


def _users_add(args: argparse.Namespace, settings: Settings) -> int:
    _on_database(settings, _nothing)  # a database this release cannot use is said before the passphrase is asked
    try:
        password = _passphrase(args, "no account was created")
        account = _on_database(settings, lambda s: add_account(s, args.name, args.role, password, actor=ACTOR))
    except AccountError as error:
        return _fail(str(error) if str(error).startswith("no account") else f"no account was created: {error}")
    print(f"Created the {account.role} account {account.name!r}. Sign in at /login.")
    return 0


def _users_passphrase(args: argparse.Namespace, settings: Settings) -> int:
    _on_database(settings, _nothing)
    try:
        password = _passphrase(args, "the passphrase was not changed")
        changed = _on_database(settings, lambda s: set_password(s, args.name, password, actor=ACTOR))
    except AccountError as error:
        message = str(error)
        return _fail(
            message
            if message.startswith("the passphrase was not changed")
            else f"the passphrase was not changed: {message}"
        )
    if not changed:
        return _fail(f"there is no account named {args.name!r}")
    print(f"Set a new passphrase for {args.name!r}; its sessions have ended.")
    return 0


def _users_enable(args: argparse.Namespace, settings: Settings) -> int:
    return _account_step(settings, enable_account, args.name, "disabled", "Enabled {name!r} again.")


def _users_list(_args: argparse.Namespace, settings: Settings) -> int:
    accounts = _on_database(settings, list_accounts)
    if not accounts:  # said nothing at all, also when run from the wrong folder (on a new, empty database)
        print(f"No staff accounts in {shown_database(settings)}.", file=sys.stderr)
    for account in accounts:
        state = f"disabled {account.disabled_at:%Y-%m-%d}" if account.disabled_at else "active"
        print(f"{account.name}\t{account.role}\t{state}\tcreated {account.created_at:%Y-%m-%d}")
    return 0


def _users_disable(args: argparse.Namespace, settings: Settings) -> int:
    return _account_step(settings, disable_account, args.name, "active", "Disabled {name!r}; its sessions have ended.")


def _account_step(settings: Settings, step: Callable[..., Awaitable[bool]], name: str, state: str, done: str) -> int:
    """``step`` (enable or disable) for the account ``name``, which must be ``state``; ``done`` is said after."""
    if not _on_database(settings, lambda s: step(s, name, actor=ACTOR)):
        return _fail(f"there is no {state} account named {name!r}")
    print(done.format(name=name))
    return 0


def _keys_create(args: argparse.Namespace, settings: Settings) -> int:
    try:
        scopes = parse_scopes(args.scopes)
        key = _on_database(settings, lambda s: create_key(s, args.name, scopes, actor=ACTOR))
    except KeyNameError as error:
        return _fail(f"no key was created: {error}")
    print(f"Created the key {args.name!r} with the scopes {','.join(scopes)}. It is shown only now:")
    print(key)
    return 0


def _keys_list(_args: argparse.Namespace, settings: Settings) -> int:
    keys = _on_database(settings, list_keys)
    if not keys:
        print(f"No partner keys in {shown_database(settings)}.", file=sys.stderr)
    for key in keys:
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        used = f"last used {key.last_used_on:%Y-%m-%d}" if key.last_used_on else "never used"
        print(f"{key.name}\t{','.join(key.scopes)}\t{state}\t{used}")
    return 0


def _keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    if not _on_database(settings, lambda s: revoke_key(s, args.name, actor=ACTOR)):
        return _fail(f"there is no active key named {args.name!r}")
    print(f"Revoked {args.name!r}; running services refuse requests with it within {settings.reload_seconds:g} s "
          "(LOTSE_RELOAD_SECONDS).")  # fmt: skip
    return 0


def _keys_rotate(args: argparse.Namespace, settings: Settings) -> int:
    key = _on_database(settings, lambda s: rotate_key(s, args.name, actor=ACTOR))
    if key is None:
        return _fail(f"there is no active key named {args.name!r}")
    print(f"A new secret for {args.name!r}; running services refuse the old one within {settings.reload_seconds:g} s "
          "(LOTSE_RELOAD_SECONDS). It is shown only now:")  # fmt: skip
    print(key)
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    retention, idle = timedelta(days=settings.retention_days), timedelta(minutes=settings.session_idle_minutes)
    summary = _on_database(
        settings, lambda s: purge(s, retention, idle, datetime.now(UTC), ACTOR, dry_run=args.dry_run)
    )
    delete, reduce = ("Would delete", "reduce") if args.dry_run else ("Deleted", "reduced")
    print(f"{delete} {summary.plans_deleted} plans without outcomes and {reduce} {summary.plans_reduced} plans with "
          f"outcomes older than {settings.retention_days} days; {summary.audit_events_deleted} old audit events"
          + ("" if args.dry_run else f", {summary.sessions_ended} ended sessions") + ".")  # fmt: skip
    return 0
