"""A small seeded random generator that Python and the page share, draw for draw.

The page draws chapter 6's crowd of simulated people itself (``views/_esm/models/random.js``), so
the crowd must not come from numpy's generator, which JavaScript does not have. This is the one
generator both sides implement:

- **integers**: mulberry32 (Tommy Ettinger's 32-bit generator): one 32-bit state, advanced by the
  constant 0x6D2B79F5, then mixed by shifts, xors and 32-bit multiplications. Every step is exact
  integer arithmetic modulo 2**32 here (masks) and in the page (``Math.imul``, ``>>>``), so both
  sides draw the same integers, bit for bit, for a seed (a whole number from 0 to 2**32 - 1);
- **uniforms**: an integer ``k`` over 2**32, exact in a double on both sides: ``(k + 1) / 2**32``
  in (0, 1] for the logarithm, ``k / 2**32`` in [0, 1) for the angle;
- **normals**: Box-Muller, two per pair of integers (``sqrt(-2 ln u1)`` times the cosine, then the
  sine, of ``2 pi u2``). ``sqrt`` is correctly rounded on both sides; ``log``, ``cos`` and ``sin``
  come from each side's maths library and may differ in the last bit, so the normals agree within
  a few units in the last place (about 1e-15 relative): the same draws, the same people.

``tests/test_crosscheck_sugar_test.py`` compares both sides' integers (exactly) and normals.
Pure Python: no numpy.
"""

from __future__ import annotations

import math

__all__ = ["SEED_MAX", "check_seed", "standard_normals", "uint32s"]

#: The largest seed (seeds are whole numbers from 0 to 2**32 - 1).
SEED_MAX = 2**32 - 1
_MASK = 0xFFFFFFFF
_STEP = 0x6D2B79F5
_TWO32 = 4294967296.0


def check_seed(seed: object) -> int:
    """``seed`` if it is a whole number from 0 to 2**32 - 1, else ValueError."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= SEED_MAX:
        raise ValueError(f"seed must be a whole number from 0 to {SEED_MAX}; got {seed!r}")
    return seed


def uint32s(n: int, seed: int) -> list[int]:
    """The first ``n`` integers (0 to 2**32 - 1) of mulberry32 started at ``seed``."""
    state = check_seed(seed)
    out = []
    for _ in range(n):
        state = (state + _STEP) & _MASK
        z = ((state ^ (state >> 15)) * (state | 1)) & _MASK
        z ^= (z + (((z ^ (z >> 7)) * (z | 61)) & _MASK)) & _MASK
        out.append(z ^ (z >> 14))
    return out


def standard_normals(n: int, seed: int) -> list[float]:
    """``n`` standard normal draws (Box-Muller on mulberry32's integers), the page's draws."""
    ints = uint32s(2 * ((n + 1) // 2), seed)
    out: list[float] = []
    for i in range(0, len(ints), 2):
        radius = math.sqrt(-2.0 * math.log((ints[i] + 1) / _TWO32))
        angle = 2.0 * math.pi * (ints[i + 1] / _TWO32)
        out.append(radius * math.cos(angle))
        out.append(radius * math.sin(angle))
    return out[:n]
