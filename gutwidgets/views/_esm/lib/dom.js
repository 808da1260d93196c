// Shared front-end part (views/_esm/lib/): building a widget's page elements and taking them down
// again. Browser only (document), but nothing runs until a widget calls it.

/** A new element with a class and attributes; `text` sets its text, `html` its markup. */
export function gwEl(tag, className = "", attrs = {}) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (k === "html") e.innerHTML = v;
    else e.setAttribute(k, v);
  }
  return e;
}

/**
 * A drawn widget's frame: root (class rootClass), a figure (role img) holding the canvas, and a
 * polite live region that repeats the text alternative. Classes are `${prefix}-figure`, and so on.
 */
export function gwCanvasFigure(rootClass, prefix, liveClass = `${prefix}-visually-hidden`) {
  const root = gwEl("div", rootClass);
  const figure = gwEl("div", `${prefix}-figure`, { role: "img" });
  const canvas = gwEl("canvas", `${prefix}-canvas`);
  figure.appendChild(canvas);
  const live = gwEl("p", liveClass, { "aria-live": "polite" });
  return { root, figure, canvas, ctx: canvas.getContext("2d"), live };
}

/** Give the text alternative to the labelled elements and to the live region (only if it changed). */
export function gwDescribe(text, live, ...labelled) {
  for (const e of labelled) e.setAttribute("aria-label", text);
  if (live.textContent !== text) live.textContent = text;
}

/** model.on for each [event, callback] pair; returns the function that removes them all. */
export function gwListen(model, pairs) {
  for (const [name, cb] of pairs) model.on(name, cb);
  return () => {
    for (const [name, cb] of pairs) model.off(name, cb);
  };
}

/** addEventListener; returns the function that removes it. */
export function gwOn(target, type, cb) {
  target.addEventListener(type, cb);
  return () => target.removeEventListener(type, cb);
}

/** Put root in host, draw it, and redraw on each named model event; returns the clean-up. */
export function gwMount(host, root, model, events, redraw) {
  host.appendChild(root);
  redraw();
  return gwListen(model, events.map((name) => [name, redraw]));
}

/**
 * Model listeners from a table of rows [trait name(s), ...steps]: on a change of any named trait,
 * refresh() (re-read the traits), then each step in order. Returns [event, callback] pairs for gwListen.
 */
export function gwChanges(refresh, rows) {
  const pairs = [];
  for (const [names, ...steps] of rows) {
    const cb = () => {
      refresh();
      for (const f of steps) f();
    };
    for (const name of [].concat(names)) pairs.push([`change:${name}`, cb]);
  }
  return pairs;
}

/** The gwChanges rows every drawn widget has: its text alternative, height and theme. */
export function gwViewRows({ describe, resize, theme, redraw }) {
  return [
    ["description", describe],
    ["height", resize, redraw],
    ["theme", theme, redraw],
  ];
}
