"""``/schema``: Swagger UI from Lotse's own ``/static/vendor`` (fetched from npm, pinned, by the Makefile) and a
start script file, so that the page works without the internet, asks no other host and keeps the strict
Content-Security-Policy (no inline scripts)."""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request, Router
from litestar._openapi.plugin import handle_schema_path_not_found
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers import BaseRouteHandler
from litestar.openapi.plugins import OpenAPIRenderPlugin

VENDOR = "/static/vendor/swagger-ui"


class LocalSwaggerUI(OpenAPIRenderPlugin):
    """The page at ``/schema`` (and ``/schema/swagger``); the document itself is ``/schema/openapi.json``."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"])

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema["info"]["title"]))
        spec = escape(self.get_openapi_json_route(request))
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{VENDOR}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec="{spec}"></div>
<script src="{VENDOR}/swagger-ui-bundle.js"></script>
<script src="/static/schema-viewer.js"></script>
</body>
</html>
""".encode()


def schema_router() -> Router:
    """The router Litestar puts the documentation's pages on, with one change: an address under ``/schema`` that
    has no page is the service's own 404 (the page in words for a browser, problem details for a program), not
    Litestar's bare HTML page without a word of help."""
    return Router("/schema", route_handlers=[], guards=[_no_such_page], include_in_schema=False, dto=None,
                  return_dto=None)  # fmt: skip


def _no_such_page(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    if getattr(handler, "fn", None) is handle_schema_path_not_found:
        raise NotFoundException(f"The API documentation has no page {connection.url.path!r}; it is at /schema.")
