// The small seeded random generator the page shares with Python: the twin of
// gutwidgets/models/_random.py, draw for draw (its docstring describes the generator).
//
// - integers: mulberry32, exact 32-bit arithmetic (Math.imul, >>> 0), the same integers as Python's
//   for a seed (a whole number from 0 to 2**32 - 1);
// - normals: Box-Muller, two per pair of integers ((k + 1) / 2**32 in (0, 1] for the logarithm,
//   k / 2**32 for the angle); Math.log, Math.cos and Math.sin may differ from Python's in the last bit.
//
// A part (see views/_assets.py): joined after lib/pyformat.js; no imports, no DOM.

const RANDOM_SEED_MAX = 4294967295;
const RANDOM_TWO32 = 4294967296;

/** seed if it is a whole number from 0 to 2**32 - 1, else Python's message. */
export function checkSeed(seed) {
  if (!(typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed <= RANDOM_SEED_MAX)) {
    throw new Error(`seed must be a whole number from 0 to ${RANDOM_SEED_MAX}; got ${pyRepr(seed)}`);
  }
  return seed;
}

/** _random.py: uint32s: the first n integers (0 to 2**32 - 1) of mulberry32 started at seed. */
export function uint32s(n, seed) {
  let state = checkSeed(seed) | 0;
  const out = new Array(n);
  for (let i = 0; i < n; i += 1) {
    state = (state + 0x6d2b79f5) | 0;
    let z = Math.imul(state ^ (state >>> 15), state | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    out[i] = (z ^ (z >>> 14)) >>> 0;
  }
  return out;
}

/** _random.py: standard_normals: n standard normal draws (Box-Muller on mulberry32's integers). */
export function standardNormals(n, seed) {
  const ints = uint32s(2 * Math.floor((n + 1) / 2), seed);
  const out = [];
  for (let i = 0; i < ints.length; i += 2) {
    const radius = Math.sqrt(-2.0 * Math.log((ints[i] + 1) / RANDOM_TWO32));
    const angle = 2.0 * Math.PI * (ints[i + 1] / RANDOM_TWO32);
    out.push(radius * Math.cos(angle), radius * Math.sin(angle));
  }
  return out.slice(0, n);
}
