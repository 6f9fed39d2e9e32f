"""Signed links: HMAC-SHA-256 under a key per purpose; links made before with HMAC-SHA-1 read until they expire."""

from __future__ import annotations

import base64
import time
from datetime import timedelta
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer

from web.access.signed_links import read_link, read_signed, sign_link
from web.settings import Settings, derived_key

DAY = timedelta(days=1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url="sqlite+aiosqlite:///unused.db", data_dir=tmp_path, secret_key="links-test")


def _signature_bytes(token: str) -> int:
    signature = token.rsplit(".", 1)[1]
    return len(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))


def test_a_link_is_signed_with_sha256_and_read_back(settings: Settings) -> None:
    token = sign_link(settings, "referral", "r-1")
    assert _signature_bytes(token) == 32  # SHA-256; SHA-1 would be 20
    assert read_link(settings, "referral", token, DAY) == "r-1"
    assert read_signed(settings, "provider-offers", sign_link(settings, "provider-offers", ["p", 7]), DAY) == ["p", 7]


def test_a_link_made_before_with_sha1_still_opens_until_it_expires(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sha1_link(purpose: str, value: str) -> str:  # as web.access.signed_links made them until 2026-11-27
        return str(URLSafeTimedSerializer(derived_key(settings, f"link:{purpose}"), salt=purpose).dumps(value))

    earlier = sha1_link("referral", "r-1")
    assert _signature_bytes(earlier) == 20
    assert read_link(settings, "referral", earlier, DAY) == "r-1"
    assert read_link(settings, "provider-offers", earlier, DAY) is None  # still one purpose only
    assert read_link(settings, "referral", sha1_link("provider-offers", "r-1"), DAY) is None
    later = time.time() + 2 * DAY.total_seconds()
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert read_link(settings, "referral", earlier, DAY) is None


def test_a_link_under_another_secret_opens_nothing(settings: Settings, tmp_path: Path) -> None:
    other = Settings(database_url=settings.database_url, data_dir=tmp_path, secret_key="another-secret")
    assert read_link(settings, "referral", sign_link(other, "referral", "r-1"), DAY) is None
