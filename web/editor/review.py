"""``/verwaltung/pruefen``: the services of an imported directory that Lotse cannot recommend yet, and the
editor's decision on those that only lack a category or a district in Laatzen."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template

from models.access import Role
from models.catalogue import get_offer, store_catalogue
from models.directory import ReviewReason
from models.district import District
from models.taxonomy import CATEGORY_CODES, N_, FieldOfAction, categories_of
from seed.hsds.review import StillToReviewError, decided
from web.access.audit import record
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession
from web.editor.review_items import REASON_TEXTS, item_of, waiting_entries, waiting_entry
from web.editor.screen import editor_context, screen_language

QUEUE = "/verwaltung/pruefen"
NOT_WAITING = "No imported service with this id waits for review."
ID_TAKEN = N_(
    "Another offer already has the id this service would get (made by hand or from another directory): "
    "deciding here would overwrite it. Nothing was saved; ask the operator to look at the ids."
)


class ReviewQueue(Controller):
    path = QUEUE
    include_in_schema = False
    guards = [staff_only(Role.EDITOR)]

    @get("/")
    async def queue(self, request: Request[Any, Any, Any], db_session: DbSession, lang: FromQuery[str | None] = None,
                    decided_offer: FromQuery[str | None] = None) -> Template:  # fmt: skip
        offer = await get_offer(db_session, decided_offer) if decided_offer else None
        done = None if offer is None else {"id": offer.id, "title": offer.to_record().titles.get("de", offer.id)}
        return await _queue_page(request, db_session, screen_language(lang), done=done)

    @post("/")
    async def decide(self, request: Request[Any, Any, Any], db_session: DbSession) -> Response[Any]:
        form = await request.form()
        language = screen_language(str(form.get("ui", "")))
        entry = await waiting_entry(db_session, str(form.get("kind", "")), str(form.get("hsds_id", "")))
        item = None if entry is None else item_of(entry)
        if entry is None or item is None or not item.decidable:
            raise NotFoundException(NOT_WAITING)
        category = str(form.get("category", "")).strip()
        # Where the directory names the district, that is the district (the form does not ask for one).
        district = str(form.get("district", "")).strip() if item.district_required else ""
        errors = _form_errors(category, district, item.district_required)
        if not errors:
            chosen = District(district) if district else item.directory_district
            assert chosen is not None  # required, else checked above
            try:
                catalogue = decided(entry.to_record(), category, chosen)
            except StillToReviewError as error:
                errors = _still_to_review(error.reasons)
            except ValueError:
                errors = {"category": N_("Choose one of the categories in the list.")}
            else:
                if await get_offer(db_session, catalogue.offers[0].id) is not None:  # made by hand, another directory
                    errors = {"form": ID_TAKEN}
        if errors:
            sent = {"kind": entry.kind, "hsds_id": entry.hsds_id, "category": category, "district": district}
            return await _queue_page(request, db_session, language, errors=errors, sent=sent)
        [offer] = catalogue.offers
        await store_catalogue(db_session, catalogue, replace=False)
        record(db_session, staff_of_request(request).actor, "review_decided", offer.id, hsds_id=entry.hsds_id[:200],
               category=offer.category, district=offer.district)  # fmt: skip
        await db_session.commit()
        return Redirect(f"{QUEUE}?lang={language}&decided_offer={offer.id}", status_code=303)


def _form_errors(category: str, district: str, district_required: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not category:
        errors["category"] = N_("Choose a category.")
    elif category not in CATEGORY_CODES:
        errors["category"] = N_("Choose one of the categories in the list.")
    if district_required and district not in set(District):
        errors["district"] = N_("Choose the district in Laatzen the service is for.")
    return errors


def _still_to_review(reasons: list[ReviewReason]) -> dict[str, str]:
    """Where the import still finds the service wanting, beside the field that would decide it."""
    errors: dict[str, str] = {}
    if ReviewReason.NO_CATEGORY in reasons:
        errors["category"] = N_("Choose one of the categories in the list.")
    if ReviewReason.NO_DISTRICT in reasons:
        errors["district"] = N_(
            "The directory gives no address for this service: correct it there and import it again."
        )
    if not errors:
        errors["form"] = N_("Even with this choice the service cannot be recommended: see the notes.")
    return errors


async def _queue_page(request: Request[Any, Any, Any], session: DbSession, language: str, *,
                      errors: dict[str, str] | None = None, sent: dict[str, str] | None = None,
                      done: dict[str, str] | None = None) -> Template:  # fmt: skip
    """The list; a failed decision's errors and values go to its own entry (fields named ``{name}-{n}``)."""
    items = [item_of(entry) for entry in await waiting_entries(session)]
    entry_errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for n, item in enumerate(items, start=1):
        if sent and (item.kind, item.hsds_id) == (sent["kind"], sent["hsds_id"]):
            entry_errors = {f"{name}-{n}": message for name, message in (errors or {}).items()}
            values = {f"category-{n}": sent["category"], f"district-{n}": sent["district"]}
    category_groups = [(field.value, categories_of(field)) for field in FieldOfAction]
    context = editor_context(request, language, items=items, errors=entry_errors, values=values, done=done,
                             category_groups=category_groups, reason_texts=REASON_TEXTS)  # fmt: skip
    return Template("editor/review.html", context=context, status_code=400 if errors else 200)
