"""Imports every table module so that ``Base.metadata`` knows the whole schema."""

from models.offer_table import Offer, OfferLanguage, OfferScheduleSlot, OfferText
from models.provider import Provider

__all__ = ["Offer", "OfferLanguage", "OfferScheduleSlot", "OfferText", "Provider"]
