"""``HEAD`` for every ``GET`` (RFC 9110, 9.3.2): the same status and header fields, no content.

Monitors, link checkers and partner tools probe with ``HEAD``; Litestar answers it only where a route declares
it, so every ``HEAD`` request is handled as the ``GET`` it stands for (a ``GET`` changes nothing) and the content
is left out of the answer. ``Content-Length`` stays what ``GET`` would send.
"""

from __future__ import annotations

from typing import cast

from litestar import Litestar
from litestar.enums import ScopeType
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
