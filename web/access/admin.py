"""``/admin/audit``: the audit log, for administrators only."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromQuery
from litestar.response import Template

from models.access import Role
from web.access.audit import recent_events
from web.access.guards import staff_of_request, staff_only
from web.access.login import language_of
from web.dependencies import DbSession
from web.pages.rendering import screen_context


class AdminScreen(Controller):
    path = "/admin"
    include_in_schema = False
    guards = [staff_only(Role.ADMIN)]

    @get("/audit")
    async def audit(self, request: Request[Any, Any, Any], db_session: DbSession,
                    action: FromQuery[str | None] = None, lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        events = await recent_events(db_session, limit=500, action=(action or None) and action[:40])
        language = language_of(lang)
        context = screen_context(language, staff=staff_of_request(request), events=events, action=action or "",
                                 home_url=f"/admin/audit?lang={language}")  # fmt: skip
        return Template("access/audit.html", context=context)
