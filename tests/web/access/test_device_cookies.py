"""Device cookies at sign-in (OWASP): a browser that signed in to an account keeps five tries of its own for it when
guessing from many addresses has blocked the name; a made-up cookie, another account's, one from before a new
passphrase or an expired one does not."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from models.database import create_engine, session_factory
from tests.conftest import COUNSELLOR, STAFF_PASSWORD, add_staff
from web.access.accounts import set_password
from web.app import create_app
from web.settings import Settings

NEW_PASSWORD = "eine neue lange Passphrase für Tests"


async def attempt(app: Any, browser: httpx.AsyncClient | None, name: str, password: str, address: str) -> int:
    """One sign-in from ``browser`` (its cookies), or from a fresh browser at ``address``: the status."""
    own = browser or httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 50000)),
                                       base_url="https://testserver.local")  # fmt: skip
    await own.get("/login")
    form = {"username": name, "password": password, "_csrf_token": own.cookies["csrftoken"]}
    status = (await own.post("/login", data=form)).status_code
    if browser is None:
        await own.aclose()
    return status


def browser(app: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("198.51.100.20", 50000))
    return httpx.AsyncClient(transport=transport, base_url="https://testserver.local")


async def block_the_name(app: Any, name: str) -> list[int]:
    """Fifty failures from many addresses: the cap per name."""
    return [await attempt(app, None, name, "a wrong guess", f"192.0.2.{i // 4}") for i in range(50)]


def test_the_owners_usual_browser_signs_in_while_guessing_from_many_addresses_blocks_the_name(
    settings: Settings,
) -> None:
    """Fifty failures from many addresses blocked the name for everyone, its owner too. A browser that signed in to
    the account before keeps five tries of its own; a made-up cookie or another account's does not help."""

    async def run() -> dict[str, Any]:
        app: Any = create_app(settings)
        async with app.lifespan(), browser(app) as usual, browser(app) as forged, browser(app) as other:
            seen: dict[str, Any] = {"first": await attempt(app, usual, COUNSELLOR, STAFF_PASSWORD, "")}
            seen["cookie"] = usual.cookies.get("lotse_device", domain="testserver.local", path="/login")
            seen["many"] = await block_the_name(app, COUNSELLOR)
            seen["stranger"] = await attempt(app, None, COUNSELLOR, STAFF_PASSWORD, "198.51.100.20")
            seen["usual"] = await attempt(app, usual, COUNSELLOR, STAFF_PASSWORD, "")
            forged.cookies.set("lotse_device", f"made-up.{int(time.time())}." + "0" * 32, domain="testserver.local",
                               path="/login")  # fmt: skip
            seen["forged"] = await attempt(app, forged, COUNSELLOR, STAFF_PASSWORD, "")
            await attempt(app, other, "beratung-2", STAFF_PASSWORD, "")  # its device cookie is for another account
            seen["other"] = await attempt(app, other, COUNSELLOR, STAFF_PASSWORD, "")
            seen["usual_wrong"] = [await attempt(app, usual, COUNSELLOR, "my own typo", "") for _ in range(6)]
            return seen

    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    asyncio.run(add_staff(settings.database_url, "beratung-2", "counsellor"))
    seen = asyncio.run(run())
    assert seen["first"] == 303 and seen["cookie"]
    assert seen["many"].count(401) == 50 and seen["stranger"] == 429  # blocked for browsers it does not know
    assert seen["usual"] == 303  # the owner's usual browser still signs in
    assert seen["forged"] == 429 and seen["other"] == 429
    assert seen["usual_wrong"] == [401] * 5 + [429]  # and has five tries of its own


def test_a_new_passphrase_or_age_makes_a_device_cookie_unknown(settings: Settings) -> None:
    """A cookie never expired on the server and outlived a new passphrase: a thief who had signed in once kept five
    fresh guesses every 15 minutes, past the cap, for good (hostile-input review)."""

    async def new_passphrase() -> None:
        engine = create_engine(settings.database_url)
        async with session_factory(engine)() as session:
            await set_password(session, COUNSELLOR, NEW_PASSWORD, actor="cli")
        await engine.dispose()

    async def run() -> dict[str, Any]:
        app: Any = create_app(settings)
        async with app.lifespan(), browser(app) as thief, browser(app) as owner:
            seen: dict[str, Any] = {"thief": await attempt(app, thief, COUNSELLOR, STAFF_PASSWORD, "")}
            await new_passphrase()  # the operator's answer to a leaked passphrase
            seen["owner"] = await attempt(app, owner, COUNSELLOR, NEW_PASSWORD, "")
            kept = owner.cookies.get("lotse_device", domain="testserver.local", path="/login")
            await block_the_name(app, COUNSELLOR)
            seen["thief_after"] = await attempt(app, thief, COUNSELLOR, NEW_PASSWORD, "")
            seen["owner_after"] = await attempt(app, owner, COUNSELLOR, NEW_PASSWORD, "")
            nonce, issued, signature = str(kept).split(".")
            owner.cookies.set("lotse_device", f"{nonce}.{int(issued) - 181 * 86400}.{signature}",
                              domain="testserver.local", path="/login")  # fmt: skip
            seen["backdated"] = await attempt(app, owner, COUNSELLOR, NEW_PASSWORD, "")
            return seen

    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    seen = asyncio.run(run())
    assert seen["thief"] == 303 and seen["owner"] == 303
    assert seen["thief_after"] == 429  # the cookie from before the new passphrase counts for nothing
    assert seen["owner_after"] == 303
    assert seen["backdated"] == 429  # a changed date breaks the signature; an old one is expired


def test_a_flood_of_sign_ins_is_turned_away_at_once_instead_of_holding_the_worker(
    anonymous: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sign-ins waited in one line for Argon2 while each held one of the worker's request slots: 60 a second made
    every other request (the kiosk too) answer 503 (hostile-input review). Beyond eight in line a sign-in is
    answered at once, and the rest of the service is not held up."""
    turns = anonymous.app.state.sign_in_turns
    anonymous.get("/login")
    form = {"username": COUNSELLOR, "password": STAFF_PASSWORD, "_csrf_token": anonymous.cookies["csrftoken"]}
    monkeypatch.setattr(turns, "in_line", turns.most)  # eight sign-ins in line already
    answer = anonymous.post("/login", data=form, follow_redirects=False)
    assert (answer.status_code, answer.headers["retry-after"]) == (503, "2")
    assert "Gerade melden sich sehr viele gleichzeitig an" in answer.text and 'id="username"' in answer.text
    assert anonymous.get("/kiosk/de").status_code == 200
    monkeypatch.setattr(turns, "in_line", 0)
    assert anonymous.post("/login", data=form, follow_redirects=False).status_code == 303
