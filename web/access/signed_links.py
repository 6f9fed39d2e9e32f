"""Signed links for people without an account: a provider confirming a referral or correcting its offers.

A link carries what it opens (a referral id, a provider id) and when it was made, signed with a key derived
for its purpose (itsdangerous, HMAC-SHA-256; links made before with itsdangerous' default HMAC-SHA-1 are still
read until they expire), so a link for one purpose never opens another and nobody can
make one for another referral or provider. Links expire after ``max_age``; a changed signing key voids them
(and a provider's links also when an editor withdraws them: ``web.editor.provider_links``).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer

from web.settings import Settings, derived_key


def _serializer(settings: Settings, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        derived_key(settings, f"link:{purpose}"),
        salt=purpose,
        signer_kwargs={"digest_method": hashlib.sha256},
        fallback_signers=[{"digest_method": hashlib.sha1}],  # links made before 2026-11-27, at most a year ago
    )


def sign_link(settings: Settings, purpose: str, value: str | list[Any]) -> str:
    """A URL-safe token that carries ``value`` (a text, or a list of JSON values) for ``purpose``."""
    return str(_serializer(settings, purpose).dumps(value))


def read_signed(settings: Settings, purpose: str, token: str, max_age: timedelta) -> object:
    """The value a token carries, or None when it is forged, for another purpose, damaged or expired."""
    if len(token) > 512:
        return None
    try:
        return _serializer(settings, purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadData:
        return None


def read_generation_link(settings: Settings, purpose: str, token: str, max_age: timedelta) -> tuple[str, int] | None:
    """The id and link generation a token carries (``sign_link(…, [id, generation])``); a token made before
    generations carries the id alone: generation 0. None when forged, damaged, expired or of another shape."""
    value = read_signed(settings, purpose, token, max_age)
    if isinstance(value, str):
        return value, 0
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and type(value[1]) is int:
        return value[0], value[1]
    return None


def read_link(settings: Settings, purpose: str, token: str, max_age: timedelta) -> str | None:
    """The text a token carries (``read_signed``), or None."""
    value = read_signed(settings, purpose, token, max_age)
    return value if isinstance(value, str) else None
