"""``/schema``: Swagger UI from Lotse's own ``/static/vendor`` (fetched from npm, pinned, by the Makefile) and a
start script file, so that the page works without the internet, asks no other host and keeps the strict
Content-Security-Policy (no inline scripts)."""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
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
