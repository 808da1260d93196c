"""Hindrance factors and free diffusion against published values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gutwidgets.models import dechadilok_deen, hindrance, renkin, stokes_einstein


@pytest.mark.parametrize(
    ("lam", "published"),
    # Renkin 1954 form, as tabulated in the project's fact sheet (§2): 0.64, 0.21, 0.045.
    [(0.1, 0.64), (0.3, 0.21), (0.5, 0.045)],
)
def test_renkin_matches_published_values(lam, published):
    assert renkin(lam) == pytest.approx(published, rel=0.02)


@pytest.mark.parametrize(("lam", "published"), [(0.1, 0.59), (0.3, 0.20), (0.5, 0.047)])
def test_dechadilok_deen_matches_published_values(lam, published):
    assert dechadilok_deen(lam) == pytest.approx(published, rel=0.03)


def test_two_fits_agree_within_ten_percent_up_to_half_the_pore():
    lam = np.linspace(0.05, 0.5, 10)
    r, d = renkin(lam), dechadilok_deen(lam)
    assert np.all(np.abs(r - d) / d < 0.10)


@pytest.mark.parametrize("fn", [renkin, dechadilok_deen])
def test_hindrance_limits_and_monotonic(fn):
    lam = np.linspace(0.0, 1.2, 500)
    h = fn(lam)
    assert h[0] == pytest.approx(1.0)
    assert np.all(h[lam >= 1] == 0)
    assert np.all(np.diff(h) <= 1e-12), "hindrance must never rise with molecule size"
    assert np.all((h >= 0) & (h <= 1))


def test_dechadilok_deen_is_continuous_at_its_switch_point():
    below, above = dechadilok_deen(0.95 - 1e-9), dechadilok_deen(0.95 + 1e-9)
    assert above == pytest.approx(below, rel=0.02)


def test_mannitol_free_diffusion_matches_published_value():
    # Fact sheet §3: mannitol D0 = 9.5e-6 cm^2/s at 37 °C; Stokes radius 3.5-3.6 Å.
    d = stokes_einstein(3.5, temperature_k=310.15, viscosity_pa_s=0.69e-3)
    assert d == pytest.approx(9.5e-6, rel=0.05)


def test_free_diffusion_falls_as_one_over_radius():
    assert stokes_einstein(2.0) / stokes_einstein(4.0) == pytest.approx(2.0)


@pytest.mark.parametrize("bad", [-0.1, math.nan, math.inf, [0.2, -1]])
def test_bad_ratio_raises(bad):
    with pytest.raises(ValueError, match="lam"):
        renkin(bad)


@pytest.mark.parametrize("bad", [0, -3, math.nan])
def test_bad_radius_raises(bad):
    with pytest.raises(ValueError, match="radius_angstrom"):
        stokes_einstein(bad)


def test_unknown_method_raises():
    with pytest.raises(ValueError, match="dechadilok-deen, renkin"):
        hindrance(0.1, method="ferry")
