// The evidence ladder: one rung per kind of evidence (strongest at the top), each strategy a chip
// on its rung with its grade and the number of people studied. Pointing at (or tabbing to, or
// clicking) a chip shows its evidence and links to its sources in the panel below. That is purely
// visual: no message goes to the kernel.

const GRADE_COLORS = {
  strong: ["#d9f0d3", "#0b3d0b"], moderate: ["#e0ecf8", "#0b2e55"],
  limited: ["#fdebd0", "#5a3200"], "animal-or-cell-only": ["#f2e0f5", "#4a1257"],
};

function node(tag, cls, text) {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  if (text !== undefined) n.textContent = text;
  return n;
}

function badge(row) {
  const b = node("span", "gw-badge", row.grade_label);
  const [bg, fg] = GRADE_COLORS[row.grade] || ["#eee", "#111"];
  b.style.background = bg;
  b.style.color = fg;
  return b;
}

function showDetail(root, panel, row, chip) {
  panel.replaceChildren();
  const head = node("p");
  head.append(node("strong", "", row.label + " "), badge(row), node("span", "gw-species", " " + row.species));
  const ev = node("p", "", row.evidence);
  const found = node("p");
  found.append(node("i", "", "What was found: "), document.createTextNode(row.finding));
  const model = node("p");
  model.append(node("i", "", "In the model: "),
               document.createTextNode(row.modelled ? "acts on a cause (see the planner)." : "not modelled. " + row.reason));
  const src = node("p", "gw-sources", "Sources: ");
  row.sources.forEach((s, i) => {
    const a = node("a", "", s.text);
    a.href = s.href;
    a.target = "_blank";
    a.rel = "noopener";
    a.title = s.title;
    if (i) src.append(document.createTextNode("; "));
    src.append(a);
  });
  panel.append(head, ev, found, model, src);
  root.dataset.shown = row.id;
  for (const other of root.querySelectorAll(".gw-ladder-chip")) other.classList.toggle("gw-hover", other === chip);
  for (const rung of root.querySelectorAll(".gw-ladder-rung")) rung.classList.toggle("gw-hover", rung.dataset.rung === row.rung);
}

function draw(root, ladder, panel, model) {
  const rungs = model.get("rungs") || [];
  const rows = model.get("rows") || [];
  root.classList.toggle("gw-projector", model.get("theme") === "projector");
  ladder.replaceChildren();
  ladder.setAttribute("aria-label", model.get("description") || "Evidence ladder");
  rungs.forEach((rung, i) => {
    const li = node("li", "gw-ladder-rung");
    li.dataset.rung = rung.id;
    const title = node("div", "gw-ladder-title");
    title.append(node("span", "gw-ladder-step", String(i + 1)), document.createTextNode(" " + rung.label));
    const chips = node("div", "gw-ladder-chips");
    const mine = rows.filter((r) => r.rung === rung.id);
    if (!mine.length) chips.append(node("span", "gw-hint", "none of the strategies here"));
    for (const row of mine) {
      const chip = node("button", "gw-ladder-chip" + (row.modelled ? "" : " gw-not-modelled"));
      chip.type = "button";
      chip.dataset.strategy = row.id;
      chip.setAttribute("aria-label", `${row.label}: ${row.grade_label}; ${row.people ? row.people + " people" : ""}`);
      chip.append(node("span", "gw-chip-label", row.label), badge(row));
      if (row.people) chip.append(node("span", "gw-chip-people", `${row.people} people`));
      if (!row.modelled) chip.append(node("span", "gw-chip-flag", "not modelled"));
      const show = () => showDetail(root, panel, row, chip);
      chip.addEventListener("mouseenter", show);
      chip.addEventListener("focus", show);
      chip.addEventListener("click", show);
      chips.append(chip);
    }
    li.append(title, chips);
    ladder.append(li);
  });
  root.dataset.rows = String(rows.length);
}

export default {
  render({ model, el: host }) {
    const root = node("div", "gw-evidence-ladder");
    root.dataset.shown = "";
    const ladder = node("ol", "gw-ladder");
    const panel = gwEl("div", "gw-ladder-panel", { "aria-live": "polite", text: "Point at (or tab to) a strategy to see its evidence and sources." });
    root.append(ladder, panel);
    const events = ["change:rows", "change:rungs", "change:theme", "change:description"];
    return gwMount(host, root, model, events, () => draw(root, ladder, panel, model));
  },
};
