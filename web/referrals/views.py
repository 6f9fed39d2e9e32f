"""What a referral looks like on a page: its states in words, the steps still open, the provider's link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from models.referral import REASONS_OF, TRANSITIONS, Referral, ReferralChange, ReferralReason, ReferralStatus
from models.taxonomy import N_
from web.referrals import vocabulary
from web.referrals.flow import provider_link, referrals_of_plan

CHANGED_MEANWHILE = N_("Someone changed this referral in the meantime. Please check its state.")
NOT_A_STEP = N_("This step does not follow from the referral's current state. Please choose one of the steps shown.")
FORM_STATUSES = {s.value for s in ReferralStatus} - {ReferralStatus.REFERRED.value}


@dataclass(frozen=True, slots=True)
class ReferralView:
    referral: Referral
    link: str
    next_steps: list[tuple[str, str, list[tuple[str, str]]]]  # (status, button label, reasons (code, label))


def referral_view(request: Request[Any, Any, Any], referral: Referral) -> ReferralView:
    steps = [
        (
            status.value,
            vocabulary.ACTION_LABELS[status],
            [
                (r.value, vocabulary.REASON_LABELS[r])
                for r in sorted(REASONS_OF.get(status, ()), key=list(ReferralReason).index)
            ],
        )
        for status in sorted(TRANSITIONS[ReferralStatus(referral.status)], key=list(ReferralStatus).index)
    ]
    return ReferralView(referral, provider_link(request.app.state.settings, str(request.base_url), referral), steps)


async def referral_views(
    request: Request[Any, Any, Any], session: AsyncSession, plan_id: str
) -> dict[str, ReferralView]:
    """The plan's referrals as shown, by offer id."""
    return {offer_id: referral_view(request, r) for offer_id, r in (await referrals_of_plan(session, plan_id)).items()}


def change_from_form(form: dict[str, str]) -> tuple[ReferralChange | None, dict[str, str]]:
    """The change a form asks for, or the errors by field (messages are msgids)."""
    status, reason = form.get("status", ""), form.get("reason", "")
    if status not in FORM_STATUSES:
        return None, {"status": N_("Choose what happened.")}
    wanted = ReferralStatus(status)
    if wanted in REASONS_OF:
        if reason not in {r.value for r in REASONS_OF[wanted]}:
            return None, {f"reason-{status}": N_("Choose a reason.")}
        return ReferralChange(status=wanted, reason=ReferralReason(reason)), {}
    return ReferralChange(status=wanted), {}


TEMPLATE_GLOBALS = {
    "referral_status_labels": {k.value: v for k, v in vocabulary.STATUS_LABELS.items()},
    "referral_reason_labels": {k.value: v for k, v in vocabulary.REASON_LABELS.items()},
    "referral_by_labels": vocabulary.BY_LABELS,
}
