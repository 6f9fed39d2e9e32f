"""``/verwaltung/anbieter/{id}/link``: the signed link an editor sends a provider, so that it sees and corrects its
own offers without an account (``web.editor.provider_page``); and ``…/links-zurueckziehen``: every link the
provider was given stops working at once (one was forwarded, sent to the wrong address, or the contact person
left), without touching any other provider's links. The links of referrals to the provider's offers are replaced
too (``web.referrals.flow.renew_link``): they went to the same address.

A link carries the provider's id and its link generation; withdrawing draws a new random generation, so every link
made before no longer matches (random, so that a provider removed by an import and created again does not accept
the links of its earlier self). Links made before generations existed carry the id alone and count as generation
0, the generation of every provider that existed then, until its first withdrawal.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from litestar import Controller, Request, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy import select, update

from models.access import Role
from models.offer_table import Offer
from models.provider import PROVIDER_ID_PATTERN, Provider, new_link_generation
from models.referral import Referral
from web.access.audit import record
from web.access.guards import staff_of_request, staff_only
from web.access.signed_links import read_generation_link, sign_link
from web.dependencies import DbSession
from web.editor.screen import editor_context, screen_language
from web.settings import Settings

PROVIDER_LINK = "provider-offers"
PROVIDER_LINK_VALID = timedelta(days=90)


def provider_token(settings: Settings, provider: Provider) -> str:
    """The token of a new link to ``provider``'s offers (valid ``PROVIDER_LINK_VALID``, until withdrawn)."""
    return sign_link(settings, PROVIDER_LINK, [provider.id, provider.link_generation])


async def provider_of_link(settings: Settings, session: DbSession, token: str) -> Provider | None:
    """The provider a link opens; None when the link is forged, damaged, expired or withdrawn."""
    carried = read_generation_link(settings, PROVIDER_LINK, token, PROVIDER_LINK_VALID)
    if carried is None:
        return None
    provider_id, generation = carried
    if not re.fullmatch(PROVIDER_ID_PATTERN, provider_id):
        return None
    provider = await session.get(Provider, provider_id)
    return provider if provider is not None and provider.link_generation == generation else None


class ProviderLinks(Controller):
    path = "/verwaltung/anbieter/{provider_id:str}"
    include_in_schema = False
    guards = [staff_only(Role.EDITOR)]

    @post("/link")
    async def issue(self, request: Request[Any, Any, Any], provider_id: FromPath[str],
                    db_session: DbSession) -> Template:  # fmt: skip
        provider = await _provider(db_session, provider_id)
        settings = request.app.state.settings
        base = settings.public_url or str(request.base_url).rstrip("/")
        link = f"{base}/anbieter/{provider_token(settings, provider)}"
        record(db_session, staff_of_request(request).actor, "provider_link_issued", provider.id)
        await db_session.commit()
        language = screen_language(str((await request.form()).get("ui", "")))
        context = editor_context(request, language, provider=provider, link=link,
                                 valid_until=date.today() + PROVIDER_LINK_VALID)  # fmt: skip
        return Template("editor/provider_link.html", context=context)

    @post("/links-zurueckziehen")
    async def withdraw(self, request: Request[Any, Any, Any], provider_id: FromPath[str],
                       db_session: DbSession) -> Template:  # fmt: skip
        provider = await _provider(db_session, provider_id)
        provider.link_generation = new_link_generation(provider.link_generation)
        # The provider's referral links were sent to the same people: each gets a new link too (counsellors and
        # partner tools see the new one on the referral; the old one opens nothing).
        renewed = await db_session.execute(
            update(Referral).where(Referral.offer_id.in_(select(Offer.id).where(Offer.provider_id == provider.id)))
            .values(link_generation=Referral.link_generation + 1).execution_options(synchronize_session=False)
        )  # fmt: skip
        record(db_session, staff_of_request(request).actor, "provider_links_withdrawn", provider.id,
               referral_links=getattr(renewed, "rowcount", 0))  # fmt: skip
        await db_session.commit()
        language = screen_language(str((await request.form()).get("ui", "")))
        return Template(
            "editor/provider_links_withdrawn.html", context=editor_context(request, language, provider=provider)
        )


async def _provider(session: DbSession, provider_id: str) -> Provider:
    known = re.fullmatch(PROVIDER_ID_PATTERN, provider_id)  # nothing else (a NUL byte) reaches the database
    provider = await session.get(Provider, provider_id) if known else None
    if provider is None:
        raise NotFoundException(f"No provider with the id {provider_id!r}.")
    return provider
