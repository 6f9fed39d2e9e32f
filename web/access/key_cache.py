"""Partners of recently presented API keys, kept in each process for a few seconds.

A plan request would otherwise look its key up in the database every time (a round trip of its own, more
than a third of a plan's time over HTTP). A key's name and scopes never change; only a revocation does, and
it reaches every worker within ``seconds`` (``LOTSE_RELOAD_SECONDS``, like catalogue and model changes) —
docs/operations.md says so. Only valid keys are kept: an unknown or revoked key is looked up each time (the
rate limits bound how often), so a key created a moment ago works at once.
"""

from __future__ import annotations

import time

from web.access.keys import Partner
from web.access.sessions import digest

MAX_KEYS = 10_000  # more live partner keys than any deployment has; beyond it the oldest are looked up again


class KeyCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.partners: dict[str, tuple[Partner, float]] = {}

    def partner(self, key: str) -> Partner | None:
        """The cached partner of ``key``, if it was found valid less than ``seconds`` ago."""
        hashed = digest(key)
        found = self.partners.get(hashed)
        if found is None:
            return None
        if found[1] <= time.monotonic():
            del self.partners[hashed]
            return None
        return found[0]

    def keep(self, key: str, partner: Partner) -> None:
        if len(self.partners) >= MAX_KEYS:
            self.partners.pop(next(iter(self.partners)))
        self.partners[digest(key)] = (partner, time.monotonic() + self.seconds)
