"""``HEAD`` for every ``GET`` (RFC 9110, 9.3.2): the same status and header fields, no content.

Monitors, link checkers and partner tools probe with ``HEAD``; Litestar answers it only where a route declares
it, so every ``HEAD`` request is handled as the ``GET`` it stands for (a ``GET`` changes nothing) and the content
is left out of the answer. ``Content-Length`` stays what ``GET`` would send. ``OPTIONS`` (and a 405) name every
method of the address, ``HEAD`` with ``GET``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from litestar import Litestar, Request, Response
from litestar.enums import ScopeType
from litestar.routes import HTTPRoute
from litestar.types import HTTPScope, LifeSpanReceive, LifeSpanScope, LifeSpanSend, Message, Receive, Scope, Send


class Lotse(Litestar):
    """The Litestar application, answering ``HEAD`` as ``GET`` without content."""

    async def __call__(
        self, scope: Scope | LifeSpanScope, receive: Receive | LifeSpanReceive, send: Send | LifeSpanSend
    ) -> None:
        if scope["type"] == ScopeType.HTTP and cast("HTTPScope", scope)["method"] == "HEAD":
            as_get = cast("HTTPScope", {**scope, "method": "GET"})
            await super().__call__(as_get, receive, without_content(cast("Send", send)))
        else:
            await super().__call__(scope, receive, send)


def without_content(send: Send) -> Send:
    """``send`` for a ``HEAD`` answer: the start message as it is, every body part empty."""

    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return  # only the last, empty part is sent
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return send_headers_only


def allowed(methods: Iterable[str]) -> str:
    """An ``Allow`` value: the methods in order, ``HEAD`` wherever ``GET`` is served."""
    found = {method.strip() for method in methods}
    return ", ".join(sorted(found | ({"HEAD"} if "GET" in found else set())))


def every_method(request: Request[Any, Any, Any]) -> Response[None] | None:
    """The answer to ``OPTIONS``: Litestar's own named only the methods of one controller (a referral read with
    ``GET`` and changed with ``PATCH`` said "OPTIONS, PATCH"); None for any other method."""
    if request.method != "OPTIONS":
        return None
    template = request.scope.get("path_template")
    methods = [method for route in request.app.routes if isinstance(route, HTTPRoute) and route.path_format == template
               for method in route.methods]  # fmt: skip
    return Response(None, status_code=204, headers={"Allow": allowed(methods)})
