"""Imports every table module so that ``Base.metadata`` knows the whole schema."""

from models.access import ApiKey, AuditEvent, StaffAccount, StaffSession
from models.catalogue import CatalogueRevision
from models.directory import DirectoryEntry
from models.feedback import Feedback, FeedbackRequest
from models.offer_proposal import OfferProposal
from models.offer_table import Offer, OfferLanguage, OfferScheduleSlot, OfferText
from models.plan import Plan
from models.provider import Provider
from models.ranking_model import RankingModel
from models.referral import Referral, ReferralEvent

__all__ = [
    "ApiKey",
    "AuditEvent",
    "CatalogueRevision",
    "DirectoryEntry",
    "Feedback",
    "FeedbackRequest",
    "Offer",
    "OfferLanguage",
    "OfferProposal",
    "OfferScheduleSlot",
    "OfferText",
    "Plan",
    "Provider",
    "RankingModel",
    "Referral",
    "ReferralEvent",
    "StaffAccount",
    "StaffSession",
]
