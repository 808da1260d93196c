// Shared front-end part (views/_esm/lib/): the animation loop of the drawn widgets. One
// requestAnimationFrame loop with play and pause that runs only while the widget is on the page
// and in view, starts paused when the reader asks for reduced motion (prefers-reduced-motion) and
// pauses when that preference is switched on. No DOM of its own: the browser calls come from
// `env` (the page by default), so Node runs it with a fake clock (tests/test_esm_lib.py).

/**
 * The loop. Options:
 *   root     element: the loop runs only while it is on the page; its dataset gets `playing` and
 *            `frames` (every 10th frame) for tests;
 *   frame    frame(dt): step and draw one frame, dt in seconds (1/60 on the first, at most 0.05);
 *   still    still(): draw once, when not running (paused, hidden, or a change while paused);
 *   onChange onChange(loop): after play/pause (labels, status text);
 *   env      requestAnimationFrame, cancelAnimationFrame, matchMedia, ResizeObserver,
 *            IntersectionObserver, addEventListener (globalThis by default).
 * The loop's fields: playing, running, visible, frames, reduced. Nothing starts until setPlaying.
 */
export function gwAnimation({ root, frame, still, onChange = () => {}, env = globalThis }) {
  const query = env.matchMedia ? env.matchMedia("(prefers-reduced-motion: reduce)") : null;
  const cleanups = [];
  let rafId = 0;
  let redrawId = 0;
  let last = 0;
  let disposed = false;
  const loop = { playing: false, running: false, visible: true, frames: 0, reduced: !!(query && query.matches) };
  const live = () => !disposed && root.isConnected;

  function tick(now) {
    rafId = 0;
    if (!live() || !loop.playing || !loop.visible) {
      loop.running = false;
      // a change made while the loop was winding down still has to reach the screen
      if (live()) loop.redraw();
      return;
    }
    const dt = last ? Math.min(0.05, (now - last) / 1000) : 1 / 60;
    last = now;
    frame(dt);
    loop.frames += 1;
    if (loop.frames % 10 === 0) root.dataset.frames = String(loop.frames);
    rafId = env.requestAnimationFrame(tick);
  }

  /** Run, if playing, on the page and in view (and not already running). */
  loop.start = () => {
    if (!live() || loop.running || !loop.playing || !loop.visible) return;
    loop.running = true;
    last = 0;
    rafId = env.requestAnimationFrame(tick);
  };
  /** One still frame on the next animation frame, unless the loop is running (it draws anyway). */
  loop.redraw = () => {
    if (disposed || loop.running || redrawId) return;
    redrawId = env.requestAnimationFrame(() => {
      redrawId = 0;
      if (!loop.running) still();
    });
  };
  loop.setPlaying = (on) => {
    loop.playing = !!on;
    root.dataset.playing = loop.playing ? "true" : "false";
    onChange(loop);
    if (loop.playing) loop.start();
    else loop.redraw();
  };
  loop.toggle = () => loop.setPlaying(!loop.playing);
  loop.setVisible = (on) => {
    loop.visible = !!on;
    if (loop.visible) loop.start();
  };
  loop.resetFrames = () => {
    loop.frames = 0;
    root.dataset.frames = "0";
  };
  /**
   * Follow the size and visibility of `target`: resize() is called when its size may have
   * changed and returns whether there is something to draw on; the loop then redraws and starts.
   */
  loop.watch = (target, resize) => {
    const resized = () => {
      if (resize()) {
        loop.redraw();
        loop.start();
      }
    };
    if (typeof env.ResizeObserver === "function") {
      const ro = new env.ResizeObserver(resized);
      ro.observe(target);
      cleanups.push(() => ro.disconnect());
    } else if (env.addEventListener) {
      env.addEventListener("resize", resized);
      cleanups.push(() => env.removeEventListener("resize", resized));
    }
    if (typeof env.IntersectionObserver === "function") {
      const io = new env.IntersectionObserver((entries) => {
        const e = entries[entries.length - 1];
        loop.setVisible(!!(e && e.isIntersecting));
      });
      io.observe(target);
      cleanups.push(() => io.disconnect());
    }
  };
  /** Clean-ups (functions) to run on dispose, such as those gwListen and gwOn return. */
  loop.own = (...offs) => {
    cleanups.push(...offs);
  };
  /** Stop for good: cancel the frames, run the clean-ups, take root off the page. */
  loop.dispose = () => {
    disposed = true;
    loop.running = false;
    if (rafId) env.cancelAnimationFrame(rafId);
    if (redrawId) env.cancelAnimationFrame(redrawId);
    rafId = redrawId = 0;
    for (const f of cleanups.splice(0)) f();
    root.remove();
  };
  /** First draw: play unless the reader asks for reduced motion. Returns dispose (render's clean-up). */
  loop.begin = () => {
    loop.setPlaying(!loop.reduced);
    loop.redraw();
    return loop.dispose;
  };

  const onReduce = (e) => {
    loop.reduced = !!e.matches;
    if (e.matches && loop.playing) loop.setPlaying(false);
  };
  if (query && query.addEventListener) {
    query.addEventListener("change", onReduce);
    cleanups.push(() => query.removeEventListener("change", onReduce));
  } else if (query && query.addListener) {
    query.addListener(onReduce);
    cleanups.push(() => query.removeListener(onReduce));
  }
  return loop;
}

/** The status line for a loop: running, paused, or paused for reduced motion before any frame. */
export function gwLoopStatus(loop) {
  if (loop.playing) return "Animation running";
  if (loop.reduced && loop.frames === 0) return "Animation paused (reduced motion); press Play";
  return "Animation paused";
}

/** The play button names what it will do: Pause while playing, Play while paused. */
export function gwPlayLabel(button, playing, iconClass = "") {
  const icon = iconClass ? `<span class="${iconClass}" aria-hidden="true">` : '<span aria-hidden="true">';
  button.innerHTML = playing ? `${icon}❚❚</span> Pause` : `${icon}▶</span> Play`;
}
