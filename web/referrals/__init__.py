"""Referrals: a counsellor or partner tool refers a person from a plan to an offer; the provider confirms."""
