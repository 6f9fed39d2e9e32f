"""Python's ``round(x, digits)`` of a float, to the bit, mostly without its decimal-string round trip.

``round(x, digits)`` converts ``x`` to a correctly rounded decimal string and back (about half a microsecond); a
plan rounds some hundred scores and weights. When ``x × 10**digits`` is clearly not near a half, the correctly
rounded decimal is simply the nearest integer ``k`` of that product, and ``k / 10**digits`` (one correctly
rounded division of two exact floats) is the float the string round trip would give. Near a half, where the
product's own rounding could decide the direction, the built-in ``round`` answers (and for other ``digits``).
tests/matcher/test_decimals.py compares both on some 600,000 values, halves and their neighbours included.
"""

from __future__ import annotations

import math

_POWERS = tuple(10.0**digits for digits in range(10))
_EXACT = 2.0**50  # products this large or larger (and NaN, infinities) take the built-in path
_ERROR = 2.0**-50  # a bound (with room) on the relative error of the product x × 10**digits


def decimal_numerator(x: float, digits: int) -> int | None:
    """``k`` such that ``round(x, digits)`` is ``k / 10**digits``, or None where only the built-in can tell."""
    if not 0 <= digits < len(_POWERS):
        return None
    y = x * _POWERS[digits]
    if not -_EXACT < y < _EXACT:
        return None
    k = round(y)
    if abs(abs(y - k) - 0.5) <= abs(y) * _ERROR:
        return None
    return k


def rounded(x: float, digits: int) -> float:
    """``round(x, digits)``, the same float including the sign of a zero (quick for ``0 <= digits <= 9``)."""
    k = decimal_numerator(x, digits)
    if k is None:
        return round(x, digits)
    if k == 0:
        return math.copysign(0.0, x)
    return k / _POWERS[digits]
