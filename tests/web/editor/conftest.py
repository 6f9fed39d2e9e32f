"""Clients for the catalogue screens: an editor, and the other roles that must not get in; a provider with its link."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from tests.conftest import add_staff, https_client, sign_in
from web.settings import Settings

EDITOR = "redaktion-1"
PROVIDER = "wohlfahrt-leine"
OWN = "mieterfuehrerschein"  # one of its offers: 6 of 14 places free


@pytest.fixture
def editor(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """Signed in as an editor, over https, on a copy of the seeded catalogue."""
    asyncio.run(add_staff(settings.database_url, EDITOR, "editor"))
    with https_client(settings) as client:
        sign_in(client, EDITOR)
        yield client


@pytest.fixture
def provider(editor: TestClient, settings: Settings) -> Iterator[tuple[TestClient, str]]:  # type: ignore[type-arg]
    """A browser without an account holding the provider's link, which the editor issued."""
    path = issued_link(editor, PROVIDER)
    with https_client(settings) as client:
        assert client.get(path).status_code == 200  # sets the CSRF cookie, as a browser's first visit does
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        yield client, path


def issued_link(editor: TestClient, provider_id: str) -> str:  # type: ignore[type-arg]
    """The path of a new link to ``provider_id``'s offers, as the editor's screen shows it."""
    page = editor.post(f"/verwaltung/anbieter/{provider_id}/link", data={"ui": "de"})
    link = re.search(r'id="provider-link" readonly value="([^"]+)"', page.text)
    assert page.status_code == 200 and link is not None
    return "/anbieter/" + link[1].rsplit("/anbieter/", 1)[1]
