"""The bracketing root finder the models use for calibration."""

from __future__ import annotations

import math

import pytest

from gutwidgets.models._solve import find_root


@pytest.mark.parametrize("f, lo, hi, root", [
    (lambda x: x * x - 2, 0, 2, math.sqrt(2)),
    (lambda x: math.exp(x) - 10, -5, 5, math.log(10)),
    (lambda x: x ** 9 - 1e-3, 0, 1, 1e-3 ** (1 / 9)),   # flat near the root: slow for plain secant
    (lambda x: math.tanh(50 * (x - 0.3)), 0, 1, 0.3),   # steep step
])
def test_finds_the_root(f, lo, hi, root):
    assert find_root(f, lo, hi) == pytest.approx(root, rel=1e-9, abs=1e-12)


def test_refuses_an_interval_without_a_sign_change():
    with pytest.raises(ValueError, match="differ in sign"):
        find_root(lambda x: x * x + 1, -1, 1)
    with pytest.raises(ValueError, match="finite"):
        find_root(lambda x: math.nan, 0, 1)
