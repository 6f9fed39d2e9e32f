"""Referrals on the counselling screen and the provider's page: consent first, the provider's signed link opens
one referral and shows nothing about the person, every state is back on the reopened plan."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import add_staff, https_client, sign_in
from tests.web.referrals.test_api import remove_offer
from web.access.signed_links import sign_link
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": "2", "work": "job_seeking", "housing": "own_flat", "age": "34"}
LINK = re.compile(r'value="(https?://[^"]+/vermittlung/([^"]+))"')


def _plan(client: Client) -> tuple[str, str]:
    answer = client.post("/beratung", data=PROFILE, follow_redirects=False)
    assert answer.status_code == 303
    plan_id = answer.headers["location"].split("/beratung/plaene/", 1)[1][:36]
    offer_id = re.findall(r'name="offer_id" value="([^"]+)"', client.get(f"/beratung/plaene/{plan_id}").text)[0]
    return plan_id, offer_id


def _refer(client: Client, plan_id: str, offer_id: str) -> str:
    answer = client.post(f"/beratung/plaene/{plan_id}/vermittlungen", data={"offer_id": offer_id, "consent": "yes"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    page = client.get(f"/beratung/plaene/{plan_id}").text
    found = LINK.search(page)
    assert found, "the plan shows the provider's link"
    return found.group(2)


def test_a_referral_needs_the_persons_consent(client: Client) -> None:
    plan_id, offer_id = _plan(client)
    refused = client.post(f"/beratung/plaene/{plan_id}/vermittlungen", data={"offer_id": offer_id})
    assert refused.status_code == 400
    assert 'id="error-consent-' in refused.text and "Einverständnis" in refused.text
    live = client.post(f"/beratung/plaene/{plan_id}/vermittlungen", data={"offer_id": offer_id},
                       headers={"HX-Request": "true"})  # fmt: skip
    assert live.status_code == 400 and live.text.lstrip().startswith('<section class="referral"')
    assert "Vermittelt" not in client.get(f"/beratung/plaene/{plan_id}").text


def test_an_offer_that_left_the_catalogue_is_not_referred_and_the_form_says_why(
    client: Client, settings: Settings
) -> None:
    plan_id, offer_id = _plan(client)
    asyncio.run(remove_offer(settings.database_url, offer_id))  # after the page was shown
    refused = client.post(f"/beratung/plaene/{plan_id}/vermittlungen", data={"offer_id": offer_id, "consent": "yes"})
    assert refused.status_code == 400
    assert 'id="error-consent-' in refused.text and "nicht mehr im Katalog" in refused.text


def test_the_provider_confirms_through_the_link_and_the_plan_shows_it(client: Client, settings: Settings) -> None:
    plan_id, offer_id = _plan(client)
    token = _refer(client, plan_id, offer_id)
    with https_client(settings) as provider:  # no account, no session
        page = provider.get(f"/vermittlung/{token}")
        assert page.status_code == 200
        assert "Vermittlung an Ihr Angebot" in page.text and "Vermittelt am" in page.text
        for private in ("Wiedervorlage", "Fallkürzel", "Bedarf", plan_id, "beratung-1"):
            assert private not in page.text.replace(token, "")
        csrf = {"_csrf_token": provider.cookies["csrftoken"]}
        accepted = provider.post(f"/vermittlung/{token}", data={**csrf, "status": "accepted"}, follow_redirects=False)
        assert accepted.status_code == 303
        no_reason = provider.post(f"/vermittlung/{token}", data={**csrf, "status": "dropped"})
        assert no_reason.status_code == 400, no_reason.text
        assert "error-reason-dropped" in no_reason.text, no_reason.text[no_reason.text.find("<main") :]
        assert provider.post(f"/vermittlung/{token}", data={**csrf, "status": "started"},
                             follow_redirects=False).status_code == 303  # fmt: skip
        assert "Begonnen" in provider.get(f"/vermittlung/{token}").text
    plan_page = client.get(f"/beratung/plaene/{plan_id}").text
    assert "Vom Anbieter zugesagt" in plan_page and "Begonnen" in plan_page
    done = client.post(f"/beratung/vermittlungen/{_referral_id(client, plan_id)}", data={"status": "completed"},
                       headers={"HX-Request": "true"})  # fmt: skip
    assert done.status_code == 200 and "Abgeschlossen" in done.text


def _referral_id(client: Client, plan_id: str) -> str:
    page = client.get(f"/beratung/plaene/{plan_id}").text
    return str(re.findall(r'action="/beratung/vermittlungen/([0-9a-f-]{36})"', page)[0])


def test_links_that_are_not_valid_open_nothing(client: Client, settings: Settings) -> None:
    plan_id, offer_id = _plan(client)
    token = _refer(client, plan_id, offer_id)
    referral_id = _referral_id(client, plan_id)
    with https_client(settings) as stranger:
        for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x" * 600, "nothing",
                       sign_link(settings, "provider-offers", referral_id)):  # fmt: skip
            refused = stranger.get(f"/vermittlung/{forged}")
            assert refused.status_code == 404 and "nicht (mehr) gültig" in refused.text
        other_key = Settings(database_url=settings.database_url, data_dir=settings.data_dir / "other")
        assert stranger.get(f"/vermittlung/{sign_link(other_key, 'referral', referral_id)}").status_code == 404
        no_csrf = stranger.post(f"/vermittlung/{token}", data={"status": "accepted"})
        assert no_csrf.status_code == 403


def test_an_expired_link_opens_nothing(client: Client, settings: Settings, monkeypatch: object) -> None:
    from web.referrals import flow

    plan_id, offer_id = _plan(client)
    token = _refer(client, plan_id, offer_id)
    setattr(flow, "LINK_VALIDITY", timedelta(seconds=-1))  # noqa: B010  (the clock is outside the project)
    try:
        assert client.get(f"/vermittlung/{token}").status_code == 404
    finally:
        setattr(flow, "LINK_VALIDITY", timedelta(days=365))  # noqa: B010


def test_another_counsellor_cannot_touch_the_referral(client: Client, settings: Settings) -> None:
    plan_id, offer_id = _plan(client)
    _refer(client, plan_id, offer_id)
    referral_id = _referral_id(client, plan_id)
    asyncio.run(add_staff(settings.database_url, "beratung-2", "counsellor"))
    with https_client(settings) as other:
        sign_in(other, "beratung-2")
        assert other.post(f"/beratung/vermittlungen/{referral_id}", data={"status": "accepted"}).status_code == 404
        assert other.post(f"/beratung/plaene/{plan_id}/vermittlungen",
                          data={"offer_id": offer_id, "consent": "yes"}).status_code == 404  # fmt: skip


def test_recent_plans_list_plans_with_referrals(client: Client) -> None:
    plan_id, offer_id = _plan(client)
    _refer(client, plan_id, offer_id)
    assert f"/beratung/plaene/{plan_id}" in client.get("/beratung/plaene").text


def test_a_step_that_does_not_follow_is_named_as_such(client: Client, settings: Settings) -> None:
    """A step the rules do not allow from the current state said "someone changed this referral in the
    meantime", though nobody had; that text is kept for a change that really came first."""
    plan_id, offer_id = _plan(client)
    token = _refer(client, plan_id, offer_id)
    referral_id = _referral_id(client, plan_id)
    skipped = client.post(f"/beratung/vermittlungen/{referral_id}", data={"status": "completed"})
    assert skipped.status_code == 400
    assert "passt nicht zum jetzigen Stand" in skipped.text and "inzwischen geändert" not in skipped.text
    with https_client(settings) as provider:
        provider.get(f"/vermittlung/{token}")
        csrf = {"_csrf_token": provider.cookies["csrftoken"]}
        answer = provider.post(f"/vermittlung/{token}", data={**csrf, "status": "completed"})
        assert answer.status_code == 409 and "passt nicht zum jetzigen Stand" in answer.text
