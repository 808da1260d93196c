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
// (gwNum, gwClamp, gwSafeText, gwSafeColor, gwViewTraits: lib/numbers.js and lib/theme.js)

function sanitizeProbes(raw) {
  const list = Array.isArray(raw) ? raw : [];
  const seen = new Set();
  const out = [];
  list.forEach((p, i) => {
    if (!p || typeof p !== "object") return;
    let id = gwSafeText(p.id, `probe${i + 1}`);
    while (seen.has(id)) id += `_${i + 1}`;
    seen.add(id);
    const shares = p.route_shares && typeof p.route_shares === "object" ? p.route_shares : {};
    const s = {
      pore: Math.max(0, gwNum(shares.pore)),
      leak: Math.max(0, gwNum(shares.leak)),
      unrestricted: Math.max(0, gwNum(shares.unrestricted)),
    };
    const total = s.pore + s.leak + s.unrestricted;
    if (total > 0) for (const k of Object.keys(s)) s[k] /= total;
    const radius = gwNum(p.radius_angstrom, 5);
    out.push({
      id,
      label: gwSafeText(p.label, id),
      radius: radius > 0 ? radius : 5,
      color: gwSafeColor(p.color, DEFAULT_COLOR),
      p: gwClamp(gwNum(p.crossing_probability), 0, 1),
      shares: s,
      sharesTotal: total,
    });
  });
  return out;
}

function readState(model) {
  return {
    ...gwViewTraits(model, 360),
    probes: sanitizeProbes(model.get("probes")),
    pore: gwClamp(gwNum(model.get("pore_level"), 1), 0, 1000),
    leak: gwClamp(gwNum(model.get("leak_level"), 1), 0, 1000),
    damaged: gwClamp(gwNum(model.get("damaged_fraction"), 0), 0, 1),
  };
}

// ---------------------------------------------------------------- visual mappings

/** Drawn dot radius (px): log of the Stokes radius, 2 Å -> 3 px ... 600 Å -> 14 px. */
function dotRadius(angstrom) {
  const t = (Math.log10(Math.max(angstrom, 0.1)) - Math.log10(2)) / (Math.log10(600) - Math.log10(2));
  return gwClamp(3 + 11 * t, 3, 14);
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

/** Everything that depends on size and barrier state, but not on time. */
function computeLayout(W, H, st) {
  const proj = st.projector;
  const epiTop = Math.round(H * 0.4);
  const mvH = gwClamp(Math.round(H * 0.025), 5, 10);
  const surfaceY = epiTop - mvH;
  const epiBot = Math.round(H * 0.7);
  const n = W < 360 ? 5 : W < 520 ? 6 : W < 800 ? 7 : 8;
  const leakX = gwClamp(st.leak - 1, 0, 4);
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
  const fs = proj ? 18 : 13; // label size, px
  const pillLook = { background: "rgba(255,255,255,0.9)", border: "rgba(60,60,60,0.55)", borderWidth: proj ? 1.5 : 1, color: TISSUE.text };
  return { W, H, proj, fs, pillLook, epiTop, mvH, surfaceY, epiBot, n, jw, cw, pieces, junctions, gap, capture, leakX };
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
    gap: gwClamp((p * s.unrestricted * mouths) / L.gap.width, 0, 1),
  };
}

// ---------------------------------------------------------------- drawing helpers

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
      ctx.lineTo(right - gwHash01(index * 31 + k) * 6 - (k % 2) * 2, y);
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
      ctx.lineTo(left + gwHash01(index * 17 + k) * 6 + (k % 2) * 2, y);
    }
  } else {
    ctx.lineTo(left + r, bottom);
    ctx.arcTo(left, bottom, left, bottom - r, r);
    ctx.lineTo(left, top + r);
    ctx.arcTo(left, top, left + r, top, r);
  }
  ctx.closePath();
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
    const x = i * 70 + gwHash01(i) * 30;
    const y = epiBot + 12 + gwHash01(i + 50) * (H - epiBot - 24);
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
    gwPaint(ctx, TISSUE.nucleus, TISSUE.nucleusEdge, 1.5 * lw);
    ctx.beginPath();
    ctx.arc(piece.nucleusX + rx * 0.25, ny - ry * 0.15, Math.max(2, ry * 0.25), 0, Math.PI * 2);
    ctx.fillStyle = TISSUE.nucleusEdge;
    ctx.fill();
    ctx.restore();
    cellPath(ctx, piece, epiTop, cellBottom, radius);
    gwPaint(ctx, null, piece.raggedL || piece.raggedR ? ROUTE_COLORS.eroded : TISSUE.cellEdge, 1.5 * lw);

    // Brush border: microvilli as small fingers on the apical side
    const step = proj ? 7 : 5.5;
    const fw = proj ? 3.4 : 2.6;
    const start = piece.left + (piece.raggedL ? 6 : radius * 0.6 + 2);
    const end = piece.right - (piece.raggedR ? 6 : radius * 0.6 + 2);
    ctx.beginPath();
    for (let x = start; x + fw <= end; x += step) gwRoundRectPath(ctx, x, surfaceY, fw, mvH + 1.5, fw / 2);
    gwPaint(ctx, TISSUE.villus, TISSUE.cellEdge, 0.8 * lw);
  }

  // Tight junctions: a "zipper" of strands at the top of each junction
  const nStr = 4;
  const sp = proj ? 6.5 : 5;
  const half = L.jw / 2 + (proj ? 8 : 6);
  const broken = Math.round(gwClamp((st.leak - 1) / 3, 0, 1) * nStr);
  const opening = Math.min(2 * half - 3, L.jw * 0.5 + 3 + L.leakX * 1.2);
  const dots = gwClamp(Math.round(st.pore * 2), 0, 12);
  const dotR = proj ? 3.4 : 2.6;
  for (const j of L.junctions) {
    const y0 = epiTop + (proj ? 5 : 4);
    if (broken > 0) {
      ctx.beginPath();
      gwRoundRectPath(ctx, j.x - opening / 2, y0 - 4, opening, (broken - 1) * sp + 8, 2);
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
      gwPaint(ctx, ROUTE_COLORS.pore, "#ffffff", proj ? 1.4 : 1);
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
  gwRoundRectPath(ctx, c.x0, c.y0, c.x1 - c.x0, c.h, c.h / 2);
  gwPaint(ctx, TISSUE.capLumen, TISSUE.capWall, 2.4 * lw);
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
  gwPaint(ctx, TISSUE.macrophage, TISSUE.macrophageEdge, 1.8 * lw);
  // kidney-shaped nucleus: an ellipse with a notch bitten out of one side
  const nx = m.x - m.r * 0.1;
  ctx.beginPath();
  ctx.ellipse(nx, m.y, m.r * 0.42, m.r * 0.3, -0.3, 0, Math.PI * 2);
  gwPaint(ctx, TISSUE.nucleus, TISSUE.nucleusEdge, 1.2 * lw);
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
  const title = gwPill(ctx, L, "Lumen (gut contents)", m, m, { weight: "700" });
  placed.push(title);
  const nts = "Schematic – not to scale";
  const box = gwPill(ctx, L, nts, W - m, m, { align: "right", measureOnly: true, style: "italic", weight: "500" });
  if (gwOverlaps(box, title, 4, 2)) box.top = title.bottom + 4;
  placed.push(gwPill(ctx, L, nts, W - m, box.top, { align: "right", style: "italic", weight: "500" }));

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
  const rowH = Math.round(L.fs * 1.45) + 5;
  const baseTop = surfaceY - 12 - rowH + 5;
  const drawCallout = (c, top) => {
    const b = gwPill(ctx, L, c.text, c.x, top, { align: c.align, measureOnly: true });
    const tx = c.tx === undefined ? c.x : c.tx;
    const fromX = gwClamp(tx, b.left + 6, b.right - 6);
    ctx.beginPath();
    ctx.moveTo(fromX, b.bottom);
    ctx.lineTo(tx, c.to);
    gwPaint(ctx, null, c.border || "#333333", proj ? 2.5 : 1.5);
    ctx.beginPath();
    ctx.arc(tx, c.to, proj ? 3.2 : 2.4, 0, Math.PI * 2);
    ctx.fillStyle = c.border || "#333333";
    ctx.fill();
    placed.push(gwPill(ctx, L, c.text, c.x, top, { align: c.align, color: c.color, border: c.border }));
  };
  for (const c of callouts) {
    let top = baseTop;
    let b = gwPill(ctx, L, c.text, c.x, top, { align: c.align, measureOnly: true });
    for (let tries = 0; tries < 3 && placed.some((p) => gwOverlaps(p, b, 4, 2)); tries++) {
      top -= rowH;
      b = { ...b, top, bottom: top + b.h };
    }
    drawCallout(c, top);
  }
  for (const t of cellTargets) {
    const c = { text: "Epithelial cell", align: "right", ...t };
    const b = gwPill(ctx, L, c.text, c.x, baseTop, { align: c.align, measureOnly: true });
    if (!placed.some((p) => gwOverlaps(p, b, 4, 2))) {
      drawCallout(c, baseTop);
      break;
    }
  }

  // Lamina propria labels
  gwPill(ctx, L, "Lamina propria (blood side)", m, epiBot + m, { weight: "700" });
  const mac = L.macrophage;
  gwPill(ctx, L, L.macrophage.label, mac.x + mac.r * 1.1 + 4, mac.y - rowH / 2 + 2, {});
  const cap = L.capillary;
  gwPill(ctx, L, "Capillary (blood)", cap.labelX, cap.labelY, { color: "#6b1410", border: TISSUE.capWall });
}

/** Lamina propria contents: positions computed once per layout. */
function placeLaminaPropria(ctx, L) {
  const { W, H, proj, epiBot } = L;
  const size = L.fs;
  const rowH = Math.round(size * 1.45);
  const m = proj ? 8 : 6;
  ctx.font = gwFont(size, "700");
  const titleRight = m + ctx.measureText("Lamina propria (blood side)").width + 14;
  const top = epiBot + m + rowH + 4;
  const bottom = H - 6;
  const avail = Math.max(20, bottom - top);
  const r = gwClamp(Math.min(avail * 0.42, W * 0.07), 12, 40);
  const label = W < 620 ? "Macrophage" : "Macrophage (immune cell)";
  ctx.font = gwFont(size, "600");
  const macLabelW = ctx.measureText(label).width + 14;
  const macX = m + r * 1.15;
  const macY = top + avail / 2;
  let x0 = Math.max(W * 0.5, macX + r * 1.1 + macLabelW + 16);
  if (x0 > W - 60) x0 = W - 60;
  const capLabelW = ctx.measureText("Capillary (blood)").width + 14;
  let labelY = epiBot + m;
  if (x0 < titleRight) labelY = epiBot + m + rowH + 4;
  const h = gwClamp((bottom - (labelY + rowH + 6)) * 0.75, 10, proj ? 44 : 36);
  const y0 = Math.max(labelY + rowH + 6, bottom - h - 4);
  L.macrophage = { x: macX, y: macY, r, label };
  L.capillary = { x0, x1: W + 40, y0, h, labelX: Math.min(x0 + 6, W - capLabelW - 4), labelY };
}

// ---------------------------------------------------------------- the widget

export default {
  render({ model, el }) {
    // --- state
    let st = readState(model);
    let L = null;
    let molecules = [];
    let counts = new Map();
    let chances = new Map();
    let legendRows = new Map();
    let totalCrossed = 0;
    let speed = SPEEDS.normal;
    let seeded = false; // molecules get real positions once the first layout exists

    const { root, figure, canvas, live, stage, loop, resize, rebuild } = gwCanvasWidget("gw-cross-section", "gw-cs", {
      height: () => st.height,
      rescale: rescaleMolecules,
      build: rebuildStatic,
      step: (dt) => step(dt * speed),
      moving: drawMolecules,
      onChange() {
        gwPlayLabel(playBtn, loop.playing, "gw-cs-icon");
        setStatus();
      },
    });
    Object.assign(root.dataset, { frames: "0", playing: "false", crossed: "0", gap: "0" });

    const panel = gwEl("div", "gw-cs-panel");
    const controls = gwEl("div", "gw-cs-controls");
    const playBtn = gwEl("button", "gw-cs-button gw-cs-play", { type: "button" });
    const restartBtn = gwEl("button", "gw-cs-button gw-cs-restart", {
      type: "button",
      html: '<span class="gw-cs-icon" aria-hidden="true">↺</span> Restart animation',
    });
    const speedLabel = gwEl("label", "gw-cs-speed");
    const speedSelect = gwEl("select", "gw-cs-select");
    for (const key of Object.keys(SPEEDS)) {
      const o = gwEl("option", "", { value: key, text: key });
      if (key === "normal") o.selected = true;
      speedSelect.appendChild(o);
    }
    speedLabel.append(gwEl("span", "", { text: "Speed" }), speedSelect);
    const status = gwEl("span", "gw-cs-status", { role: "status" });
    controls.append(playBtn, restartBtn, speedLabel, status);

    const legendBox = gwEl("div", "gw-cs-legend-box");
    const legend = gwEl("ul", "gw-cs-legend");
    const empty = gwEl("p", "gw-cs-empty", { text: "No molecules selected" });
    legendBox.append(gwEl("p", "gw-cs-legend-title", { text: "Molecules (count crossed since restart)" }), legend, empty);

    const key = gwEl("ul", "gw-cs-key", {
      "aria-label": "Key to the drawing",
      html:
        '<li><span class="gw-cs-key-mark gw-cs-key-strands" aria-hidden="true"></span>Tight-junction strands</li>' +
        '<li><span class="gw-cs-key-mark gw-cs-key-pore" aria-hidden="true"></span>Pores (claudin-2)</li>' +
        '<li><span class="gw-cs-key-mark gw-cs-key-leak" aria-hidden="true"></span>Leak opening</li>' +
        '<li><span class="gw-cs-key-mark gw-cs-key-gap" aria-hidden="true"></span>Eroded gap</li>',
    });

    panel.append(controls, legendBox, key);
    root.append(panel);
    el.appendChild(root);

    function describe() {
      if (st.description) return st.description;
      const gap = st.damaged > 0 ? `; ${(st.damaged * 100).toFixed(2)}% of the lining eroded` : "";
      return (
        "Schematic cross-section of the gut lining: gut contents at the top, a row of lining cells " +
        "joined by tight junctions, and the lamina propria with a macrophage and a capillary below" +
        `. Pores at ${st.pore.toFixed(1)} times healthy, leak route at ${st.leak.toFixed(1)} times healthy${gap}.`
      );
    }

    const applyDescription = () => gwDescribe(describe(), live, canvas, figure);
    const applyTheme = () => gwShowTheme(root, "gw-cs-projector", st.projector, stage);

    function setStatus() {
      status.textContent = gwLoopStatus(loop);
    }

    // --- molecules
    function inLumen(m) {
      if (!L) return;
      const { W } = stage;
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
      return Math.max(60, 0.8 * stage.H * 0.4) * (1.25 - 0.6 * ((r - 3) / 11));
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
        const sw = gwEl("span", "gw-cs-swatch", { "aria-hidden": "true" });
        sw.style.backgroundColor = p.color;
        sw.style.setProperty("--gw-cs-dot", `${gwClamp(Math.round(dotRadius(p.radius) * 2), 10, 28)}px`);
        const count = gwEl("span", "gw-cs-count", { text: `crossed: ${counts.get(p.id) || 0}` });
        const li = gwEl("li", "gw-cs-legend-item");
        li.append(sw, gwEl("span", "gw-cs-legend-label", { text: p.label }), count);
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
      loop.resetFrames();
      buildLegend();
      setStatus();
      loop.redraw();
    }

    // --- geometry and sizing (a new width moves the molecules with the drawing)
    function rescaleMolecules(scale) {
      for (const m of molecules) {
        m.x *= scale.sx;
        m.y *= scale.sy;
        m.cx *= scale.sx;
        if (m.startY !== undefined) m.startY *= scale.sy;
        m.speed = speedFor(m.r);
      }
    }

    function rebuildStatic(bgCtx, fgCtx) {
      const { W, H } = stage;
      L = computeLayout(W, H, st);
      placeLaminaPropria(fgCtx, L);
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
          m.x = gwClamp(m.x, m.r, Math.max(m.r, W - m.r));
          m.y = gwClamp(m.y, m.r, Math.max(m.r, L.surfaceY - m.r));
        } else if (m.state === "lp") {
          m.x = gwClamp(m.x, m.r, Math.max(m.r, W - m.r));
          m.y = gwClamp(m.y, L.epiBot + m.r, Math.max(L.epiBot + m.r, H - m.r));
        }
      }
    }

    // --- simulation
    function siteAt(x) {
      if (L.gap && L.gap.width > 0 && x >= L.gap.left && x <= L.gap.right) return { type: "gap" };
      for (const j of L.junctions) if (Math.abs(x - j.x) <= L.capture) return { type: "junction", x: j.x };
      return null;
    }

    function step(dt) {
      const { surfaceY, epiBot } = L;
      const { W, H } = stage;
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
                m.cx = gwClamp(m.x, L.gap.left + inset, L.gap.right - inset);
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
            m.x = gwClamp(m.x, m.r, W - m.r);
            m.heading = Math.PI - m.heading;
          }
          if (m.y < epiBot + m.r || m.y > H - m.r) {
            m.y = gwClamp(m.y, epiBot + m.r, H - m.r);
            m.heading = -m.heading;
          }
          m.alpha = m.t <= LP_TIME ? 1 : 1 - (m.t - LP_TIME) / FADE_TIME;
          if (m.alpha <= 0) inLumen(m);
        }
      }
    }

    function drawMolecules(c) {
      c.lineWidth = st.projector ? 1.6 : 1.1;
      c.strokeStyle = "#1f1f1f";
      for (const probe of st.probes) {
        c.fillStyle = probe.color;
        for (const m of molecules) {
          if (m.id !== probe.id) continue;
          c.globalAlpha = gwClamp(m.alpha, 0, 1);
          c.beginPath();
          c.arc(m.x, m.y, m.r, 0, Math.PI * 2);
          c.fill();
          c.stroke();
        }
      }
      c.globalAlpha = 1;
    }

    // --- model changes (rebuild: the static layers are redrawn on the next frame)
    loop.own(
      gwListen(model, gwChanges(() => (st = readState(model)), [
        ["probes", () => syncMolecules(false), buildLegend, updateChances, loop.redraw],
        [["pore_level", "leak_level", "damaged_fraction"], rebuild],
        ["restart_token", restart],
        ...gwViewRows({ describe: applyDescription, resize, theme: applyTheme, redraw: loop.redraw }),
      ])),
      // user controls (visual only; nothing is sent to the kernel)
      gwOn(playBtn, "click", loop.toggle),
      gwOn(restartBtn, "click", restart),
      gwOn(speedSelect, "change", () => {
        speed = SPEEDS[speedSelect.value] || 1;
      }),
    );

    // --- go
    applyTheme();
    applyDescription();
    syncMolecules(true);
    buildLegend();
    canvas.style.height = `${st.height}px`;
    return loop.begin();
  },
};
