"""``/kiosk``: the self-service plan in the town hall. No login; nothing about the person is stored or logged.

Answers travel only in the page (hidden fields of POST forms), the plan is made without being stored, and
the QR link carries nothing but offer ids, phases and the language, signed.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any, TypeVar

import msgspec
import segno
from babel.dates import format_date
from litestar import Controller, Request, get, post
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from matcher.distances import distance_matrix
from matcher.offer_matrix import DISTRICTS
from matcher.steps import INSTRUCTIONS
from models.catalogue import get_offer
from models.plan import Phase, PlanOut
from models.profile import NeedsProfile
from models.taxonomy import N_
from web.dependencies import DbSession, Matching
from web.i18n import gettext_for
from web.language import LANGUAGES
from web.pages.rendering import PHASE_LABELS, babel_locale, screen_context
from web.pages.vocabulary import PLAN_LANGUAGES
from web.planning import NoModelYetError, make_plan
from web.problems import ServiceUnavailable
from web.screens.kiosk_link import VALID_FOR, current, share_token, signed_plan, take_home_link
from web.screens.kiosk_questions import CHILD_BANDS, QUESTIONS, Question
from web.screens.kiosk_state import forget_answers, keep_answers, read_answers
from web.settings import Settings, derived_key, signing_key

KIOSK_LIMIT = 6
PRIVACY_NOTE = N_("Nothing you enter here is saved. After a short break the kiosk starts over and forgets everything.")
# The first question says why it is shown again when the answers were gone (a pause longer than the kiosk keeps
# them): ``?neustart=1`` in the address, which says nothing about the person.
RESTARTED = "neustart"
LINK_EXPIRED = (
    N_("This link has expired"),
    N_(
        "Plan links from the kiosk work for 30 days. At the kiosk in the town hall you can make a new plan in a few minutes."
    ),
)


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise NotFoundException(f"The kiosk does not speak {value!r}.")
    return value


def _kiosk_context(request: Request[Any, Any, Any], language: str, **extra: Any) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    return screen_context(language, idle_seconds=settings.kiosk_idle_seconds,
                          countdown_seconds=settings.kiosk_countdown_seconds, languages=PLAN_LANGUAGES, **extra)  # fmt: skip


class KioskScreen(Controller):
    """Post/redirect/get: every answer is posted, kept in the kiosk cookie (``kiosk_state``), and the browser is
    sent on to the next address, which holds no answer. Nothing of the person is in an address or on the
    server."""

    path = "/kiosk"
    include_in_schema = False

    @get("/")
    async def start(self, request: Request[Any, Any, Any]) -> Template:
        notes = {code: gettext_for(code)(PRIVACY_NOTE) for code in PLAN_LANGUAGES}
        page = Template("kiosk/start.html", context=_kiosk_context(request, "de", privacy_notes=notes))
        forget_answers(page)  # the start page is where the kiosk forgets the last person
        return page

    @get("/{language:str}")
    async def first_question(self, request: Request[Any, Any, Any], language: FromPath[str]) -> Template:
        restarted = request.query_params.get(RESTARTED) == "1"
        page = _question(request, _language(language), step=0, answers={}, restarted=restarted)
        forget_answers(page)
        return page

    @get("/{language:str}/frage/{step:int}")
    async def question(self, request: Request[Any, Any, Any], language: FromPath[str], step: FromPath[int]
                       ) -> Response[Any]:  # fmt: skip
        language = _language(language)
        answers = read_answers(request, _secret(request)) or {}
        if not 0 <= step < len(QUESTIONS):
            return Redirect(f"/kiosk/{language}", status_code=303)
        if any(q.name not in answers for q in QUESTIONS[:step]):  # the earlier answers are gone: start again
            return _redirect(request, _restart_url(language), None)
        page = _question(request, language, step, answers)
        return _keep(request, page, answers) if answers else page

    @post("/{language:str}")
    async def answer(self, request: Request[Any, Any, Any], language: FromPath[str]) -> Response[Any]:
        language = _language(language)
        form = await request.form()
        step = _step(str(form.get("step", "")))
        question = QUESTIONS[step]
        chosen = _checked(question, _values(form, "answer"))
        answers = read_answers(request, _secret(request)) or {}
        answers = {q.name: _checked(q, answers[q.name]) for q in QUESTIONS[:step] if q.name in answers}
        if len(answers) < step:  # the earlier answers are gone (a pause, a reset): start again
            return _redirect(request, _restart_url(language), None)
        if form.get("go") == "back":
            return _redirect(request, _question_url(language, step - 1), answers)
        if not chosen and not question.several and not question.optional:  # "skip" only where the screen offers it
            return _redirect(request, _question_url(language, step), answers)
        answers[question.name] = chosen
        target = _question_url(language, step + 1) if step + 1 < len(QUESTIONS) else f"/kiosk/{language}/plan"
        return _redirect(request, target, answers)

    @get("/{language:str}/plan")
    async def plan(self, request: Request[Any, Any, Any], language: FromPath[str], matching: Matching) -> Response[Any]:
        language = _language(language)
        answers = read_answers(request, _secret(request))
        if answers is None or any(q.name not in answers for q in QUESTIONS):
            return _redirect(request, _restart_url(language), None)
        try:
            checked = {q.name: _checked(q, answers[q.name]) for q in QUESTIONS}
        except ClientException:
            return _redirect(request, f"/kiosk/{language}", None)
        return _keep(request, await _plan(request, language, checked, matching), checked)

    @get("/p/{token:str}")
    async def shared(self, request: Request[Any, Any, Any], token: FromPath[str], db_session: DbSession) -> Template:
        shared = signed_plan(token, signing_key(request.app.state.settings))
        if shared is None or shared.language not in LANGUAGES:
            raise NotFoundException("This link is not valid (any more).")
        if not current(shared, date.today()):  # made by this service: its time is up
            return _link_expired(request, shared.language)
        gettext = screen_context(shared.language)["_"]
        steps, stale_days = [], request.app.state.settings.stale_days
        for phase, offer_ids in shared.steps:
            offers = [
                row.to_out(shared.language, stale_days)
                for row in [await get_offer(db_session, i) for i in offer_ids]
                if row
            ]
            if offers:
                steps.append((gettext(PHASE_LABELS[Phase(phase)]), gettext(INSTRUCTIONS[offers[0].category]), offers))
        return Template("kiosk/shared.html", context=_kiosk_context(request, shared.language, steps=steps, phone=True,
                                                                    valid_until=_day(shared.made + VALID_FOR,
                                                                                     shared.language)))  # fmt: skip


def _link_expired(request: Request[Any, Any, Any], language: str) -> Template:
    """410 in the plan's language: the link was this service's, and says why it no longer opens the plan."""
    gettext = gettext_for(language)
    context = _kiosk_context(request, language, title=gettext(LINK_EXPIRED[0]), detail=gettext(LINK_EXPIRED[1]),
                             home="/kiosk", phone=True)  # fmt: skip
    return Template("kiosk/error.html", context=context, status_code=410)


def _day(day: date, language: str) -> str:
    """The long date, without a closing full stop of its own ("27 декабря 2026 г."): the sentence brings one."""
    return format_date(day, format="long", locale=babel_locale(language)).rstrip(".")


def _step(raw: str) -> int:
    """The question being answered; anything the kiosk's own form cannot send is a 400 page."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 2 and int(raw) < len(QUESTIONS)):
        raise ClientException("Unknown question.")
    return int(raw)


def _checked(question: Question, values: list[str]) -> list[str]:
    """The answers to ``question``, each one of its options (at most one unless several are allowed)."""
    allowed = {option.value for option in question.options}
    if any(value not in allowed for value in values) or (len(values) > 1 and not question.several):
        raise ClientException(f"Unknown answer to the question {question.name!r}.")
    return list(dict.fromkeys(values))


def _values(form: Any, key: str) -> list[str]:
    return [str(value) for value in form.getall(key)] if key in form else []


def _secret(request: Request[Any, Any, Any]) -> bytes:
    return derived_key(request.app.state.settings, "kiosk answers")


def _question_url(language: str, step: int) -> str:
    return f"/kiosk/{language}/frage/{step}"


def _restart_url(language: str) -> str:
    return f"/kiosk/{language}?{RESTARTED}=1"


def _redirect(request: Request[Any, Any, Any], target: str, answers: dict[str, list[str]] | None) -> Response[Any]:
    response: Response[Any] = Redirect(target, status_code=303)
    if answers is None:
        forget_answers(response)
        return response
    return _keep(request, response, answers)


R = TypeVar("R", bound=Response[Any])


def _keep(request: Request[Any, Any, Any], response: R, answers: dict[str, list[str]]) -> R:
    """``response`` with the answers kept for one more pause: each page that shows them (also when the kiosk's
    script fetches it again because the person is still touching the screen) starts the pause anew."""
    settings: Settings = request.app.state.settings
    idle = settings.kiosk_idle_seconds
    # The screen counts a pause from the last touch; the script renews the cookie at most every min(30 s, idle/3)
    # (web/static/kiosk.js): the cookie lives that much (and two seconds) longer, so it never ends first.
    pause = idle + settings.kiosk_countdown_seconds + min(30, idle // 3) + 2
    keep_answers(response, answers, _secret(request), pause)
    return response


def _question(
    request: Request[Any, Any, Any], language: str, step: int, answers: dict[str, list[str]], restarted: bool = False
) -> Template:
    context = _kiosk_context(request, language, question=QUESTIONS[step], step=step, total=len(QUESTIONS),
                             answers=answers, restarted=restarted)  # fmt: skip
    return Template("kiosk/question.html", context=context)


def _profile(language: str, answers: dict[str, list[str]]) -> NeedsProfile:
    def one(name: str) -> str | None:
        values = answers.get(name) or []
        return values[0] if values else None

    raw: dict[str, Any] = {
        "german_level": one("german_level") or "none",
        "children_ages": sorted(CHILD_BANDS[band] for band in answers.get("children", [])),
        "work": one("work") or "not_seeking",
        "housing": one("housing") or "own_flat",
        "priorities": answers.get("priorities", []),
        "plan_language": language,
        "limit": KIOSK_LIMIT,
    }
    if one("district"):
        raw["district"] = one("district")
    return msgspec.convert(raw, NeedsProfile)


def _distances(profile: NeedsProfile, plan: PlanOut) -> dict[str, float]:
    """Approximate km from the person's district to each offer (empty when no district was chosen)."""
    if profile.district is None:
        return {}
    km = distance_matrix()[DISTRICTS.index(profile.district)]
    return {r.offer.id: float(km[DISTRICTS.index(r.offer.district)]) for r in plan.recommendations}


async def _plan(
    request: Request[Any, Any, Any], language: str, answers: dict[str, list[str]], matching: Any
) -> Template:
    profile = _profile(language, answers)
    try:
        plan: PlanOut = await make_plan(profile, matching, store=None, channel="kiosk", language=language)
    except NoModelYetError as error:
        raise ServiceUnavailable(str(error)) from None
    settings: Settings = request.app.state.settings
    token = share_token(plan, signing_key(settings), date.today())
    link = take_home_link(settings.public_url, str(request.base_url), token)
    qr = io.BytesIO()
    if link is not None:
        segno.make(link, error="l").save(
            qr, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, title="QR", dark="#000", light="#fff"
        )
    return Template(
        "kiosk/plan.html",
        context=_kiosk_context(
            request,
            language,
            plan=plan,
            link=link,
            qr_svg=qr.getvalue().decode(),
            distances=_distances(profile, plan),
            last_question=len(QUESTIONS) - 1,
        ),
    )
