"""The answers of the person at the kiosk, between one screen and the next: in a short-lived, signed cookie on
the kiosk's own browser, never on the server and never in an address.

The cookie lives for one pause (the idle time plus the countdown), refreshed with every answer and every page
that shows the answers (the kiosk's script fetches its page again while the person keeps touching the screen,
so that the answers last as long as the screen counts the person as present); it is limited to
``/kiosk``, and is deleted when the kiosk starts over. Pages that need it and find none go back to the start,
so Back, Forward and reload after a reset show no answer and no plan.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from litestar import Request, Response

COOKIE = "lotse_kiosk"
PATH = "/kiosk"
Answers = dict[str, list[str]]


def _signature(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def read_answers(request: Request[Any, Any, Any], secret: bytes, now: float | None = None) -> Answers | None:
    """The answers so far, or None when there are none (new person, reset, expired, tampered). The signed
    payload carries its own expiry, so a copied cookie is worthless after one pause even if a browser kept it."""
    payload, _, signature = request.cookies.get(COOKIE, "").partition(".")
    if not payload or not hmac.compare_digest(signature.encode(), _signature(secret, payload).encode()):
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("until"), int | float):
        return None
    if raw["until"] < (time.time() if now is None else now) or not isinstance(raw.get("answers"), dict):
        return None
    answers = raw["answers"]
    if not all(isinstance(values, list) for values in answers.values()):
        return None
    return {str(k): [str(v) for v in values] for k, values in answers.items()}


def keep_answers(response: Response[Any], answers: Answers, secret: bytes, seconds: int) -> None:
    body = {"answers": answers, "until": int(time.time()) + seconds}
    payload = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode()).rstrip(b"=").decode()
    response.set_cookie(COOKIE, f"{payload}.{_signature(secret, payload)}", max_age=seconds, path=PATH,
                        httponly=True, secure=True, samesite="strict")  # fmt: skip


def forget_answers(response: Response[Any]) -> None:
    response.delete_cookie(COOKIE, path=PATH)
