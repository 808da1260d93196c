// Where leaked LPS goes (schematic, not to scale): gut contents -> the lining -> portal blood and
// the liver -> the body's blood -> an immune cell with TLR4 -> cytokines -> an inflammation gauge.
// The model's time course arrives in the `course` trait; this module replays it in a loop (time on
// a log scale, so minutes and weeks both get screen time). Moving particles are decoration whose
// numbers follow the model: the crossing rate follows LPS entry, the liver removes its share, the
// dots in the blood follow active and neutralised LPS, the immune cell glows with the TLR4 signal.
// Nothing here writes to the model (no kernel round trip).

const LOOP_SECONDS = 16;
const HOLD_SECONDS = 1.5;
const C = {
  lumen: "#e8f1f8",
  cell: "#f6dccf",
  cellEdge: "#a8705f",
  nucleus: "#cfc3e6",
  gap: "#E69F00",
  portal: "#f2d4d4",
  liver: "#8c4a2f",
  liverLight: "#c98b6b",
  blood: "#fbe3e3",
  bloodEdge: "#c05050",
  lps: "#111111",
  lipo: "#F0E442",
  immune: "#8c6bb1",
  tnf: "#D55E00",
  il6: "#0072B2",
  gauge: "#CC79A7",
  text: "#141414",
  bacteria: "#009E73",
};

// (gwNum, gwClamp, gwViewTraits: lib/numbers.js and lib/theme.js)

function series(course, key, n) {
  const a = course && Array.isArray(course[key]) ? course[key] : [];
  const out = [];
  for (let i = 0; i < n; i++) out.push(Math.max(0, gwNum(a[i], 1)));
  return out;
}

function readState(model) {
  const course = model.get("course") || {};
  const hours = Array.isArray(course.hours) ? course.hours.map((h) => gwNum(h, 0)) : [0];
  const n = Math.max(1, hours.length);
  const s = { hours, n };
  for (const k of ["multiplier", "active", "neutralised", "tlr4", "tnf", "il6", "index"]) s[k] = series(course, k, n);
  s.opening = Math.max(0, gwNum(model.get("opening_hours"), 0));
  s.leak = Math.max(0, gwNum(model.get("leak_level"), 1));
  s.eroded = Math.max(0, gwNum(model.get("eroded_percent"), 0));
  s.liver = gwClamp(gwNum(model.get("liver_share"), 0.8), 0, 1);
  Object.assign(s, gwViewTraits(model, 340, 200, 1200));
  s.peakEntry = Math.max(...s.multiplier);
  let peakIdx = 0;
  s.index.forEach((v, i) => {
    if (v > s.index[peakIdx]) peakIdx = i;
  });
  s.peakFrame = peakIdx;
  return s;
}

/** Values at fractional frame f (linear between frames). */
function valuesAt(st, f) {
  const i = gwClamp(Math.floor(f), 0, st.n - 1);
  const j = Math.min(i + 1, st.n - 1);
  const w = gwClamp(f - i, 0, 1);
  const v = {};
  for (const k of ["hours", "multiplier", "active", "neutralised", "tlr4", "tnf", "il6", "index"]) {
    v[k] = st[k][i] * (1 - w) + st[k][j] * w;
  }
  v.open = v.hours < st.opening || st.opening >= st.hours[st.n - 1];
  if (v.hours <= 0) v.open = false;
  return v;
}

function fmtTime(h) {
  if (h <= 0) return "before the barrier opens";
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
  return `day ${(h / 24).toFixed(h < 240 ? 1 : 0)}`;
}

function layoutFor(W, H, proj) {
  const fs = proj ? 17 : 12;
  const top = fs * 2.2;
  return {
    W, H, fs, top, proj,
    lumen: [0, 0.13 * W],
    epi: [0.13 * W, 0.2 * W],
    portal: [0.2 * W, 0.44 * W],
    liver: { x: 0.35 * W, y: top + (H - top) * 0.72, rx: 0.07 * W, ry: (H - top) * 0.17 },
    blood: [0.46 * W, 0.7 * W],
    immune: { x: 0.79 * W, y: top + (H - top) * 0.45, r: gwClamp(0.055 * W, 22, 60) },
    gauge: [0.92 * W, 0.965 * W],
    midY: top + (H - top) * 0.45,
  };
}

function drawStatic(ctx, L, st, v) {
  const { W, H, fs, top } = L;
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, W, H);
  // regions
  ctx.fillStyle = C.lumen;
  ctx.fillRect(L.lumen[0], top, L.lumen[1] - L.lumen[0], H - top);
  ctx.fillStyle = C.portal;
  ctx.fillRect(L.portal[0], L.midY - 16, L.portal[1] - L.portal[0], 32);
  ctx.fillStyle = C.blood;
  ctx.strokeStyle = C.bloodEdge;
  ctx.lineWidth = L.proj ? 2 : 1;
  ctx.beginPath();
  ctx.roundRect(L.blood[0], top + 6, L.blood[1] - L.blood[0], H - top - 12, 14);
  ctx.fill();
  ctx.stroke();
  // lining: a column of cells, with junction gaps that widen with the leak route while open
  const nCells = 6;
  const ch = (H - top) / nCells;
  const open = v.open;
  const gap = open ? gwClamp(1 + Math.log2(Math.max(st.leak, 1)) * 1.6, 1, 9) : 1;
  const eroded = open && st.eroded > 0;
  for (let k = 0; k < nCells; k++) {
    const y = top + k * ch + gap / 2;
    const hgt = ch - gap;
    if (eroded && k === 3) {
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = C.cellEdge;
      ctx.strokeRect(L.epi[0] + 2, y, L.epi[1] - L.epi[0] - 4, hgt);
      ctx.setLineDash([]);
      continue;
    }
    ctx.fillStyle = C.cell;
    ctx.strokeStyle = C.cellEdge;
    ctx.fillRect(L.epi[0] + 2, y, L.epi[1] - L.epi[0] - 4, hgt);
    ctx.strokeRect(L.epi[0] + 2, y, L.epi[1] - L.epi[0] - 4, hgt);
    ctx.fillStyle = C.nucleus;
    ctx.beginPath();
    ctx.ellipse((L.epi[0] + L.epi[1]) / 2, y + hgt / 2, (L.epi[1] - L.epi[0]) * 0.2, hgt * 0.2, 0, 0, 6.283);
    ctx.fill();
    if (open && k > 0) {
      ctx.fillStyle = C.gap;
      ctx.fillRect(L.epi[0] + 2, y - gap, L.epi[1] - L.epi[0] - 4, gap);
    }
  }
  // liver
  ctx.fillStyle = C.liver;
  ctx.beginPath();
  ctx.ellipse(L.liver.x, L.liver.y, L.liver.rx, L.liver.ry, -0.15, 0, 6.283);
  ctx.fill();
  ctx.fillStyle = C.portal;
  ctx.fillRect(L.liver.x - 8, L.midY + 10, 16, L.liver.y - L.liver.ry - L.midY);
  // immune cell, glowing with the TLR4 signal (× healthy)
  const glow = gwClamp(Math.log(Math.max(v.tlr4, 1)) / Math.log(12), 0, 1);
  const im = L.immune;
  ctx.fillStyle = `rgba(204,121,167,${0.12 + 0.5 * glow})`;
  ctx.beginPath();
  ctx.arc(im.x, im.y, im.r * (1.25 + 0.35 * glow), 0, 6.283);
  ctx.fill();
  ctx.fillStyle = C.immune;
  ctx.beginPath();
  for (let a = 0; a <= 24; a++) {
    const th = (a / 24) * 6.283;
    const rr = im.r * (1 + 0.08 * Math.sin(th * 5));
    const x = im.x + rr * Math.cos(th);
    const y = im.y + rr * Math.sin(th);
    if (a === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.fill();
  // TLR4 receptors on the side facing the blood
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = L.proj ? 3 : 2;
  for (let a = -2; a <= 2; a++) {
    const th = Math.PI + a * 0.32;
    const x0 = im.x + im.r * Math.cos(th);
    const y0 = im.y + im.r * Math.sin(th);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x0 + 9 * Math.cos(th), y0 + 9 * Math.sin(th));
    ctx.stroke();
  }
  // gauge: the slow inflammation index (log scale: 1 = healthy at the bottom mark, 10 = top)
  const [g0, g1] = L.gauge;
  const gy0 = top + 8;
  const gy1 = H - 10;
  ctx.strokeStyle = "#333";
  ctx.lineWidth = 1;
  ctx.strokeRect(g0, gy0, g1 - g0, gy1 - gy0);
  const frac = gwClamp(0.1 + 0.9 * (Math.log10(Math.max(v.index, 0.5)) / 1), 0.03, 1);
  ctx.fillStyle = C.gauge;
  ctx.fillRect(g0 + 1, gy1 - frac * (gy1 - gy0), g1 - g0 - 2, frac * (gy1 - gy0));
  ctx.strokeStyle = "#000";
  const hy = gy1 - 0.1 * (gy1 - gy0);
  ctx.beginPath();
  ctx.moveTo(g0 - 4, hy);
  ctx.lineTo(g1 + 4, hy);
  ctx.stroke();
  // labels
  ctx.fillStyle = C.text;
  ctx.font = gwFont(fs, L.proj ? "bold" : "normal");
  ctx.textBaseline = "top";
  const label = (text, x, align = "center") => {
    ctx.textAlign = align;
    ctx.fillText(text, x, 4);
  };
  label("Gut contents", (L.lumen[0] + L.lumen[1]) / 2 + 8);
  label("Lining", (L.epi[0] + L.epi[1]) / 2 + 8);
  label("Portal blood → liver", (L.portal[0] + L.portal[1]) / 2);
  label("Blood", (L.blood[0] + L.blood[1]) / 2);
  label("Immune cell (TLR4)", im.x);
  label("Inflammation", (g0 + g1) / 2, "right");
  ctx.textAlign = "center";
  ctx.fillStyle = "#ffffff";
  ctx.fillText(`removes ${Math.round(st.liver * 100)}%`, L.liver.x, L.liver.y - fs / 2);
}

export default {
  render({ model, el }) {
    let st = readState(model);
    let L = null;
    let frameF = 0;
    let hold = 0;
    let v = valuesAt(st, st.peakFrame); // the moment drawn
    let crossing = [];
    let blood = [];
    let cytokines = [];
    let spawnAcc = 0;

    const { root, figure, live, stage, loop, resize } = gwCanvasWidget(
      "gw-lps-flow",
      "gw-lf",
      {
        height: () => st.height,
        build: layOut,
        step: advance,
        still: holdStill,
        moving: drawFrame,
        onChange: () => gwPlayLabel(playBtn, loop.playing),
      },
      { liveClass: "gw-visually-hidden", layers: false },
    );
    const panel = gwEl("div", "gw-lf-panel");
    const playBtn = gwEl("button", "gw-lf-button", { type: "button" });
    const clockEl = gwEl("span", "gw-lf-clock");
    const legend = gwEl("ul", "gw-lf-legend");
    for (const [cls, text] of [
      ["lps", "LPS (active)"],
      ["lipo", "LPS neutralised on a lipoprotein"],
      ["tnf", "TNF-alpha"],
      ["il6", "IL-6"],
      ["gap", "opened junctions"],
    ]) {
      legend.appendChild(gwEl("li", "", { html: `<span class="gw-lf-swatch gw-lf-swatch-${cls}" aria-hidden="true"></span>${text}` }));
    }
    panel.append(playBtn, clockEl, legend);
    root.append(panel);
    el.appendChild(root);

    function publish() {
      root.dataset.peakEntry = st.peakEntry.toFixed(2);
      root.dataset.opening = String(st.opening);
      const text = st.description || "Schematic of LPS moving from the gut through the lining, the liver and the blood to immune cells.";
      gwDescribe(text, live, figure);
      gwShowTheme(root, "gw-lf-projector", st.projector);
    }

    // A new size or theme: a new layout, and the particles start again.
    function layOut() {
      L = layoutFor(stage.W, stage.H, st.projector);
      crossing = [];
      blood = [];
      cytokines = [];
    }

    // One step of the replay: the time course in a loop, held a moment at its end.
    function advance(dt) {
      if (hold > 0) {
        hold -= dt;
        if (hold <= 0) frameF = 0;
      } else {
        frameF += (dt * (st.n - 1)) / LOOP_SECONDS;
        if (frameF >= st.n - 1) {
          frameF = st.n - 1;
          hold = HOLD_SECONDS;
        }
      }
      v = valuesAt(st, frameF);
      stepParticles(dt, v);
    }

    // Paused: the moment of peak inflammation, with the pools filled for that moment.
    function holdStill() {
      v = valuesAt(st, loop.playing ? frameF : st.peakFrame);
      if (!loop.playing) for (let i = 0; i < 40; i++) stepParticles(0.05, v);
    }

    function stepParticles(dt, v) {
      const { H } = stage;
      // crossing LPS: spawn rate follows entry from the gut
      spawnAcc += dt * gwClamp(2.5 * v.multiplier, 0, 45);
      while (spawnAcc >= 1) {
        spawnAcc -= 1;
        crossing.push({ x: L.lumen[0] + Math.random() * (L.lumen[1] - L.lumen[0]) * 0.8, y: L.top + 10 + Math.random() * (H - L.top - 20), stage: 0, a: 1 });
      }
      const speed = gwClamp(stage.W * 0.12, 50, 160);
      for (const p of crossing) {
        if (p.stage === 0) {
          // to the lining, then through it
          p.x += speed * dt;
          if (p.x > L.epi[1]) p.stage = 1;
        } else if (p.stage === 1) {
          // along the portal vessel towards the liver
          p.y += (L.midY - p.y) * Math.min(1, dt * 4);
          p.x += speed * dt;
          if (p.x >= L.liver.x - 6) {
            p.stage = Math.random() < st.liver ? 2 : 3;
          }
        } else if (p.stage === 2) {
          // removed in the liver
          p.y += (L.liver.y - p.y) * Math.min(1, dt * 3);
          p.a -= dt * 1.2;
        } else {
          p.x += speed * dt;
          if (p.x >= L.blood[0] + 10) p.done = true;
        }
      }
      crossing = crossing.filter((p) => !p.done && p.a > 0);
      // blood pools follow the model
      const want = (k, scale, cap) => gwClamp(Math.round(scale * k), 1, cap);
      const target = { active: want(v.active, 5, 70), lipo: want(v.neutralised, 3, 60) };
      for (const kind of ["active", "lipo"]) {
        const have = blood.filter((b) => b.kind === kind);
        if (have.length < target[kind]) {
          for (let i = have.length; i < target[kind]; i++) {
            blood.push({ kind, x: L.blood[0] + 12 + Math.random() * (L.blood[1] - L.blood[0] - 24), y: L.top + 14 + Math.random() * (H - L.top - 28), ph: Math.random() * 6.28 });
          }
        } else if (have.length > target[kind]) {
          let extra = have.length - target[kind];
          blood = blood.filter((b) => !(b.kind === kind && extra-- > 0));
        }
      }
      for (const b of blood) {
        b.ph += dt;
        b.x = gwClamp(b.x + Math.cos(b.ph * 1.3) * 8 * dt, L.blood[0] + 8, L.blood[1] - 8);
        b.y = gwClamp(b.y + Math.sin(b.ph) * 10 * dt, L.top + 10, H - 10);
      }
      // cytokines released by the immune cell, rate above a small healthy trickle
      for (const [kind, value] of [["tnf", v.tnf], ["il6", v.il6]]) {
        if (Math.random() < dt * gwClamp(0.6 + 3 * (value - 1), 0.3, 25)) {
          const th = (Math.random() - 0.5) * 2.2;
          cytokines.push({ kind, x: L.immune.x, y: L.immune.y, vx: Math.cos(th) * 40, vy: Math.sin(th) * 40, a: 1 });
        }
      }
      for (const c of cytokines) {
        c.x += c.vx * dt;
        c.y += c.vy * dt;
        c.a -= dt * 0.6;
      }
      cytokines = cytokines.filter((c) => c.a > 0 && c.x < L.gauge[0] - 4);
    }

    function drawDynamic(ctx, v) {
      const { H } = stage;
      const r = L.proj ? 4.5 : 3;
      for (const p of crossing) {
        ctx.globalAlpha = gwClamp(p.a, 0, 1);
        ctx.fillStyle = C.lps;
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, 6.283);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      for (const b of blood) {
        if (b.kind === "lipo") {
          ctx.fillStyle = C.lipo;
          ctx.strokeStyle = "#6b6200";
          ctx.beginPath();
          ctx.arc(b.x, b.y, r * 1.9, 0, 6.283);
          ctx.fill();
          ctx.stroke();
          ctx.fillStyle = C.lps;
          ctx.beginPath();
          ctx.arc(b.x, b.y, r * 0.8, 0, 6.283);
          ctx.fill();
        } else {
          ctx.fillStyle = C.lps;
          ctx.beginPath();
          ctx.arc(b.x, b.y, r, 0, 6.283);
          ctx.fill();
        }
      }
      for (const c of cytokines) {
        ctx.globalAlpha = gwClamp(c.a, 0, 1);
        ctx.fillStyle = c.kind === "tnf" ? C.tnf : C.il6;
        ctx.beginPath();
        if (c.kind === "tnf") ctx.rect(c.x - r, c.y - r, 2 * r, 2 * r);
        else ctx.arc(c.x, c.y, r, 0, 6.283);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      // bacteria in the lumen (static decoration)
      ctx.strokeStyle = C.bacteria;
      ctx.lineWidth = L.proj ? 5 : 4;
      ctx.lineCap = "round";
      for (let i = 0; i < 6; i++) {
        const x = L.lumen[0] + 10 + ((i * 37) % Math.max(20, L.lumen[1] - L.lumen[0] - 24));
        const y = L.top + 20 + ((i * 71) % Math.max(20, H - L.top - 40));
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x + 10, y + 4);
        ctx.stroke();
      }
      ctx.lineCap = "butt";
      root.dataset.entryNow = v.multiplier.toFixed(2);
      root.dataset.crossing = String(crossing.length);
    }

    function drawFrame(ctx) {
      drawStatic(ctx, L, st, v);
      drawDynamic(ctx, v);
      const state = v.open ? "barrier open" : v.hours > 0 ? "barrier recovered" : "healthy";
      clockEl.textContent = `Time since the barrier opened: ${fmtTime(v.hours)} (${state}) · LPS entry ${v.multiplier.toFixed(1)} × healthy · inflammation index ${v.index.toFixed(2)} × healthy`;
    }

    const refresh = () => {
      const projector = st.projector;
      st = readState(model);
      if (st.projector !== projector) stage.dirty = true;
    };
    const names = ["course", "opening_hours", "leak_level", "eroded_percent", "liver_share", "description", "height", "theme"];
    loop.own(
      gwListen(model, gwChanges(refresh, [[names, publish, resize, () => (frameF = Math.min(frameF, st.n - 1)), loop.redraw]])),
      gwOn(playBtn, "click", loop.toggle),
    );

    publish();
    stage.canvas.style.height = `${st.height}px`;
    return loop.begin();
  },
};
