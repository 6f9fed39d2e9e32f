"""Form posts without the CSRF token are refused (and write nothing); every answer carries the security headers."""

from __future__ import annotations

import asyncio

from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select

from models.database import create_engine, session_factory
from models.feedback import Feedback
from models.plan import Plan
from tests.conftest import COUNSELLOR, sign_in
from web.app import create_app
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": "2", "work": "job_seeking", "housing": "own_flat"}


async def _count(url: str, model: type) -> int:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await engine.dispose()


def test_posts_without_the_token_are_refused_and_write_nothing(anonymous: Client, settings: Settings) -> None:
    sign_in(anonymous, COUNSELLOR)
    page = anonymous.post("/beratung", data={**PROFILE, "_csrf_token": anonymous.cookies["csrftoken"]}).text
    plan_id = page.split("/beratung/plaene/", 1)[1][:36]
    offer = page.split('name="offer_id" value="', 1)[1].split('"', 1)[0]
    url = settings.database_url
    plans_before = asyncio.run(_count(url, Plan))
    del anonymous.headers["x-csrftoken"]
    evil = {"Origin": "https://evil.example", "Referer": "https://evil.example/form"}
    for path, data in (
        (f"/beratung/plaene/{plan_id}/rueckmeldung", {"offer_id": offer, "outcome": "declined"}),
        (f"/beratung/plaene/{plan_id}/ausblenden", {"offer_id": offer}),
        ("/beratung", PROFILE),
        ("/logout", {}),
    ):
        answer = anonymous.post(path, data=data, headers=evil, follow_redirects=False)
        assert answer.status_code == 403, path
        assert "Sicherheitsprüfung" in answer.text
        forged = anonymous.post(path, data={**data, "_csrf_token": "forged"}, headers=evil, follow_redirects=False)
        assert forged.status_code == 403, path
    assert asyncio.run(_count(url, Feedback)) == 0
    assert asyncio.run(_count(url, Plan)) == plans_before
    assert 'class="hidden-note"' not in anonymous.get(f"/beratung/plaene/{plan_id}").text


def test_the_kiosk_form_needs_the_token_too(anonymous: Client) -> None:
    anonymous.get("/kiosk/de")
    assert anonymous.post("/kiosk/de", data={"step": "0"}, follow_redirects=False).status_code == 403


def test_security_headers_on_screens_kiosk_and_api(client: Client) -> None:
    for path in ("/beratung", "/kiosk", "/kiosk/de", "/login", "/api/v1/offers", "/api/v1/plans/nope"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script and "'self'" in script, path
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["strict-transport-security"].startswith("max-age=")  # the test client speaks https
    assert client.get("/beratung").headers["cache-control"] == "no-store"
    assert client.get("/kiosk").headers["cache-control"] == "no-store"


def test_no_hsts_over_plain_http(settings: Settings) -> None:
    with TestClient(app=create_app(settings)) as plain:
        headers = plain.get("/kiosk").headers
        assert "strict-transport-security" not in headers
        assert headers["x-content-type-options"] == "nosniff"


def test_unrouted_answers_carry_the_headers_too(client: Client) -> None:
    for method, path in (("GET", "/nope"), ("GET", "/beratung/nope/x/y"), ("DELETE", "/login"), ("PUT", "/beratung/")):
        answer = client.request(method, path)
        assert answer.status_code in (404, 405), path
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"], path
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_odd_kiosk_cookies_and_links_are_no_server_error(client: Client) -> None:
    assert client.get("/kiosk/p/abc.%C3%A9").status_code == 404
    assert client.get("/kiosk/p/%ff.%ff").status_code == 404
    odd = {b"cookie": "lotse_kiosk=abc.é".encode("latin-1")}  # a raw byte no browser would send
    assert client.get("/kiosk/de/frage/1", headers=odd, follow_redirects=False).status_code == 303
