"""The outcomes ``lotse train`` learns from: counsellors' and partners' feedback, and referral outcomes.

Only outcomes from a known source (a signed-in counsellor or a partner key) count. Where an offer of a plan has
both a feedback and a referral, the referral's outcome counts, unless it says nothing about whether the offer
suited the person (``REFERRAL_LABELS`` maps it to None: the offer was full, the person moved away …).
"""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.training import OUTCOME_LABELS, REFERRAL_LABELS, FeedbackRecord
from models.feedback import feedback_with_profiles
from models.profile import NeedsProfile
from models.referral import ReferralStatus, referrals_with_profiles

WITH_REASON = (ReferralStatus.DECLINED, ReferralStatus.DROPPED)


def referral_label(status: str, reason: str | None) -> float | None:
    """How far a referral's outcome shows the offer taken up (0–1), or None when it says nothing about that."""
    return REFERRAL_LABELS.get((status, reason if status in WITH_REASON else None))


async def load_outcomes(session: AsyncSession) -> list[FeedbackRecord]:
    """Every learnable outcome, feedback first (in the order it was recorded), then referrals."""
    records: dict[tuple[str, str], FeedbackRecord] = {}
    profiles: dict[str, NeedsProfile] = {}

    def profile_of(plan_id: str, raw: dict[str, object]) -> NeedsProfile:
        if plan_id not in profiles:
            profiles[plan_id] = msgspec.convert(raw, NeedsProfile)
        return profiles[plan_id]

    for row, raw in await feedback_with_profiles(session):
        if row.source:  # only feedback from signed-in staff and partner keys is learned from
            records[(row.plan_id, row.offer_id)] = FeedbackRecord(
                feedback_id=row.id,
                plan_id=row.plan_id,
                profile=profile_of(row.plan_id, raw),
                offer_id=row.offer_id,
                label=OUTCOME_LABELS[row.outcome],
                propensity=row.propensity,
                source=row.source,
                recorded_at=row.created_at,
            )
    for referral, raw in await referrals_with_profiles(session):
        label = referral_label(referral.status, referral.reason)
        if label is None:
            continue
        records[(referral.plan_id, referral.offer_id)] = FeedbackRecord(
            feedback_id=0,
            plan_id=referral.plan_id,
            profile=profile_of(referral.plan_id, raw),
            offer_id=referral.offer_id,
            label=label,
            propensity=referral.propensity,
            source=referral.source,
            recorded_at=referral.updated_at,
        )
    return list(records.values())
