"""``/beratung``: the counselling screen. Plain HTML forms first; htmx swaps in fragments from the same URLs.

Without ``HX-Request`` every route answers with a whole page (or a redirect after a POST), so the screen
works with JavaScript switched off.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import msgspec
from litestar import Controller, Request, get, post
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlalchemy import select

from models.access import Role
from models.catalogue import get_offer
from models.feedback import Feedback, Outcome
from models.offer import OfferRecord
from models.plan import Plan, PlanOut
from models.profile import NeedsProfile
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession, Matching
from web.pages import vocabulary
from web.pages.rendering import screen_context
from web.planning import (
    PLAN_ID,
    NoModelYetError,
    OfferNotInPlanError,
    make_plan,
    plan_document,
    plan_for_same_needs,
    record_feedback,
    set_hidden,
    set_print_language,
    stored_plan,
)
from web.problems import ServiceUnavailable
from web.referrals.views import TEMPLATE_GLOBALS as REFERRAL_GLOBALS
from web.referrals.views import ReferralView, referral_views
from web.screens.printed_plan import printed_notes, printed_sections
from web.screens.profile_form import (
    CHOICES,
    LISTS,
    NUMBERS,
    YES_NO_FIELDS,
    ProfileForm,
    empty_form,
    form_from_profile,
    not_yet_answered,
    read_form,
)
from web.static import htmx_available

SCREEN_LANGUAGES = tuple(vocabulary.SCREEN_LANGUAGES)
FORM_FIELDS = (*CHOICES, *LISTS, *NUMBERS, *YES_NO_FIELDS, "children_ages")
OPTIONAL_FIELDS = ("age", "gender", "residence_status", "months_in_germany", "district", "languages",
                   "qualification", "foreign_qualification", "pregnant", "health", "availability", "priorities",
                   "literacy", "single_parent", "unaccompanied_minor")  # fmt: skip


def screen_language(value: str | None) -> str:
    return value if value in SCREEN_LANGUAGES else "de"


async def _form_data(request: Request[Any, Any, Any]) -> dict[str, list[str]]:
    form = await request.form()
    return {key: [str(v) for v in form.getall(key)] for key in form}


def _consultation(value: str) -> str:
    """The consultation a form belongs to (a new one when the value is not one)."""
    return value if PLAN_ID.match(value) else str(uuid.uuid4())


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return bool(getattr(request, "htmx", False))


class CounsellingScreen(Controller):
    """For signed-in counsellors; each sees and changes only the plans they made."""

    path = "/beratung"
    include_in_schema = False
    guards = [staff_only(Role.COUNSELLOR)]

    @get("/")
    async def page(self, request: Request[Any, Any, Any], lang: FromQuery[str | None] = None) -> Template:
        language = screen_language(lang)
        return _page(request, language, empty_form("de"), plan=None, plan_record=None)  # a new consultation

    @post("/")
    async def submit(
        self, request: Request[Any, Any, Any], db_session: DbSession, matching: Matching
    ) -> Template | Redirect:
        data = await _form_data(request)
        language = screen_language((data.get("ui") or ["de"])[0])
        form = read_form(data, screen_context(language)["_"])
        if _is_htmx(request) and not data.get("go"):  # the plan following the typing, not "Show plan"
            form = not_yet_answered(form)  # questions still open are no errors yet (review: red after one answer)
        consultation = _consultation((data.get("consultation") or [""])[0])
        plan, owner = None, staff_of_request(request).owner
        if form.profile is not None:
            same = await plan_for_same_needs(db_session, consultation, owner, form.profile)
            if same is not None and await set_print_language(db_session, same, form.profile):
                return await _reopened(request, db_session, matching, same, form, language)  # the plan stays
            try:
                plan = await make_plan(form.profile, matching, db_session, channel="beratung", language=language,
                                       owner=owner, consultation=consultation)  # fmt: skip
            except NoModelYetError as error:
                raise ServiceUnavailable(str(error)) from None
        context = _context(request, language, form, plan, hidden=[], outcomes={}, consultation=consultation)
        status = 400 if form.errors else 200  # the form comes back with each error beside its field
        address = f"/beratung/plaene/{plan.plan_id}?lang={language}" if plan is not None else None
        if _is_htmx(request):
            # The address bar follows the plan, so a reload or a bookmark reopens it as made.
            headers = {"HX-Push-Url": address} if address else None
            return Template("beratung/_plan_response.html", context=context, status_code=status, headers=headers)
        if address:
            return Redirect(address, status_code=303)  # post/redirect/get: the page of the plan itself
        return Template("beratung/page.html", context=context, status_code=status)

    @get("/plaene/{plan_id:str}")
    async def stored(
        self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession, matching: Matching,
        lang: FromQuery[str | None] = None,
    ) -> Template:  # fmt: skip
        language = screen_language(lang)
        plan = await _plan_or_404(request, db_session, plan_id)
        document = plan_document(plan, language, matching)
        return _page(request, language, form_from_profile(plan.profile), plan=document, plan_record=plan,
                     outcomes=await _outcomes(db_session, plan.id),
                     referrals=await referral_views(request, db_session, plan.id))  # fmt: skip

    @post("/plaene/{plan_id:str}/rueckmeldung")
    async def feedback(
        self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession
    ) -> Template | Redirect:
        data = await _form_data(request)
        language = screen_language((data.get("ui") or ["de"])[0])
        offer_id, outcome = (data.get("offer_id") or [""])[0], (data.get("outcome") or [""])[0]
        plan = await _plan_or_404(request, db_session, plan_id)
        if outcome not in {o.value for o in Outcome}:
            raise ClientException("Unknown outcome.")
        try:
            recorded = await record_feedback(
                db_session,
                plan,
                offer_id,
                Outcome(outcome),
                source=staff_of_request(request).owner,
                actor=staff_of_request(request).actor,
            )
        except OfferNotInPlanError:
            raise ClientException(f"The offer {offer_id!r} is not in this plan.") from None
        if _is_htmx(request):
            context = screen_context(language, offer_id=offer_id, outcomes={offer_id: outcome})
            return Template("beratung/_feedback_fragment.html", context=context)
        return Redirect(f"/beratung/plaene/{recorded.plan_id}?lang={language}#offer-{offer_id}", status_code=303)

    @post("/plaene/{plan_id:str}/ausblenden")
    async def hide(
        self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession, matching: Matching
    ) -> Template | Redirect:
        data = await _form_data(request)
        language = screen_language((data.get("ui") or ["de"])[0])
        offer_id, hidden = (data.get("offer_id") or [""])[0], (data.get("hidden") or ["yes"])[0] == "yes"
        plan = await _plan_or_404(request, db_session, plan_id)
        try:
            await set_hidden(db_session, plan, offer_id, hidden)
        except OfferNotInPlanError:
            raise ClientException(f"The offer {offer_id!r} is not in this plan.") from None
        document = plan_document(plan, language, matching) if _is_htmx(request) else None
        rec = None if document is None else next((r for r in document.recommendations if r.offer.id == offer_id), None)
        if rec is not None:
            context = screen_context(language, rec=rec, plan_id=plan.id, hidden=plan.hidden,
                                     outcomes=await _outcomes(db_session, plan.id),
                                     referrals=await referral_views(request, db_session, plan.id),
                                     **REFERRAL_GLOBALS)  # fmt: skip
            return Template("beratung/_card_fragment.html", context=context)
        return Redirect(f"/beratung/plaene/{plan.id}?lang={language}#offer-{offer_id}", status_code=303)

    @get("/plaene/{plan_id:str}/druck")
    async def print_view(
        self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession, matching: Matching
    ) -> Template:
        plan = await _plan_or_404(request, db_session, plan_id)
        document = plan_document(plan, plan.language, matching)
        if document is None:
            raise NotFoundException("This plan has no printable version.")
        return Template(
            "beratung/print.html",
            context=screen_context(
                plan.language,
                plan=document,
                sections=printed_sections(document, plan, await _outcomes(db_session, plan.id)),
                notes=printed_notes(document, msgspec.convert(plan.profile, NeedsProfile), _offers(matching)),
            ),
        )

    @get("/angebote/{offer_id:str}")
    async def offer(self, request: Request[Any, Any, Any], offer_id: FromPath[str], db_session: DbSession,
                    lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        language = screen_language(lang)
        row = await get_offer(db_session, offer_id)
        if row is None:
            raise NotFoundException(f"No offer with the id {offer_id!r}.")
        context = screen_context(language, offer=row.to_out(language, request.app.state.settings.stale_days), htmx=htmx_available(),
                                 back=_back(request, language))  # fmt: skip
        return Template("beratung/_offer_detail.html" if _is_htmx(request) else "beratung/offer.html", context=context)


def _back(request: Request[Any, Any, Any], language: str) -> str:
    """Where "Back" leads: the counselling page the counsellor came from, never another site."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/beratung"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return f"/beratung?lang={language}"


async def _plan_or_404(request: Request[Any, Any, Any], session: DbSession, plan_id: str) -> Plan:
    plan = await stored_plan(session, plan_id)
    if plan is None or plan.channel == "kiosk" or plan.owner != staff_of_request(request).owner:
        raise NotFoundException(f"No plan with the id {plan_id!r}.")
    return plan


async def _outcomes(session: DbSession, plan_id: str) -> dict[str, str]:
    rows = await session.scalars(select(Feedback).where(Feedback.plan_id == plan_id).order_by(Feedback.id))
    return {row.offer_id: row.outcome for row in rows}


def _context(
    request: Request[Any, Any, Any],
    language: str,
    form: ProfileForm,
    plan: PlanOut | None,
    hidden: list[str],
    outcomes: dict[str, str],
    consultation: str | None = None,
) -> dict[str, Any]:
    plan_language = form.values.get("plan_language") or "de"
    return screen_context(
        language,
        staff=staff_of_request(request),
        form=form,
        plan=plan,
        hidden=hidden,
        outcomes=outcomes,
        htmx=htmx_available(),
        consultation=consultation or str(uuid.uuid4()),
        here="/beratung",
        form_fields=FORM_FIELDS,
        optional_open=any(form.values.get(name) for name in OPTIONAL_FIELDS)
        or any(f in form.errors for f in OPTIONAL_FIELDS),
        plan_language_name=vocabulary.PLAN_LANGUAGES.get(plan_language, plan_language),
    )


def _page(request: Request[Any, Any, Any], language: str, form: ProfileForm, plan: PlanOut | None,
          plan_record: Plan | None, outcomes: dict[str, str] | None = None,
          referrals: dict[str, ReferralView] | None = None) -> Template:  # fmt: skip
    context = _context(
        request, language, form, plan, hidden=plan_record.hidden if plan_record else [], outcomes=outcomes or {},
        consultation=(plan_record.consultation or plan_record.id) if plan_record else None,
    )  # fmt: skip
    context.update(REFERRAL_GLOBALS, referrals=referrals or {})
    if plan_record is not None:
        context["here"] = f"/beratung/plaene/{plan_record.id}"
        context["case_reference"], context["follow_up_on"] = plan_record.case_reference, plan_record.follow_up_on
    return Template("beratung/page.html", context=context)


async def _reopened(request: Request[Any, Any, Any], session: DbSession, matching: Matching, plan: Plan,
                    form: ProfileForm, language: str) -> Template | Redirect:  # fmt: skip
    """The stored ``plan`` as the answer to the form: with its outcomes, referrals and case reference."""
    address = f"/beratung/plaene/{plan.id}?lang={language}"
    if not _is_htmx(request):
        return Redirect(address, status_code=303)
    page = _page(request, language, form, plan_document(plan, language, matching), plan, await _outcomes(session, plan.id),
                 await referral_views(request, session, plan.id))  # fmt: skip
    return Template("beratung/_plan_response.html", context=page.context, headers={"HX-Push-Url": address})


def _offers(matching: Matching) -> Mapping[str, OfferRecord]:
    """The catalogue's offers by id (none while no catalogue is loaded)."""
    state = matching.state
    if state is None:
        return {}
    return {offer_id: state.matrix.offers[row] for offer_id, row in state.matrix.row_of.items()}
