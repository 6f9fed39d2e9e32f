"""Offers (Angebote, HSDS "services"): the catalogue record, its tables and its API shape.

``OfferRecord`` is the complete, language-neutral form that seed files, imports and exports use;
``OfferOut`` is what the API serves, with texts in one language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated

import msgspec

from models.contact import Contact
from models.district import District
from models.profile import Gender, GermanLevel, Housing, Literacy, ResidenceStatus
from models.provider import ProviderId, ProviderOut
from models.taxonomy import FieldOfAction, field_of

OFFER_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
OfferId = Annotated[str, msgspec.Meta(pattern=OFFER_ID_PATTERN)]
LanguageCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2}$")]
TextLanguage = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2}(-[a-z]{2,8})?$")]
ClockTime = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Age = Annotated[int, msgspec.Meta(ge=0, le=120)]
STALE_DAYS = 180  # default of LOTSE_STALE_DAYS: an offer not confirmed for this long counts as uncertain
ChildAge = Annotated[int, msgspec.Meta(ge=0, le=17)]


class Situation(StrEnum):
    """A situation an offer is only for. Most are ones no needs profile records (it would be too personal to ask
    in every consultation): the plan asks the person to check them. ``unaccompanied_minor`` and ``single_parent``
    are the profile's own facts of those names: met when it says yes, not when it says no, to be checked when it
    says nothing."""

    VIOLENCE = "violence"  # experiencing violence (a protection flat, a counselling service for victims)
    NURSING_QUALIFICATION = "nursing_qualification"  # a foreign nursing qualification (an adaptation course)
    UNACCOMPANIED_MINOR = "unaccompanied_minor"  # under 18 and in Germany without parents (the Jugendamt's care)
    SINGLE_PARENT = "single_parent"  # raises the children alone (a meeting point for single parents)


# Situations a needs profile records, each in its own field of the same name (true, false or left out).
RECORDED_SITUATIONS = (Situation.UNACCOMPANIED_MINOR, Situation.SINGLE_PARENT)


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class Eligibility(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Hard conditions a person must meet; empty lists and ``None`` mean "no condition"."""

    min_age: Annotated[
        Age | None, msgspec.Meta(description="The youngest age the offer takes; null: no lower limit.")
    ] = None
    max_age: Annotated[
        Age | None, msgspec.Meta(description="The oldest age the offer takes; null: no upper limit.")
    ] = None
    genders: Annotated[list[Gender], msgspec.Meta(description="Only for these genders; empty: for everyone.")] = (
        msgspec.field(default_factory=list)
    )
    residence_statuses: Annotated[
        list[ResidenceStatus], msgspec.Meta(description="Only for these residence statuses; empty: for everyone.")
    ] = msgspec.field(default_factory=list)
    german_level_min: Annotated[
        GermanLevel | None, msgspec.Meta(description="The German level needed at least; null: none.")
    ] = None
    german_level_max: Annotated[
        GermanLevel | None, msgspec.Meta(description="The German level the offer is for at most; null: any.")
    ] = None
    requires_child_age: Annotated[
        tuple[ChildAge, ChildAge] | None,
        msgspec.Meta(description="`[youngest, oldest]`: the person must have a child of that age; null: no condition."),
    ] = None
    districts: Annotated[
        list[District], msgspec.Meta(description="Only for people living in these districts; empty: for everyone.")
    ] = msgspec.field(default_factory=list)
    housing_situations: Annotated[
        list[Housing],
        msgspec.Meta(
            description="Only for people in these housing situations (the profile's `housing`), e.g. an emergency "
            "shelter for `homeless`; empty: for everyone."
        ),
    ] = msgspec.field(default_factory=list)
    situations: Annotated[
        list[Situation],
        msgspec.Meta(
            description="Only for people in these situations (`violence`: experiencing violence; "
            "`nursing_qualification`: a foreign nursing qualification; added in 1.3.0: `unaccompanied_minor`, under "
            "18 and in Germany without parents, and `single_parent`, raising the children alone). A needs profile "
            "does not record the first two, and a plan never takes them for granted: such an offer ranks below the "
            "offers of its kind the person surely may use, and says what to check. `unaccompanied_minor` and "
            "`single_parent` are the profile's facts of those names: met when true, not met when false, taken as "
            "the first two when left out; empty: no such condition."
        ),
    ] = msgspec.field(default_factory=list)
    literacy: Annotated[
        list[Literacy],
        msgspec.Meta(
            description="Only for people who read and write like this (the profile's `literacy`: `none`, "
            "`other_script`, `latin`), e.g. a course in Latin letters for people who read another script "
            "(added in 1.3.0); empty: for everyone."
        ),
    ] = msgspec.field(default_factory=list)


class GeoPoint(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90, description="Latitude (WGS 84).")]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180, description="Longitude (WGS 84).")]


class Cost(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    free: Annotated[bool, msgspec.Meta(description="Whether the offer is free of charge.")]
    amount_eur: Annotated[
        Annotated[float, msgspec.Meta(ge=0, le=10000)] | None,
        msgspec.Meta(description="What it costs in euros; null when free, not known or in another currency."),
    ] = None
    amount: Annotated[
        Annotated[float, msgspec.Meta(ge=0, le=1000000)] | None,
        msgspec.Meta(description="What it costs in `currency` when that is not EUR (from an imported directory)."),
    ] = None
    currency: Annotated[
        Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$")] | None,
        msgspec.Meta(description="The ISO 4217 currency of `amount`; null: euros (`amount_eur`)."),
    ] = None

    def label(self) -> str | None:
        """The amount as people read it (``12.50 €``, ``35.00 GBP``); None when free or not known."""
        if self.amount_eur:
            return f"{self.amount_eur:.2f} €"
        if self.amount and self.currency:
            return f"{self.amount:.2f} {self.currency}"
        return None


class Place(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A further place an offer is held at (an imported service may have several locations)."""

    address: Annotated[str, msgspec.Meta(min_length=3, max_length=300, description="The address.")]
    district: Annotated[
        District | None, msgspec.Meta(description="The district of Laatzen; null: outside Laatzen or not known.")
    ] = None
    location: Annotated[GeoPoint | None, msgspec.Meta(description="The place on the map; null: not known.")] = None


class ScheduleSlot(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    weekday: Annotated[Weekday, msgspec.Meta(description="The day of the week.")]
    start: Annotated[ClockTime, msgspec.Meta(description="Start, local time `HH:MM`.")]
    end: Annotated[ClockTime, msgspec.Meta(description="End, local time `HH:MM`.")]


class Capacity(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    available: Annotated[int, msgspec.Meta(ge=0, description="Free places now; 0: full.")]
    maximum: Annotated[
        Annotated[int, msgspec.Meta(ge=0)] | None, msgspec.Meta(description="Places in all; null: not reported.")
    ] = None


class OfferRecord(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One offer, complete, with its texts in every language the catalogue holds."""

    id: OfferId
    provider_id: ProviderId
    category: str
    titles: dict[TextLanguage, str]
    summaries: dict[TextLanguage, str]
    district: District
    address: Annotated[str, msgspec.Meta(min_length=3, max_length=300)]
    location: GeoPoint
    languages: list[LanguageCode]
    childcare: bool = False
    cost: Cost = msgspec.field(default_factory=lambda: Cost(free=True))
    schedule: list[ScheduleSlot] = msgspec.field(default_factory=list)
    by_appointment: bool = False
    capacity: Capacity | None = None
    accessible: bool = False
    contact: Contact = msgspec.field(default_factory=Contact)
    valid_from: date | None = None
    valid_to: date | None = None
    updated_at: datetime
    eligibility: Eligibility = msgspec.field(default_factory=Eligibility)
    # When the provider or an editor last confirmed the offer as true (HSDS ``assured_date``); None: not known.
    confirmed_at: datetime | None = None
    places: list[Place] = msgspec.field(default_factory=list)  # further places besides ``address``


class OfferOut(msgspec.Struct, kw_only=True):
    """An offer as the public API serves it (``GET /api/v1/offers/{id}``), texts in one language."""

    id: Annotated[str, msgspec.Meta(description="The offer's id (stable).")]
    title: Annotated[str, msgspec.Meta(description="The title, in `text_language`.")]
    summary: Annotated[str, msgspec.Meta(description="What the offer is, in `text_language`.")]
    text_language: Annotated[
        str,
        msgspec.Meta(
            description="The language of `title` and `summary` (German where the offer has no text in the language asked for)."
        ),
    ]
    field: Annotated[FieldOfAction, msgspec.Meta(description="The field of action the offer's category belongs to.")]
    category: Annotated[str, msgspec.Meta(description="The category code (see /api/v1/taxonomy).")]
    provider: Annotated[ProviderOut, msgspec.Meta(description="The organisation that runs the offer.")]
    district: Annotated[District, msgspec.Meta(description="The district the offer takes place in.")]
    address: Annotated[str, msgspec.Meta(description="Where the offer takes place.")]
    location: Annotated[GeoPoint, msgspec.Meta(description="The place on the map.")]
    languages: Annotated[list[str], msgspec.Meta(description="Languages the offer is held in (ISO 639-1).")]
    childcare: Annotated[bool, msgspec.Meta(description="Whether children are looked after during the offer.")]
    cost: Annotated[Cost, msgspec.Meta(description="What it costs.")]
    schedule: Annotated[list[ScheduleSlot], msgspec.Meta(description="Weekly times; empty when by appointment only.")]
    by_appointment: Annotated[
        bool, msgspec.Meta(description="Whether people make an appointment (an offer may also have weekly times).")
    ]
    capacity: Annotated[
        Capacity | None, msgspec.Meta(description="Places; null when the provider does not report them.")
    ]
    accessible: Annotated[bool, msgspec.Meta(description="Whether the place is accessible without steps.")]
    contact: Annotated[Contact, msgspec.Meta(description="How to reach the provider about this offer.")]
    valid_from: Annotated[date | None, msgspec.Meta(description="The first day the offer runs; null: already running.")]
    valid_to: Annotated[date | None, msgspec.Meta(description="The last day the offer runs; null: no end known.")]
    updated_at: Annotated[datetime, msgspec.Meta(description="When the offer was last changed in the catalogue (UTC).")]
    eligibility: Annotated[Eligibility, msgspec.Meta(description="Hard conditions a person must meet.")]
    last_confirmed: Annotated[
        date | None,
        msgspec.Meta(description="The day the provider or the town last confirmed the offer as true; null: not known."),
    ] = None
    uncertain: Annotated[
        bool,
        msgspec.Meta(
            description="True when not confirmed for `LOTSE_STALE_DAYS` (default 180) days: ask whether it still runs."
        ),
    ] = False  # not confirmed for LOTSE_STALE_DAYS: ask the provider whether it still runs
    more_places: Annotated[
        list[Place], msgspec.Meta(description="Further places the offer is held at besides `address` (may be empty).")
    ] = msgspec.field(default_factory=list)


class OfferPage(msgspec.Struct, kw_only=True):
    """One page of offers with what a client needs to fetch the next."""

    items: Annotated[list[OfferOut], msgspec.Meta(description="The offers of this page, ordered by id.")]
    total: Annotated[int, msgspec.Meta(description="How many offers match in all.")]
    page: Annotated[int, msgspec.Meta(description="This page's number, from 1.")]
    per_page: Annotated[int, msgspec.Meta(description="Offers per page.")]
    pages: Annotated[int, msgspec.Meta(description="How many pages there are (at least 1).")]


def is_stale(confirmed_at: datetime | None, today: date, stale_days: int) -> bool:
    """Whether an offer last confirmed at ``confirmed_at`` is uncertain on ``today`` (unknown counts as fresh:
    every stored offer has a date, only records that never were stored lack one)."""
    return confirmed_at is not None and confirmed_at.date() < today - timedelta(days=stale_days)


def offer_out(
    record: OfferRecord, provider: ProviderOut, language: str, *, today: date, stale_days: int = STALE_DAYS
) -> OfferOut:
    """The API shape of ``record`` with texts in ``language``, falling back to German."""
    text_language = language if language in record.titles else "de"
    return OfferOut(
        id=record.id,
        title=record.titles[text_language],
        summary=record.summaries.get(text_language, record.summaries.get("de", "")),
        text_language=text_language,
        field=field_of(record.category),
        category=record.category,
        provider=provider,
        district=record.district,
        address=record.address,
        location=record.location,
        languages=record.languages,
        childcare=record.childcare,
        cost=record.cost,
        schedule=record.schedule,
        by_appointment=record.by_appointment,
        capacity=record.capacity,
        accessible=record.accessible,
        contact=record.contact,
        valid_from=record.valid_from,
        valid_to=record.valid_to,
        updated_at=record.updated_at,
        eligibility=record.eligibility,
        last_confirmed=None if record.confirmed_at is None else record.confirmed_at.date(),
        uncertain=is_stale(record.confirmed_at, today, stale_days),
        more_places=record.places,
    )
