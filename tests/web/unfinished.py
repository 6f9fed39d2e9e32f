"""A request whose body never arrives, sent to the application in process (the ASGI call itself): what the
concurrency limit answers once its body time is up."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from litestar import Litestar
from litestar.testing import TestClient


def body_never_arriving(client: TestClient[Litestar], method: str, path: str,
                        headers: list[tuple[bytes, bytes]]) -> httpx.Response:  # fmt: skip
    """The answer to ``method path`` announcing 100 bytes of body and sending none, with ``headers`` besides."""
    sent: list[Any] = []

    async def never() -> Any:
        await asyncio.sleep(3600)

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "https",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver.local"), (b"content-length", b"100"), *headers],
             "client": ("127.0.0.1", 50000), "server": ("testserver.local", 443), "state": {}}  # fmt: skip
    client.blocking_portal.call(client.app, scope, never, send)
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return httpx.Response(sent[0]["status"], headers=sent[0]["headers"], content=body)
