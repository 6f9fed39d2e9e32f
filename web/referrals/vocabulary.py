"""Words for referral states and reasons on the staff screens and the provider's page (German and English)."""

from __future__ import annotations

from models.referral import ReferralReason, ReferralStatus
from models.taxonomy import N_

STATUS_LABELS = {
    ReferralStatus.REFERRED: N_("Referred"),
    ReferralStatus.ACCEPTED: N_("Accepted by the provider"),
    ReferralStatus.DECLINED: N_("Declined by the provider"),
    ReferralStatus.STARTED: N_("Started"),
    ReferralStatus.COMPLETED: N_("Completed"),
    ReferralStatus.DROPPED: N_("Dropped out"),
}
# What the button that moves a referral into a state says.
ACTION_LABELS = {
    ReferralStatus.ACCEPTED: N_("Accept"),
    ReferralStatus.DECLINED: N_("Decline"),
    ReferralStatus.STARTED: N_("Mark as started"),
    ReferralStatus.COMPLETED: N_("Mark as completed"),
    ReferralStatus.DROPPED: N_("Mark as dropped out"),
}
REASON_LABELS = {
    ReferralReason.NO_PLACES: N_("No free places"),
    ReferralReason.NOT_ELIGIBLE: N_("Does not meet the conditions"),
    ReferralReason.NOT_REACHABLE: N_("Could not be reached"),
    ReferralReason.NOT_SUITABLE: N_("The offer did not suit"),
    ReferralReason.SCHEDULE: N_("The times do not fit"),
    ReferralReason.CHILDCARE: N_("No childcare"),
    ReferralReason.MOVED_AWAY: N_("Moved away"),
    ReferralReason.FOUND_WORK: N_("Found work"),
    ReferralReason.HEALTH: N_("Health"),
    ReferralReason.OTHER: N_("Other reason"),
}
BY_LABELS = {"counsellor": N_("counsellor"), "partner": N_("partner tool"), "provider": N_("provider")}
