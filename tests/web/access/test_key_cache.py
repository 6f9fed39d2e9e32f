"""Partners of valid keys kept per worker for a few seconds (web/access/key_cache.py)."""

from __future__ import annotations

import time

import pytest

from web.access import key_cache
from web.access.key_cache import KeyCache
from web.access.keys import Partner

PARTNER = Partner(1, "partner-a", frozenset({"plans"}))


@pytest.mark.timed
def test_a_kept_partner_is_found_until_its_time_is_up() -> None:
    cache = KeyCache(0.2)
    assert cache.partner("lotse_abc") is None
    cache.keep("lotse_abc", PARTNER)
    assert cache.partner("lotse_abc") == PARTNER
    assert cache.partner("lotse_abd") is None
    time.sleep(0.25)
    assert cache.partner("lotse_abc") is None  # looked up again: a revocation counts from now on
    assert not cache.partners


def test_the_cache_stays_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(key_cache, "MAX_KEYS", 3)
    cache = KeyCache(60)
    for i in range(5):
        cache.keep(f"lotse_{i}", PARTNER)
    assert len(cache.partners) == 3
    assert cache.partner("lotse_0") is None and cache.partner("lotse_4") == PARTNER
