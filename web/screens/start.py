"""``/``: where the service's address leads — the kiosk in its eight languages, the staff sign-in and the API's
documentation. It was a JSON 404, the first thing anyone saw who opened the address ``make run`` prints."""

from __future__ import annotations

from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from web.pages import vocabulary
from web.pages.rendering import screen_context


@get("/", include_in_schema=False, sync_to_thread=False)
def start_page(lang: FromQuery[str | None] = None) -> Template:
    """German, or English with ``?lang=en``; the kiosk's languages are each named in their own."""
    language = lang if lang in vocabulary.SCREEN_LANGUAGES else "de"
    context = screen_context(language, home_url=f"/?lang={language}" if language != "de" else "/",
                             kiosk_languages=vocabulary.PLAN_LANGUAGES,
                             screen_languages=vocabulary.SCREEN_LANGUAGES)  # fmt: skip
    return Template("start.html", context=context)
