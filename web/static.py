"""Static files: the stylesheet in the repository, htmx from its npm package (put in place by ``make``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
HTMX_FILE = STATIC_DIR / "vendor" / "htmx.min.js"


@cache
def htmx_available() -> bool:
    """Whether the setup step installed htmx; without it the screens work as plain forms."""
    return HTMX_FILE.exists()
