"""``/verwaltung/aenderungen``: the corrections providers proposed, for an editor to approve or reject."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from models.access import Role
from models.catalogue import get_offer
from models.offer import OfferRecord
from models.offer_proposal import Decision, OfferProposal
from models.taxonomy import Translate
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession
from web.editor.changes import AlreadyDecidedError, decide, pending_proposals
from web.editor.screen import editor_context, screen_language
from web.pages import vocabulary

QUEUE = "/verwaltung/aenderungen"


class ApprovalQueue(Controller):
    path = "/verwaltung"
    include_in_schema = False
    guards = [staff_only(Role.EDITOR)]

    @get("/aenderungen")
    async def queue(self, request: Request[Any, Any, Any], db_session: DbSession,
                    lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        return await _queue_page(request, db_session, screen_language(lang), {})

    @post("/aenderungen/{proposal_id:int}/{verdict:str}")
    async def decide(self, request: Request[Any, Any, Any], proposal_id: FromPath[int], verdict: FromPath[str],
                     db_session: DbSession) -> Response[Any]:  # fmt: skip
        decisions = {"annehmen": Decision.APPROVED, "ablehnen": Decision.REJECTED}
        # A number outside the integer column is no proposal (the database would refuse to compare it).
        proposal = await db_session.get(OfferProposal, proposal_id) if 0 < proposal_id < 2**31 else None
        if verdict not in decisions or proposal is None or proposal.decided_at is not None:
            raise NotFoundException("No waiting proposal with this number.")
        offer = await get_offer(db_session, proposal.offer_id)
        assert offer is not None  # proposals go with their offer (ON DELETE CASCADE)
        language = screen_language(str((await request.form()).get("ui", "")))
        try:
            errors = await decide(db_session, proposal, offer, decisions[verdict], staff_of_request(request).actor)
        except AlreadyDecidedError:  # decided by another request since it was read above
            raise NotFoundException("No waiting proposal with this number.") from None
        if errors:
            return await _queue_page(request, db_session, language, {proposal_id: sorted(set(errors.values()))})
        return Redirect(f"{QUEUE}?lang={language}", status_code=303)


async def _queue_page(request: Request[Any, Any, Any], session: DbSession, language: str,
                      errors: dict[int, list[str]]) -> Template:  # fmt: skip
    context = editor_context(request, language, errors=errors)
    gettext: Translate = context["_"]
    items = []
    for proposal in await pending_proposals(session):
        offer = await get_offer(session, proposal.offer_id)
        assert offer is not None
        current = offer.to_record()
        items.append({"id": proposal.id, "offer_id": offer.id, "title": current.titles.get("de", offer.id),
                      "provider": offer.provider.name, "created_at": proposal.created_at,
                      "changes": describe(proposal.proposed, current, gettext)})  # fmt: skip
    context["proposals"] = items
    return Template("editor/changes.html", context=context, status_code=400 if errors else 200)


def describe(proposed: dict[str, Any], current: OfferRecord, gettext: Translate) -> list[tuple[str, str, str]]:
    """Each proposed change in words: (what, as it is, as proposed)."""
    now: dict[str, Any] = {
        "schedule": current.schedule, "by_appointment": current.by_appointment, "contact": current.contact,
        "capacity": current.capacity, "titles": current.titles, "summaries": current.summaries,
    }  # fmt: skip
    lines: list[tuple[str, str, str]] = []
    for key, value in sorted(proposed.items()):
        if key in ("titles", "summaries"):
            label = gettext("Title") if key == "titles" else gettext("Summary")
            for language in sorted(set(value) | set(now[key])):
                if value.get(language, "") != now[key].get(language, ""):
                    lines.append((f"{label} ({language})", now[key].get(language, ""), value.get(language, "")))
        elif key == "schedule":
            lines.append((gettext("Weekly times"), _times(gettext, [(s.weekday.value, s.start, s.end)
                          for s in current.schedule]), _times(gettext, [(s["weekday"], s["start"], s["end"])
                          for s in value])))  # fmt: skip
        elif key == "by_appointment":
            lines.append((gettext("By appointment"), _yes_no(gettext, current.by_appointment), _yes_no(gettext, value)))
        elif key == "contact":
            for name, label in (("phone", gettext("Phone")), ("email", gettext("E-mail")), ("url", gettext("Web"))):
                before, after = getattr(current.contact, name) or "", value.get(name) or ""
                if before != after:
                    lines.append((label, before, after))
        elif key == "capacity":
            before = "" if current.capacity is None else str(current.capacity.available)
            lines.append((gettext("Free places"), before, "" if value is None else str(value["available"])))
    return lines


def _times(gettext: Translate, slots: list[tuple[str, str, str]]) -> str:
    return " · ".join(f"{gettext(vocabulary.WEEKDAYS[day])} {start}–{end}" for day, start, end in slots)


def _yes_no(gettext: Translate, value: bool) -> str:
    return gettext("Yes") if value else gettext("No")
