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


# -- matrix exponential ---------------------------------------------------------------------------
import numpy as np  # noqa: E402

from gutwidgets.models._solve import affine_response, expm  # noqa: E402


@pytest.mark.parametrize("t", [1e-6, 0.3, 2.0, 40.0])
def test_expm_of_a_rotation_generator_is_a_rotation(t):
    got = expm([[0.0, -t], [t, 0.0]])
    assert np.allclose(got, [[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]], atol=1e-12)


@pytest.mark.parametrize("lam, t", [(-2.0, 0.5), (-2.0, 30.0), (0.7, 3.0)])
def test_expm_of_a_jordan_block(lam, t):
    # Repeated eigenvalue, not diagonalisable: exp(t [[lam, 1], [0, lam]]) = e^(lam t) [[1, t], [0, 1]].
    got = expm(np.array([[lam, 1.0], [0.0, lam]]) * t)
    assert np.allclose(got, math.exp(lam * t) * np.array([[1.0, t], [0.0, 1.0]]), rtol=1e-12, atol=1e-300)


def test_expm_works_on_a_stack_with_different_norms():
    d = np.array([1e-4, 1.0, 50.0])
    stack = np.stack([np.diag([-x, -2 * x, x / 10]) for x in d])
    got = expm(stack)
    for x, g in zip(d, got):
        assert np.allclose(np.diag(g), np.exp([-x, -2 * x, x / 10]), rtol=1e-12)


@pytest.mark.parametrize("bad, message", [(np.ones((2, 3)), "square"), (np.ones(3), "square"),
                                          ([[np.nan, 0], [0, 1]], "finite")])
def test_expm_rejects_bad_matrices(bad, message):
    with pytest.raises(ValueError, match=message):
        expm(bad)


def test_affine_response_is_exact_for_a_linear_input():
    # y' = -k y + u(t) + c with u = 2 + 3t: exact solution by hand.
    k, c = 1.7, 0.4
    t = np.array([0.0, 0.1, 0.15, 1.0, 3.0, 3.5, 10.0])
    got = affine_response([[-k]], [1.0], [c], [5.0], t, 2.0 + 3.0 * t)[:, 0]
    particular = (2.0 + c) / k - 3.0 / k**2 + 3.0 * t / k
    expected = particular + (5.0 - particular[0]) * np.exp(-k * t)
    assert np.allclose(got, expected, rtol=1e-12)


def test_affine_response_with_one_input_per_step_holds_it_constant():
    t = np.array([0.0, 1.0, 2.0])
    got = affine_response([[-1.0]], [1.0], [0.0], [0.0], t, [1.0, 0.0])[:, 0]
    assert got[1] == pytest.approx(1 - math.exp(-1)) and got[2] == pytest.approx(got[1] * math.exp(-1))


def test_affine_response_names_bad_times():
    with pytest.raises(ValueError, match="times must be increasing"):
        affine_response([[-1.0]], [1.0], [0.0], [0.0], [0.0, 2.0, 1.0], [1.0, 1.0, 1.0])
