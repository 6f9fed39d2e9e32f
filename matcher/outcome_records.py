"""The outcomes ``lotse train`` learns from: counsellors' and partners' feedback, and referral outcomes.

Only outcomes from a known source (a signed-in counsellor or a partner key) count. Where an offer of a plan has
both a feedback and a referral, the referral's outcome counts, unless it says nothing about whether the offer
suited the person (``REFERRAL_LABELS`` maps it to None: the offer was full, the person moved away …).

A provider decides whether it takes a person (accepted, declined), but whether the person started or completed
the offer is what the provider reports of its own offer: a start or completion that only the provider recorded
(nobody on the person's side, counsellor or partner tool, recorded the start or a later step) counts one step
lower, so that no provider can lift its offers by marking every referral completed.
"""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.training import OUTCOME_LABELS, REFERRAL_LABELS, FeedbackRecord
from models.feedback import feedback_with_profiles
from models.profile import NeedsProfile
from models.referral import Referral, ReferralStatus, referrals_with_profiles

WITH_REASON = (ReferralStatus.DECLINED, ReferralStatus.DROPPED)


ONE_STEP_LOWER = {ReferralStatus.COMPLETED.value: ReferralStatus.STARTED.value,
                  ReferralStatus.STARTED.value: ReferralStatus.ACCEPTED.value}  # fmt: skip


def referral_label(status: str, reason: str | None) -> float | None:
    """How far a referral's outcome shows the offer taken up (0–1), or None when it says nothing about that."""
    return REFERRAL_LABELS.get((status, reason if status in WITH_REASON else None))


def learned_status(referral: Referral) -> str:
    """The state learned from: the current one, one step lower when only the provider vouches for it."""
    if referral.status not in ONE_STEP_LOWER:
        return referral.status
    since = next((i for i, e in enumerate(referral.events) if e.status == ReferralStatus.STARTED.value), 0)
    confirmed = any(e.by != "provider" for e in referral.events[since:])
    return referral.status if confirmed else ONE_STEP_LOWER[referral.status]


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
        label = referral_label(learned_status(referral), referral.reason)
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
