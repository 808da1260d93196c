// Shared front-end part (views/_esm/lib/): canvas drawing helpers. Uses numbers.js (joined before
// it). The label pills take their look (fill, border, text colour for the current theme) from the
// widget's layout, L.pillLook, so each widget keeps its own.

/** The widgets' canvas font. */
export function gwFont(size, weight = "normal", style = "normal") {
  return `${style} ${weight} ${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
}

/** The device pixel ratio used for the canvases' backing store, kept in [1, 3]. */
export function gwPixelRatio() {
  return Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
}

/**
 * Size the canvases for width × height CSS px at the device pixel ratio (the first one is the
 * visible one: its CSS height is set too). `was` is the current {W, H, dpr}. Returns null when
 * there is no width yet, else the new {W, H, dpr, changed}; canvases are touched only if changed.
 */
export function gwFit(canvases, width, height, was) {
  const W = Math.floor(width || 0);
  if (W <= 0) return null;
  const dpr = gwPixelRatio();
  const changed = W !== was.W || height !== was.H || dpr !== was.dpr;
  if (changed) {
    for (const c of canvases) {
      c.width = Math.round(W * dpr);
      c.height = Math.round(height * dpr);
    }
    canvases[0].style.height = `${height}px`;
  }
  return { W, H: height, dpr, changed };
}

/**
 * A drawn widget's surface: the visible canvas (ctx) and two cached layers, `bg` under the moving
 * parts and `fg` over them, redrawn only when `dirty`. Sized to the width of `figure` (or of
 * `root` while the figure has none) and a height in CSS px. Fields: W, H, dpr, dirty, built.
 */
export function gwStage({ canvas, ctx, figure, root, layers = true }) {
  const layer = () => {
    const c = document.createElement("canvas");
    return { canvas: c, ctx: c.getContext("2d") };
  };
  const bg = layers ? layer() : null;
  const fg = layers ? layer() : null;
  const canvases = layers ? [canvas, bg.canvas, fg.canvas] : [canvas];
  const stage = { W: 0, H: 0, dpr: 1, dirty: true, built: false, canvas, ctx, bg: bg && bg.ctx, fg: fg && fg.ctx };
  /** Fit to the figure and `height`: null when there is no width yet, else the scale {sx, sy} from the old size. */
  stage.fit = (height) => {
    const fit = gwFit(canvases, figure.clientWidth || root.clientWidth, height, stage);
    if (!fit) return null;
    const scale = { sx: stage.W > 0 ? fit.W / stage.W : 1, sy: stage.H > 0 ? fit.H / stage.H : 1 };
    if (fit.changed || !stage.built) {
      stage.W = fit.W;
      stage.H = fit.H;
      stage.dpr = fit.dpr;
      stage.dirty = true;
    }
    return scale;
  };
  /** Whether the size must be checked again before a frame (no width yet, or a new pixel ratio). */
  stage.stale = () => !stage.W || gwPixelRatio() !== stage.dpr;
  /** Lay out and redraw the cached layers with draw(bg, fg) if out of date; false while there is no size. */
  stage.build = (draw) => {
    if (!stage.W || !stage.H) return false;
    if (stage.dirty || !stage.built) {
      if (layers) for (const c of [bg.ctx, fg.ctx]) c.setTransform(stage.dpr, 0, 0, stage.dpr, 0, 0);
      draw(stage.bg, stage.fg);
      stage.dirty = false;
      stage.built = true;
    }
    return true;
  };
  /** One frame on the visible canvas: the background layer, moving(ctx), then the label layer. */
  stage.compose = (moving) => {
    const { W, H, dpr } = stage;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    if (layers) ctx.drawImage(bg.canvas, 0, 0, W, H);
    moving(ctx);
    if (layers) ctx.drawImage(fg.canvas, 0, 0, W, H);
  };
  return stage;
}

/** Fill the current path (if fill is a colour) and outline it (if stroke is a colour) lineWidth wide. */
export function gwPaint(ctx, fill, stroke = null, lineWidth = 1) {
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke) {
    ctx.lineWidth = lineWidth;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

/** Add a rounded rectangle to the current path. */
export function gwRoundRectPath(ctx, x, y, w, h, r) {
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

/** A filled arrow head with its tip at (x, y), pointing along angle (radians). */
export function gwArrowHead(ctx, x, y, angle, size) {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(angle - 0.45), y - size * Math.sin(angle - 0.45));
  ctx.lineTo(x - size * Math.cos(angle + 0.45), y - size * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

/**
 * The box a label pill takes: text at L.fs px (or opts.size) in opts.weight / opts.style, aligned
 * on x by opts.align ("left", "center", "right") and kept inside the width L.W. Sets ctx.font.
 */
export function gwPillBox(ctx, L, text, x, y, opts = {}) {
  const size = opts.size || L.fs;
  ctx.font = gwFont(size, opts.weight || "600", opts.style || "normal");
  const padX = L.proj ? 7 : 5;
  const h = Math.round(size * 1.45);
  const w = Math.ceil(ctx.measureText(text).width) + 2 * padX;
  let left = opts.align === "right" ? x - w : opts.align === "center" ? x - w / 2 : x;
  left = gwClamp(left, 2, Math.max(2, L.W - w - 2));
  return { left, top: y, right: left + w, bottom: y + h, w, h };
}

/** Draw a label on a pale pill in box; opts (background, border, borderWidth, dashed, color) override L.pillLook. */
export function gwDrawPill(ctx, L, text, box, opts = {}) {
  const look = L.pillLook;
  const size = opts.size || L.fs;
  ctx.save();
  ctx.beginPath();
  gwRoundRectPath(ctx, box.left, box.top, box.w, box.h, box.h / 2.6);
  ctx.fillStyle = opts.background || look.background;
  ctx.fill();
  ctx.lineWidth = opts.borderWidth || look.borderWidth;
  if (opts.dashed) ctx.setLineDash(L.proj ? [6, 4] : [4, 3]);
  ctx.strokeStyle = opts.border || look.border;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = gwFont(size, opts.weight || "600", opts.style || "normal");
  ctx.fillStyle = opts.color || look.color;
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  ctx.fillText(text, box.left + (L.proj ? 7 : 5), box.top + box.h / 2 + 0.5);
  ctx.restore();
}

/** Measure and (unless opts.measureOnly) draw a label on a pale pill. Returns its box. */
export function gwPill(ctx, L, text, x, y, opts = {}) {
  const box = gwPillBox(ctx, L, text, x, y, opts);
  if (!opts.measureOnly) gwDrawPill(ctx, L, text, box, opts);
  return box;
}

/** Whether two boxes come closer than padX across and padY up and down. */
export function gwOverlaps(a, b, padX = 3, padY = padX) {
  return a.left < b.right + padX && b.left < a.right + padX && a.top < b.bottom + padY && b.top < a.bottom + padY;
}
