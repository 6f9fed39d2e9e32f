"""Errors on the screens as a page in words: the staff screens' in German or English, the kiosk's in its own
language and look, leading back to where the person started."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Template

from models.access import Role
from models.profile import PlanLanguage
from models.taxonomy import N_
from web.access.sessions import HOME

CSRF_FAILED = "CSRF token verification failed"
DATABASE_DOWN = N_("The database cannot be reached at the moment. Please try again in a few seconds.")
BUSY = N_("Many people are using the service right now. Please try again in a few seconds.")
BODY_TOO_SLOW = N_(
    "Your answers did not arrive completely (the connection was slow or broke off). Please send them again."
)
KIOSK_LANGUAGES = {language.value for language in PlanLanguage}
TITLES = {400: N_("Please check the request"), 403: N_("Not allowed"), 404: N_("Not found"),
          408: N_("Please send it again"), 429: N_("Too many requests"), 503: N_("Not available yet")}  # fmt: skip
BUSY_TITLE = N_("Very busy right now")
OTHER_TITLE = N_("Something went wrong")
TEXTS = {
    400: N_("Something in the request did not fit (for example an answer that was not offered)."),
    403: N_("Your account's role does not open this page."),
    404: N_("This page or plan does not exist (any more)."),
    429: N_("Too many requests from this address. Please wait a minute and try again."),
    503: N_("The service is starting or has no ranking model yet. Please try again in a moment."),
}
FORM_EXPIRED = N_(
    "The form had expired or did not come from this service (security check). Please reload the page and send it again."
)
LINK_INVALID = N_("This link is not valid (any more). Please ask the town's integration counselling for a new one.")
OTHER_TEXT = N_("Please try again. If it happens again, tell the IT team.")
STAFF_PATHS = ("/login", "/logout", "/konto", "/admin", "/verwaltung", "/steuerung")
LINK_PATHS = ("/vermittlung", "/anbieter")  # pages reached through a signed link, not a sign-in


def error_page(
    request: Request[Any, Any, Any], status: int, detail: str, headers: dict[str, str] | None = None
) -> Response[Any]:
    """The page for ``status``; on the kiosk in the language of its address (a visitor reading Arabic got a German
    staff page whose brand link led to the staff sign-in), with the kiosk's idle reset."""
    from web.language import negotiate  # the screens' helpers need the problems, not the reverse
    from web.pages.rendering import screen_context

    path = request.url.path
    kiosk = path == "/kiosk" or path.startswith("/kiosk/")
    if kiosk:
        segment = path.split("/")[2] if path.count("/") >= 2 else ""
        # A damaged phone link (/kiosk/p/…) says nothing of its language, but the phone's browser does (review:
        # it was German to everyone).
        language = segment if segment in KIOSK_LANGUAGES else negotiate(request.headers.get("accept-language", ""))
    else:
        language = "en" if request.query_params.get("lang") == "en" else "de"
    gettext = screen_context(language)["_"]
    title = gettext(BUSY_TITLE if detail == BUSY else TITLES.get(status, OTHER_TITLE))
    text = gettext(_text(status, detail, path))
    if kiosk:
        settings = request.app.state.settings
        # Busy, slow or the database away: the same step can simply be tried again (a page asked for again; a
        # form sent again from the page before it, whose answers the kiosk still holds).
        retry = (request.method if request.method in ("GET", "POST") else None) if status in (408, 503) else None
        context = screen_context(language, title=title, detail=text, home="/kiosk", phone=path.startswith("/kiosk/p/"),
                                 idle_seconds=settings.kiosk_idle_seconds, retry=retry, again=request.url.path,
                                 countdown_seconds=settings.kiosk_countdown_seconds)  # fmt: skip
        return Template("kiosk/error.html", context=context, status_code=status, headers=headers or None)
    staff = getattr(request.state, "staff", None)  # signed in, but this page is not for the account's role
    if status == 403 and staff is not None:
        home = brand = f"{HOME[Role(staff.role)]}?lang={language}"  # "back" led to the same 403 or to the sign-in
    elif path.startswith("/beratung"):
        home, brand = f"/beratung?lang={language}", None
    elif path.startswith(STAFF_PATHS):
        home, brand = "/login", None
    else:  # a provider's link, or an address no screen has: the start page, which leads everywhere
        home = brand = "/" if language == "de" else f"/?lang={language}"
    context = screen_context(language, title=title, detail=text, home=home, home_url=brand, staff=staff)
    return Template("error.html", context=context, status_code=status, headers=headers or None)


def _text(status: int, detail: str, path: str) -> str:
    if status == 403 and detail == CSRF_FAILED:
        return FORM_EXPIRED
    if status == 404 and path.startswith(LINK_PATHS):
        return LINK_INVALID
    if (status, detail) in ((503, DATABASE_DOWN), (503, BUSY), (408, BODY_TOO_SLOW)):
        return detail
    return TEXTS.get(status, OTHER_TEXT)
