// The mechanism chain of each cause: cause -> signal -> change at the junction -> route.
// Route colours follow gutwidgets.theme.ROUTE_STYLES. Drawn as SVG from the rows the kernel sends; active causes light their chain (thicker for a
// stronger intensity). Hover or keyboard focus on a row shows its evidence in the panel below;
// that is purely visual and makes no kernel round trip.

const SVGNS = "http://www.w3.org/2000/svg";
const ROUTES = [
  { id: "leak", label: "Leak route", sub: "large gaps at the junction", color: "#E69F00" },
  { id: "unrestricted", label: "Unrestricted route", sub: "where cells are injured", color: "#D55E00" },
  { id: null, label: "Not in the model", sub: "mucus and microbes", color: "#777777" },
];
const GRADE_COLORS = {
  strong: "#1b7837", moderate: "#5aae61", limited: "#B26A00", "animal-or-cell-only": "#762a83",
};
const SPECIES = { human: "human studies", animal: "animal studies", "cell culture": "cell studies" };
const SHORT_GRADE = { strong: "Strong", moderate: "Moderate", limited: "Limited", "animal-or-cell-only": "Animal/cell only" };
const SHORT_SPECIES = { human: "people", animal: "animals", "cell culture": "cells" };

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function wrap(text, width) {
  const words = String(text || "").split(/\s+/).filter(Boolean);
  const lines = [];
  let line = "";
  for (const word of words) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? line + " " + word : word;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, 3);
}

function textBlock(parent, x, y, text, width, cls, lineHeight) {
  const lines = wrap(text, width);
  const node = el("text", { x, y: y - ((lines.length - 1) * lineHeight) / 2, class: cls }, parent);
  lines.forEach((line, i) => {
    const span = el("tspan", { x, dy: i === 0 ? 0 : lineHeight }, node);
    span.textContent = line;
  });
  return node;
}

function draw(root, svg, panel, model) {
  const rows = model.get("rows") || [];
  const active = model.get("active") || {};
  const projector = model.get("theme") === "projector";
  const rowH = projector ? 84 : 66;
  const top = 34;
  const W = 1000;
  const H = top + rows.length * rowH + 8;
  const fs = projector ? 17 : 13;
  const lh = projector ? 19 : 15;
  const chars = projector ? 20 : 27;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  root.classList.toggle("gw-projector", projector);

  const cols = [
    { x: 10, w: 230, title: "Cause" },
    { x: 275, w: 220, title: "Signal" },
    { x: 530, w: 220, title: "At the junction" },
    { x: 800, w: 190, title: "Route opened" },
  ];
  for (const c of cols) {
    const t = el("text", { x: c.x + c.w / 2, y: 20, class: "gw-chain-title", "font-size": fs + 1 }, svg);
    t.textContent = c.title;
  }

  // Route nodes, spread over the height.
  const routeY = {};
  const band = (H - top) / ROUTES.length;
  ROUTES.forEach((r, i) => {
    const y = top + band * i + band / 2;
    routeY[String(r.id)] = y;
    const lit = rows.some((row) => String(row.route) === String(r.id) && (active[row.id] || 0) > 0);
    const g = el("g", { class: "gw-chain-route" + (lit ? " gw-lit" : ""), "data-route": String(r.id) }, svg);
    el("rect", { x: cols[3].x, y: y - 34, width: cols[3].w, height: 68, rx: 10, fill: lit ? r.color : "#f4f4f4", "fill-opacity": lit ? 0.35 : 1,
                 stroke: r.color, "stroke-width": 2 }, g);
    textBlock(g, cols[3].x + cols[3].w / 2, y - 6, r.label, 20, "gw-chain-label", lh)
      .setAttribute("font-size", fs);
    textBlock(g, cols[3].x + cols[3].w / 2, y + 16, r.sub, 24, "gw-chain-sub", lh)
      .setAttribute("font-size", fs - 2);
  });

  const litIds = [];
  rows.forEach((row, i) => {
    const y = top + i * rowH + rowH / 2;
    const strength = Math.max(0, Number(active[row.id] || 0));
    const on = strength > 0;
    if (on) litIds.push(row.id);
    const route = ROUTES.find((r) => String(r.id) === String(row.route)) || ROUTES[2];
    const g = el("g", {
      class: "gw-chain-row" + (on ? " gw-active" : ""), tabindex: 0, role: "listitem",
      "data-cause": row.id, "aria-label": `${row.label}: ${row.mediator}; ${row.junction}; ${route.label}.`,
    }, svg);
    const color = on ? route.color : "#bbbbbb";
    const width = on ? 2 + 5 * Math.min(strength, 1.5) : 1.5;
    // Connectors first, boxes on top.
    const midY = y;
    for (let k = 0; k < 2; k++) {
      el("line", { x1: cols[k].x + cols[k].w, y1: midY, x2: cols[k + 1].x, y2: midY, stroke: color,
                   "stroke-width": width, class: "gw-chain-link" }, g);
    }
    const ry = routeY[String(row.route)];
    el("path", {
      d: `M ${cols[2].x + cols[2].w} ${midY} C ${cols[2].x + cols[2].w + 30} ${midY}, ${cols[3].x - 30} ${ry}, ${cols[3].x} ${ry}`,
      fill: "none", stroke: color, "stroke-width": width, class: "gw-chain-link",
      "stroke-dasharray": row.modelled ? "" : "6 5",
    }, g);
    const boxes = [
      { c: cols[0], text: row.label, cls: "gw-chain-label" },
      { c: cols[1], text: row.mediator, cls: "gw-chain-text" },
      { c: cols[2], text: row.junction, cls: "gw-chain-text" },
    ];
    boxes.forEach((b, k) => {
      el("rect", { x: b.c.x, y: y - rowH / 2 + 4, width: b.c.w, height: rowH - 8, rx: 8,
                   fill: on ? (k === 0 ? "#fff7e6" : "#ffffff") : "#fafafa",
                   stroke: on ? color : "#cccccc", "stroke-width": on ? 2 : 1 }, g);
      const dy = k === 0 ? -7 : 0;
      textBlock(g, b.c.x + b.c.w / 2, y + dy, b.text, chars, b.cls, lh).setAttribute("font-size", k === 0 ? fs : fs - 1);
    });
    // Evidence badge under the cause's name.
    const badge = `${row.grade_label} · ${SPECIES[row.species] || row.species}`;
    const bt = el("text", { x: cols[0].x + cols[0].w / 2, y: y + rowH / 2 - 11, class: "gw-chain-badge",
                            fill: GRADE_COLORS[row.grade] || "#333", "font-size": fs - 3 }, g);
    bt.textContent = `${SHORT_GRADE[row.grade] || row.grade_label} · ${SHORT_SPECIES[row.species] || row.species}` +
      (row.modelled ? "" : " · not sized");
    const show = () => {
      panel.replaceChildren();
      const h = document.createElement("strong");
      h.textContent = row.label + ": ";
      const s = document.createElement("span");
      s.textContent = `${badge}. ${row.evidence}` + (row.modelled ? "" : ` Not modelled: ${row.reason}`);
      panel.append(h, s);
      root.dataset.shown = row.id;
      for (const other of svg.querySelectorAll(".gw-chain-row")) other.classList.toggle("gw-hover", other === g);
    };
    g.addEventListener("mouseenter", show);
    g.addEventListener("focus", show);
    g.addEventListener("click", show);
  });
  root.dataset.active = litIds.join(",");
  root.dataset.rows = String(rows.length);
  svg.setAttribute("aria-label", model.get("description") || "Mechanism chains of the causes");
}

export default {
  render({ model, el: host }) {
    const root = gwEl("div", "gw-cause-chain");
    Object.assign(root.dataset, { active: "", shown: "" });
    const svg = el("svg", { role: "list", width: "100%", preserveAspectRatio: "xMidYMin meet" });
    const panel = gwEl("p", "gw-chain-panel", { "aria-live": "polite", text: "Point at (or tab to) a cause to see what kind of study shows it." });
    root.append(svg, panel);
    const events = ["change:rows", "change:active", "change:theme", "change:description"];
    return gwMount(host, root, model, events, () => draw(root, svg, panel, model));
  },
};
