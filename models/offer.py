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
from models.profile import Gender, GermanLevel, ResidenceStatus
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

    min_age: Age | None = None
    max_age: Age | None = None
    genders: list[Gender] = msgspec.field(default_factory=list)
    residence_statuses: list[ResidenceStatus] = msgspec.field(default_factory=list)
    german_level_min: GermanLevel | None = None
    german_level_max: GermanLevel | None = None
    requires_child_age: tuple[ChildAge, ChildAge] | None = None
    districts: list[District] = msgspec.field(default_factory=list)


class GeoPoint(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class Cost(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    free: bool
    amount_eur: Annotated[float, msgspec.Meta(ge=0, le=10000)] | None = None


class ScheduleSlot(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    weekday: Weekday
    start: ClockTime
    end: ClockTime


class Capacity(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    available: Annotated[int, msgspec.Meta(ge=0)]
    maximum: Annotated[int, msgspec.Meta(ge=0)] | None = None


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


class OfferOut(msgspec.Struct, kw_only=True):
    """An offer as the public API serves it (``GET /api/v1/offers/{id}``), texts in one language."""

    id: str
    title: str
    summary: str
    text_language: str
    field: FieldOfAction
    category: str
    provider: ProviderOut
    district: District
    address: str
    location: GeoPoint
    languages: list[str]
    childcare: bool
    cost: Cost
    schedule: list[ScheduleSlot]
    by_appointment: bool
    capacity: Capacity | None
    accessible: bool
    contact: Contact
    valid_from: date | None
    valid_to: date | None
    updated_at: datetime
    eligibility: Eligibility
    last_confirmed: date | None = None
    uncertain: bool = False  # not confirmed for LOTSE_STALE_DAYS: ask the provider whether it still runs


class OfferPage(msgspec.Struct, kw_only=True):
    """One page of offers with what a client needs to fetch the next."""

    items: list[OfferOut]
    total: int
    page: int
    per_page: int
    pages: int


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
    )
