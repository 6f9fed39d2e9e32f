from __future__ import annotations

import pytest

from web.language import negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "de"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("fr, en;q=0.5", "en"),
        ("uk-UA, ru;q=0.8", "uk"),
        ("ar-SY;q=0.4, fa;q=0.9", "fa"),
        ("de-easy", "de-easy"),
        ("tr;q=0, en;q=0.1", "en"),
        ("x;q=abc, ru", "ru"),
        ("*", "de"),
    ],
)
def test_accept_language_negotiation(header: str, language: str) -> None:
    assert negotiate(header) == language
