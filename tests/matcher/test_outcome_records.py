"""Referral outcomes as labels: graded by state, and a provider cannot lift its own offers alone."""

from __future__ import annotations

from datetime import UTC, datetime

from matcher.outcome_records import learned_status, referral_label
from models.referral import Referral, ReferralEvent

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def referral(*steps: tuple[str, str]) -> Referral:
    events = [ReferralEvent(status=status, reason=None, by=by, at=NOW) for status, by in steps]
    return Referral(id="r", status=steps[-1][0], reason=None, events=events)


def test_the_states_are_graded() -> None:
    labels = [referral_label(s, None) or 0.0 for s in ("completed", "started", "accepted", "referred")]
    assert labels == sorted(labels, reverse=True) and len(set(labels)) == 4 and labels[-1] > 0
    assert referral_label("declined", "not_eligible") == 0.0
    assert referral_label("dropped", "not_suitable") == 0.0
    assert referral_label("declined", "no_places") is None  # a full course says nothing about fit
    assert referral_label("dropped", "moved_away") is None


def test_a_completion_only_the_provider_reports_counts_one_step_lower() -> None:
    alone = referral(("referred", "counsellor"), ("accepted", "provider"), ("started", "provider"),
                     ("completed", "provider"))  # fmt: skip
    assert learned_status(alone) == "started"
    started_alone = referral(("referred", "counsellor"), ("accepted", "provider"), ("started", "provider"))
    assert learned_status(started_alone) == "accepted"


def test_the_persons_side_confirms_it() -> None:
    confirmed = referral(("referred", "counsellor"), ("accepted", "provider"), ("started", "counsellor"),
                         ("completed", "provider"))  # fmt: skip
    assert learned_status(confirmed) == "completed"
    by_partner = referral(("referred", "partner"), ("accepted", "partner"), ("started", "partner"),
                          ("completed", "partner"))  # fmt: skip
    assert learned_status(by_partner) == "completed"
    declined = referral(("referred", "counsellor"), ("declined", "provider"))
    assert learned_status(declined) == "declined"  # the provider's own decision counts as it is
