// Shared front-end part (views/_esm/lib/): the skeleton of a drawn, animated widget, built from the
// other parts (joined before it): root > figure (role img) > canvas, a live region for the text
// alternative, a stage (draw.js: canvas sized to the figure, cached layers) and the animation loop
// (anim.js) following the figure's size and visibility.

/**
 * hooks (functions; all but height optional):
 *   height()        the drawing height in px, from the widget's state;
 *   rescale(scale)  after each fit, with {sx, sy} from the old size (moving parts keep their place);
 *   build(bg, fg)   lay out and draw the cached layers, when the stage is dirty (new size, new state);
 *   step(dt)        advance the moving parts by dt seconds (while playing);
 *   still()         instead of step, for a still frame (paused, hidden, or a change while paused);
 *   moving(ctx)     draw a frame's moving parts between the layers;
 *   onChange(loop)  after play or pause.
 * options: liveClass for the live region, layers: false for a widget that draws all on each frame.
 * Returns { root, figure, canvas, live, stage, loop, resize, rebuild } (rebuild: redraw the layers
 * on the next frame); the caller adds its panel, wires its model listeners with loop.own(...), and
 * returns loop.begin() from render.
 */
export function gwCanvasWidget(rootClass, prefix, hooks, { liveClass, layers = true } = {}) {
  const { root, figure, canvas, ctx, live } = gwCanvasFigure(rootClass, prefix, liveClass);
  root.append(figure, live);
  const stage = gwStage({ canvas, ctx, figure, root, layers });
  const noop = () => {};
  const { height, rescale = noop, build = noop, step = noop, still = noop, moving = noop } = hooks;
  const resize = () => {
    const scale = stage.fit(height());
    if (scale) rescale(scale);
    return !!scale;
  };
  const draw = (dt) => {
    if (!stage.build(build)) return;
    if (dt) step(dt);
    else still();
    stage.compose(moving);
  };
  const loop = gwAnimation({
    root,
    frame(dt) {
      if (stage.stale()) resize();
      draw(dt);
    },
    still() {
      resize();
      draw(0);
    },
    onChange: hooks.onChange,
  });
  loop.watch(figure, resize);
  const rebuild = () => {
    stage.dirty = true;
    loop.redraw();
  };
  return { root, figure, canvas, live, stage, loop, resize, rebuild };
}
