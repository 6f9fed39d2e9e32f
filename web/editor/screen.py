"""What the catalogue screens share: their language (German or English) and their template context."""

from __future__ import annotations

from typing import Any

from litestar import Request

from models.district import District
from models.offer import Situation, Weekday
from models.profile import Gender, GermanLevel, Housing, Literacy, ResidenceStatus
from web.pages.rendering import screen_context
from web.static import htmx_available


def screen_language(value: str | None) -> str:
    return "en" if value == "en" else "de"


def editor_context(request: Request[Any, Any, Any], language: str, **extra: Any) -> dict[str, Any]:
    """The screen context plus the signed-in editor (none on the provider page) and the form's choices."""
    staff = getattr(request.state, "staff", None)
    return screen_context(
        language,
        staff=staff,
        home_url=f"/verwaltung/angebote?lang={language}" if staff else None,
        stale_days=request.app.state.settings.stale_days,
        htmx=htmx_available(),
        weekdays=[day.value for day in Weekday],
        german_levels=[level.value for level in GermanLevel],
        genders=[gender.value for gender in Gender],
        residence_statuses=[status.value for status in ResidenceStatus],
        districts=[district.value for district in District],
        housing_situations=[housing.value for housing in Housing],
        situations=[situation.value for situation in Situation],
        literacies=[literacy.value for literacy in Literacy],
        **extra,
    )
