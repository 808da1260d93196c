// Cross-section of the gut lining (schematic, not to scale): lumen, epithelial cells with a
// brush border and tight junctions, lamina propria with a macrophage and a capillary.
// Molecules (one colour per probe) wander in the lumen; when one reaches a junction or an
// eroded gap it crosses with the chance Python sent (crossing_probability), else it bounces.
// Everything here is visual: this module never writes to the model (no kernel round trip).

const SPEEDS = { slow: 0.5, normal: 1, fast: 2 };
const PER_PROBE = 12;
const MAX_MOLECULES = 120;
const CROSS_TIME = 0.9; // s to slide through the junction or gap
const LP_TIME = 3.2; // s drifting in the lamina propria before fading
const FADE_TIME = 1.0; // s to fade out
const DEFAULT_COLOR = "#444444";
const ROUTE_COLORS = { pore: "#0072B2", leak: "#E69F00", eroded: "#D55E00" };
const TISSUE = {
  lumen: "#eef4f8",
  lumenEdge: "#c9d7e2",
  cell: "#f6dccf",
  cellEdge: "#a8705f",
  villus: "#eabba7",
  nucleus: "#9a86c6",
  nucleusEdge: "#57477f",
  lp: "#fbf5e9",
  fibre: "#eadcc2",
  strand: "#33261f",
  membrane: "#8a6a52",
  macrophage: "#d5e5cf",
  macrophageEdge: "#56724c",
  capWall: "#b3342c",
  capLumen: "#f7d3cf",
  rbc: "#cf4a40",
  text: "#141414",
};

// ---------------------------------------------------------------- sanitising the traits

function num(x, fallback = 0) {
  const v = typeof x === "number" ? x : typeof x === "string" && x.trim() !== "" ? Number(x) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

function clamp(x, lo, hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

function safeColor(c) {
  if (typeof c !== "string" || !c.trim()) return DEFAULT_COLOR;
  const s = c.trim();
  try {
    if (window.CSS && typeof CSS.supports === "function" && !CSS.supports("color", s)) return DEFAULT_COLOR;
  } catch {
    return DEFAULT_COLOR;
  }
  return s;
}

function safeText(x, fallback) {
  if (typeof x === "string" && x.trim()) return x.trim();
  if (typeof x === "number" && Number.isFinite(x)) return String(x);
  return fallback;
}

function sanitizeProbes(raw) {
  const list = Array.isArray(raw) ? raw : [];
  const seen = new Set();
  const out = [];
  list.forEach((p, i) => {
    if (!p || typeof p !== "object") return;
    let id = safeText(p.id, `probe${i + 1}`);
    while (seen.has(id)) id += `_${i + 1}`;
    seen.add(id);
    const shares = p.route_shares && typeof p.route_shares === "object" ? p.route_shares : {};
    const s = {
      pore: Math.max(0, num(shares.pore)),
      leak: Math.max(0, num(shares.leak)),
      unrestricted: Math.max(0, num(shares.unrestricted)),
    };
    const total = s.pore + s.leak + s.unrestricted;
    if (total > 0) for (const k of Object.keys(s)) s[k] /= total;
    const radius = num(p.radius_angstrom, 5);
    out.push({
      id,
      label: safeText(p.label, id),
      radius: radius > 0 ? radius : 5,
      color: safeColor(p.color),
      p: clamp(num(p.crossing_probability), 0, 1),
      shares: s,
      sharesTotal: total,
    });
  });
  return out;
}

function readState(model) {
  const height = Math.round(num(model.get("height"), 360));
  return {
    probes: sanitizeProbes(model.get("probes")),
    pore: clamp(num(model.get("pore_level"), 1), 0, 1000),
    leak: clamp(num(model.get("leak_level"), 1), 0, 1000),
    damaged: clamp(num(model.get("damaged_fraction"), 0), 0, 1),
    description: safeText(model.get("description"), ""),
    height: height > 0 ? clamp(height, 160, 2000) : 360,
    projector: model.get("theme") === "projector",
  };
}

// ---------------------------------------------------------------- visual mappings

/** Drawn dot radius (px): log of the Stokes radius, 2 Å -> 3 px ... 600 Å -> 14 px. */
function dotRadius(angstrom) {
  const t = (Math.log10(Math.max(angstrom, 0.1)) - Math.log10(2)) / (Math.log10(600) - Math.log10(2));
  return clamp(3 + 11 * t, 3, 14);
}

/** Width of the eroded gap in cell widths, on a log scale of the damaged fraction. */
const GAP_POINTS = [
  [-6, 0.12],
  [-4, 0.22],
  [-3, 0.5],
  [Math.log10(0.005), 1.15],
  [Math.log10(0.02), 2.2],
  [0, 3.4],
];
function gapCells(d) {
  if (!(d > 0)) return 0;
  const x = Math.log10(d);
  if (x <= GAP_POINTS[0][0]) return GAP_POINTS[0][1];
  for (let i = 1; i < GAP_POINTS.length; i++) {
    const [x1, y1] = GAP_POINTS[i];
    const [x0, y0] = GAP_POINTS[i - 1];
    if (x <= x1) return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return GAP_POINTS[GAP_POINTS.length - 1][1];
}

function hash01(i) {
  const s = Math.sin(i * 127.1 + 311.7) * 43758.5453;
  return s - Math.floor(s);
}

/** Everything that depends on size and barrier state, but not on time. */
function computeLayout(W, H, st) {
  const proj = st.projector;
  const epiTop = Math.round(H * 0.4);
  const mvH = clamp(Math.round(H * 0.025), 5, 10);
  const surfaceY = epiTop - mvH;
  const epiBot = Math.round(H * 0.7);
  const n = W < 360 ? 5 : W < 520 ? 6 : W < 800 ? 7 : 8;
  const leakX = clamp(st.leak - 1, 0, 4);
  const jw = (proj ? 5 : 4) + leakX * 1.5;
  const cw = (W - (n - 1) * jw) / (n - 0.8);
  const x0 = -0.4 * cw;
  const raw = [];
  for (let i = 0; i < n; i++) {
    const left = x0 + i * (cw + jw);
    raw.push({ left, right: left + cw, index: i });
  }
  // Eroded gap, centred on the cell nearest 58% of the width, so that neighbours are cut
  // (ragged edges) rather than removed whole.
  let gap = null;
  const gc = gapCells(st.damaged);
  if (gc > 0) {
    let best = 0;
    const mid = (c) => (c.left + c.right) / 2;
    for (let i = 1; i < n - 1; i++) if (Math.abs(mid(raw[i]) - 0.58 * W) < Math.abs(mid(raw[best]) - 0.58 * W)) best = i;
    const centre = mid(raw[best]);
    const width = Math.min(gc * cw, W - 2.4 * cw);
    gap = { g0: centre - width / 2, g1: centre + width / 2, centre };
  }
  const pieces = [];
  for (const c of raw) {
    const nucleusX = (c.left + c.right) / 2;
    if (!gap || c.right <= gap.g0 || c.left >= gap.g1) {
      pieces.push({ ...c, nucleusX, raggedL: false, raggedR: false });
      continue;
    }
    if (c.left < gap.g0 && gap.g0 - c.left >= 0.22 * cw)
      pieces.push({ left: c.left, right: gap.g0, index: c.index, nucleusX, raggedL: false, raggedR: true });
    if (c.right > gap.g1 && c.right - gap.g1 >= 0.22 * cw)
      pieces.push({ left: gap.g1, right: c.right, index: c.index, nucleusX, raggedL: true, raggedR: false });
  }
  const junctions = [];
  for (let i = 0; i + 1 < pieces.length; i++) {
    const a = pieces[i];
    const b = pieces[i + 1];
    if (!a.raggedR && !b.raggedL && b.left - a.right < jw + 0.5) junctions.push({ x: (a.right + b.left) / 2 });
  }
  if (gap) {
    let left = -Infinity;
    let right = Infinity;
    for (const p of pieces) {
      if (p.right <= gap.centre) left = Math.max(left, p.right);
      if (p.left >= gap.centre) right = Math.min(right, p.left);
    }
    gap.left = Number.isFinite(left) ? left : 0;
    gap.right = Number.isFinite(right) ? right : W;
    gap.width = Math.max(0, gap.right - gap.left);
  }
  const capture = jw / 2 + 7; // half-width of a junction's mouth, px
  return { W, H, proj, epiTop, mvH, surfaceY, epiBot, n, jw, cw, pieces, junctions, gap, capture, leakX };
}

/** Per-encounter chances at a junction and at the eroded gap, for one probe. */
function encounterChances(probe, L) {
  const p = probe.p;
  if (!L.gap || L.gap.width < 1) return { junction: p, gap: 0 };
  if (!(probe.sharesTotal > 0)) return { junction: p, gap: p };
  const s = probe.shares;
  // Route shares decide which way crossing molecules go; the gap's chance is scaled by the
  // ratio of junction mouths to gap width so the overall rate still follows p.
  const mouths = Math.max(1, L.junctions.length) * 2 * L.capture;
  return {
    junction: p * (s.pore + s.leak),
    gap: clamp((p * s.unrestricted * mouths) / L.gap.width, 0, 1),
  };
}

// ---------------------------------------------------------------- drawing helpers

function roundRectPath(ctx, x, y, w, h, r) {
  const rr = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.moveTo(x + rr, y);
  ctx.lineTo(x + w - rr, y);
  ctx.arcTo(x + w, y, x + w, y + rr, rr);
  ctx.lineTo(x + w, y + h - rr);
  ctx.arcTo(x + w, y + h, x + w - rr, y + h, rr);
  ctx.lineTo(x + rr, y + h);
  ctx.arcTo(x, y + h, x, y + h - rr, rr);
  ctx.lineTo(x, y + rr);
  ctx.arcTo(x, y, x + rr, y, rr);
  ctx.closePath();
}

function cellPath(ctx, piece, top, bottom, radius) {
  const { left, right, raggedL, raggedR, index } = piece;
  const r = Math.min(radius, (right - left) / 3);
  const steps = Math.max(4, Math.round((bottom - top) / 7));
  ctx.beginPath();
  ctx.moveTo(raggedL ? left : left + r, top);
  if (raggedR) {
    ctx.lineTo(right, top);
    for (let k = 1; k <= steps; k++) {
      const y = top + ((bottom - top) * k) / steps;
      ctx.lineTo(right - hash01(index * 31 + k) * 6 - (k % 2) * 2, y);
    }
    ctx.lineTo(right - 3, bottom);
  } else {
    ctx.lineTo(right - r, top);
    ctx.arcTo(right, top, right, top + r, r);
    ctx.lineTo(right, bottom - r);
    ctx.arcTo(right, bottom, right - r, bottom, r);
  }
  if (raggedL) {
    ctx.lineTo(left + 3, bottom);
    for (let k = steps - 1; k >= 0; k--) {
      const y = top + ((bottom - top) * k) / steps;
      ctx.lineTo(left + hash01(index * 17 + k) * 6 + (k % 2) * 2, y);
    }
  } else {
    ctx.lineTo(left + r, bottom);
    ctx.arcTo(left, bottom, left, bottom - r, r);
    ctx.lineTo(left, top + r);
    ctx.arcTo(left, top, left + r, top, r);
  }
  ctx.closePath();
}

function font(L, size, weight = "normal", style = "normal") {
  return `${style} ${weight} ${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
}

/** A label on a pale pill, for legibility over the drawing. Returns its box. */
function pill(ctx, L, text, x, y, opts = {}) {
  const size = opts.size || (L.proj ? 18 : 13);
  ctx.font = font(L, size, opts.weight || "600", opts.style || "normal");
  const padX = L.proj ? 7 : 5;
  const h = Math.round(size * 1.45);
  const w = Math.ceil(ctx.measureText(text).width) + 2 * padX;
  let left = opts.align === "right" ? x - w : opts.align === "center" ? x - w / 2 : x;
  left = clamp(left, 2, Math.max(2, L.W - w - 2));
  const box = { left, top: y, right: left + w, bottom: y + h, w, h };
  if (opts.measureOnly) return box;
  ctx.beginPath();
  roundRectPath(ctx, left, y, w, h, h / 2.6);
  ctx.fillStyle = opts.background || "rgba(255,255,255,0.9)";
  ctx.fill();
  ctx.lineWidth = L.proj ? 1.5 : 1;
  ctx.strokeStyle = opts.border || "rgba(60,60,60,0.55)";
  ctx.stroke();
  ctx.fillStyle = opts.color || TISSUE.text;
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  ctx.fillText(text, left + padX, y + h / 2 + 0.5);
  return box;
}

function overlaps(a, b) {
  return a.left < b.right + 4 && b.left < a.right + 4 && a.top < b.bottom + 2 && b.top < a.bottom + 2;
}

// The tissue: bands, cells, brush border, junctions, gap, lamina propria contents.
function drawTissue(ctx, L, st) {
  const { W, H, proj, epiTop, surfaceY, epiBot, mvH } = L;
  const lw = proj ? 1.7 : 1;
  ctx.clearRect(0, 0, W, H);
  // Lumen
  ctx.fillStyle = TISSUE.lumen;
  ctx.fillRect(0, 0, W, epiTop);
  // Lamina propria (also shows through junctions and the gap)
  ctx.fillStyle = TISSUE.lp;
  ctx.fillRect(0, epiTop, W, H - epiTop);
  // faint connective-tissue fibres
  ctx.strokeStyle = TISSUE.fibre;
  ctx.lineWidth = 1.2 * lw;
  ctx.beginPath();
  for (let i = 0; i < Math.ceil(W / 70); i++) {
    const x = i * 70 + hash01(i) * 30;
    const y = epiBot + 12 + hash01(i + 50) * (H - epiBot - 24);
    ctx.moveTo(x, y);
    ctx.bezierCurveTo(x + 15, y - 8, x + 30, y + 8, x + 45, y);
  }
  ctx.stroke();

  // Basement membrane under the cells
  ctx.strokeStyle = TISSUE.membrane;
  ctx.lineWidth = 2 * lw;
  ctx.beginPath();
  if (L.gap) {
    ctx.moveTo(0, epiBot);
    ctx.lineTo(L.gap.left, epiBot);
    ctx.moveTo(L.gap.right, epiBot);
    ctx.lineTo(W, epiBot);
  } else {
    ctx.moveTo(0, epiBot);
    ctx.lineTo(W, epiBot);
  }
  ctx.stroke();

  // Cells
  const radius = Math.min(12, L.cw * 0.15);
  const cellBottom = epiBot - 2;
  for (const piece of L.pieces) {
    cellPath(ctx, piece, epiTop, cellBottom, radius);
    ctx.fillStyle = TISSUE.cell;
    ctx.fill();
    ctx.save();
    ctx.clip();
    const ny = epiTop + 0.62 * (cellBottom - epiTop);
    const rx = Math.min(0.22 * L.cw, 20);
    const ry = Math.min(0.17 * (cellBottom - epiTop), 16);
    ctx.beginPath();
    ctx.ellipse(piece.nucleusX, ny, rx, ry, 0, 0, Math.PI * 2);
    ctx.fillStyle = TISSUE.nucleus;
    ctx.fill();
    ctx.lineWidth = 1.5 * lw;
    ctx.strokeStyle = TISSUE.nucleusEdge;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(piece.nucleusX + rx * 0.25, ny - ry * 0.15, Math.max(2, ry * 0.25), 0, Math.PI * 2);
    ctx.fillStyle = TISSUE.nucleusEdge;
    ctx.fill();
    ctx.restore();
    cellPath(ctx, piece, epiTop, cellBottom, radius);
    ctx.lineWidth = 1.5 * lw;
    ctx.strokeStyle = piece.raggedL || piece.raggedR ? ROUTE_COLORS.eroded : TISSUE.cellEdge;
    ctx.stroke();

    // Brush border: microvilli as small fingers on the apical side
    const step = proj ? 7 : 5.5;
    const fw = proj ? 3.4 : 2.6;
    const start = piece.left + (piece.raggedL ? 6 : radius * 0.6 + 2);
    const end = piece.right - (piece.raggedR ? 6 : radius * 0.6 + 2);
    ctx.beginPath();
    for (let x = start; x + fw <= end; x += step) roundRectPath(ctx, x, surfaceY, fw, mvH + 1.5, fw / 2);
    ctx.fillStyle = TISSUE.villus;
    ctx.fill();
    ctx.lineWidth = 0.8 * lw;
    ctx.strokeStyle = TISSUE.cellEdge;
    ctx.stroke();
  }

  // Tight junctions: a "zipper" of strands at the top of each junction
  const nStr = 4;
  const sp = proj ? 6.5 : 5;
  const half = L.jw / 2 + (proj ? 8 : 6);
  const broken = Math.round(clamp((st.leak - 1) / 3, 0, 1) * nStr);
  const opening = Math.min(2 * half - 3, L.jw * 0.5 + 3 + L.leakX * 1.2);
  const dots = clamp(Math.round(st.pore * 2), 0, 12);
  const dotR = proj ? 3.4 : 2.6;
  for (const j of L.junctions) {
    const y0 = epiTop + (proj ? 5 : 4);
    if (broken > 0) {
      ctx.beginPath();
      roundRectPath(ctx, j.x - opening / 2, y0 - 4, opening, (broken - 1) * sp + 8, 2);
      ctx.fillStyle = ROUTE_COLORS.leak;
      ctx.fill();
    }
    ctx.beginPath();
    for (let k = 0; k < nStr; k++) {
      const y = y0 + k * sp;
      if (k < broken) {
        ctx.moveTo(j.x - half, y);
        ctx.lineTo(j.x - opening / 2, y);
        ctx.moveTo(j.x + opening / 2, y);
        ctx.lineTo(j.x + half, y);
      } else {
        ctx.moveTo(j.x - half, y);
        ctx.lineTo(j.x + half, y);
      }
    }
    ctx.lineWidth = proj ? 3 : 2;
    ctx.lineCap = "round";
    ctx.strokeStyle = TISSUE.strand;
    ctx.stroke();
    ctx.lineCap = "butt";
    // Pores: small blue dots breaking the strands (claudin-2)
    if (dots > 0) {
      ctx.beginPath();
      const offsets = [0, -0.55, 0.55];
      for (let k = 0; k < dots; k++) {
        const strand = k % nStr;
        const round = Math.floor(k / nStr);
        // on a broken strand, pores sit on the stubs either side of the leak opening
        const off =
          strand < broken
            ? (round % 2 ? 1 : -1) * Math.min(half - dotR, opening / 2 + dotR + 0.5)
            : offsets[round % offsets.length] * half;
        const x = j.x + off;
        const y = y0 + strand * sp;
        ctx.moveTo(x + dotR, y);
        ctx.arc(x, y, dotR, 0, Math.PI * 2);
      }
      ctx.fillStyle = ROUTE_COLORS.pore;
      ctx.fill();
      ctx.lineWidth = proj ? 1.4 : 1;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    }
  }

  // Eroded gap: exposed lamina propria, marked with a dashed vermilion floor
  if (L.gap && L.gap.width > 0) {
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = ROUTE_COLORS.eroded;
    ctx.lineWidth = 2.2 * lw;
    ctx.beginPath();
    ctx.moveTo(L.gap.left, epiBot);
    ctx.lineTo(L.gap.right, epiBot);
    ctx.stroke();
    ctx.restore();
  }

  // Capillary: a tube running off the right edge, with red blood cells
  const c = L.capillary;
  ctx.beginPath();
  roundRectPath(ctx, c.x0, c.y0, c.x1 - c.x0, c.h, c.h / 2);
  ctx.fillStyle = TISSUE.capLumen;
  ctx.fill();
  ctx.lineWidth = 2.4 * lw;
  ctx.strokeStyle = TISSUE.capWall;
  ctx.stroke();
  const rbcR = Math.max(3, c.h * 0.28);
  ctx.beginPath();
  for (let x = c.x0 + c.h * 0.8, k = 0; x < Math.min(W, c.x1) - rbcR; x += rbcR * 3.2, k++) {
    const y = c.y0 + c.h / 2 + (k % 2 ? -1 : 1) * c.h * 0.12;
    ctx.moveTo(x + rbcR, y);
    ctx.ellipse(x, y, rbcR, rbcR * 0.62, 0, 0, Math.PI * 2);
  }
  ctx.fillStyle = TISSUE.rbc;
  ctx.fill();

  // Macrophage: an irregular blob with a kidney-shaped nucleus
  const m = L.macrophage;
  ctx.beginPath();
  for (let k = 0; k <= 48; k++) {
    const a = (k / 48) * Math.PI * 2;
    const r = m.r * (1 + 0.13 * Math.sin(3 * a + 0.6) + 0.09 * Math.sin(5 * a + 1.9));
    const x = m.x + r * Math.cos(a);
    const y = m.y + r * 0.82 * Math.sin(a);
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
  ctx.fillStyle = TISSUE.macrophage;
  ctx.fill();
  ctx.lineWidth = 1.8 * lw;
  ctx.strokeStyle = TISSUE.macrophageEdge;
  ctx.stroke();
  // kidney-shaped nucleus: an ellipse with a notch bitten out of one side
  const nx = m.x - m.r * 0.1;
  ctx.beginPath();
  ctx.ellipse(nx, m.y, m.r * 0.42, m.r * 0.3, -0.3, 0, Math.PI * 2);
  ctx.fillStyle = TISSUE.nucleus;
  ctx.fill();
  ctx.lineWidth = 1.2 * lw;
  ctx.strokeStyle = TISSUE.nucleusEdge;
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(nx + m.r * 0.1, m.y - m.r * 0.36, m.r * 0.2, 0, Math.PI * 2);
  ctx.fillStyle = TISSUE.macrophage;
  ctx.fill();
}

// Labels and callouts, drawn above the molecules.
function drawLabels(ctx, L) {
  const { W, H, proj, epiTop, surfaceY, epiBot } = L;
  ctx.clearRect(0, 0, W, H);
  const placed = [];
  const m = proj ? 8 : 6;
  const title = pill(ctx, L, "Lumen (gut contents)", m, m, { weight: "700" });
  placed.push(title);
  const nts = "Schematic – not to scale";
  const box = pill(ctx, L, nts, W - m, m, { align: "right", measureOnly: true, style: "italic", weight: "500" });
  if (overlaps(box, title)) box.top = title.bottom + 4;
  placed.push(pill(ctx, L, nts, W - m, box.top, { align: "right", style: "italic", weight: "500" }));

  // Callouts just above the brush border, each with a short leader line.
  const callouts = [];
  if (L.gap && L.gap.width > 0) {
    callouts.push({ text: "Eroded gap (cells lost)", x: (L.gap.left + L.gap.right) / 2, to: epiTop + 6, align: "center", color: "#7a2e00", border: ROUTE_COLORS.eroded });
  }
  if (L.junctions.length) {
    const j = L.junctions[0];
    callouts.push({ text: "Tight junction", x: j.x - 14, tx: j.x, to: epiTop, align: "left" });
  }
  // "Epithelial cell" is optional: try intact cells from the right, skip it if none has room.
  const full = L.pieces.filter((p) => !p.raggedL && !p.raggedR && p.left > -4 && p.right < W + 4);
  const cellTargets = full.reverse().map((c) => {
    const cx = (c.left + c.right) / 2;
    return { x: cx + 30, tx: cx, to: epiTop + (epiBot - epiTop) * 0.3 };
  });
  const rowH = Math.round((proj ? 18 : 13) * 1.45) + 5;
  const baseTop = surfaceY - 12 - rowH + 5;
  const drawCallout = (c, top) => {
    const b = pill(ctx, L, c.text, c.x, top, { align: c.align, measureOnly: true });
    const tx = c.tx === undefined ? c.x : c.tx;
    const fromX = clamp(tx, b.left + 6, b.right - 6);
    ctx.beginPath();
    ctx.moveTo(fromX, b.bottom);
    ctx.lineTo(tx, c.to);
    ctx.lineWidth = proj ? 2.5 : 1.5;
    ctx.strokeStyle = c.border || "#333333";
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(tx, c.to, proj ? 3.2 : 2.4, 0, Math.PI * 2);
    ctx.fillStyle = c.border || "#333333";
    ctx.fill();
    placed.push(pill(ctx, L, c.text, c.x, top, { align: c.align, color: c.color, border: c.border }));
  };
  for (const c of callouts) {
    let top = baseTop;
    let b = pill(ctx, L, c.text, c.x, top, { align: c.align, measureOnly: true });
    for (let tries = 0; tries < 3 && placed.some((p) => overlaps(p, b)); tries++) {
      top -= rowH;
      b = { ...b, top, bottom: top + b.h };
    }
    drawCallout(c, top);
  }
  for (const t of cellTargets) {
    const c = { text: "Epithelial cell", align: "right", ...t };
    const b = pill(ctx, L, c.text, c.x, baseTop, { align: c.align, measureOnly: true });
    if (!placed.some((p) => overlaps(p, b))) {
      drawCallout(c, baseTop);
      break;
    }
  }

  // Lamina propria labels
  pill(ctx, L, "Lamina propria (blood side)", m, epiBot + m, { weight: "700" });
  const mac = L.macrophage;
  pill(ctx, L, L.macrophage.label, mac.x + mac.r * 1.1 + 4, mac.y - rowH / 2 + 2, {});
  const cap = L.capillary;
  pill(ctx, L, "Capillary (blood)", cap.labelX, cap.labelY, { color: "#6b1410", border: TISSUE.capWall });
}

/** Lamina propria contents: positions computed once per layout. */
function placeLaminaPropria(ctx, L) {
  const { W, H, proj, epiBot } = L;
  const size = proj ? 18 : 13;
  const rowH = Math.round(size * 1.45);
  const m = proj ? 8 : 6;
  ctx.font = font(L, size, "700");
  const titleRight = m + ctx.measureText("Lamina propria (blood side)").width + 14;
  const top = epiBot + m + rowH + 4;
  const bottom = H - 6;
  const avail = Math.max(20, bottom - top);
  const r = clamp(Math.min(avail * 0.42, W * 0.07), 12, 40);
  const label = W < 620 ? "Macrophage" : "Macrophage (immune cell)";
  ctx.font = font(L, size, "600");
  const macLabelW = ctx.measureText(label).width + 14;
  const macX = m + r * 1.15;
  const macY = top + avail / 2;
  let x0 = Math.max(W * 0.5, macX + r * 1.1 + macLabelW + 16);
  if (x0 > W - 60) x0 = W - 60;
  const capLabelW = ctx.measureText("Capillary (blood)").width + 14;
  let labelY = epiBot + m;
  if (x0 < titleRight) labelY = epiBot + m + rowH + 4;
  const h = clamp((bottom - (labelY + rowH + 6)) * 0.75, 10, proj ? 44 : 36);
  const y0 = Math.max(labelY + rowH + 6, bottom - h - 4);
  L.macrophage = { x: macX, y: macY, r, label };
  L.capillary = { x0, x1: W + 40, y0, h, labelX: Math.min(x0 + 6, W - capLabelW - 4), labelY };
}

// ---------------------------------------------------------------- the widget

export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "gw-cross-section";
    root.dataset.frames = "0";
    root.dataset.playing = "false";
    root.dataset.crossed = "0";
    root.dataset.gap = "0";

    const figure = document.createElement("div");
    figure.className = "gw-cs-figure";
    figure.setAttribute("role", "img");
    const canvas = document.createElement("canvas");
    canvas.className = "gw-cs-canvas";
    figure.appendChild(canvas);
    const live = document.createElement("p");
    live.className = "gw-cs-visually-hidden";
    live.setAttribute("aria-live", "polite");

    const panel = document.createElement("div");
    panel.className = "gw-cs-panel";
    const controls = document.createElement("div");
    controls.className = "gw-cs-controls";
    const playBtn = document.createElement("button");
    playBtn.type = "button";
    playBtn.className = "gw-cs-button gw-cs-play";
    playBtn.innerHTML = '<span class="gw-cs-icon" aria-hidden="true">▶</span> Play';
    const restartBtn = document.createElement("button");
    restartBtn.type = "button";
    restartBtn.className = "gw-cs-button gw-cs-restart";
    restartBtn.innerHTML = '<span class="gw-cs-icon" aria-hidden="true">↺</span> Restart animation';
    const speedLabel = document.createElement("label");
    speedLabel.className = "gw-cs-speed";
    const speedText = document.createElement("span");
    speedText.textContent = "Speed";
    const speedSelect = document.createElement("select");
    speedSelect.className = "gw-cs-select";
    for (const key of Object.keys(SPEEDS)) {
      const o = document.createElement("option");
      o.value = key;
      o.textContent = key;
      if (key === "normal") o.selected = true;
      speedSelect.appendChild(o);
    }
    speedLabel.append(speedText, speedSelect);
    const status = document.createElement("span");
    status.className = "gw-cs-status";
    status.setAttribute("role", "status");
    controls.append(playBtn, restartBtn, speedLabel, status);

    const legendBox = document.createElement("div");
    legendBox.className = "gw-cs-legend-box";
    const legendTitle = document.createElement("p");
    legendTitle.className = "gw-cs-legend-title";
    legendTitle.textContent = "Molecules (count crossed since restart)";
    const legend = document.createElement("ul");
    legend.className = "gw-cs-legend";
    const empty = document.createElement("p");
    empty.className = "gw-cs-empty";
    empty.textContent = "No molecules selected";
    legendBox.append(legendTitle, legend, empty);

    const key = document.createElement("ul");
    key.className = "gw-cs-key";
    key.setAttribute("aria-label", "Key to the drawing");
    key.innerHTML =
      '<li><span class="gw-cs-key-mark gw-cs-key-strands" aria-hidden="true"></span>Tight-junction strands</li>' +
      '<li><span class="gw-cs-key-mark gw-cs-key-pore" aria-hidden="true"></span>Pores (claudin-2)</li>' +
      '<li><span class="gw-cs-key-mark gw-cs-key-leak" aria-hidden="true"></span>Leak opening</li>' +
      '<li><span class="gw-cs-key-mark gw-cs-key-gap" aria-hidden="true"></span>Eroded gap</li>';

    panel.append(controls, legendBox, key);
    root.append(figure, live, panel);
    el.appendChild(root);

    const ctx = canvas.getContext("2d");
    const bg = document.createElement("canvas");
    const fg = document.createElement("canvas");
    const bgCtx = bg.getContext("2d");
    const fgCtx = fg.getContext("2d");

    // --- state
    let st = readState(model);
    let L = null;
    let W = 0;
    let H = 0;
    let dpr = 1;
    let staticDirty = true;
    let molecules = [];
    let counts = new Map();
    let chances = new Map();
    let legendRows = new Map();
    let totalCrossed = 0;
    let frames = 0;
    let playing = false;
    let running = false;
    let rafId = 0;
    let redrawId = 0;
    let last = 0;
    let visible = true;
    let speed = SPEEDS.normal;
    let disposed = false;
    let seeded = false; // molecules get real positions once the first layout exists

    const reduceQuery = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
    const reduced = !!(reduceQuery && reduceQuery.matches);

    function describe() {
      if (st.description) return st.description;
      const gap = st.damaged > 0 ? `; ${(st.damaged * 100).toFixed(2)}% of the lining eroded` : "";
      return (
        "Schematic cross-section of the gut lining: gut contents at the top, a row of lining cells " +
        "joined by tight junctions, and the lamina propria with a macrophage and a capillary below" +
        `. Pores at ${st.pore.toFixed(1)} times healthy, leak route at ${st.leak.toFixed(1)} times healthy${gap}.`
      );
    }

    function applyDescription() {
      const text = describe();
      canvas.setAttribute("aria-label", text);
      figure.setAttribute("aria-label", text);
      if (live.textContent !== text) live.textContent = text;
    }

    function applyTheme() {
      root.classList.toggle("gw-cs-projector", st.projector);
    }

    function setStatus() {
      if (playing) status.textContent = "Animation running";
      else if (reduced && frames === 0) status.textContent = "Animation paused (reduced motion); press Play";
      else status.textContent = "Animation paused";
    }

    function setPlaying(on) {
      playing = !!on;
      // The button names what it will do: Pause while running, Play while paused.
      playBtn.innerHTML = playing
        ? '<span class="gw-cs-icon" aria-hidden="true">❚❚</span> Pause'
        : '<span class="gw-cs-icon" aria-hidden="true">▶</span> Play';
      root.dataset.playing = playing ? "true" : "false";
      setStatus();
      if (playing) start();
      else requestRedraw();
    }

    // --- molecules
    function inLumen(m) {
      if (!L) return;
      const maxY = L.surfaceY - m.r;
      m.x = m.r + Math.random() * Math.max(1, W - 2 * m.r);
      m.y = m.r + Math.random() * Math.max(1, maxY - m.r);
      m.state = "lumen";
      m.t = 0;
      m.alpha = 1;
      m.heading = Math.random() * Math.PI * 2;
    }

    // Small molecules move faster (as diffusion would have it); px/s scales with the lumen.
    function speedFor(r) {
      return Math.max(60, 0.8 * H * 0.4) * (1.25 - 0.6 * ((r - 3) / 11));
    }

    function makeMolecule(probe) {
      const r = dotRadius(probe.radius);
      const m = { id: probe.id, r, speed: speedFor(r), x: 0, y: 0, u: 0, cx: 0, t: 0, alpha: 1 };
      m.state = "lumen";
      m.heading = Math.random() * Math.PI * 2;
      inLumen(m);
      return m;
    }

    function perProbe() {
      const n = st.probes.length;
      return n ? Math.max(1, Math.min(PER_PROBE, Math.floor(MAX_MOLECULES / n))) : 0;
    }

    function syncMolecules(reset) {
      const want = perProbe();
      const byId = new Map(st.probes.map((p) => [p.id, p]));
      if (reset) {
        molecules = [];
        counts = new Map();
        totalCrossed = 0;
      }
      const kept = [];
      const have = new Map();
      for (const m of molecules) {
        const probe = byId.get(m.id);
        if (!probe) continue;
        const k = have.get(m.id) || 0;
        if (k >= want) continue;
        have.set(m.id, k + 1);
        const r = dotRadius(probe.radius);
        m.r = r;
        m.speed = speedFor(r);
        kept.push(m);
      }
      for (const probe of st.probes) {
        for (let k = have.get(probe.id) || 0; k < want; k++) kept.push(makeMolecule(probe));
        if (!counts.has(probe.id)) counts.set(probe.id, 0);
      }
      for (const id of [...counts.keys()]) if (!byId.has(id)) counts.delete(id);
      molecules = kept;
      totalCrossed = 0;
      for (const v of counts.values()) totalCrossed += v;
      root.dataset.crossed = String(totalCrossed);
    }

    function updateChances() {
      chances = new Map();
      if (!L) return;
      for (const p of st.probes) chances.set(p.id, encounterChances(p, L));
    }

    function buildLegend() {
      legend.textContent = "";
      legendRows = new Map();
      for (const p of st.probes) {
        const li = document.createElement("li");
        li.className = "gw-cs-legend-item";
        const sw = document.createElement("span");
        sw.className = "gw-cs-swatch";
        sw.setAttribute("aria-hidden", "true");
        sw.style.backgroundColor = p.color;
        sw.style.setProperty("--gw-cs-dot", `${clamp(Math.round(dotRadius(p.radius) * 2), 10, 28)}px`);
        const name = document.createElement("span");
        name.className = "gw-cs-legend-label";
        name.textContent = p.label;
        const count = document.createElement("span");
        count.className = "gw-cs-count";
        count.textContent = `crossed: ${counts.get(p.id) || 0}`;
        li.append(sw, name, count);
        legend.appendChild(li);
        legendRows.set(p.id, count);
      }
      empty.hidden = st.probes.length > 0;
      legend.hidden = st.probes.length === 0;
    }

    function updateCount(id) {
      const el2 = legendRows.get(id);
      if (el2) el2.textContent = `crossed: ${counts.get(id) || 0}`;
      root.dataset.crossed = String(totalCrossed);
    }

    function restart() {
      syncMolecules(true);
      frames = 0;
      root.dataset.frames = "0";
      buildLegend();
      setStatus();
      requestRedraw();
    }

    // --- geometry and sizing
    function resize() {
      const width = Math.floor(figure.clientWidth || root.clientWidth || 0);
      const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
      const height = st.height;
      if (width <= 0) return false;
      if (width === W && height === H && ratio === dpr && L) return true;
      const sx = W > 0 ? width / W : 1;
      const sy = H > 0 ? height / H : 1;
      W = width;
      H = height;
      dpr = ratio;
      for (const c of [canvas, bg, fg]) {
        c.width = Math.round(W * dpr);
        c.height = Math.round(H * dpr);
      }
      canvas.style.height = `${H}px`;
      for (const m of molecules) {
        m.x *= sx;
        m.y *= sy;
        m.cx *= sx;
        if (m.startY !== undefined) m.startY *= sy;
        m.speed = speedFor(m.r);
      }
      staticDirty = true;
      return true;
    }

    function rebuildStatic() {
      if (!W || !H) return;
      L = computeLayout(W, H, st);
      placeLaminaPropria(fgCtx, L);
      for (const c2 of [bgCtx, fgCtx]) c2.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawTissue(bgCtx, L, st);
      drawLabels(fgCtx, L);
      updateChances();
      root.dataset.gap = String(L.gap ? Math.round(L.gap.width) : 0);
      if (!seeded) {
        seeded = true;
        for (const m of molecules) inLumen(m);
      }
      for (const m of molecules) {
        if (m.state === "lumen") {
          m.x = clamp(m.x, m.r, Math.max(m.r, W - m.r));
          m.y = clamp(m.y, m.r, Math.max(m.r, L.surfaceY - m.r));
        } else if (m.state === "lp") {
          m.x = clamp(m.x, m.r, Math.max(m.r, W - m.r));
          m.y = clamp(m.y, L.epiBot + m.r, Math.max(L.epiBot + m.r, H - m.r));
        }
      }
      staticDirty = false;
    }

    // --- simulation
    function siteAt(x) {
      if (L.gap && L.gap.width > 0 && x >= L.gap.left && x <= L.gap.right) return { type: "gap" };
      for (const j of L.junctions) if (Math.abs(x - j.x) <= L.capture) return { type: "junction", x: j.x };
      return null;
    }

    function step(dt) {
      const { surfaceY, epiBot } = L;
      for (const m of molecules) {
        if (m.state === "lumen") {
          m.heading += (Math.random() - 0.5) * 16 * dt;
          m.x += Math.cos(m.heading) * m.speed * dt;
          m.y += Math.sin(m.heading) * m.speed * dt;
          if (m.x < m.r) {
            m.x = m.r;
            m.heading = Math.PI - m.heading;
          } else if (m.x > W - m.r) {
            m.x = W - m.r;
            m.heading = Math.PI - m.heading;
          }
          if (m.y < m.r) {
            m.y = m.r;
            m.heading = -m.heading;
          } else if (m.y + m.r >= surfaceY) {
            m.y = surfaceY - m.r;
            const site = siteAt(m.x);
            const ch = chances.get(m.id);
            const chance = site && ch ? (site.type === "gap" ? ch.gap : ch.junction) : 0;
            if (chance > 0 && Math.random() < chance) {
              m.state = "crossing";
              m.u = 0;
              m.startY = m.y;
              if (site.type === "junction") m.cx = site.x;
              else {
                const inset = Math.min(m.r, L.gap.width / 2);
                m.cx = clamp(m.x, L.gap.left + inset, L.gap.right - inset);
              }
            } else {
              m.heading = -Math.abs(m.heading) + (Math.random() - 0.5) * 0.6;
              if (Math.sin(m.heading) > -0.2) m.heading = -Math.PI / 2 + (Math.random() - 0.5);
            }
          }
        } else if (m.state === "crossing") {
          m.u += dt / CROSS_TIME;
          m.x += (m.cx - m.x) * Math.min(1, dt * 12);
          const endY = epiBot + m.r + 3;
          const u = Math.min(1, m.u);
          m.y = m.startY + (endY - m.startY) * u;
          if (m.u >= 1) {
            m.state = "lp";
            m.t = 0;
            m.heading = Math.PI / 2 + (Math.random() - 0.5) * 2;
            counts.set(m.id, (counts.get(m.id) || 0) + 1);
            totalCrossed += 1;
            updateCount(m.id);
          }
        } else {
          m.t += dt;
          m.heading += (Math.random() - 0.5) * 16 * dt;
          const v = m.speed * 0.45;
          m.x += Math.cos(m.heading) * v * dt;
          m.y += Math.sin(m.heading) * v * dt;
          if (m.x < m.r || m.x > W - m.r) {
            m.x = clamp(m.x, m.r, W - m.r);
            m.heading = Math.PI - m.heading;
          }
          if (m.y < epiBot + m.r || m.y > H - m.r) {
            m.y = clamp(m.y, epiBot + m.r, H - m.r);
            m.heading = -m.heading;
          }
          m.alpha = m.t <= LP_TIME ? 1 : 1 - (m.t - LP_TIME) / FADE_TIME;
          if (m.alpha <= 0) inLumen(m);
        }
      }
    }

    function drawFrame() {
      if (!W || !H) return;
      if (staticDirty || !L) rebuildStatic();
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      ctx.drawImage(bg, 0, 0, W, H);
      const outline = st.projector ? 1.6 : 1.1;
      ctx.lineWidth = outline;
      ctx.strokeStyle = "#1f1f1f";
      for (const probe of st.probes) {
        ctx.fillStyle = probe.color;
        for (const m of molecules) {
          if (m.id !== probe.id) continue;
          ctx.globalAlpha = clamp(m.alpha, 0, 1);
          ctx.beginPath();
          ctx.arc(m.x, m.y, m.r, 0, Math.PI * 2);
          ctx.fill();
          ctx.stroke();
        }
      }
      ctx.globalAlpha = 1;
      ctx.drawImage(fg, 0, 0, W, H);
    }

    function tick(now) {
      rafId = 0;
      if (disposed || !playing || !root.isConnected || !visible) {
        running = false;
        // a change made while the loop was winding down still has to reach the screen
        if (!disposed && root.isConnected) requestRedraw();
        return;
      }
      if ((window.devicePixelRatio || 1) !== dpr || !W) resize();
      const dt = last ? Math.min(0.05, (now - last) / 1000) : 1 / 60;
      last = now;
      if (W && L) step(dt * speed);
      drawFrame();
      frames += 1;
      if (frames % 10 === 0) root.dataset.frames = String(frames);
      rafId = requestAnimationFrame(tick);
    }

    function start() {
      if (disposed || running || !playing || !root.isConnected || !visible) return;
      running = true;
      last = 0;
      rafId = requestAnimationFrame(tick);
    }

    function requestRedraw() {
      if (disposed || running || redrawId) return;
      redrawId = requestAnimationFrame(() => {
        redrawId = 0;
        if (!running) {
          resize();
          drawFrame();
        }
      });
    }

    // --- model changes
    const onProbes = () => {
      st = readState(model);
      syncMolecules(false);
      buildLegend();
      updateChances();
      requestRedraw();
    };
    const onBarrier = () => {
      st = readState(model);
      staticDirty = true;
      requestRedraw();
    };
    const onDescription = () => {
      st = readState(model);
      applyDescription();
    };
    const onHeight = () => {
      st = readState(model);
      resize();
      requestRedraw();
    };
    const onTheme = () => {
      st = readState(model);
      applyTheme();
      staticDirty = true;
      requestRedraw();
    };
    const onRestartToken = () => restart();
    const listeners = [
      ["change:probes", onProbes],
      ["change:pore_level", onBarrier],
      ["change:leak_level", onBarrier],
      ["change:damaged_fraction", onBarrier],
      ["change:description", onDescription],
      ["change:height", onHeight],
      ["change:theme", onTheme],
      ["change:restart_token", onRestartToken],
    ];
    for (const [name, cb] of listeners) model.on(name, cb);

    // --- user controls (visual only; nothing is sent to the kernel)
    const onPlay = () => setPlaying(!playing);
    const onRestart = () => restart();
    const onSpeed = () => {
      speed = SPEEDS[speedSelect.value] || 1;
    };
    playBtn.addEventListener("click", onPlay);
    restartBtn.addEventListener("click", onRestart);
    speedSelect.addEventListener("change", onSpeed);

    const onReduceChange = (e) => {
      if (e.matches && playing) setPlaying(false);
    };
    if (reduceQuery) {
      if (reduceQuery.addEventListener) reduceQuery.addEventListener("change", onReduceChange);
      else if (reduceQuery.addListener) reduceQuery.addListener(onReduceChange);
    }

    const ro = typeof ResizeObserver === "function"
      ? new ResizeObserver(() => {
          if (resize()) {
            if (running) staticDirty = true;
            else requestRedraw();
            start();
          }
        })
      : null;
    if (ro) ro.observe(figure);
    const io = typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => {
          const e = entries[entries.length - 1];
          visible = !!(e && e.isIntersecting);
          if (visible) start();
        })
      : null;
    if (io) io.observe(figure);
    const onWindowResize = () => {
      if (resize()) requestRedraw();
    };
    if (!ro) window.addEventListener("resize", onWindowResize);

    // --- go
    applyTheme();
    applyDescription();
    syncMolecules(true);
    buildLegend();
    canvas.style.height = `${st.height}px`;
    setPlaying(!reduced);
    requestRedraw();

    return () => {
      disposed = true;
      running = false;
      if (rafId) cancelAnimationFrame(rafId);
      if (redrawId) cancelAnimationFrame(redrawId);
      rafId = redrawId = 0;
      for (const [name, cb] of listeners) model.off(name, cb);
      playBtn.removeEventListener("click", onPlay);
      restartBtn.removeEventListener("click", onRestart);
      speedSelect.removeEventListener("change", onSpeed);
      if (reduceQuery) {
        if (reduceQuery.removeEventListener) reduceQuery.removeEventListener("change", onReduceChange);
        else if (reduceQuery.removeListener) reduceQuery.removeListener(onReduceChange);
      }
      if (ro) ro.disconnect();
      if (io) io.disconnect();
      window.removeEventListener("resize", onWindowResize);
      molecules = [];
      root.remove();
    };
  },
};
