"""``/login``, ``/logout`` and ``/konto``: staff sign in with name and password, and sign out.

Failed sign-ins are throttled per account name and client address (``MAX_FAILURES`` within ``FAILURE_WINDOW``,
counted in the audit log so every replica sees them; the address kept only as a keyed digest), per account name
from all addresses together (``MAX_FAILURES_PER_NAME``: guessing spread over many addresses), and per client
address (the rate limit on ``/login``). A stranger who knows a name no longer locks its owner out: the owner's
own address still has its five tries (hostile-input review). And a browser that signed in to an account before
carries a device cookie (OWASP's "device cookies"): for that account it has five tries of its own and is not held
by the cap per name, so even guessing from many addresses does not lock the owner out of their usual browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy import select

from models.access import AuditEvent, Role
from web.access.accounts import NAME, count_accounts, password_hash_of, verify_password
from web.access.audit import record
from web.access.guards import staff_of_request, staff_only
from web.access.limits import network_of
from web.access.sessions import COOKIE, HOME, digest, end_session, start_session
from web.access.sign_in_lock import sign_in_lock
from web.dependencies import DbSession
from web.pages.rendering import screen_context
from web.settings import derived_key

MAX_IN_LINE = 8  # sign-ins per process waiting for their turn or having it (each ~0.1 s of Argon2)
MAX_FAILURES = 5  # per account name and client address
MAX_FAILURES_PER_NAME = 50  # per account name, from any address
FAILURE_WINDOW = timedelta(minutes=15)
DEVICE_COOKIE = "lotse_device"
DEVICE_SECONDS = 180 * 24 * 3600  # a device cookie is renewed at each sign-in


class SignInTurns:
    """One sign-in at a time per process, so that parallel guesses cannot outrun the count of failures; at most
    ``most`` in line, so that a flood of sign-ins cannot hold every request slot of the worker while it waits
    (hostile-input review: 60 sign-ins a second made the kiosk answer 503)."""

    def __init__(self, most: int = MAX_IN_LINE) -> None:
        self.lock, self.in_line, self.most = asyncio.Lock(), 0, most

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """True once it is this sign-in's turn; False at once when the line is full."""
        if self.in_line >= self.most:
            yield False
            return
        self.in_line += 1
        try:
            async with self.lock:
                yield True
        finally:
            self.in_line -= 1


def safe_next(target: str | None) -> str | None:
    """Only a path on this service (no other host, no scheme): sign-in never redirects elsewhere."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n"):
        return None
    return target


def language_of(value: str | None) -> str:
    return "en" if value == "en" else "de"


class LoginScreen(Controller):
    include_in_schema = False

    @get("/login")
    async def page(self, db_session: DbSession, next: FromQuery[str | None] = None,
                   lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        return _page(language_of(lang), safe_next(next), first_run=await count_accounts(db_session) == 0)

    @post("/login")
    async def sign_in(self, request: Request[Any, Any, Any], db_session: DbSession) -> Response[Any]:
        form = await request.form()
        name = str(form.get("username") or "").strip().lower()[:64]
        password = str(form.get("password") or "")
        language, target_page = language_of(str(form.get("lang") or "")), safe_next(str(form.get("next") or ""))
        gettext = screen_context(language)["_"]
        if not name or not password:
            return _page(language, target_page, error=gettext("Please enter your account name and password."),
                         name=name, status=400)  # fmt: skip
        busy = gettext("Many sign-ins at once right now. Please try again in a few seconds.")
        async with request.app.state.sign_in_turns.turn() as turn:  # one at a time: guesses cannot outrun the count
            if not turn:  # a flood of sign-ins waits no longer for Argon2 in a line that holds the worker's slots
                return _page(language, target_page, error=busy, name=name, status=503, retry_after=2)
            async with sign_in_lock(db_session, name) as held:  # and one at a time in every other process too
                if not held:
                    return _page(language, target_page, error=busy, name=name, status=503, retry_after=2)
                # A name no account can have (a NUL, a space...) is not looked up: PostgreSQL refused NUL with a 500.
                possible = NAME.match(name) is not None
                stored = await password_hash_of(db_session, name) if possible else None
                target = name if stored is not None else "unknown:" + digest(name)[:16]
                device = None if stored is None else _known_device(request, name, stored)
                since = datetime.now(UTC) - FAILURE_WINDOW
                client = _client_digest(request) if device is None else "device:" + digest(device)[:16]
                if await _blocked(db_session, target, client, since, by_name=device is None):
                    record(db_session, "anonymous", "sign_in_refused", target, reason="too_many_failures")
                    await db_session.commit()
                    text = gettext("Too many failed sign-ins for this account. Please wait 15 minutes and try again.")
                    return _page(language, target_page, error=text, name=name, status=429,
                                 retry_after=int(FAILURE_WINDOW.total_seconds()))  # fmt: skip
                account = await verify_password(db_session, name, password) if possible else None
                if account is None:
                    # Names that are no account are kept only as a digest: a password typed there stays out of the log.
                    record(db_session, "anonymous", "sign_in_failed", target, client=client)
                    await db_session.commit()
                    text = gettext("The account name or the password is not right, or the account is disabled.")
                    return _page(language, target_page, error=text, name=name, status=401)
        previous = request.cookies.get(COOKIE)
        if previous and len(previous) <= 128:  # signing in again ends the session this browser had (another role)
            await end_session(db_session, digest(previous))
        token = await start_session(db_session, account, "password")
        record(db_session, f"staff:{account.name}", "signed_in", account.name, method="password")
        await db_session.commit()
        response: Response[Any] = Redirect(target_page or HOME.get(Role(account.role), "/konto"), status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, secure=True, samesite="lax", path="/")
        issued = f"{secrets.token_urlsafe(16)}.{int(time.time())}"
        signature = _device_signature(request, account.name, issued, account.password_hash)
        response.set_cookie(DEVICE_COOKIE, f"{issued}.{signature}", max_age=DEVICE_SECONDS, httponly=True,
                            secure=True, samesite="strict", path="/login")  # fmt: skip
        return response

    @post("/logout", guards=[staff_only(*Role)])
    async def sign_out(self, request: Request[Any, Any, Any], db_session: DbSession) -> Response[Any]:
        staff = staff_of_request(request)
        await end_session(db_session, staff.session_id)
        record(db_session, staff.actor, "signed_out", staff.name)
        await db_session.commit()
        response: Response[Any] = Redirect("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @get("/konto", guards=[staff_only(*Role)])
    async def account(self, request: Request[Any, Any, Any], lang: FromQuery[str | None] = None) -> Template:
        staff = staff_of_request(request)
        language = language_of(lang)
        context = screen_context(language, staff=staff, home=HOME, home_url=f"{HOME[Role(staff.role)]}?lang={language}")
        return Template("access/account.html", context=context)


async def _blocked(session: DbSession, target: str, client: str, since: datetime, by_name: bool) -> bool:
    """Whether ``client`` (an address digest or a known device) has used its tries for ``target``, or (``by_name``)
    all clients together have used the name's."""
    failed = select(AuditEvent.detail).where(
        AuditEvent.action == "sign_in_failed", AuditEvent.target == target, AuditEvent.at >= since
    )
    if not by_name:  # a known device: only its own failures count
        failed = failed.where(AuditEvent.detail["client"].as_string() == client)
    found = list(await session.scalars(failed.limit(MAX_FAILURES_PER_NAME)))
    from_here = sum(1 for detail in found if isinstance(detail, dict) and detail.get("client") == client)
    return from_here >= MAX_FAILURES or (by_name and len(found) >= MAX_FAILURES_PER_NAME)


def _device_signature(request: Request[Any, Any, Any], name: str, issued: str, password_hash: str) -> str:
    """Signed over the account's current password hash too: a new passphrase makes its device cookies unknown
    (a thief's cookie from before stops giving five tries of its own)."""
    key = derived_key(request.app.state.settings, "sign-in-device")
    message = "\n".join((name, issued, hashlib.sha256(password_hash.encode()).hexdigest()))
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]


def _known_device(request: Request[Any, Any, Any], name: str, password_hash: str) -> str | None:
    """The nonce of this browser's device cookie if the browser signed in to ``name`` with its current passphrase
    within the last 180 days; None otherwise (no cookie, another account's, an older passphrase's, an expired one,
    or one not made by this service)."""
    nonce, _, rest = request.cookies.get(DEVICE_COOKIE, "")[:120].partition(".")
    issued, _, signature = rest.partition(".")
    if not nonce or not issued.isdigit() or not 0 <= time.time() - int(issued) <= DEVICE_SECONDS:
        return None
    expected = _device_signature(request, name, f"{nonce}.{issued}", password_hash)
    return nonce if hmac.compare_digest(signature.encode(), expected.encode()) else None


def _client_digest(request: Request[Any, Any, Any]) -> str:
    """The client address as a keyed digest: failures from one address can be counted, the address not read."""
    address = network_of(request.client.host) if request.client else ""  # an IPv6 client as its /64
    key = derived_key(request.app.state.settings, "sign-in-address")
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:16]


def _page(language: str, target: str | None, *, error: str | None = None, name: str = "", status: int = 200,
          first_run: bool = False, retry_after: int | None = None) -> Template:  # fmt: skip
    context = screen_context(language, error=error, name=name, next=target or "", first_run=first_run)
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return Template("access/login.html", context=context, status_code=status, headers=headers)
