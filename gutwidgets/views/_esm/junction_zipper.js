// The tight junction as a zipper between two cells (schematic, not to scale).
// Reads traits only; every interaction is visual and makes no kernel round trip.

const COLORS = {
  membrane: "#8c5a3c", cellA: "#f6ddd3", cellB: "#f3e3d6", gap: "#fbf7ef",
  seal: "#009E73", pore: "#0072B2", occludin: "#CC79A7", zo1: "#56B4E9",
  ring: "#D55E00", leak: "#E69F00", ion: "#0072B2", big: "#7570B3", text: "#111",
};
const PARTS = ["claudin2", "occludin", "zo1", "ring", "strands"];

function num(v, dflt, lo, hi) {
  const x = typeof v === "number" && Number.isFinite(v) ? v : dflt;
  return Math.min(hi, Math.max(lo, x));
}

function readState(model) {
  const hl = model.get("highlight");
  return {
    pores: num(model.get("claudin2_level"), 1, 0, 20),
    leak: num(model.get("leak_level"), 1, 0, 100),
    integrity: num(model.get("strand_integrity"), 1, 0, 1),
    zonulin: model.get("zonulin_active") === true,
    highlight: PARTS.includes(hl) ? hl : "",
    height: Math.round(num(model.get("height"), 320, 160, 2000)),
    projector: model.get("theme") === "projector",
    description: typeof model.get("description") === "string" ? model.get("description") : "",
  };
}

// How many claudin-2 pore beads and strand breaks to draw for a state.
function poreCount(st) {
  return Math.round(Math.min(12, 2 * st.pores)) ;
}
function breakCount(st) {
  if (st.leak <= 1.2) return 0;
  return Math.min(6, Math.round(Math.log2(st.leak) * 1.5));
}

export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "gw-junction-zipper";
    const figure = document.createElement("div");
    figure.className = "gw-jz-figure";
    figure.setAttribute("role", "img");
    const canvas = document.createElement("canvas");
    figure.appendChild(canvas);
    const live = document.createElement("p");
    live.className = "gw-visually-hidden";
    live.setAttribute("aria-live", "polite");
    const bar = document.createElement("div");
    bar.className = "gw-jz-controls";
    const play = document.createElement("button");
    play.type = "button";
    play.className = "gw-jz-button";
    const status = document.createElement("span");
    status.className = "gw-jz-status";
    bar.append(play, status);
    const legend = document.createElement("ul");
    legend.className = "gw-jz-legend";
    for (const [color, name] of [[COLORS.pore, "Claudin-2 pore"], [COLORS.seal, "Sealing claudins"],
      [COLORS.occludin, "Occludin"], [COLORS.zo1, "ZO-1"], [COLORS.ring, "Actin-myosin ring"], [COLORS.leak, "Break (leak route)"]]) {
      const li = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "gw-jz-swatch";
      sw.style.background = color;
      li.append(sw, document.createTextNode(name));
      legend.appendChild(li);
    }
    root.append(figure, bar, legend, live);
    el.appendChild(root);

    const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    let st = readState(model);
    let playing = !reduced;
    let visible = true;
    let frames = 0;
    let raf = 0;
    let width = 600;
    let particles = [];

    function seed() {
      particles = [];
      for (let i = 0; i < 14; i++) particles.push({ t: Math.random(), lane: Math.random(), big: i % 5 === 0 });
    }
    seed();

    function setButton() {
      play.innerHTML = playing
        ? '<span aria-hidden="true">❚❚</span> Pause'
        : '<span aria-hidden="true">▶</span> Play';
      status.textContent = playing ? "Animation running" : reduced && frames === 0
        ? "Animation paused (reduced motion); press Play" : "Animation paused";
      root.dataset.playing = playing ? "true" : "false";
    }

    function resize() {
      width = Math.max(280, Math.round(figure.clientWidth || el.clientWidth || 600));
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(st.height * dpr);
      canvas.style.width = width + "px";
      canvas.style.height = st.height + "px";
      draw();
    }

    function alpha(part) {
      return st.highlight && st.highlight !== part ? 0.25 : 1;
    }

    function draw() {
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const W = width, H = st.height;
      const lw = st.projector ? 3 : 1.6;
      const font = st.projector ? 18 : 13;
      ctx.clearRect(0, 0, W, H);
      // Cells drift apart as strands come apart (calcium removed) and as the ring pulls (leak).
      const open = (1 - st.integrity) * 0.06 + Math.min(0.05, Math.log10(1 + st.leak) * 0.02);
      const gapHalf = W * (0.02 + open);
      const cx = W / 2;
      ctx.fillStyle = COLORS.gap;
      ctx.fillRect(0, 0, W, H);
      ctx.fillStyle = COLORS.cellA;
      ctx.fillRect(0, 0, cx - gapHalf, H);
      ctx.fillStyle = COLORS.cellB;
      ctx.fillRect(cx + gapHalf, 0, W - cx - gapHalf, H);
      ctx.strokeStyle = COLORS.membrane;
      ctx.lineWidth = lw;
      for (const x of [cx - gapHalf, cx + gapHalf]) {
        ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, H); ctx.stroke();
      }
      // Actin-myosin ring (cross-sections near the top of each cell), thicker when contracted.
      const ringR = (st.projector ? 12 : 9) * (1 + Math.min(1, Math.log10(1 + st.leak) * 0.5));
      ctx.globalAlpha = alpha("ring");
      ctx.fillStyle = COLORS.ring;
      const junctionTop = H * 0.18, junctionBottom = H * 0.62;
      for (const x of [cx - gapHalf - W * 0.08, cx + gapHalf + W * 0.08]) {
        ctx.beginPath(); ctx.arc(x, (junctionTop + junctionBottom) / 2, ringR, 0, 2 * Math.PI); ctx.fill();
      }
      // ZO-1 links strands to the ring.
      ctx.globalAlpha = alpha("zo1");
      ctx.strokeStyle = COLORS.zo1;
      ctx.lineWidth = lw * 1.5;
      const strands = 5;
      const ys = [];
      for (let i = 0; i < strands; i++) ys.push(junctionTop + (i + 0.5) * (junctionBottom - junctionTop) / strands);
      for (const y of ys) {
        for (const [x0, x1] of [[cx - gapHalf, cx - gapHalf - W * 0.08], [cx + gapHalf, cx + gapHalf + W * 0.08]]) {
          ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, (junctionTop + junctionBottom) / 2); ctx.stroke();
        }
      }
      // Strands: sealing claudins, with breaks (leak) and fragments (calcium removed).
      const breaks = breakCount(st);
      const broken = new Set();
      for (let i = 0; i < breaks; i++) broken.add((i * 2 + 1) % strands);
      ctx.globalAlpha = alpha("strands");
      for (let i = 0; i < strands; i++) {
        const y = ys[i];
        const frag = st.integrity < 1 ? (1 - st.integrity) : 0;
        const len = (2 * gapHalf) * (1 - frag * ((i % 2) ? 0.9 : 0.6));
        ctx.strokeStyle = broken.has(i) ? COLORS.leak : COLORS.seal;
        ctx.lineWidth = lw * 3;
        if (broken.has(i)) {
          ctx.beginPath(); ctx.moveTo(cx - gapHalf, y); ctx.lineTo(cx - gapHalf * 0.35, y);
          ctx.moveTo(cx + gapHalf * 0.35, y); ctx.lineTo(cx + gapHalf, y); ctx.stroke();
        } else {
          ctx.strokeStyle = COLORS.seal;
          ctx.beginPath(); ctx.moveTo(cx - len / 2, y + frag * 10 * ((i % 2) ? 1 : -1)); ctx.lineTo(cx + len / 2, y); ctx.stroke();
        }
      }
      // Occludin marks on the strands.
      ctx.globalAlpha = alpha("occludin");
      ctx.fillStyle = COLORS.occludin;
      for (let i = 0; i < strands; i += 2) {
        ctx.fillRect(cx - gapHalf * 0.7, ys[i] - lw * 2, lw * 3, lw * 4);
      }
      // Claudin-2 pore beads.
      const pores = poreCount(st);
      ctx.globalAlpha = alpha("claudin2");
      ctx.fillStyle = COLORS.pore;
      for (let i = 0; i < pores; i++) {
        const y = ys[i % strands];
        const x = cx + gapHalf * (((i * 0.37) % 0.8) - 0.4) * 1.6;
        ctx.beginPath(); ctx.arc(x, y, st.projector ? 6 : 4.5, 0, 2 * Math.PI); ctx.fill();
        ctx.fillStyle = "#fff";
        ctx.beginPath(); ctx.arc(x, y, st.projector ? 2.5 : 1.8, 0, 2 * Math.PI); ctx.fill();
        ctx.fillStyle = COLORS.pore;
      }
      ctx.globalAlpha = 1;
      // Particles crossing: small ions through pores, larger molecules only through breaks.
      for (const p of particles) {
        if (p.big && breaks === 0 && st.integrity > 0.5) continue;
        if (!p.big && pores === 0) continue;
        const y = p.t * H;
        const x = cx + (p.lane - 0.5) * gapHalf * 1.2;
        ctx.fillStyle = p.big ? COLORS.big : COLORS.ion;
        ctx.beginPath(); ctx.arc(x, y, p.big ? (st.projector ? 7 : 5) : (st.projector ? 3.5 : 2.5), 0, 2 * Math.PI); ctx.fill();
      }
      // Zonulin: a proposed pathway, drawn dashed.
      if (st.zonulin) {
        ctx.setLineDash([8, 6]);
        ctx.strokeStyle = "#444";
        ctx.lineWidth = lw;
        const x0 = W * 0.1, y0 = H * 0.85;
        ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(cx - gapHalf - 4, junctionBottom); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = COLORS.text;
        ctx.font = `italic ${font}px system-ui, sans-serif`;
        ctx.fillText("zonulin → EGFR/PAR2 → junction (proposed; evidence disputed)", x0, y0 + font + 2);
      }
      // Labels.
      ctx.fillStyle = COLORS.text;
      ctx.font = `${font}px system-ui, sans-serif`;
      ctx.fillText("Cell A", 10, font + 6);
      ctx.fillText("Cell B", W - 10 - ctx.measureText("Cell B").width, font + 6);
      ctx.fillText("Gut contents ↑", cx - ctx.measureText("Gut contents ↑").width / 2, font + 6);
      ctx.font = `italic ${font - 2}px system-ui, sans-serif`;
      const note = "schematic, not to scale";
      ctx.fillText(note, W - 10 - ctx.measureText(note).width, H - 8);
      root.dataset.pores = String(pores);
      root.dataset.breaks = String(breaks);
      root.dataset.integrity = String(st.integrity);
    }

    function tick() {
      raf = 0;
      if (!playing || !visible || !root.isConnected) return;
      for (const p of particles) {
        p.t += p.big ? 0.002 : 0.006;
        if (p.t > 1) { p.t = 0; p.lane = Math.random(); }
      }
      frames += 1;
      if (frames % 10 === 0) root.dataset.frames = String(frames);
      draw();
      raf = requestAnimationFrame(tick);
    }
    function start() {
      if (!raf && playing && visible) raf = requestAnimationFrame(tick);
    }

    function update() {
      st = readState(model);
      root.classList.toggle("gw-jz-projector", st.projector);
      const text = st.description || "A tight junction between two cells.";
      figure.setAttribute("aria-label", text);
      live.textContent = text;
      resize();
    }

    const names = ["claudin2_level", "leak_level", "strand_integrity", "zonulin_active", "highlight", "description", "height", "theme"];
    for (const n of names) model.on(`change:${n}`, update);
    const onPlay = () => { playing = !playing; setButton(); start(); };
    play.addEventListener("click", onPlay);
    const ro = new ResizeObserver(() => resize());
    ro.observe(figure);
    const io = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      start();
    });
    io.observe(root);
    root.dataset.frames = "0";
    update();
    setButton();
    start();
    return () => {
      for (const n of names) model.off(`change:${n}`, update);
      play.removeEventListener("click", onPlay);
      ro.disconnect();
      io.disconnect();
      if (raf) cancelAnimationFrame(raf);
    };
  },
};
