// The tight junction up close, as a "zipper" between two neighbouring lining cells
// (schematic, not to scale). Side view: Cell A on the left, Cell B on the right, gut contents
// on top. Rows of claudin beads bridge the space between the two membranes (the strands):
// sealing claudins, claudin-2 pores (beads with a hole that ions and water pass through) and
// occludin. ZO-1 ties the strands to the actin-myosin ring inside each cell. Breaks in the
// strands (leak route) let a larger molecule slip through now and then; removing calcium
// makes the strands fall apart. Everything here is visual: this module never writes to the
// model (no kernel round trip).

const PARTS = ["claudin2", "occludin", "zo1", "ring", "strands"];
const PART_ALIASES = {
  "claudin-2": "claudin2",
  claudin: "claudin2",
  pores: "claudin2",
  pore: "claudin2",
  "zo-1": "zo1",
  actin: "ring",
  myosin: "ring",
  strand: "strands",
};
const MAX_PORES = 12;
const FADED = 0.2; // opacity of the parts not highlighted

const COLORS = {
  pore: "#0072B2",
  poreDark: "#003a5c",
  seal: "#009E73",
  sealDark: "#00523c",
  occludin: "#CC79A7",
  occludinDark: "#6e2f57",
  zo1: "#56B4E9",
  zo1Dark: "#1c5f87",
  ring: "#D55E00",
  ringDark: "#6b2c00",
  ringFibre: "#ffc9a3",
  leak: "#E69F00",
  leakDark: "#7a5200",
  ion: "#000000",
  big: "#E69F00",
  proposed: "#000000",
};
const TISSUE = {
  lumen: "#eaf2f8",
  lumenDeep: "#dbe8f2",
  cleft: "#fbf6ec",
  cellA: "#f6dccf",
  cellB: "#f4d8c8",
  cellEdge: "#a8705f",
  villus: "#eabba7",
  membraneOuter: "#7d5a44",
  membraneInner: "#e9c9ad",
  nucleus: "#cfc3e6",
  nucleusEdge: "#6c5b94",
  text: "#141414",
  textProjector: "#000000",
};

// ---------------------------------------------------------------- sanitising the traits

// (gwNum, gwClamp, gwSafeText, gwViewTraits: lib/numbers.js and lib/theme.js)

function safeHighlight(x) {
  if (typeof x !== "string") return "";
  const s = x.trim().toLowerCase();
  if (PARTS.includes(s)) return s;
  return PART_ALIASES[s] || "";
}

function readState(model) {
  const zonulin = model.get("zonulin_active");
  return {
    ...gwViewTraits(model, 320),
    claudin2: gwClamp(gwNum(model.get("claudin2_level"), 1), 0, 1000),
    leak: gwClamp(gwNum(model.get("leak_level"), 1), 0, 1000),
    integrity: gwClamp(gwNum(model.get("strand_integrity"), 1), 0, 1),
    zonulin: zonulin === true || zonulin === 1 || zonulin === "true",
    highlight: safeHighlight(model.get("highlight")),
  };
}

// ---------------------------------------------------------------- visual mappings

/** Claudin-2 pore beads drawn: 2 at healthy (1), rising to 12 at 5 times healthy. */
function poreCount(level) {
  if (!(level > 0)) return 0;
  if (level < 1) return Math.round(2 * level);
  return Math.min(MAX_PORES, Math.round(2 + (level - 1) * 2.5));
}

/** Strand breaks drawn: none up to healthy, a clear set at 5 times, most rows twice at 20+. */
function breakCount(leak, rows) {
  if (!(leak > 1.1)) return 0;
  return gwClamp(Math.ceil(Math.log2(leak) * 1.6), 1, 2 * rows);
}

/** Width of each break, in beads: 1 below 5 times healthy, 2 from 5, 3 from 20. */
function breakWidth(leak) {
  return leak >= 20 ? 3 : leak >= 5 ? 2 : 1;
}

/** Contraction of the actin-myosin ring: 0 at healthy, 1 at 20 times healthy leak or more. */
function contraction(leak) {
  if (!(leak > 1)) return 0;
  return gwClamp(Math.log10(leak) / Math.log10(20), 0, 1);
}

/** A fixed pseudo-random order of 0..n-1, different for each seed. */
function shuffled(n, seed) {
  const a = [];
  for (let i = 0; i < n; i++) a.push(i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(gwHash01(seed * 97 + i * 13) * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** Everything that depends on size and junction state, but not on time. */
function computeLayout(W, H, st) {
  const proj = st.projector;
  const fs = proj ? 18 : 13;
  const pillH = Math.round(fs * 1.45);
  const m = proj ? 8 : 6;
  const lw = proj ? 1.7 : 1;
  const mvH = gwClamp(Math.round(H * 0.028), 5, 10);
  const yAp = Math.max(Math.round(H * 0.17), pillH + 2 * m + mvH + 2);
  const cx = W / 2;
  const frag = 1 - st.integrity;
  const c = contraction(st.leak);
  const memW = proj ? 7 : 5.5;

  const hwBase = gwClamp(W * 0.15, 58, 170);
  const hw = hwBase * (1 + 0.3 * frag); // cells drift apart as the strands come apart
  const xL = cx - hw;
  const xR = cx + hw;
  const below = H - yAp;
  const zTop = yAp + gwClamp(below * 0.09, 12, 40);
  const zBot = yAp + below * 0.58;
  const rows = zBot - zTop >= 4 * 24 ? 4 : 3;
  const sp = (zBot - zTop) / rows;
  const rowY = [];
  for (let k = 0; k < rows; k++) rowY.push(zTop + (k + 0.5) * sp);

  // Bead slots across the cleft (in the intact, undrifted junction).
  const inner = 2 * hwBase - memW;
  const r0 = sp * (proj ? 0.3 : 0.27);
  const nB = gwClamp(Math.floor(inner / (2 * r0)), 10, 18);
  const pitch = inner / nB;
  const r = gwClamp(Math.min(pitch * 0.5, sp * 0.34), 3.5, 14);
  const slotX = (i) => cx - hwBase + memW / 2 + (i + 0.5) * pitch;

  // Roles of the slots, row by row: two break zones (3 slots each), one occludin, pores.
  const nBreaks = breakCount(st.leak, rows);
  const bw = breakWidth(st.leak);
  const nPores = poreCount(st.claudin2);
  const rowInfo = [];
  for (let k = 0; k < rows; k++) {
    const role = new Array(nB).fill("seal");
    const removed = new Array(nB).fill(false);
    const jit = Math.round((gwHash01(k * 7 + 3) - 0.5) * 2);
    const zones = [
      gwClamp(Math.round(nB * 0.27) + jit, 1, nB - 2),
      gwClamp(Math.round(nB * 0.73) - jit, 1, nB - 2),
    ];
    const inZone = (i) => zones.some((z) => Math.abs(i - z) <= 1);
    const occ = [Math.round(nB / 2) + (k % 2 ? 1 : -1), Math.round(nB / 2), 1, nB - 2].find((i) => !inZone(i));
    if (occ !== undefined) role[occ] = "occludin";
    // pores go outside the break zones first; the zones' slots are a reserve for small figures
    const order = shuffled(nB, k + 1).filter((i) => role[i] === "seal");
    const free = order.filter((i) => !inZone(i)).concat(order.filter((i) => inZone(i)));
    rowInfo.push({ role, removed, zones, free, breaks: [] });
  }
  // Breaks fill the rows from the top (row 0 first) so a larger molecule can get through
  // once every row has one.
  for (let b = 0; b < nBreaks; b++) {
    const k = b % rows;
    const z = rowInfo[k].zones[Math.floor(b / rows) % 2];
    const slots = bw === 1 ? [z] : bw === 2 ? [z, z + (k % 2 ? -1 : 1)] : [z - 1, z, z + 1];
    for (const i of slots) rowInfo[k].removed[i] = true;
    rowInfo[k].breaks.push({ from: Math.min(...slots), to: Math.max(...slots) });
  }
  // Pores fill the rows from the bottom up, in a fixed order, so adding pores never moves
  // the ones already drawn.
  let poresDrawn = 0;
  for (let p = 0; p < nPores; p++) {
    const k = rows - 1 - (p % rows);
    const info = rowInfo[k];
    const i = info.free.find((j) => info.role[j] === "seal" && !info.removed[j]);
    if (i === undefined) continue;
    info.role[i] = "pore";
    poresDrawn += 1;
  }

  // Fragments: runs of beads between breaks and (as calcium is removed) cuts.
  const maxCuts = Math.floor(nB / 2.2);
  const nCuts = Math.round(frag * maxCuts);
  const scale = hw / hwBase;
  const fragments = [];
  const beads = [];
  for (let k = 0; k < rows; k++) {
    const info = rowInfo[k];
    const cutOrder = shuffled(nB - 1, 50 + k).slice(0, nCuts);
    const cuts = new Set(cutOrder.map((i) => i + 1)); // a cut before slot i
    let cur = null;
    for (let i = 0; i < nB; i++) {
      if (info.removed[i]) {
        cur = null;
        continue;
      }
      if (!cur || cuts.has(i)) {
        cur = { row: k, slots: [] };
        fragments.push(cur);
      }
      cur.slots.push(i);
    }
  }
  fragments.forEach((f, n) => {
    const xs = f.slots.map(slotX);
    const centre = xs.reduce((a, b) => a + b, 0) / xs.length;
    const anchorL = f.slots[0] === 0;
    const anchorR = f.slots[f.slots.length - 1] === nB - 1;
    let shift;
    if (anchorL && !anchorR) shift = -(hw - hwBase);
    else if (anchorR && !anchorL) shift = hw - hwBase;
    else if (anchorL && anchorR) shift = 0;
    else shift = (centre - cx) * (scale - 1);
    const h1 = gwHash01(n * 3 + 1);
    const h2 = gwHash01(n * 5 + 2);
    const h3 = gwHash01(n * 11 + 7);
    const free = anchorL || anchorR ? 0.45 : 1;
    f.cx = centre + shift + frag * (h3 - 0.5) * r * 2.2 * free;
    f.cy = rowY[f.row] + frag * (h1 - 0.5) * sp * 0.55 * free;
    f.rot = frag * (h2 - 0.5) * 1.2 * free;
    f.spread = 1 + 0.3 * frag;
    f.phase = h3 * Math.PI * 2;
    f.beads = f.slots.map((i) => {
      const ox = (slotX(i) - centre) * f.spread;
      const b = {
        row: f.row,
        slot: i,
        role: rowInfo[f.row].role[i],
        x: f.cx + ox * Math.cos(f.rot),
        y: f.cy + ox * Math.sin(f.rot),
        frag: f,
      };
      beads.push(b);
      return b;
    });
  });

  // Break zones on screen (they travel with the drift).
  const breakRects = [];
  for (let k = 0; k < rows; k++) {
    for (const b of rowInfo[k].breaks) {
      const x0 = cx + (slotX(b.from) - pitch / 2 - cx) * scale;
      const x1 = cx + (slotX(b.to) + pitch / 2 - cx) * scale;
      breakRects.push({ row: k, x0, x1, y: rowY[k] });
    }
  }

  // Openings in each row, wide enough for the larger molecule.
  const rBig = gwClamp(r * 0.85, 4, 10);
  const openings = [];
  for (let k = 0; k < rows; k++) {
    const spans = beads
      .filter((b) => b.row === k)
      .map((b) => [b.x - r, b.x + r])
      .sort((a, b) => a[0] - b[0]);
    const out = [];
    let edge = xL + memW / 2;
    for (const [a, b] of spans) {
      if (a - edge >= 2 * rBig * 0.95) out.push({ x: (a + edge) / 2, y: rowY[k], w: a - edge });
      edge = Math.max(edge, b);
    }
    if (xR - memW / 2 - edge >= 2 * rBig * 0.95) out.push({ x: (xR - memW / 2 + edge) / 2, y: rowY[k], w: xR - memW / 2 - edge });
    openings.push(out);
  }
  const pores = [];
  for (let k = 0; k < rows; k++) pores.push(beads.filter((b) => b.row === k && b.role === "pore"));

  // Actin-myosin ring (cut through: one bundle in each cell) and ZO-1.
  const rx = gwClamp(hwBase * 0.26, 14, 34) * (1 + 0.15 * c);
  const ry = rx * (0.55 + 0.3 * c);
  const gapRing = gwClamp(hwBase * 0.34, 20, 56) + c * 8; // pulled away from the junction
  const yRing = zTop + (zBot - zTop) * 0.7;
  const ringA = { x: xL - memW / 2 - gapRing - rx, y: yRing, rx, ry, side: -1 };
  const ringB = { x: xR + memW / 2 + gapRing + rx, y: yRing, rx, ry, side: 1 };
  const zo1 = [];
  for (const ring of [ringA, ringB]) {
    const mx = ring.side < 0 ? xL - memW / 2 - 1 : xR + memW / 2 + 1;
    for (let k = 0; k < rows; k++) {
      const sx = mx;
      const sy = rowY[k];
      const dx = sx - ring.x;
      const dy = sy - ring.y;
      const t = 1 / Math.sqrt((dx * dx) / (ring.rx * ring.rx) + (dy * dy) / (ring.ry * ring.ry));
      const ex = ring.x + dx * t * 0.9;
      const ey = ring.y + dy * t * 0.9;
      const px = sx + (ex - sx) * 0.5;
      const py = sy + (ey - sy) * 0.5;
      zo1.push({ sx, sy, px, py, ex, ey, side: ring.side, row: k });
    }
  }

  const pillLook = {
    background: "rgba(255,255,255,0.93)",
    border: proj ? "rgba(0,0,0,0.75)" : "rgba(60,60,60,0.55)",
    borderWidth: proj ? 1.6 : 1,
    color: proj ? TISSUE.textProjector : TISSUE.text,
  };
  return {
    W, H, proj, fs, pillLook, pillH, m, lw, mvH, yAp, cx, frag, c, memW, hwBase, hw, xL, xR, zTop, zBot, rows, sp,
    rowY, nB, pitch, r, rBig, beads, fragments, breakRects, openings, pores, ringA, ringB, zo1,
    poresDrawn, breaksDrawn: breakRects.length,
  };
}

// ---------------------------------------------------------------- drawing helpers

// (gwRoundRectPath, gwFont, gwPill, gwDrawPill, gwOverlaps, gwArrowHead: lib/draw.js)

function inside(box, L) {
  return box.left >= 1 && box.right <= L.W - 1 && box.top >= 1 && box.bottom <= L.H - 1;
}

// ---------------------------------------------------------------- the static background

function cellOutline(ctx, L, side) {
  const { W, H, yAp, xL, xR } = L;
  const rc = Math.min(14, L.hw * 0.25);
  ctx.beginPath();
  if (side < 0) {
    ctx.moveTo(-20, yAp);
    ctx.lineTo(xL - rc, yAp);
    ctx.arcTo(xL, yAp, xL, yAp + rc, rc);
    ctx.lineTo(xL, H + 20);
  } else {
    ctx.moveTo(W + 20, yAp);
    ctx.lineTo(xR + rc, yAp);
    ctx.arcTo(xR, yAp, xR, yAp + rc, rc);
    ctx.lineTo(xR, H + 20);
  }
}

function drawBackground(ctx, L) {
  const { W, H, yAp, xL, xR, mvH, proj, lw, memW } = L;
  ctx.clearRect(0, 0, W, H);
  // Gut contents
  const g = ctx.createLinearGradient(0, 0, 0, yAp);
  g.addColorStop(0, TISSUE.lumenDeep);
  g.addColorStop(1, TISSUE.lumen);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, W, yAp + 1);
  // The space between the cells: lumen-coloured at its mouth, then pale
  const gc = ctx.createLinearGradient(0, yAp, 0, L.zTop + L.sp * 0.3);
  gc.addColorStop(0, TISSUE.lumen);
  gc.addColorStop(1, TISSUE.cleft);
  ctx.fillStyle = gc;
  ctx.fillRect(0, yAp, W, H - yAp);

  // Cells
  for (const side of [-1, 1]) {
    cellOutline(ctx, L, side);
    if (side < 0) {
      ctx.lineTo(-20, H + 20);
    } else {
      ctx.lineTo(W + 20, H + 20);
    }
    ctx.closePath();
    ctx.fillStyle = side < 0 ? TISSUE.cellA : TISSUE.cellB;
    ctx.fill();
  }

  // The tops of the nuclei, if there is room below the junction
  const room = H - L.zBot;
  if (room > 70) {
    ctx.save();
    for (const side of [-1, 1]) {
      const cellW = side < 0 ? xL : W - xR;
      const nx = side < 0 ? xL * 0.42 : xR + (W - xR) * 0.58;
      const rx = Math.min(cellW * 0.3, 80);
      const ry = Math.min(room * 0.32, 46);
      if (rx < 18) continue;
      ctx.beginPath();
      ctx.ellipse(nx, H + ry * 0.3, rx, ry, 0, 0, Math.PI * 2);
      gwPaint(ctx, TISSUE.nucleus, TISSUE.nucleusEdge, 1.5 * lw);
    }
    ctx.restore();
  }

  // Brush border: microvilli on the top of each cell
  const step = proj ? 8 : 6.5;
  const fw = proj ? 3.6 : 2.8;
  const rc = Math.min(14, L.hw * 0.25);
  ctx.beginPath();
  for (let x = 3; x + fw <= xL - rc - 2; x += step) gwRoundRectPath(ctx, x, yAp - mvH, fw, mvH + 3, fw / 2);
  for (let x = W - 3 - fw; x >= xR + rc + 2; x -= step) gwRoundRectPath(ctx, x, yAp - mvH, fw, mvH + 3, fw / 2);
  gwPaint(ctx, TISSUE.villus, TISSUE.cellEdge, 0.8 * lw);

  // Membranes, drawn as a bilayer (dark edges, pale middle)
  ctx.save();
  ctx.lineJoin = "round";
  for (const side of [-1, 1]) {
    cellOutline(ctx, L, side);
    gwPaint(ctx, null, TISSUE.membraneOuter, memW);
    cellOutline(ctx, L, side);
    gwPaint(ctx, null, TISSUE.membraneInner, memW * 0.42);
  }
  ctx.restore();
}

// ---------------------------------------------------------------- the junction (per frame)

function drawRing(ctx, L, ring, t, alpha, emph) {
  const { proj, c } = L;
  ctx.save();
  ctx.globalAlpha = alpha;
  // MLCK "active": a warm glow around the contracted ring
  if (c > 0.05) {
    const pulse = 0.85 + 0.15 * Math.sin(t * 3);
    const R = Math.max(ring.rx, ring.ry) * (1.7 + 0.5 * c);
    const g = ctx.createRadialGradient(ring.x, ring.y, Math.min(ring.rx, ring.ry) * 0.8, ring.x, ring.y, R);
    g.addColorStop(0, `rgba(230,159,0,${(0.75 * Math.min(1, c * 1.6) * pulse).toFixed(3)})`);
    g.addColorStop(1, "rgba(230,159,0,0)");
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.arc(ring.x, ring.y, R, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.beginPath();
  ctx.ellipse(ring.x, ring.y, ring.rx, ring.ry, 0, 0, Math.PI * 2);
  ctx.fillStyle = COLORS.ring;
  ctx.fill();
  // filaments cut across: pale dots inside the bundle
  ctx.save();
  ctx.clip();
  ctx.fillStyle = COLORS.ringFibre;
  const d = Math.max(2, ring.ry * 0.22);
  for (let yy = ring.y - ring.ry; yy <= ring.y + ring.ry; yy += d * 2.4) {
    const off = Math.round((yy - ring.y) / (d * 2.4)) % 2 ? d * 1.2 : 0;
    for (let xx = ring.x - ring.rx + off; xx <= ring.x + ring.rx; xx += d * 2.4) {
      ctx.beginPath();
      ctx.arc(xx, yy, d * 0.55, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
  ctx.beginPath();
  ctx.ellipse(ring.x, ring.y, ring.rx, ring.ry, 0, 0, Math.PI * 2);
  gwPaint(ctx, null, COLORS.ringDark, (proj ? 2.2 : 1.5) * emph);
  // The ring pulls: arrows away from the junction, longer as it contracts
  if (c > 0.05) {
    const len = 8 + 22 * c;
    const x0 = ring.x + ring.side * (ring.rx + 4);
    const x1 = x0 + ring.side * len;
    ctx.strokeStyle = COLORS.ringDark;
    ctx.fillStyle = COLORS.ringDark;
    ctx.lineWidth = (proj ? 2.6 : 2) + 1.5 * c;
    ctx.beginPath();
    ctx.moveTo(x0, ring.y);
    ctx.lineTo(x1 - ring.side * 4, ring.y);
    ctx.stroke();
    gwArrowHead(ctx, x1, ring.y, ring.side > 0 ? 0 : Math.PI, (proj ? 9 : 7) + 3 * c);
  }
  ctx.restore();
}

function drawZO1(ctx, L, alpha, emph) {
  const { proj, c, r } = L;
  const zw = gwClamp(r * 0.95, 4, 11);
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.lineCap = "round";
  // actin filaments from ZO-1 to the ring (taut and thicker when the ring contracts)
  ctx.strokeStyle = COLORS.ringDark;
  ctx.lineWidth = (proj ? 2 : 1.4) + 1.2 * c;
  ctx.beginPath();
  for (const z of L.zo1) {
    ctx.moveTo(z.px, z.py);
    ctx.lineTo(z.ex, z.ey);
  }
  ctx.stroke();
  // ZO-1: the adaptor, just inside the membrane, level with each strand
  ctx.strokeStyle = COLORS.zo1Dark;
  ctx.lineWidth = zw + 2 * (proj ? 1.6 : 1.2) * emph;
  ctx.beginPath();
  for (const z of L.zo1) {
    ctx.moveTo(z.sx + z.side * zw * 0.35, z.sy);
    ctx.lineTo(z.px, z.py);
  }
  ctx.stroke();
  ctx.strokeStyle = COLORS.zo1;
  ctx.lineWidth = zw;
  ctx.stroke();
  ctx.restore();
}

function beadPos(b, L, t) {
  if (!(L.frag > 0)) return b;
  const f = b.frag;
  const dy = Math.sin(t * 0.9 + f.phase) * L.frag * (L.proj ? 2.4 : 1.8);
  const dx = Math.cos(t * 0.7 + f.phase) * L.frag * 1.2;
  return { x: b.x + dx, y: b.y + dy };
}

function drawStrands(ctx, L, st, t) {
  const { r, proj } = L;
  const hl = st.highlight;
  const alphaOf = (part) => (!hl || hl === part ? 1 : hl === "strands" && part !== "strands" ? 0.5 : FADED);
  const emphOf = (part) => (hl === part ? 2.2 : 1);
  const olw = proj ? 1.6 : 1.1;

  // Breaks: orange marks where the strand is open (leak route)
  ctx.save();
  ctx.globalAlpha = alphaOf("strands");
  for (const b of L.breakRects) {
    const h = r * 2.7;
    ctx.beginPath();
    gwRoundRectPath(ctx, b.x0, b.y - h / 2, b.x1 - b.x0, h, Math.min(6, h / 3));
    ctx.fillStyle = "rgba(230,159,0,0.32)";
    ctx.fill();
    ctx.lineWidth = (proj ? 2.4 : 1.8) * emphOf("strands");
    ctx.setLineDash(proj ? [5, 3] : [4, 3]);
    ctx.strokeStyle = COLORS.leak;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();

  // Backbone of each fragment, then the beads
  ctx.save();
  ctx.globalAlpha = alphaOf("strands");
  ctx.strokeStyle = COLORS.sealDark;
  ctx.lineCap = "round";
  ctx.lineWidth = Math.max(2, r * 0.45) * (hl === "strands" ? 1.3 : 1);
  ctx.beginPath();
  for (const f of L.fragments) {
    f.beads.forEach((b, i) => {
      const p = beadPos(b, L, t);
      if (i === 0) ctx.moveTo(p.x, p.y);
      else ctx.lineTo(p.x, p.y);
    });
  }
  ctx.stroke();
  ctx.restore();

  const groups = { seal: [], pore: [], occludin: [] };
  for (const b of L.beads) groups[b.role].push(b);

  // Sealing claudins: solid green beads
  ctx.save();
  ctx.globalAlpha = alphaOf("strands");
  ctx.beginPath();
  for (const b of groups.seal) {
    const p = beadPos(b, L, t);
    ctx.moveTo(p.x + r, p.y);
    ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  }
  gwPaint(ctx, COLORS.seal, COLORS.sealDark, olw * emphOf("strands"));
  ctx.beginPath();
  for (const b of groups.seal) {
    const p = beadPos(b, L, t);
    ctx.moveTo(p.x - r * 0.3 + r * 0.28, p.y - r * 0.32);
    ctx.arc(p.x - r * 0.3, p.y - r * 0.32, r * 0.28, 0, Math.PI * 2);
  }
  ctx.fillStyle = "rgba(255,255,255,0.35)";
  ctx.fill();
  ctx.restore();

  // Occludin: pink diamonds in the strands
  ctx.save();
  ctx.globalAlpha = alphaOf("occludin");
  ctx.beginPath();
  const d = r * 1.2;
  for (const b of groups.occludin) {
    const p = beadPos(b, L, t);
    ctx.moveTo(p.x, p.y - d);
    ctx.lineTo(p.x + d, p.y);
    ctx.lineTo(p.x, p.y + d);
    ctx.lineTo(p.x - d, p.y);
    ctx.closePath();
  }
  ctx.fillStyle = COLORS.occludin;
  ctx.fill();
  ctx.lineJoin = "round";
  gwPaint(ctx, null, COLORS.occludinDark, olw * emphOf("occludin") * 1.1);
  ctx.restore();

  // Claudin-2 pores: blue beads with an opening
  ctx.save();
  ctx.globalAlpha = alphaOf("claudin2");
  ctx.beginPath();
  for (const b of groups.pore) {
    const p = beadPos(b, L, t);
    const R = r * 1.08;
    ctx.moveTo(p.x + R, p.y);
    ctx.arc(p.x, p.y, R, 0, Math.PI * 2);
    ctx.moveTo(p.x + R * 0.56, p.y);
    ctx.arc(p.x, p.y, R * 0.56, 0, Math.PI * 2, true);
  }
  ctx.fillStyle = COLORS.pore;
  ctx.fill("evenodd");
  gwPaint(ctx, null, COLORS.poreDark, olw * emphOf("claudin2"));
  // the opening itself, pale, so the strand's backbone does not show through it
  ctx.beginPath();
  for (const b of groups.pore) {
    const p = beadPos(b, L, t);
    const R = r * 1.08 * 0.56;
    ctx.moveTo(p.x + R, p.y);
    ctx.arc(p.x, p.y, R, 0, Math.PI * 2);
  }
  ctx.fillStyle = TISSUE.cleft;
  ctx.fill();
  ctx.restore();
}

function drawParticles(ctx, L, st, particles) {
  const { proj } = L;
  const dim = st.highlight ? 0.45 : 1;
  const ri = proj ? 2.8 : 2.1;
  ctx.save();
  ctx.lineWidth = proj ? 1.4 : 1;
  for (const p of particles) {
    const a = particleAlpha(p) * dim;
    if (a <= 0.01) continue;
    const pos = particlePos(p);
    ctx.globalAlpha = a;
    ctx.beginPath();
    if (p.big) {
      ctx.arc(pos.x, pos.y, L.rBig, 0, Math.PI * 2);
      gwPaint(ctx, COLORS.big, "#000000", proj ? 2 : 1.5);
      ctx.beginPath();
      ctx.arc(pos.x - L.rBig * 0.32, pos.y - L.rBig * 0.32, L.rBig * 0.28, 0, Math.PI * 2);
      ctx.fillStyle = "rgba(255,255,255,0.55)";
      ctx.fill();
    } else {
      ctx.arc(pos.x, pos.y, ri, 0, Math.PI * 2);
      gwPaint(ctx, COLORS.ion, "rgba(255,255,255,0.9)", proj ? 1 : 0.8);
    }
  }
  ctx.restore();
}

// ---------------------------------------------------------------- moving particles

function makePath(L, big) {
  const { rows, rowY, r, xL, xR, memW } = L;
  const lo = xL + memW / 2 + 4;
  const hi = xR - memW / 2 - 4;
  const pts = [];
  let k0 = 0;
  let x;
  if (big) {
    x = lo + Math.random() * (hi - lo);
    pts.push({ x, y: Math.max(4, L.yAp * (0.15 + 0.45 * Math.random())) });
  } else {
    // Ions and water start above a random pore: in the gut contents for the top row,
    // otherwise in the space between two strands.
    const all = [];
    for (let k = 0; k < rows; k++) for (const p of L.pores[k]) all.push(p);
    if (!all.length) {
      x = lo + Math.random() * (hi - lo);
      pts.push({ x, y: Math.max(4, L.yAp * (0.25 + 0.5 * Math.random())) });
    } else {
      const p = all[Math.floor(Math.random() * all.length)];
      k0 = p.row;
      x = gwClamp(p.x + (Math.random() - 0.5) * L.pitch * 3, lo, hi);
      const y = k0 === 0 ? L.yAp - Math.random() * L.yAp * 0.4 : rowY[k0] - L.sp * (0.45 + 0.1 * Math.random());
      pts.push({ x, y });
    }
  }
  let through = true;
  for (let k = k0; k < rows; k++) {
    let cands = big ? L.openings[k] : L.pores[k];
    if (!big && !cands.length) cands = L.openings[k];
    if (!cands.length) {
      // blocked: come up to the strand and fade away
      const stop = big ? r + L.rBig + 2 : r + 4;
      pts.push({ x: gwClamp(x + (Math.random() - 0.5) * L.pitch * 2, lo, hi), y: rowY[k] - stop });
      through = false;
      break;
    }
    const sorted = cands.slice().sort((a, b) => Math.abs(a.x - x) - Math.abs(b.x - x));
    const pick = sorted[Math.random() < 0.7 || sorted.length < 2 ? 0 : 1];
    const jitter = big ? gwClamp((Math.random() - 0.5) * ((pick.w || 0) - 2 * L.rBig), -8, 8) : 0;
    const px = pick.x + jitter;
    const py = pick.y;
    const clear = big ? r + L.rBig + 3 : r * 1.9;
    pts.push({ x: px, y: py - clear });
    pts.push({ x: px, y: py + clear });
    x = px;
  }
  if (through) {
    const yEnd = Math.min(L.H - 6, L.zBot + (L.H - L.zBot) * (0.45 + 0.35 * Math.random()));
    pts.push({ x: gwClamp(x + (Math.random() - 0.5) * L.pitch * 3, lo, hi), y: yEnd });
  }
  let total = 0;
  const cum = [0];
  for (let i = 1; i < pts.length; i++) {
    total += Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
    cum.push(total);
  }
  return { pts, cum, total: Math.max(total, 1), through };
}

function particlePos(p) {
  const { pts, cum } = p.path;
  const d = gwClamp(p.d, 0, p.path.total);
  let i = 1;
  while (i < pts.length - 1 && cum[i] < d) i++;
  const seg = cum[i] - cum[i - 1] || 1;
  const u = gwClamp((d - cum[i - 1]) / seg, 0, 1);
  const x = pts[i - 1].x + (pts[i].x - pts[i - 1].x) * u;
  const y = pts[i - 1].y + (pts[i].y - pts[i - 1].y) * u;
  const wob = p.big ? 0 : Math.sin(p.d * 0.15 + p.phase) * 1.2;
  return { x: x + wob, y };
}

function particleAlpha(p) {
  const total = p.path.total;
  const fadeIn = gwClamp(p.d / 14, 0, 1);
  const tail = p.path.through ? 30 : 8;
  const fadeOut = p.d <= total ? gwClamp((total - p.d) / tail + (p.path.through ? 0 : 1), 0, 1) : gwClamp(1 - (p.d - total) / 20, 0, 1);
  return Math.min(fadeIn, fadeOut);
}

// ---------------------------------------------------------------- labels

/** Labels and callouts (cached on their own layer). Returns nothing; draws into ctx. */
function drawLabels(ctx, L, st) {
  const { W, H, proj, m, pillH, fs, yAp, xL, xR, cx, zTop, zBot, r } = L;
  ctx.clearRect(0, 0, W, H);
  const placed = [];
  const blocked = [];
  // Keep labels off the junction, the rings and ZO-1
  const zoneTop = Math.min(...L.beads.map((b) => b.y), zTop) - r - 2;
  const zoneBot = Math.max(...L.beads.map((b) => b.y), zBot - L.sp / 2) + r + 2;
  blocked.push({ left: xL - 2, right: xR + 2, top: zoneTop, bottom: zoneBot });
  for (const ring of [L.ringA, L.ringB]) {
    const halo = L.c > 0.05 ? 4 : 2;
    const arrow = L.c > 0.05 ? 14 + 22 * L.c : 0;
    blocked.push({
      left: ring.x - ring.rx - halo - (ring.side < 0 ? arrow : 0),
      right: ring.x + ring.rx + halo + (ring.side > 0 ? arrow : 0),
      top: ring.y - ring.ry - halo, bottom: ring.y + ring.ry + halo,
    });
    const mx = ring.side < 0 ? xL : xR;
    blocked.push({
      left: Math.min(mx, ring.x), right: Math.max(mx, ring.x),
      top: L.rowY[0] - r, bottom: Math.max(L.rowY[L.rows - 1] + r * 0.6, ring.y + ring.ry) + 3,
    });
  }
  const free = (b) => inside(b, L) && !placed.some((p) => gwOverlaps(p, b)) && !blocked.some((p) => gwOverlaps(p, b, 1));
  const measure = (text, opts = {}) => gwPillBox(ctx, L, text, 0, 0, opts);
  const at = (size, left, top) => ({ left, top, right: left + size.w, bottom: top + size.h, w: size.w, h: size.h });
  const tryPlace = (size, cands) => {
    for (const [left, top] of cands) {
      const b = at(size, Math.round(left), Math.round(top));
      if (free(b)) return b;
    }
    return null;
  };
  const hl = st.highlight;
  const partOpts = (part) => (hl === part ? { border: "#000000", borderWidth: proj ? 3 : 2.2, weight: "700" } : {});
  const leader = (box, tx, ty, color) => {
    const fx = gwClamp(tx, box.left + 6, box.right - 6);
    const fy = ty < box.top ? box.top : ty > box.bottom ? box.bottom : box.top + box.h / 2;
    const sx = ty >= box.top && ty <= box.bottom ? (tx < box.left ? box.left : box.right) : fx;
    ctx.save();
    ctx.beginPath();
    ctx.moveTo(sx, fy);
    ctx.lineTo(tx, ty);
    gwPaint(ctx, null, color || "#222222", proj ? 2.4 : 1.4);
    ctx.beginPath();
    ctx.arc(tx, ty, proj ? 3 : 2.2, 0, Math.PI * 2);
    ctx.fillStyle = color || "#222222";
    ctx.fill();
    ctx.restore();
  };
  const lumenTop = gwClamp(Math.round((yAp - L.mvH - pillH) / 2), 2, m);

  // 1. Zonulin's place in the gut contents (drawn in step 3), not to scale (top right), gut
  // contents (over the space between the cells)
  let zb = null;
  if (st.zonulin) {
    const z = measure("Zonulin", zonulinOpts(L));
    for (const f of [0.4, 0.25, 0.55, 0.12]) {
      const bx = at(z, Math.round(gwClamp(xL * f - z.w / 2, m, xL - L.memW - 4 - z.w)), lumenTop);
      if (free(bx)) {
        zb = bx;
        break;
      }
    }
    if (!zb) zb = at(z, m, lumenTop);
    placed.push(zb);
  }
  const nts = measure("Schematic, not to scale", { style: "italic", weight: "500" });
  let b = tryPlace(nts, [[W - m - nts.w, lumenTop], [cx - nts.w / 2, H - m - nts.h], [W - m - nts.w, H - 2 * m - 2 * nts.h]]);
  if (b) placed.push(gwPill(ctx, L, "Schematic, not to scale", b.left, b.top, { style: "italic", weight: "500" }));
  for (const text of ["Gut contents (lumen)", "Gut contents", "Lumen"]) {
    const s = measure(text, { weight: "700" });
    b = tryPlace(s, [[cx - s.w / 2, lumenTop], [m, lumenTop], [zb ? zb.right + 8 : m, lumenTop]]);
    if (b) {
      placed.push(gwPill(ctx, L, text, b.left, b.top, { weight: "700" }));
      break;
    }
  }

  // 2. The cells, bottom corners
  const cellA = measure("Cell A", { weight: "700" });
  b = tryPlace(cellA, [[m, H - m - cellA.h], [m, zoneBot + 4]]);
  if (b) placed.push(gwPill(ctx, L, "Cell A", b.left, b.top, { weight: "700" }));
  const cellB = measure("Cell B", { weight: "700" });
  b = tryPlace(cellB, [[W - m - cellB.w, H - m - cellB.h], [W - m - cellB.w, zoneBot + 4]]);
  if (b) placed.push(gwPill(ctx, L, "Cell B", b.left, b.top, { weight: "700" }));

  // 3. Zonulin: a dashed, clearly "proposed" pathway into Cell A
  if (zb) drawZonulin(ctx, L, placed, free, measure, at, zb);

  // 4. Actin-myosin ring and ZO-1: on Cell A's side if there is room, else on Cell B's
  const A = L.ringA;
  const arrow = L.c > 0.05 ? 14 + 22 * L.c : 0;
  const ringCands = (R, sz) => {
    const out = R.side < 0 ? (w) => R.x - R.rx - arrow - 10 - w : () => R.x + R.rx + arrow + 10;
    const up = R.side < 0 ? (w) => R.x - R.rx * 0.2 - w : () => R.x + R.rx * 0.2;
    return [
      [out(sz.w), R.y - sz.h / 2],
      [up(sz.w), R.y - R.ry - 8 - sz.h],
      [R.x - sz.w / 2, R.y + R.ry + 8],
      [up(sz.w), R.y + R.ry + 6],
      [R.side < 0 ? m : W - m - sz.w, R.y + R.ry + 8],
    ];
  };
  const onEllipse = (R, px, py) => {
    const th = Math.atan2((py - R.y) / R.ry, (px - R.x) / R.rx);
    return [R.x + R.rx * Math.cos(th), R.y + R.ry * Math.sin(th)];
  };
  ringLabel: for (const text of ["Actin-myosin ring", "Actin-myosin", "Actin ring"]) {
    const sz = measure(text, partOpts("ring"));
    for (const R of [A, L.ringB]) {
      b = tryPlace(sz, ringCands(R, sz));
      if (b) {
        const [tx, ty] = onEllipse(R, gwClamp(R.x, b.left, b.right), b.top + b.h / 2);
        leader(b, tx, ty);
        gwDrawPill(ctx, L, text, b, partOpts("ring"));
        placed.push(b);
        break ringLabel;
      }
    }
  }
  {
    const sz = measure("ZO-1", partOpts("zo1"));
    for (const R of [L.ringB, A]) {
      const caps = L.zo1.filter((z) => z.side === R.side);
      if (!caps.length) continue;
      const fanBottom = Math.max(L.rowY[L.rows - 1] + r * 0.6, R.y + R.ry) + 8;
      const out = R.side > 0 ? () => R.x + R.rx + arrow + 12 : (w) => R.x - R.rx - arrow - 12 - w;
      const nearMem = R.side > 0 ? () => xR + L.memW + 6 : (w) => xL - L.memW - 6 - w;
      b = tryPlace(sz, [
        [nearMem(sz.w), fanBottom],
        [out(sz.w), L.rowY[0] - sz.h / 2],
        [out(sz.w), L.rowY[0] - sz.h - 6],
        [R.x - sz.w / 2, R.y + R.ry + 8],
      ]);
      if (b) {
        const mid = b.top + b.h / 2;
        const zz = caps.slice().sort((p, q) => Math.abs(p.sy - mid) - Math.abs(q.sy - mid))[0];
        leader(b, (zz.sx + zz.px) / 2, (zz.sy + zz.py) / 2, COLORS.zo1Dark);
        gwDrawPill(ctx, L, "ZO-1", b, partOpts("zo1"));
        placed.push(b);
        break;
      }
    }
  }

  // 5. MLCK active, when the ring contracts
  if (L.c > 0.05) {
    for (const text of ["MLCK active: ring contracts", "MLCK active"]) {
      const s = measure(text, { weight: "700" });
      const B = L.ringB;
      b = tryPlace(s, [
        [A.x - s.w / 2, A.y - A.ry - 10 - s.h],
        [B.x - s.w / 2, B.y + B.ry + 10],
        [B.x - s.w / 2, B.y - B.ry - 10 - s.h],
        [A.x - s.w / 2, A.y + A.ry + 10],
        [m, A.y - A.ry - 10 - s.h],
        [W - m - s.w, B.y + B.ry + 10],
      ]);
      if (b) {
        gwDrawPill(ctx, L, text, b, { weight: "700", background: "#fff3d6", border: COLORS.leak, borderWidth: proj ? 2.4 : 1.8, color: proj ? "#000000" : "#3d2900" });
        placed.push(b);
        break;
      }
    }
  }

  // 6. The strand parts, under the junction, each with a leader to one example
  // Each part points at an example in the lowest row that has one, so leaders stay short.
  const bottomMost = (list) => {
    if (!list.length) return [];
    const k = Math.max(...list.map((x) => x.row));
    return list.filter((x) => x.row === k);
  };
  const nearest = (list, x) => list.slice().sort((a, b2) => Math.abs(a.x - x) - Math.abs(b2.x - x))[0];
  const parts = [];
  const seals = bottomMost(L.beads.filter((x) => x.role === "seal"));
  const pores = bottomMost(L.beads.filter((x) => x.role === "pore"));
  const occs = bottomMost(L.beads.filter((x) => x.role === "occludin"));
  const brks = bottomMost(L.breakRects).map((br) => ({ x: (br.x0 + br.x1) / 2, y: br.y + r * 1.35 }));
  if (seals.length) parts.push({ part: "strands", texts: ["Sealing claudins", "Sealing"], cands: seals, t: nearest(seals, cx - L.hw * 0.5) });
  if (pores.length) parts.push({ part: "claudin2", texts: ["Claudin-2 pore", "Claudin-2"], cands: pores, t: nearest(pores, cx) });
  if (occs.length) parts.push({ part: "occludin", texts: ["Occludin"], cands: occs, t: nearest(occs, cx) });
  if (brks.length) {
    parts.push({ part: "breaks", texts: ["Strand break (leak route)", "Strand break", "Break"], cands: brks, t: nearest(brks, cx), color: COLORS.leakDark, border: COLORS.leak });
  }
  // Greedy placement in up to two rows under the junction: the named proteins first (fewest
  // examples first, as their leaders are least flexible), the break last; each label as close
  // to its example as it can get without covering another label or crossing one with its leader.
  const gap = proj ? 8 : 6;
  const rowTop = zoneBot + (proj ? 14 : 11);
  const rowTops = [rowTop, rowTop + pillH + gap];
  const partBoxes = [];
  const crosses = (x0, y0, x1, y1) => {
    for (let i = 1; i < 12; i++) {
      const x = x0 + ((x1 - x0) * i) / 12;
      const y = y0 + ((y1 - y0) * i) / 12;
      for (const q of partBoxes) if (x > q.left - 2 && x < q.right + 2 && y > q.top - 2 && y < q.bottom + 2) return true;
    }
    return false;
  };
  const order = { occludin: 0, claudin2: 1, strands: 2, breaks: 3 };
  parts.sort((a, b2) => order[a.part] - order[b2.part]);
  for (const p of parts) {
    let best = null;
    for (let v = 0; v < 3 && !best; v++) {
      const text = p.texts[Math.min(v, p.texts.length - 1)];
      if (v > 0 && text === p.texts[Math.min(v - 1, p.texts.length - 1)]) continue;
      const s = measure(text, partOpts(p.part));
      const lefts = p.cands.map((c) => c.x - s.w / 2);
      for (let x = m; x <= W - m - s.w; x += 6) lefts.push(x);
      rowTops.forEach((top, level) => {
        for (const l0 of lefts) {
          const box = at(s, Math.round(gwClamp(l0, m, W - m - s.w)), Math.round(top));
          if (!free(box) || partBoxes.some((q) => gwOverlaps(q, box))) continue;
          for (const t of p.cands) {
            const fx = gwClamp(t.x, box.left + 6, box.right - 6);
            const cost = Math.hypot(fx - t.x, box.top - t.y) + Math.abs(box.left + box.w / 2 - t.x) * 0.15 + level * 50;
            if (best && cost >= best.cost) continue;
            if (Math.abs(fx - t.x) > Math.max(40, 2.2 * Math.abs(box.top - t.y))) continue; // no long, flat leaders
            if (crosses(fx, box.top, t.x, t.y)) continue;
            best = { box, t, text, cost };
          }
        }
      });
    }
    if (!best) continue;
    const { box, t, text } = best;
    leader(box, t.x, t.y + (p.part === "breaks" ? 0 : r * 0.2), p.part === "breaks" ? COLORS.leakDark : undefined);
    gwDrawPill(ctx, L, text, box, { ...partOpts(p.part), color: p.color, border: hl === p.part ? "#000000" : p.border });
    partBoxes.push(box);
  }
  for (const q of partBoxes) placed.push(q);

  // 7. Calcium removed: say what is happening
  if (L.frag > 0.15) {
    for (const text of ["Calcium removed: strands come apart", "Calcium removed", "No calcium"]) {
      const s = measure(text, { weight: "700" });
      b = tryPlace(s, [
        [cx - s.w / 2, L.zBot + (H - L.zBot) * 0.55],
        [cx - s.w / 2, H - m - s.h],
        [cx - s.w / 2, zoneBot + 4 + (pillH + gap) * 2],
      ]);
      if (b) {
        gwDrawPill(ctx, L, text, b, { weight: "700", background: "#eef6fb", border: COLORS.pore, borderWidth: proj ? 2.2 : 1.6 });
        placed.push(b);
        break;
      }
    }
  }
  // 8. The space between the cells, if there is room at the bottom
  for (const text of ["Space between cells", "Between cells"]) {
    const s = measure(text, { style: "italic", weight: "500", size: Math.round(fs * 0.9) });
    b = tryPlace(s, [[cx - s.w / 2, H - m - s.h]]);
    if (b && b.right - b.left < 2 * L.hw - 8) {
      gwDrawPill(ctx, L, text, b, { style: "italic", weight: "500", size: Math.round(fs * 0.9), background: "rgba(255,255,255,0.75)", border: "rgba(0,0,0,0)" });
      placed.push(b);
      break;
    }
  }
  return placed;
}

/** Split text into lines no wider than maxW (at the current ctx.font), at "; " first. */
function wrapText(ctx, text, maxW) {
  if (ctx.measureText(text).width <= maxW) return [text];
  const parts = text.split("; ");
  if (parts.length > 1) return parts.flatMap((p, i) => wrapText(ctx, i < parts.length - 1 ? `${p};` : p, maxW));
  const words = text.split(" ");
  const lines = [];
  let cur = "";
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (cur && ctx.measureText(next).width > maxW) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

function zonulinOpts(L) {
  return { dashed: true, border: COLORS.proposed, borderWidth: L.proj ? 2 : 1.5, weight: "700" };
}

/** The proposed zonulin pathway: zonulin (box zb, in the gut contents) -> EGFR/PAR2 -> junction. */
function drawZonulin(ctx, L, placed, free, measure, at, zb) {
  const { proj, m, W, H, yAp, xL, mvH, memW, rowY, r, ringA } = L;
  const dash = proj ? [9, 6] : [7, 5];
  const lw = proj ? 2.6 : 1.8;
  const opts = zonulinOpts(L);
  const small = Math.round(L.fs * 0.85);
  const maxRight = xL - memW - 4;
  gwDrawPill(ctx, L, "Zonulin", zb, opts);
  const rxX = zb.left + zb.w / 2;
  // The receptor: a small Y in the apical membrane, and the dashed arrow onto it
  ctx.save();
  ctx.strokeStyle = COLORS.proposed;
  ctx.fillStyle = COLORS.proposed;
  ctx.lineWidth = lw;
  ctx.lineCap = "round";
  ctx.beginPath();
  ctx.moveTo(rxX, yAp + 5);
  ctx.lineTo(rxX, yAp - mvH * 0.4);
  ctx.lineTo(rxX - 5, yAp - mvH - 3);
  ctx.moveTo(rxX, yAp - mvH * 0.4);
  ctx.lineTo(rxX + 5, yAp - mvH - 3);
  ctx.stroke();
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(rxX, zb.bottom + 1);
  ctx.lineTo(rxX, yAp - mvH - 8);
  ctx.stroke();
  ctx.setLineDash([]);
  gwArrowHead(ctx, rxX, yAp - mvH - 4, Math.PI / 2, proj ? 10 : 8);
  ctx.restore();
  // Receptor name just under the membrane
  const rec = measure("EGFR / PAR2", opts);
  const rb = at(rec, Math.round(gwClamp(rxX - rec.w / 2, m, maxRight - rec.w)), yAp + 8);
  gwDrawPill(ctx, L, "EGFR / PAR2", rb, opts);
  placed.push(rb);
  // Consequence and caveat: a small dashed box under the receptor, kept off the ring
  // keep clear of ZO-1 (from the ring's centre to the membrane) and of the ring and its arrow
  const fanTop = rowY[0] - r - 4;
  const arrow = L.c > 0.05 ? 14 + 22 * L.c : 0;
  const limitRight = (top, bottom) => {
    if (bottom > ringA.y - ringA.ry - 8 && top < ringA.y + ringA.ry + 8) return ringA.x - ringA.rx - arrow - 10;
    return bottom > fanTop ? ringA.x - 6 : maxRight;
  };
  const lineH = Math.round(small * 1.3);
  let box = null;
  let lines = null;
  let fallback = null;
  const variants = [
    ["→ junction disassembly", "proposed pathway; evidence disputed"],
    ["→ disassembly", "proposed; evidence disputed"],
  ];
  // where the box may go: under the receptor (kept off ZO-1 and the ring), under the ring in
  // Cell A, at the bottom of the figure
  const anchors = [
    { top: () => rb.bottom + 5, centre: rxX, right: limitRight, maxLines: 3 },
    { top: () => ringA.y + ringA.ry + 8, centre: rxX, right: () => maxRight, maxLines: 4 },
    { top: (h) => H - m - h, centre: W / 2, right: () => W - m, maxLines: 4 },
  ];
  const build = (head, note, maxW) => {
    ctx.font = gwFont(small, "700");
    const a2 = wrapText(ctx, head, maxW).map((t) => [t, "700", "normal"]);
    ctx.font = gwFont(small, "600", "italic");
    const c2 = wrapText(ctx, note, maxW).map((t) => [t, "600", "italic"]);
    const all = a2.concat(c2);
    let w = 0;
    for (const [t, wt, sty] of all) {
      ctx.font = gwFont(small, wt, sty);
      w = Math.max(w, ctx.measureText(t).width);
    }
    return { all, w: Math.ceil(w) + 10, h: all.length * lineH + 6 };
  };
  search: for (const an of anchors) {
    for (const [head, note] of variants) {
      let right = an.right(0, 0);
      for (let pass = 0; pass < 2; pass++) {
        const got = build(head, note, Math.max(60, right - m - 10));
        const top = an.top(got.h);
        right = an.right(top, top + got.h);
        const left = gwClamp(an.centre - got.w / 2, m, Math.max(m, right - got.w));
        const cand = { left, top, right: left + got.w, bottom: top + got.h, w: got.w, h: got.h };
        if (cand.right <= right + 0.5 && inside(cand, L) && got.all.length <= an.maxLines) {
          if (free(cand)) {
            box = cand;
            lines = got.all;
            break search;
          }
          if (!fallback) fallback = [cand, got.all];
          break;
        }
      }
    }
  }
  if (!box && fallback) [box, lines] = fallback;
  if (!box) {
    // last resort: the caveat must be shown, even over the drawing
    const got = build(variants[1][0], variants[1][1], Math.max(60, maxRight - m - 10));
    box = { left: m, top: rb.bottom + 4, right: m + got.w, bottom: rb.bottom + 4 + got.h, w: got.w, h: got.h };
    lines = got.all;
  }
  if (box) {
    ctx.save();
    ctx.beginPath();
    gwRoundRectPath(ctx, box.left, box.top, box.w, box.h, 5);
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.fill();
    ctx.setLineDash(proj ? [5, 4] : [4, 3]);
    gwPaint(ctx, null, COLORS.proposed, proj ? 1.6 : 1.2);
    ctx.setLineDash([]);
    ctx.fillStyle = proj ? "#000000" : "#1a1a1a";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    lines.forEach(([t, wt, sty], i) => {
      ctx.font = gwFont(small, wt, sty);
      ctx.fillText(t, box.left + 5, box.top + 3 + i * lineH + (lineH - small) / 2);
    });
    ctx.restore();
    placed.push(box);
  }
  // Arrow: receptor -> the junction (top strand, next to Cell A's membrane)
  const tx = xL - memW / 2 - 3;
  const ty = rowY[0] - r * 0.2;
  const sx = rb.right + 2;
  const sy = rb.top + rb.h / 2;
  const qx = (sx + tx) / 2;
  const qy = Math.min(sy, ty) - 8;
  ctx.save();
  ctx.strokeStyle = COLORS.proposed;
  ctx.fillStyle = COLORS.proposed;
  ctx.lineWidth = lw;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(sx, sy);
  ctx.quadraticCurveTo(qx, qy, tx - 5, ty);
  ctx.stroke();
  ctx.setLineDash([]);
  gwArrowHead(ctx, tx, ty, Math.atan2(ty - qy, tx - 5 - qx), proj ? 12 : 9);
  ctx.restore();
}

// ---------------------------------------------------------------- the widget

const LEGEND = [
  { part: "claudin2", key: "pore", text: "Claudin-2 pore" },
  { part: "strands", key: "seal", text: "Sealing claudins" },
  { part: "occludin", key: "occludin", text: "Occludin" },
  { part: "zo1", key: "zo1", text: "ZO-1" },
  { part: "ring", key: "ring", text: "Actin-myosin ring" },
  { part: "breaks", key: "break", text: "Strand break (leak route)" },
  { part: "ions", key: "ion", text: "Ions and water" },
  { part: "big", key: "big", text: "Larger molecule" },
  { part: "zonulin", key: "proposed", text: "Proposed pathway (disputed)" },
];

export default {
  render({ model, el }) {
    // --- state
    let st = readState(model);
    let L = null;
    let particles = [];
    let ionTimer = 0;
    let bigTimer = 0;
    let clock = 0;

    const { root, figure, canvas, live, stage, loop, resize, rebuild } = gwCanvasWidget("gw-junction-zipper", "gw-jz", {
      height: () => st.height,
      build: rebuildStatic,
      step,
      moving: drawMoving,
      onChange() {
        gwPlayLabel(playBtn, loop.playing, "gw-jz-icon");
        status.textContent = gwLoopStatus(loop);
      },
    });
    Object.assign(root.dataset, { frames: "0", playing: "false", breaks: "0", pores: "0", integrity: "1" });

    const panel = gwEl("div", "gw-jz-panel");
    const controls = gwEl("div", "gw-jz-controls");
    const playBtn = gwEl("button", "gw-jz-button gw-jz-play", { type: "button" });
    const status = gwEl("span", "gw-jz-status", { role: "status" });
    controls.append(playBtn, status);

    const legend = gwEl("ul", "gw-jz-legend", { "aria-label": "Key to the drawing" });
    const legendItems = new Map();
    for (const item of LEGEND) {
      const li = gwEl("li", "gw-jz-legend-item");
      li.dataset.part = item.part;
      li.append(
        gwEl("span", `gw-jz-swatch gw-jz-swatch-${item.key}`, { "aria-hidden": "true" }),
        gwEl("span", "gw-jz-legend-label", { text: item.text }),
      );
      legend.appendChild(li);
      legendItems.set(item.part, li);
    }
    panel.append(controls, legend);
    root.append(panel);
    el.appendChild(root);

    function describe() {
      if (st.description) return st.description;
      const pores = poreCount(st.claudin2);
      const strands =
        st.integrity >= 0.999
          ? "strands intact"
          : st.integrity <= 0.001
            ? "calcium removed: the strands have come apart and the cells drift apart"
            : `strands partly apart (${Math.round(st.integrity * 100)}% intact)`;
      return (
        "Schematic close-up of the tight junction between two neighbouring gut lining cells, seen from the side. " +
        `Claudin-2 pores at ${st.claudin2.toFixed(1)} times healthy (${pores} drawn); ` +
        `leak route at ${st.leak.toFixed(1)} times healthy (${st.leak > 1.1 ? "breaks in the strands" : "no strand breaks"}); ` +
        `${strands}.` +
        (st.zonulin ? " A proposed zonulin pathway is shown; its evidence is disputed." : "")
      );
    }

    const applyDescription = () => gwDescribe(describe(), live, canvas, figure);
    const applyTheme = () => gwShowTheme(root, "gw-jz-projector", st.projector, stage);

    function applyLegend() {
      for (const [part, li] of legendItems) li.classList.toggle("gw-jz-legend-active", !!st.highlight && part === st.highlight);
      legendItems.get("zonulin").hidden = !st.zonulin;
      root.dataset.highlight = st.highlight;
    }

    // --- particles
    function ionTarget() {
      if (!L) return 0;
      const pores = L.poresDrawn;
      const open = L.openings.some((o) => o.length);
      if (!pores && !open) return 0;
      return Math.round(gwClamp(4 + pores * 2, 4, 30));
    }

    function bigTarget() {
      if (!L || !L.openings[0].length) return 0;
      return L.openings.every((o) => o.length) && (st.leak >= 20 || L.frag > 0.6) ? 2 : 1;
    }

    function speedFor(big) {
      const base = gwClamp(stage.H * 0.25, 45, 120);
      return (big ? 0.4 : 1) * base * (0.8 + 0.4 * Math.random());
    }

    function spawn(big, seeded) {
      const path = makePath(L, big);
      const p = { big, path, d: 0, speed: speedFor(big), phase: Math.random() * 6.28 };
      if (seeded) p.d = Math.random() * path.total * 0.9;
      particles.push(p);
    }

    function reseed() {
      particles = [];
      if (!L) return;
      for (let i = 0; i < ionTarget(); i++) spawn(false, true);
      for (let i = 0; i < bigTarget(); i++) spawn(true, true);
      ionTimer = 0;
      bigTimer = 1 + Math.random();
    }

    function step(dt) {
      clock += dt;
      for (const p of particles) p.d += p.speed * dt;
      particles = particles.filter((p) => p.d < p.path.total + (p.path.through ? 0 : 25));
      let ions = 0;
      let bigs = 0;
      for (const p of particles) {
        if (p.big) bigs += 1;
        else ions += 1;
      }
      ionTimer -= dt;
      if (ions < ionTarget() && ionTimer <= 0) {
        spawn(false, false);
        ionTimer = 0.12 + Math.random() * 0.25;
      }
      bigTimer -= dt;
      if (bigs < bigTarget() && bigTimer <= 0) {
        spawn(true, false);
        bigTimer = 1.2 + Math.random() * 1.8;
      }
    }

    // --- the drawing
    let seededFor = "";
    function rebuildStatic(bgCtx, fgCtx) {
      L = computeLayout(stage.W, stage.H, st);
      drawBackground(bgCtx, L);
      drawLabels(fgCtx, L, st);
      root.dataset.pores = String(L.poresDrawn);
      root.dataset.breaks = String(L.breaksDrawn);
      root.dataset.integrity = String(Math.round(st.integrity * 1000) / 1000);
      // A new size starts the particles afresh; a new state (a lever dragged: many rebuilds a
      // second) lets the moving ones finish their way while new ones take the new routes.
      const size = `${stage.W}x${stage.H}`;
      if (size !== seededFor) {
        seededFor = size;
        reseed();
        return;
      }
      let ions = 0;
      for (const p of particles) ions += p.big ? 0 : 1;
      for (let i = ions; i < ionTarget(); i++) spawn(false, true); // more routes open: fill them now
      for (let i = particles.length - ions; i < bigTarget(); i++) spawn(true, true);
    }

    function drawMoving(c) {
      const hl = st.highlight;
      const alphaOf = (part) => (!hl || hl === part ? 1 : FADED);
      const emphOf = (part) => (hl === part ? 2 : 1);
      drawRing(c, L, L.ringA, clock, alphaOf("ring"), emphOf("ring"));
      drawRing(c, L, L.ringB, clock, alphaOf("ring"), emphOf("ring"));
      drawZO1(c, L, alphaOf("zo1"), emphOf("zo1"));
      drawStrands(c, L, st, clock);
      drawParticles(c, L, st, particles);
    }

    // --- model changes (rebuild: the static layers are redrawn on the next frame)
    loop.own(
      gwListen(model, gwChanges(() => (st = readState(model)), [
        [["claudin2_level", "leak_level", "strand_integrity", "zonulin_active", "highlight"], applyDescription, applyLegend, rebuild],
        ...gwViewRows({ describe: applyDescription, resize, theme: applyTheme, redraw: loop.redraw }),
      ])),
      // user controls (visual only; nothing is sent to the kernel)
      gwOn(playBtn, "click", loop.toggle),
    );

    // --- go
    applyTheme();
    applyDescription();
    applyLegend();
    canvas.style.height = `${st.height}px`;
    return loop.begin();
  },
};
