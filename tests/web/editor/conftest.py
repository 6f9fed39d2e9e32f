"""Clients for the catalogue screens: an editor, and the other roles that must not get in."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from tests.conftest import add_staff, https_client, sign_in
from web.settings import Settings

EDITOR = "redaktion-1"


@pytest.fixture
def editor(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """Signed in as an editor, over https, on a copy of the seeded catalogue."""
    asyncio.run(add_staff(settings.database_url, EDITOR, "editor"))
    with https_client(settings) as client:
        sign_in(client, EDITOR)
        yield client
