"""The offer tables: one row per offer, plus its texts, languages and weekly schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.contact import Contact
from models.district import District
from models.offer import (
    Capacity,
    Cost,
    Eligibility,
    GeoPoint,
    OfferOut,
    OfferRecord,
    Place,
    ScheduleSlot,
    Weekday,
    offer_out,
)
from models.provider import Provider
from models.taxonomy import field_of
from models.types import UTCDateTime


class Offer(Base):
    __tablename__ = "offer"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("provider.id"), index=True)
    field: Mapped[str] = mapped_column(String(32), index=True)
    category: Mapped[str] = mapped_column(String(64), index=True)
    district: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    childcare: Mapped[bool] = mapped_column(Boolean)
    cost_free: Mapped[bool] = mapped_column(Boolean)
    cost_cents: Mapped[int | None] = mapped_column(Integer)
    cost_amount: Mapped[float | None] = mapped_column(Float)  # in cost_currency, when that is not EUR
    cost_currency: Mapped[str | None] = mapped_column(String(3))
    by_appointment: Mapped[bool] = mapped_column(Boolean)
    places_available: Mapped[int | None] = mapped_column(Integer)
    places_maximum: Mapped[int | None] = mapped_column(Integer)
    accessible: Mapped[bool] = mapped_column(Boolean)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    url: Mapped[str | None] = mapped_column(String(500))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    eligibility: Mapped[dict[str, object]] = mapped_column(JSON)
    places: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)  # further places (imported directories)

    provider: Mapped[Provider] = relationship(lazy="raise")
    texts: Mapped[list[OfferText]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="OfferText.language"
    )
    languages: Mapped[list[OfferLanguage]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="OfferLanguage.position"
    )
    schedule: Mapped[list[OfferScheduleSlot]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="OfferScheduleSlot.position"
    )

    @classmethod
    def from_record(cls, record: OfferRecord) -> Offer:
        offer = cls(id=record.id)
        offer.fill_from(record)
        return offer

    def fill_from(self, record: OfferRecord) -> None:
        """Overwrite this row and its children with ``record`` (used for new and updated offers)."""
        self.provider_id = record.provider_id
        self.field = field_of(record.category).value
        self.category = record.category
        self.district = record.district.value
        self.address = record.address
        self.lat, self.lon = record.location.lat, record.location.lon
        self.childcare = record.childcare
        self.cost_free = record.cost.free
        self.cost_cents = None if record.cost.amount_eur is None else round(record.cost.amount_eur * 100)
        self.cost_amount, self.cost_currency = record.cost.amount, record.cost.currency
        self.places = [msgspec.to_builtins(place) for place in record.places] or None
        self.by_appointment = record.by_appointment
        self.places_available = record.capacity.available if record.capacity else None
        self.places_maximum = record.capacity.maximum if record.capacity else None
        self.accessible = record.accessible
        self.phone, self.email, self.url = record.contact.phone, record.contact.email, record.contact.url
        self.valid_from, self.valid_to = record.valid_from, record.valid_to
        self.updated_at = record.updated_at
        # A record without a date of its own (seed, an import without ``assured_date``) is confirmed now.
        self.confirmed_at = record.confirmed_at or datetime.now(UTC)
        self.eligibility = msgspec.to_builtins(record.eligibility)
        self.texts = [
            OfferText(language=language, title=title, summary=record.summaries.get(language, ""))
            for language, title in sorted(record.titles.items())
        ]
        self.languages = [OfferLanguage(position=i, language=code) for i, code in enumerate(record.languages)]
        self.schedule = [
            OfferScheduleSlot(position=i, weekday=slot.weekday.value, start=slot.start, end=slot.end)
            for i, slot in enumerate(record.schedule)
        ]

    def to_record(self) -> OfferRecord:
        return OfferRecord(
            id=self.id,
            provider_id=self.provider_id,
            category=self.category,
            titles={text.language: text.title for text in self.texts},
            summaries={text.language: text.summary for text in self.texts if text.summary},
            district=District(self.district),
            address=self.address,
            location=GeoPoint(lat=self.lat, lon=self.lon),
            languages=[row.language for row in self.languages],
            childcare=self.childcare,
            cost=Cost(
                free=self.cost_free,
                amount_eur=None if self.cost_cents is None else self.cost_cents / 100,
                amount=self.cost_amount,
                currency=self.cost_currency,
            ),
            schedule=[
                ScheduleSlot(weekday=Weekday(row.weekday), start=row.start, end=row.end) for row in self.schedule
            ],
            by_appointment=self.by_appointment,
            capacity=None
            if self.places_available is None
            else Capacity(available=self.places_available, maximum=self.places_maximum),
            accessible=self.accessible,
            contact=Contact(phone=self.phone, email=self.email, url=self.url),
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            updated_at=self.updated_at,
            eligibility=msgspec.convert(self.eligibility, Eligibility),
            confirmed_at=self.confirmed_at,
            places=msgspec.convert(self.places or [], list[Place]),
        )

    def to_out(self, language: str, stale_days: int) -> OfferOut:
        """The API shape with texts in ``language``, falling back to German."""
        return offer_out(self.to_record(), self.provider.to_out(), language, today=date.today(), stale_days=stale_days)


class OfferText(Base):
    __tablename__ = "offer_text"

    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)


class OfferLanguage(Base):
    __tablename__ = "offer_language"

    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(8), index=True)


class OfferScheduleSlot(Base):
    __tablename__ = "offer_schedule"

    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    weekday: Mapped[str] = mapped_column(String(10))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
