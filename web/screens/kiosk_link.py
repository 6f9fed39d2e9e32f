"""The QR link of a kiosk plan: the offers and their phases, signed, with no trace of the person.

``/kiosk/p/<payload>.<signature>``: the payload holds the plan language, the day it was made and, per step,
its phase and offer ids — nothing that describes who asked. The HMAC signature stops tampering; links
older than 30 days, or dated in the future, are refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from models.plan import Phase, PlanOut

VALID_FOR = timedelta(days=30)
logger = logging.getLogger("lotse.kiosk")
_warned: set[str] = set()


@dataclass(frozen=True, slots=True)
class SharedPlan:
    language: str
    made: date
    steps: list[tuple[str, list[str]]]  # (phase, offer ids)


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, payload: str) -> str:
    return _encode(hmac.new(secret, payload.encode(), hashlib.sha256).digest()[:18])


def share_token(plan: PlanOut, secret: bytes, made: date) -> str:
    body = {"l": plan.language, "d": made.isoformat(), "s": [[s.phase.value, s.offer_ids] for s in plan.steps]}
    payload = _encode(json.dumps(body, separators=(",", ":")).encode())
    return f"{payload}.{_signature(secret, payload)}"


def read_token(token: str, secret: bytes, today: date) -> SharedPlan | None:
    """The shared plan, or None when the token is malformed, tampered with or expired."""
    shared = signed_plan(token, secret)
    return shared if shared is not None and current(shared, today) else None


def current(shared: SharedPlan, today: date) -> bool:
    """Whether a link still opens its plan: at most ``VALID_FOR`` old, and not dated after today (this service's
    clock made no such link: refused like an expired one)."""
    return timedelta(0) <= today - shared.made <= VALID_FOR


def signed_plan(token: str, secret: bytes) -> SharedPlan | None:
    """The plan a token carries if this service signed it, expired or not (None: malformed or tampered with)."""
    payload, _, signature = token.partition(".")
    if not payload or not hmac.compare_digest(signature.encode(), _signature(secret, payload).encode()):
        return None
    try:
        body = json.loads(_decode(payload))
        return SharedPlan(language=str(body["l"]), made=date.fromisoformat(body["d"]),
                          steps=[(Phase(phase).value, [str(i) for i in ids]) for phase, ids in body["s"]])  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return None


def take_home_link(public_url: str | None, request_base: str, token: str) -> str | None:
    """The address the QR code opens: ``LOTSE_PUBLIC_URL`` (else the address the kiosk browser used). None,
    and a warning on the operator's log, when that address is a loopback one no phone could open."""
    base = (public_url or request_base).rstrip("/")
    if _is_loopback(urlsplit(base).hostname or ""):
        if base not in _warned:
            _warned.add(base)
            logger.warning("the kiosk shows no QR code: %s is a loopback address no phone can open; "
                           "set LOTSE_PUBLIC_URL to the service's public address", base)  # fmt: skip
        return None
    return f"{base}/kiosk/p/{token}"


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
