"""A new link for the provider: on the counselling screen or through the API, every earlier link stops working
at once, the referral and its history stay, and only the plan's owner can do it."""

from __future__ import annotations

import asyncio

from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import add_key, add_staff, https_client, sign_in
from tests.web.editor.records import snapshot
from tests.web.referrals.test_api import make_plan, refer
from tests.web.referrals.test_screens import LINK, _plan, _refer, _referral_id
from web.access.signed_links import sign_link
from web.settings import Settings

Client = TestClient[Litestar]


def test_a_counsellor_replaces_the_link_and_the_old_one_opens_nothing(client: Client, settings: Settings) -> None:
    plan_id, offer_id = _plan(client)
    old = _refer(client, plan_id, offer_id)
    referral_id = _referral_id(client, plan_id)
    before_id_alone = sign_link(settings, "referral", referral_id)  # a link made before link generations
    with https_client(settings) as provider:
        assert provider.get(f"/vermittlung/{old}").status_code == 200
        assert provider.get(f"/vermittlung/{before_id_alone}").status_code == 200

        block = client.post(f"/beratung/vermittlungen/{referral_id}/neuer-link", data={"ui": "de"},
                            headers={"HX-Request": "true"})  # fmt: skip
        assert block.status_code == 200 and "Das ist ein neuer Link" in block.text
        found = LINK.search(block.text)
        assert found is not None and found.group(2) != old
        for earlier in (old, before_id_alone):
            assert provider.get(f"/vermittlung/{earlier}").status_code == 404
        page = provider.get(f"/vermittlung/{found.group(2)}")
        assert page.status_code == 200 and "Vermittelt" in page.text  # the state stays
        assert provider.cookies.get("csrftoken")
        provider.headers["x-csrftoken"] = provider.cookies["csrftoken"]
        assert (
            provider.post(f"/vermittlung/{old}", data={"status": "declined", "reason": "no_places"}).status_code == 404
        )
        shown = LINK.search(client.get(f"/beratung/plaene/{plan_id}").text)  # signed anew: its time may differ
        assert shown is not None and provider.get(f"/vermittlung/{shown.group(2)}").status_code == 200
    assert snapshot(settings.database_url).audit[0][1:3] == ("referral_link_renewed", referral_id)


def test_only_the_plans_counsellor_replaces_the_link(client: Client, settings: Settings) -> None:
    plan_id, offer_id = _plan(client)
    token = _refer(client, plan_id, offer_id)
    referral_id = _referral_id(client, plan_id)
    asyncio.run(add_staff(settings.database_url, "beratung-3", "counsellor"))
    with https_client(settings) as other:
        sign_in(other, "beratung-3")
        assert other.post(f"/beratung/vermittlungen/{referral_id}/neuer-link").status_code == 404
        assert client.post(f"/beratung/vermittlungen/{referral_id}/neuer-link",
                           headers={"x-csrftoken": ""}).status_code == 403  # fmt: skip
        assert other.get(f"/vermittlung/{token}").status_code == 200  # none of these replaced it


def test_a_partner_replaces_the_link_through_the_api(client: Client, settings: Settings) -> None:
    referral = refer(client, make_plan(client))
    address = f"/api/v1/referrals/{referral['referral_id']}/provider-link"
    other = asyncio.run(add_key(settings.database_url, "partner-3", ["plans", "referrals"]))
    assert client.post(address, headers={"Authorization": f"Bearer {other}"}).status_code == 404
    renewed = client.post(address)
    assert renewed.status_code == 200
    body = renewed.json()
    assert body["provider_link"] != referral["provider_link"]
    assert {k: v for k, v in body.items() if k != "provider_link"} == {
        k: v for k, v in referral.items() if k != "provider_link"
    }
    old_path = referral["provider_link"].split("://", 1)[1].split("/", 1)[1]
    new_path = body["provider_link"].split("://", 1)[1].split("/", 1)[1]
    read = client.get(f"/api/v1/referrals/{referral['referral_id']}").json()["provider_link"]  # signed anew
    read_path = read.split("://", 1)[1].split("/", 1)[1]
    with https_client(settings) as provider:
        assert provider.get(f"/{old_path}").status_code == 404
        assert provider.get(f"/{new_path}").status_code == 200 and provider.get(f"/{read_path}").status_code == 200


def test_a_stranger_without_a_session_replaces_nothing(client: Client, settings: Settings) -> None:
    plan_id, offer_id = _plan(client)
    token = _refer(client, plan_id, offer_id)
    referral_id = _referral_id(client, plan_id)
    with https_client(settings) as stranger:
        stranger.get("/login")  # a CSRF cookie of its own, so that only the missing session stops it
        answer = stranger.post(f"/beratung/vermittlungen/{referral_id}/neuer-link",
                               data={"_csrf_token": stranger.cookies["csrftoken"]}, follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
        assert stranger.post(f"/api/v1/referrals/{referral_id}/provider-link").status_code == 401
        assert stranger.get(f"/vermittlung/{token}").status_code == 200  # the link still works
