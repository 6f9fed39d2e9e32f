"""An editor withdraws every link a provider was given: the links stop working at once, other providers' links and
the provider's waiting proposals stay, and a new link works again."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import msgspec
import pytest
from litestar.testing import TestClient

from models.catalogue import store_catalogue
from models.database import create_engine, session_factory
from models.referral import Referral
from seed.demo import demo_catalogue
from tests.conftest import add_staff, https_client, sign_in
from tests.web.editor.conftest import OWN, PROVIDER, issued_link
from tests.web.editor.records import form_of, link_generation, snapshot
from web.access.signed_links import sign_link
from web.referrals.flow import provider_link
from web.settings import Settings

OTHER = "stadt-integration"
WITHDRAW = f"/verwaltung/anbieter/{PROVIDER}/links-zurueckziehen"


def test_withdrawn_links_stop_working_and_a_new_one_works(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    client, path = provider
    second = issued_link(editor, PROVIDER)  # the provider was given two links so far
    other = issued_link(editor, OTHER)
    form = form_of(client.get(f"{path}/{OWN}").text)
    assert (
        client.post(f"{path}/{OWN}", data=form | {"places_available": "2"}, follow_redirects=False).status_code == 303
    )

    page = editor.post(WITHDRAW, data={"ui": "de"})
    assert page.status_code == 200 and "Links zurückgezogen" in page.text
    for link in (path, second):
        assert client.get(link).status_code == 404
        assert client.get(f"{link}/{OWN}").status_code == 404
        assert client.post(f"{link}/{OWN}/bestaetigen").status_code == 404
        assert client.post(f"{link}/{OWN}", data=form | {"places_available": "3"}).status_code == 404
    assert client.get(other).status_code == 200  # another provider's link is untouched
    state = snapshot(settings.database_url)
    assert [p[1:] for p in state.proposals] == [(OWN, None)]  # the proposal sent before still waits
    assert state.audit[0][:3] == ("staff:redaktion-1", "provider_links_withdrawn", PROVIDER)

    renewed = issued_link(editor, PROVIDER)
    assert client.get(renewed).status_code == 200 and client.get(path).status_code == 404


def test_links_made_before_generations_work_until_withdrawn(
    anonymous: TestClient,  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    link_generation(settings.database_url, PROVIDER, set_to=0)  # as migration 0013 leaves a provider it finds
    earlier = f"/anbieter/{sign_link(settings, 'provider-offers', PROVIDER)}"  # the provider id alone
    assert anonymous.get(earlier).status_code == 200
    assert editor.post(WITHDRAW).status_code == 200
    assert anonymous.get(earlier).status_code == 404
    assert link_generation(settings.database_url, PROVIDER) != 0


def test_a_provider_removed_and_imported_again_does_not_take_its_old_links(
    anonymous: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    before = link_generation(settings.database_url, OTHER)
    old = f"/anbieter/{sign_link(settings, 'provider-offers', [OTHER, before])}"
    assert anonymous.get(old).status_code == 200
    asyncio.run(_remove_and_create_again(settings.database_url, OTHER))
    assert link_generation(settings.database_url, OTHER) != before
    assert anonymous.get(old).status_code == 404


async def _remove_and_create_again(url: str, provider_id: str) -> None:
    """An import with ``--replace`` of a catalogue without the provider, then one with it again."""
    catalogue = demo_catalogue()
    without = msgspec.structs.replace(
        catalogue,
        providers=[p for p in catalogue.providers if p.id != provider_id],
        offers=[o for o in catalogue.offers if o.provider_id != provider_id],
    )
    engine = create_engine(url)
    try:
        for step in (without, catalogue):
            async with session_factory(engine).begin() as session:
                await store_catalogue(session, step, replace=True)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("value", [[PROVIDER, "0"], [PROVIDER, True], [PROVIDER], [PROVIDER, 0, 0], [0, 0], [], {}])
def test_signed_values_of_another_shape_open_nothing(
    anonymous: TestClient,  # type: ignore[type-arg]
    settings: Settings,
    value: object,
) -> None:
    token = sign_link(settings, "provider-offers", value)  # type: ignore[arg-type]
    assert anonymous.get(f"/anbieter/{token}").status_code == 404


def test_only_an_editor_withdraws_with_a_form_token(
    provider: tuple[TestClient, str],  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    anonymous: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    client, path = provider
    asyncio.run(add_staff(settings.database_url, "beratung-links", "counsellor"))
    with https_client(settings) as counsellor:
        sign_in(counsellor, "beratung-links")
        assert counsellor.post(WITHDRAW).status_code == 403
    assert anonymous.post(WITHDRAW, follow_redirects=False).status_code in (401, 403)
    token = editor.headers.pop("x-csrftoken")
    assert editor.post(WITHDRAW).status_code == 403  # a page elsewhere cannot make the editor's browser withdraw
    editor.headers["x-csrftoken"] = token
    assert client.get(path).status_code == 200  # none of these withdrew anything
    assert editor.post("/verwaltung/anbieter/no-such-provider/links-zurueckziehen").status_code == 404
    assert editor.post("/verwaltung/anbieter/%00/links-zurueckziehen").status_code == 404


def test_withdrawing_also_replaces_the_links_of_referrals_to_the_providers_offers(
    client: TestClient,  # type: ignore[type-arg]
    editor: TestClient,  # type: ignore[type-arg]
    settings: Settings,
) -> None:
    """The referral links went to the same mailbox: they kept working after the withdrawal (review)."""
    plan_id = client.post("/api/v1/plans", json={"german_level": "A1", "children_ages": [], "work": "job_seeking",
                                                 "housing": "own_flat"}).json()["plan_id"]  # fmt: skip
    own, foreign = asyncio.run(_referrals(settings.database_url, plan_id, (OWN, "behoerdenlotsen")))
    links = {offer: provider_link(settings, "https://testserver.local", referral) for offer, referral in
             ((OWN, own), ("behoerdenlotsen", foreign))}  # fmt: skip
    paths = {offer: "/" + link.split("://", 1)[1].split("/", 1)[1] for offer, link in links.items()}
    with https_client(settings) as provider:
        assert all(provider.get(path).status_code == 200 for path in paths.values())
        assert editor.post(WITHDRAW).status_code == 200
        assert provider.get(paths[OWN]).status_code == 404
        assert provider.get(paths["behoerdenlotsen"]).status_code == 200  # another provider's offer
    assert snapshot(settings.database_url).audit[0][3] == {"referral_links": 1}


async def _referrals(url: str, plan_id: str, offers: tuple[str, ...]) -> list[Referral]:
    engine = create_engine(url)
    try:
        async with session_factory(engine).begin() as session:
            now = datetime.now(UTC)
            made = [Referral(id=str(uuid.uuid4()), plan_id=plan_id, offer_id=offer_id, rank=1, propensity=1.0,
                             status="referred", source="test", consented_at=now, created_at=now, updated_at=now)
                    for offer_id in offers]  # fmt: skip
            session.add_all(made)
        return made
    finally:
        await engine.dispose()
