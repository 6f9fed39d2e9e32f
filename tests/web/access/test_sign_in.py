"""Staff sign-in: /login with username and password, server-side sessions, roles, throttling, sign-out."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select, update

from models.access import AuditEvent, StaffSession
from models.database import create_engine, session_factory
from tests.conftest import COUNSELLOR, STAFF_PASSWORD, add_staff, sign_in
from web.app import create_app
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": "2", "work": "job_seeking", "housing": "own_flat"}


def _post_form(client: Client, path: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(path, data={**data, "_csrf_token": client.cookies.get("csrftoken", "")}, follow_redirects=False)


async def _sql(url: str, statement, scalar: bool = False):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            result = await session.execute(statement)
            value = result.scalar() if scalar else None
            await session.commit()
            return value
    finally:
        await engine.dispose()


def test_screens_without_a_session_send_the_browser_to_login(anonymous: Client) -> None:
    answer = anonymous.get("/beratung?lang=en", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fberatung%3Flang%3Den"
    assert anonymous.get("/admin/audit", follow_redirects=False).headers["location"].startswith("/login")
    anonymous.get("/login")
    assert _post_form(anonymous, "/beratung", PROFILE).headers["location"] == "/login"
    assert anonymous.get("/kiosk").status_code == 200  # the kiosk stays open


def test_sign_in_sets_a_strict_session_cookie_and_returns_to_the_page(anonymous: Client) -> None:
    anonymous.get("/login")
    answer = _post_form(anonymous, "/login", {"username": COUNSELLOR, "password": STAFF_PASSWORD,
                                              "next": "/beratung?lang=en"})  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/beratung?lang=en"
    cookie = next(h for h in answer.headers.get_list("set-cookie") if h.startswith("lotse_session="))
    assert {"HttpOnly", "Secure", "SameSite=lax"} <= {part.strip() for part in cookie.split(";")}
    assert anonymous.get("/beratung", follow_redirects=False).status_code == 200


def test_next_never_leads_to_another_site(anonymous: Client) -> None:
    anonymous.get("/login")
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        answer = _post_form(anonymous, "/login", {"username": COUNSELLOR, "password": STAFF_PASSWORD, "next": target})
        assert answer.headers["location"] == "/beratung"


def test_wrong_passwords_are_refused_then_throttled(anonymous: Client, settings: Settings) -> None:
    anonymous.get("/login")
    for _ in range(5):
        answer = _post_form(anonymous, "/login", {"username": COUNSELLOR, "password": "not the password at all"})
        assert answer.status_code == 401
        assert "Kontoname oder Passwort stimmen nicht" in answer.text
    unknown = _post_form(anonymous, "/login", {"username": "nobody", "password": "not the password at all"})
    assert unknown.status_code == 401  # the same answer as for a wrong password
    right = _post_form(anonymous, "/login", {"username": COUNSELLOR, "password": STAFF_PASSWORD})
    assert right.status_code == 429
    assert right.headers["retry-after"] == "900"
    assert "lotse_session" not in anonymous.cookies
    failed = select(func.count(AuditEvent.id)).where(AuditEvent.action == "sign_in_failed")
    assert asyncio.run(_sql(settings.database_url, failed, scalar=True)) == 6


def test_sign_out_ends_the_session_for_good(anonymous: Client) -> None:
    sign_in(anonymous, COUNSELLOR)
    token = anonymous.cookies["lotse_session"]
    assert _post_form(anonymous, "/logout", {}).headers["location"] == "/login"
    anonymous.cookies.set("lotse_session", token, domain="testserver.local")  # a copied cookie is worth nothing now
    assert anonymous.get("/beratung", follow_redirects=False).status_code == 303


def test_signing_in_again_ends_the_session_the_browser_had(anonymous: Client, settings: Settings) -> None:
    """Signing in as an editor in a browser that held a counsellor's session left that session alive for its whole
    idle time: a copy of the old cookie still opened the counselling screen (hostile-input hunt)."""
    asyncio.run(add_staff(settings.database_url, "redaktion-1", "editor"))
    sign_in(anonymous, COUNSELLOR)
    counsellor = anonymous.cookies["lotse_session"]
    sign_in(anonymous, "redaktion-1")
    assert anonymous.cookies["lotse_session"] != counsellor
    anonymous.cookies.set("lotse_session", counsellor, domain="testserver.local")
    assert anonymous.get("/beratung", follow_redirects=False).status_code == 303


def test_a_name_no_account_can_have_is_refused_like_a_wrong_one(anonymous: Client) -> None:
    """A NUL in the name reached the database, which on PostgreSQL answered 500 (hostile-input hunt)."""
    anonymous.get("/login")
    for name in (f"{COUNSELLOR}\x00", "beratung 1", "x" * 300):
        form = {"username": name, "password": STAFF_PASSWORD, "_csrf_token": anonymous.cookies["csrftoken"]}
        assert anonymous.post("/login", data=form, follow_redirects=False).status_code == 401, repr(name)


def test_an_idle_session_expires(anonymous: Client, settings: Settings) -> None:
    sign_in(anonymous, COUNSELLOR)
    assert anonymous.get("/beratung", follow_redirects=False).status_code == 200
    past = datetime.now(UTC) - timedelta(minutes=settings.session_idle_minutes + 1)
    asyncio.run(_sql(settings.database_url, update(StaffSession).values(last_seen_at=past)))
    assert anonymous.get("/beratung", follow_redirects=False).status_code == 303


def test_roles_open_only_their_screens(anonymous: Client, settings: Settings) -> None:
    asyncio.run(add_staff(settings.database_url, "redaktion", "editor"))
    asyncio.run(add_staff(settings.database_url, "verwaltung", "admin"))
    sign_in(anonymous, "redaktion")
    denied = anonymous.get("/beratung", follow_redirects=False)
    assert denied.status_code == 403
    assert "Die Rolle Ihres Kontos öffnet diese Seite nicht" in denied.text
    assert anonymous.get("/admin/audit", follow_redirects=False).status_code == 403
    assert anonymous.get("/konto").status_code == 200
    sign_in(anonymous, "verwaltung")
    audit = anonymous.get("/admin/audit")
    assert audit.status_code == 200
    assert "signed_in" in audit.text and "redaktion" in audit.text


@pytest.mark.parametrize(("name", "role", "page", "home"), [("redaktion", "editor", "/beratung", "/verwaltung/angebote"),
                                                          (COUNSELLOR, None, "/steuerung?lang=en", "/beratung"),
                                                          ("steuerung", "steering", "/verwaltung/angebote", "/steuerung")])  # fmt: skip
def test_a_page_the_role_does_not_open_leads_to_the_accounts_own_start(
    anonymous: Client, settings: Settings, name: str, role: str | None, page: str, home: str
) -> None:
    """'Back to the start' on the 403 page led to the same 403 (/beratung) or to the sign-in form again (review)."""
    if role is not None:
        asyncio.run(add_staff(settings.database_url, name, role))
    sign_in(anonymous, name)
    denied = anonymous.get(page, follow_redirects=False)
    assert denied.status_code == 403
    language = "en" if "lang=en" in page else "de"
    assert f'<a href="{home}?lang={language}">' in denied.text  # "back", and the brand link
    assert 'action="/logout"' in denied.text and name in denied.text  # who is signed in, and a way out
    back = anonymous.get(f"{home}?lang={language}", follow_redirects=False)
    assert back.status_code == 200


def test_a_counsellor_sees_only_their_own_plans(anonymous: Client, settings: Settings) -> None:
    asyncio.run(add_staff(settings.database_url, "beratung-2", "counsellor"))
    sign_in(anonymous, COUNSELLOR)
    page = anonymous.post("/beratung", data={**PROFILE, "_csrf_token": anonymous.cookies["csrftoken"]})
    found = re.search(r"/beratung/plaene/([0-9a-f-]{36})", page.text)
    assert found is not None
    plan_id = found[1]
    assert anonymous.get(f"/beratung/plaene/{plan_id}").status_code == 200
    sign_in(anonymous, "beratung-2")
    assert anonymous.get(f"/beratung/plaene/{plan_id}").status_code == 404
    assert anonymous.get(f"/beratung/plaene/{plan_id}/druck").status_code == 404
    offer = page.text.split('name="offer_id" value="', 1)[1].split('"', 1)[0]
    hide = _post_form(anonymous, f"/beratung/plaene/{plan_id}/ausblenden", {"offer_id": offer})
    assert hide.status_code == 404


def test_parallel_guesses_cannot_outrun_the_throttle(anonymous: Client, settings: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    anonymous.get("/login")
    token = anonymous.cookies["csrftoken"]
    guess = {"username": COUNSELLOR, "password": "a wrong guess, again", "_csrf_token": token}
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: anonymous.post("/login", data=guess).status_code, range(20)))
    assert statuses.count(401) == 5 and statuses.count(429) == 15


def test_names_that_are_no_account_are_kept_only_as_a_digest(anonymous: Client, settings: Settings) -> None:
    anonymous.get("/login")
    _post_form(anonymous, "/login", {"username": "mein-passwort-123", "password": "x" * 20})
    targets = asyncio.run(
        _sql(settings.database_url, select(AuditEvent.target).where(AuditEvent.action == "sign_in_failed"), scalar=True)
    )
    assert targets.startswith("unknown:") and "passwort" not in targets


def test_back_never_leads_to_another_site(anonymous: Client) -> None:
    sign_in(anonymous, COUNSELLOR)
    page = anonymous.get("/beratung/angebote/ik-vhs-vormittag", headers={"Referer": "https://evil.example/phish"}).text
    assert "evil.example" not in page
    here = anonymous.get(
        "/beratung/angebote/ik-vhs-vormittag", headers={"Referer": "https://testserver.local/beratung/plaene/x?lang=en"}
    ).text
    assert 'href="/beratung/plaene/x?lang=en"' in here


def test_the_brand_link_leads_to_a_page_the_role_may_open(anonymous: Client, settings: Settings) -> None:
    """The "Lotse" link of every staff page led to the counselling screen: a 403 for steering and admin."""
    pages = {"steuerung": ("steering", ["/steuerung", "/konto"]), "verwaltung": ("admin", ["/admin/audit", "/konto"]),
             "redaktion": ("editor", ["/verwaltung/angebote", "/konto"]), COUNSELLOR: ("counsellor", ["/beratung", "/konto"])}  # fmt: skip
    for name, (role, paths) in pages.items():
        if name != COUNSELLOR:
            asyncio.run(add_staff(settings.database_url, name, role))
        sign_in(anonymous, name)
        for path in paths:
            page = anonymous.get(path, params={"lang": "en"})
            assert page.status_code == 200, (name, path)
            brand = re.search(r'<p class="brand"><a href="([^"]+)"', page.text)
            assert brand is not None, (name, path)
            assert anonymous.get(brand[1].replace("&amp;", "&")).status_code == 200, (name, path, brand[1])


def test_a_stranger_who_knows_the_name_does_not_lock_its_owner_out(settings: Settings) -> None:
    """Five wrong passwords from anywhere blocked the account for everyone for 15 minutes (hostile-input review).
    Now they block that address; the owner, elsewhere, signs in; fifty failures from many addresses block all."""

    async def attempt(app: Any, address: str, password: str) -> int:
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver.local") as client:
            await client.get("/login")
            form = {"username": COUNSELLOR, "password": password, "_csrf_token": client.cookies["csrftoken"]}
            return (await client.post("/login", data=form)).status_code

    async def run() -> tuple[list[int], int, int, list[int], int]:
        app = create_app(settings)
        async with app.lifespan():
            stranger = [await attempt(app, "203.0.113.7", "a wrong guess, again") for _ in range(6)]
            stranger_right = await attempt(app, "203.0.113.7", STAFF_PASSWORD)
            owner = await attempt(app, "198.51.100.20", STAFF_PASSWORD)
            many = [await attempt(app, f"192.0.2.{i // 4}", "another wrong guess") for i in range(45)]
            return stranger, stranger_right, owner, many, await attempt(app, "198.51.100.21", STAFF_PASSWORD)

    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    stranger, stranger_right, owner, many, after_many = asyncio.run(run())
    assert stranger == [401] * 5 + [429] and stranger_right == 429  # that address is blocked, even when right
    assert owner == 303  # signed in from another address
    assert many.count(401) == 45 and after_many == 429  # 50 failures in all: the cap per name, from anywhere
