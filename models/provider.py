"""Providers (Träger): the organisations that run offers."""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Annotated

import msgspec
from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.contact import Contact

PROVIDER_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
ProviderId = Annotated[str, msgspec.Meta(pattern=PROVIDER_ID_PATTERN)]


def new_link_generation(before: int | None = None) -> int:
    """A random link generation in 1 … 2³¹ − 1 (an integer column everywhere), other than ``before``."""
    while (generation := secrets.randbelow(2**31 - 1) + 1) == before:
        pass
    return generation


class ProviderKind(StrEnum):
    MUNICIPALITY = "municipality"
    PUBLIC_AGENCY = "public_agency"
    WELFARE_ASSOCIATION = "welfare_association"
    ADULT_EDUCATION = "adult_education"
    SCHOOL = "school"
    DAY_CARE = "day_care"
    CHURCH = "church"
    ASSOCIATION = "association"
    MIGRANT_ORGANISATION = "migrant_organisation"
    SPORTS_CLUB = "sports_club"
    HEALTH_SERVICE = "health_service"
    CHAMBER = "chamber"
    EMPLOYER = "employer"
    OTHER = "other"  # an imported organization whose kind the directory does not say


class ProviderRecord(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A provider as the catalogue holds it (seed files, imports, exports)."""

    id: ProviderId
    name: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
    kind: ProviderKind
    description: str | None = None
    contact: Contact = msgspec.field(default_factory=Contact)


class ProviderOut(msgspec.Struct, kw_only=True):
    """The provider as an offer in the API names it."""

    id: Annotated[str, msgspec.Meta(description="The provider's id (stable).")]
    name: Annotated[str, msgspec.Meta(description="The provider's name.")]
    kind: Annotated[ProviderKind, msgspec.Meta(description="What kind of organisation it is.")]


class Provider(Base):
    __tablename__ = "provider"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    url: Mapped[str | None] = mapped_column(String(500))
    # Links to the provider's own offers carry the generation they were made in; withdrawing them draws a new one.
    # Random rather than counted: a provider removed and created again must not accept links of its earlier self.
    # 0 only for providers that existed before generations (their links carry no generation).
    link_generation: Mapped[int] = mapped_column(Integer, default=lambda: new_link_generation(), server_default="0")

    @classmethod
    def from_record(cls, record: ProviderRecord) -> Provider:
        return cls(id=record.id, **cls.values_of(record))

    @staticmethod
    def values_of(record: ProviderRecord) -> dict[str, str | None]:
        return {
            "name": record.name,
            "kind": record.kind.value,
            "description": record.description,
            "phone": record.contact.phone,
            "email": record.contact.email,
            "url": record.contact.url,
        }

    def to_record(self) -> ProviderRecord:
        return ProviderRecord(
            id=self.id,
            name=self.name,
            kind=ProviderKind(self.kind),
            description=self.description,
            contact=Contact(phone=self.phone, email=self.email, url=self.url),
        )

    def to_out(self) -> ProviderOut:
        return ProviderOut(id=self.id, name=self.name, kind=ProviderKind(self.kind))
