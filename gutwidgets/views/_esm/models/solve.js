// The matrix exponential and the exact solution of a linear system with a piecewise-linear input:
// the twin of gutwidgets/models/_solve.py's expm and affine_response (its docstrings describe them).
//
// The same algorithm as Python's, step for step: scaling and squaring with Higham's degree-13 Pade
// approximant (the same coefficients, norm bound and number of squarings, the same sums in the same
// order), the Pade quotient by Gaussian elimination with partial pivoting (the first largest pivot,
// as LAPACK's dgesv chooses it), one exponential per step length rounded to 12 decimals (numpy's
// round: half to even) and cached per system. What differs is below the algorithm: numpy multiplies
// matrices with BLAS (its own order of additions, fused multiply-adds), so the two sides agree to the
// last bits of the arithmetic, not bit for bit: tests/test_crosscheck_systemic.py holds them within
// 1e-9 relative ("the same formula").
//
// A part (see views/_assets.py): joined after lib/pyformat.js; no imports, no DOM. Square matrices
// are flat Float64Arrays here (row after row, n by n); the exported functions take rows.

// Pade(13) coefficients and the 1-norm bound below which it is accurate to double precision
// (Higham, SIAM J. Matrix Anal. Appl. 2005;26:1179-93, table 2.3): _solve.py's _PADE13, _THETA13.
const SOLVE_PADE13 = [64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
  129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
  40840800.0, 960960.0, 16380.0, 182.0, 1.0];
const SOLVE_THETA13 = 5.371920351148152;
// _solve.py's _CACHE_LIMIT: most step exponentials a cache keeps (then it starts again).
const SOLVE_CACHE_LIMIT = 20000;

/** a b of two flat n-by-n matrices. */
export function matMul(a, b, n) {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k < n; k += 1) {
      const aik = a[i * n + k];
      for (let j = 0; j < n; j += 1) out[i * n + j] += aik * b[k * n + j];
    }
  }
  return out;
}

// coef[0] m[0] + coef[1] m[1] + ..., added left to right as numpy adds the terms of an expression.
function solveTerms(coefs, mats) {
  const out = new Float64Array(mats[0].length);
  for (let e = 0; e < out.length; e += 1) {
    let sum = coefs[0] * mats[0][e];
    for (let t = 1; t < mats.length; t += 1) sum += coefs[t] * mats[t][e];
    out[e] = sum;
  }
  return out;
}

/** lhs^-1 rhs for flat n-by-n matrices (numpy.linalg.solve: LU with partial pivoting). */
export function linearSolve(lhs, rhs, n) {
  const m = Float64Array.from(lhs);
  const x = Float64Array.from(rhs);
  const swapRows = (arr, r, s) => {
    for (let j = 0; j < n; j += 1) {
      const tmp = arr[r * n + j];
      arr[r * n + j] = arr[s * n + j];
      arr[s * n + j] = tmp;
    }
  };
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    if (m[pivot * n + col] === 0) throw new Error("Singular matrix");
    if (pivot !== col) {
      swapRows(m, pivot, col);
      swapRows(x, pivot, col);
    }
    for (let r = col + 1; r < n; r += 1) {
      const f = m[r * n + col] / m[col * n + col];
      if (f === 0) continue;
      for (let j = col + 1; j < n; j += 1) m[r * n + j] -= f * m[col * n + j];
      for (let j = 0; j < n; j += 1) x[r * n + j] -= f * x[col * n + j];
    }
  }
  for (let r = n - 1; r >= 0; r -= 1) {
    for (let j = 0; j < n; j += 1) {
      let v = x[r * n + j];
      for (let k = r + 1; k < n; k += 1) v -= m[r * n + k] * x[k * n + j];
      x[r * n + j] = v / m[r * n + r];
    }
  }
  return x;
}

/** exp(A) of a flat n-by-n matrix (_solve.py: expm and _pade13, for one matrix). */
export function expmFlat(a, n) {
  let norm = 0.0; // the 1-norm: the largest column sum of |a|
  for (let j = 0; j < n; j += 1) {
    let col = 0.0;
    for (let i = 0; i < n; i += 1) col += Math.abs(a[i * n + j]);
    if (col > norm) norm = col;
  }
  const squarings = Math.max(0, Math.ceil(Math.log2(Math.max(norm, 1e-300) / SOLVE_THETA13)));
  const scale = 2.0 ** squarings;
  const s = a.map((v) => v / scale);
  const b = SOLVE_PADE13;
  const ident = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) ident[i * n + i] = 1.0;
  const s2 = matMul(s, s, n);
  const s4 = matMul(s2, s2, n);
  const s6 = matMul(s4, s2, n);
  const oddHigh = matMul(s6, solveTerms([b[13], b[11], b[9]], [s6, s4, s2]), n);
  const u = matMul(s, solveTerms([1.0, b[7], b[5], b[3], b[1]], [oddHigh, s6, s4, s2, ident]), n);
  const evenHigh = matMul(s6, solveTerms([b[12], b[10], b[8]], [s6, s4, s2]), n);
  const v = solveTerms([1.0, b[6], b[4], b[2], b[0]], [evenHigh, s6, s4, s2, ident]);
  let r = linearSolve(solveTerms([1.0, -1.0], [v, u]), solveTerms([1.0, 1.0], [v, u]), n);
  for (let k = 0; k < squarings; k += 1) r = matMul(r, r, n);
  return r;
}

function solveShape(a) {
  if (!Array.isArray(a)) return "()";
  if (!a.every(Array.isArray)) return `(${a.length},)`;
  return `(${a.length}, ${a.length ? a[0].length : 0})`;
}

/** _solve.py: expm: exp(A) of a square matrix (rows). */
export function expm(a) {
  const n = Array.isArray(a) ? a.length : 0;
  if (!n || !a.every((row) => Array.isArray(row) && row.length === n)) {
    throw new Error(`expm needs square matrices (shape (..., n, n)); got shape ${solveShape(a)}`);
  }
  if (!a.every((row) => row.every((v) => typeof v === "number" && Number.isFinite(v)))) {
    throw new Error("expm needs finite matrix entries");
  }
  const r = expmFlat(Float64Array.from(a.flat()), n);
  return a.map((_, i) => Array.from(r.subarray(i * n, (i + 1) * n)));
}

// Step lengths share an exponential when equal to 12 decimals (numpy.round(x, 12): rint(x * 1e12) / 1e12,
// rint rounding half to even).
const SOLVE_STEP_DECIMALS = 1e12;

function solveRound12(x) {
  const y = x * SOLVE_STEP_DECIMALS;
  const f = Math.floor(y);
  const d = y - f;
  const r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  return r / SOLVE_STEP_DECIMALS;
}

/**
 * _solve.py: affine_response: y' = A y + b u(t) + c, solved exactly with u drawn as straight lines
 * between `times` (inputs: one value per time) or constant over each step (one value per step).
 * a: rows; b, c, y0: vectors. Returns the states at `times` (rows). `cache` (a Map kept by the
 * caller for one fixed system) keeps the step exponentials between calls.
 */
export function affineResponse(a, b, c, y0, times, inputs, cache = null) {
  const n = a.length;
  const t = times;
  const u = inputs;
  const increasing = Array.isArray(t) && t.every((v, i) => i === 0 || v - t[i - 1] > 0);
  if (!increasing || !Array.isArray(u) || (u.length !== t.length && u.length !== t.length - 1)) {
    throw new Error("times must be increasing and inputs must give one value per time or per step");
  }
  const m = n + 3;
  const aug = new Float64Array(m * m);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) aug[i * m + j] = a[i][j];
    aug[i * m + n] = c[i];
    aug[i * m + n + 1] = b[i];
  }
  aug[(n + 1) * m + n + 2] = 1.0;
  const phis = cache || new Map();
  if (phis.size > SOLVE_CACHE_LIMIT) phis.clear();
  const out = [Array.from(y0, Number)];
  let y = out[0];
  for (let i = 0; i + 1 < t.length; i += 1) {
    const step = t[i + 1] - t[i];
    const h = solveRound12(step);
    let phi = phis.get(h);
    if (phi === undefined) {
      phi = expmFlat(aug.map((v) => v * h), m);
      phis.set(h, phi);
    }
    const start = u[i];
    const slope = u.length === t.length ? (u[i + 1] - u[i]) / step : 0.0;
    const next = new Array(n);
    for (let r = 0; r < n; r += 1) {
      const forcing = phi[r * m + n] + phi[r * m + n + 1] * start + phi[r * m + n + 2] * slope;
      let sum = 0.0;
      for (let k = 0; k < n; k += 1) sum += phi[r * m + k] * y[k];
      next[r] = sum + forcing;
    }
    out.push(next);
    y = next;
  }
  return out;
}
