"""``rounded`` and ``decimal_numerator`` give exactly what ``round(x, digits)`` gives, sign of zero included."""

from __future__ import annotations

import math
import struct

import numpy as np
import pytest

from matcher.decimals import decimal_numerator, rounded


def _bits(value: float) -> bytes:
    return struct.pack("<d", value)


def _values() -> list[float]:
    rng = np.random.default_rng(17)
    return [
        *rng.normal(0, 3, 40_000).astype(np.float32).tolist(),  # scores are float32
        *rng.uniform(-1, 1, 40_000).tolist(),  # weights are shares
        *(10.0 ** rng.uniform(-12, 14, 5_000)).tolist(),
        0.0, -0.0, 0.5, -0.5, 2.5, 0.0005, -0.0005, 0.00049999, -0.00049999, 1e-300, -1e-300,
        math.nan, math.inf, -math.inf, 1e20, -1e20, 2.0**52, 2.0**53 + 2,
    ]  # fmt: skip


@pytest.mark.parametrize("digits", [-2, 0, 2, 3, 4, 9, 10])
def test_the_same_float_as_round_everywhere(digits: int) -> None:
    for x in _values():
        expected = round(x, digits)
        got = rounded(x, digits)
        assert _bits(got) == _bits(expected) or (math.isnan(got) and math.isnan(expected)), (x, digits)


@pytest.mark.parametrize("digits", [2, 3, 4])
def test_halves_and_their_neighbours_are_rounded_as_round_does(digits: int) -> None:
    """Values at and next to a decimal half: where the product's own rounding could decide the direction."""
    for k in range(-3000, 3000):
        half = (k + 0.5) / 10**digits
        up, down = math.nextafter(half, math.inf), math.nextafter(half, -math.inf)
        for x in (half, up, down, math.nextafter(up, math.inf), math.nextafter(down, -math.inf)):
            assert _bits(rounded(x, digits)) == _bits(round(x, digits)), (x, digits)


def test_the_numerator_is_the_rounded_value_in_units_of_the_last_digit() -> None:
    """``_score`` keeps round(round(x, 4) * 10_000) as this numerator: the same integer wherever it answers."""
    answered = 0
    for x in _values():
        k = decimal_numerator(x, 4)
        if k is not None:
            answered += 1
            assert k == round(round(x, 4) * 10_000), x
    assert answered > 80_000  # the quick path answers nearly always
