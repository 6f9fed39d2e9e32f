"""Litestar guards: staff screens need a live session with the right role; the plan API needs a key with the
scope. The one who passed is kept on the connection (``staff_of_request``, ``partner_of_request``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from web.access.key_cache import KeyCache
from web.access.keys import Partner, partner_of
from web.access.sessions import COOKIE, Staff, staff_of


class SignInRequired(NotAuthorizedException):
    """No live staff session: screens send the browser to /login, and back afterwards."""


class KeyRequired(NotAuthorizedException):
    """No valid API key: a 401 problem with ``WWW-Authenticate: Bearer``."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail, headers={"WWW-Authenticate": 'Bearer realm="lotse"'})


def staff_only(*roles: str) -> Guard:
    """A guard that lets in signed-in staff with one of ``roles``."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        settings = connection.app.state.settings
        async with connection.app.state.sessions() as session:
            staff = await staff_of(
                session, connection.cookies.get(COOKIE), timedelta(minutes=settings.session_idle_minutes)
            )
        if staff is None:
            raise SignInRequired("Please sign in.")
        connection.state.staff = staff  # also for the 403 page: it leads to this account's own start page
        if staff.role not in roles:
            raise PermissionDeniedException("Your account's role does not open this page.")

    return guard


def key_with(scope: str) -> Guard:
    """A guard that lets in requests with ``Authorization: Bearer <key>`` of a key with ``scope``."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        scheme, _space, presented = connection.headers.get("authorization", "").partition(" ")
        key = presented.strip()
        if scheme.lower() != "bearer" or not key:
            raise KeyRequired("This endpoint needs a partner API key: send 'Authorization: Bearer <key>'.")
        cache: KeyCache = connection.app.state.key_cache
        partner = cache.partner(key)
        if partner is None:
            async with connection.app.state.sessions() as session:
                partner = await partner_of(session, key)
            if partner is not None:
                cache.keep(key, partner)
        if partner is None:
            raise KeyRequired("The API key is not valid or was revoked.")
        if scope not in partner.scopes:
            raise PermissionDeniedException(f"The API key lacks the scope '{scope}'.")
        connection.state.partner = partner

    return guard


def staff_of_request(connection: ASGIConnection[Any, Any, Any, Any]) -> Staff:
    staff: Staff = connection.state.staff
    return staff


def partner_of_request(connection: ASGIConnection[Any, Any, Any, Any]) -> Partner:
    partner: Partner = connection.state.partner
    return partner
