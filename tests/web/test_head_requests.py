"""``HEAD`` answers like ``GET`` on every route, without content (monitors and partner tools probe with it)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": [2], "work": "job_seeking", "housing": "own_flat"}
COMPARED = ("content-type", "content-length", "cache-control", "etag")


@pytest.mark.parametrize(
    "path",
    [
        "/health",
        "/ready",
        "/api/v1/offers?per_page=3",
        "/api/v1/taxonomy",
        "/api/v1/hsds/services?per_page=2",
        "/kiosk/de",
        "/static/lotse.css",
        "/schema/openapi.json",
    ],
)
def test_head_has_the_status_and_headers_of_get_and_no_content(client: Client, path: str) -> None:
    got, probed = client.get(path), client.head(path)
    assert got.status_code == 200 and got.content, path
    assert (probed.status_code, probed.content) == (200, b"")
    assert {h: probed.headers.get(h) for h in COMPARED} == {h: got.headers.get(h) for h in COMPARED}


def test_head_of_a_plan_keeps_its_key_check(client: Client) -> None:
    plan_id = client.post("/api/v1/plans", json=PROFILE).json()["plan_id"]
    probed = client.head(f"/api/v1/plans/{plan_id}")
    assert (probed.status_code, probed.content) == (200, b"")
    answer = client.head(f"/api/v1/plans/{plan_id}", headers={"Authorization": "Bearer not-a-key"})
    assert (answer.status_code, answer.content) == (401, b"")
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert client.head("/api/v1/plans/0f0e0d0c-0000-4000-8000-000000000000").status_code == 404


def test_head_where_only_post_is_served_is_405_naming_post(client: Client) -> None:
    answer = client.head("/api/v1/plans")
    assert (answer.status_code, answer.content) == (405, b"")
    assert "POST" in answer.headers["allow"]


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/api/v1/offers"), ("POST", "/health"), ("PUT", "/kiosk")])
def test_a_405_lists_head_wherever_get_is_served(anonymous: Client, method: str, path: str) -> None:
    answer = anonymous.request(method, path)
    allowed = {m.strip() for m in answer.headers["allow"].split(",")}
    assert answer.status_code == 405 and {"GET", "HEAD"} <= allowed
    assert anonymous.head(path).status_code == 200  # and HEAD is indeed answered there


def test_head_changes_nothing_on_a_page_with_a_form(anonymous: Client) -> None:
    """A sign-in page answered to HEAD sets the CSRF cookie as GET does, and a later GET still works."""
    probed = anonymous.head("/login")
    assert (probed.status_code, probed.content) == (200, b"")
    assert "csrftoken" in probed.cookies
    assert anonymous.get("/login").status_code == 200


def test_options_lists_every_method_of_the_address(client: Client) -> None:
    """``OPTIONS`` named only the methods of one controller: a referral "OPTIONS, PATCH" though it is read with
    ``GET``, the kiosk "OPTIONS, POST" (hostile-input review); and never ``HEAD``. It now agrees with a 405."""
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    offer = plan["recommendations"][0]["offer"]["id"]
    referral = client.post(f"/api/v1/plans/{plan['plan_id']}/referrals", json={"offer_id": offer}).json()
    expected = {
        f"/api/v1/referrals/{referral['referral_id']}": "GET, HEAD, OPTIONS, PATCH",
        "/kiosk/de": "GET, HEAD, OPTIONS, POST",
        "/api/v1/offers": "GET, HEAD, OPTIONS",
        "/api/v1/plans": "OPTIONS, POST",
        "/health": "GET, HEAD, OPTIONS",
    }
    for path, allow in expected.items():
        answer = client.options(path)
        assert (answer.status_code, answer.headers["allow"]) == (204, allow), path
        assert client.request("PUT", path).headers["allow"] == allow, path  # the same as a 405 says
