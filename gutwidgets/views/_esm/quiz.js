// "Check your understanding": questions from data/quizzes.yaml, sent by Python in `questions`,
// each choice as its text only, in the question's shown order. Nothing in the page says which
// choice is right until one is chosen. The choice goes back in `answers` (question id -> shown
// position); the kernel replies in `verdicts` (question id -> {choice, correct, feedback}). A
// static page has no kernel: there `sealed` carries each choice's verdict, encoded (see quiz.py),
// and only the chosen one is decoded. Feedback appears in a live region that screen readers
// announce; every choice is a real button, so Tab and Enter/Space work.

const NO_CHECK =
  "This copy cannot check answers: it was saved without them. Open the chapter in Voila or JupyterLab to use the questions.";
const UNREADABLE = "This answer could not be checked on this page.";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The same key and key stream as quiz.py (seal_key, _keystream): FNV-1a seeds mulberry32.
export function sealKey(question, position) {
  return `gw-quiz\u0000${question}\u0000${position}`;
}

export function keystream(key, n) {
  let state = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) state = Math.imul(state ^ byte, 0x01000193) >>> 0;
  const out = new Uint8Array(n + 3);
  for (let i = 0; i < n; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), state | 1);
    x = ((x + Math.imul(x ^ (x >>> 7), x | 61)) ^ x) >>> 0;
    x = (x ^ (x >>> 14)) >>> 0;
    for (let k = 0; k < 4; k++) out[i + k] = (x >>> (8 * k)) & 0xff;
  }
  return out.subarray(0, n);
}

export function unseal(blob, key) {
  const bytes = Uint8Array.from(atob(blob), (ch) => ch.charCodeAt(0));
  const stream = keystream(key, bytes.length);
  return JSON.parse(new TextDecoder().decode(bytes.map((b, i) => b ^ stream[i])));
}

export default {
  render({ model, el: host }) {
    const root = el("div", "gw-quiz");
    host.appendChild(root);
    const uid = Math.random().toString(36).slice(2, 8);
    let boxes = new Map(); // question id -> { show(position), clear() }

    // The verdict for a shown position: decoded from `sealed` if the page carries it, else the
    // kernel's reply once it has come. null while waiting; a string when it cannot be had.
    const verdictFor = (qid, position) => {
      const sealed = (model.get("sealed") || {})[qid];
      if (sealed && sealed[position] !== undefined) {
        try {
          return unseal(sealed[position], sealKey(qid, position));
        } catch {
          return UNREADABLE;
        }
      }
      const reply = (model.get("verdicts") || {})[qid];
      if (reply && reply.choice === position) return reply;
      return document.querySelector(".gw-static-banner") ? NO_CHECK : null;
    };

    const draw = () => {
      root.replaceChildren();
      boxes = new Map();
      const questions = model.get("questions") || [];
      questions.forEach((q, qi) => {
        const box = el("section", "gw-question");
        box.dataset.question = q.id;
        const promptId = `gw-q-${uid}-${qi}`;
        box.setAttribute("aria-labelledby", promptId);
        if (q.task) {
          const task = el("p", "gw-task");
          task.append(el("strong", "", "Try it first: "), document.createTextNode(q.task));
          box.appendChild(task);
        }
        box.appendChild(el("p", "gw-prompt", `${qi + 1}. ${q.prompt}`)).id = promptId;
        const group = el("div", "gw-choices");
        group.setAttribute("role", "group");
        group.setAttribute("aria-labelledby", promptId);
        const feedback = el("p", "gw-feedback");
        feedback.setAttribute("role", "status");
        feedback.setAttribute("aria-live", "polite");
        const buttons = q.choices.map((c, ci) => {
          const b = el("button", "gw-choice", c.text);
          b.type = "button";
          b.setAttribute("aria-pressed", "false");
          b.addEventListener("click", () => {
            model.set("answers", { ...(model.get("answers") || {}), [q.id]: ci });
            model.save_changes();
            state.show(ci);
          });
          return b;
        });
        const state = {
          shown: undefined, // the position whose feedback is on the page, and its verdict
          verdict: null,
          show(ci) {
            const v = verdictFor(q.id, ci);
            if (this.shown === ci && JSON.stringify(v) === JSON.stringify(this.verdict)) return;
            this.shown = ci;
            this.verdict = v;
            buttons.forEach((b, k) => {
              b.setAttribute("aria-pressed", String(k === ci));
              if (v && typeof v === "object" && k === ci) b.dataset.state = v.correct ? "correct" : "wrong";
              else delete b.dataset.state;
            });
            if (v && typeof v === "object") {
              feedback.replaceChildren(
                el("strong", "", v.correct ? "✓ Correct. " : "✗ Not quite. "),
                document.createTextNode(v.feedback),
              );
              feedback.dataset.state = box.dataset.state = v.correct ? "correct" : "wrong";
            } else {
              feedback.textContent = v || ""; // nothing yet: the kernel's reply is on its way
              delete feedback.dataset.state;
              delete box.dataset.state;
            }
          },
          clear() {
            if (this.shown === undefined) return;
            this.shown = undefined;
            this.verdict = null;
            buttons.forEach((b) => {
              b.setAttribute("aria-pressed", "false");
              delete b.dataset.state;
            });
            feedback.replaceChildren();
            delete feedback.dataset.state;
            delete box.dataset.state;
          },
        };
        boxes.set(q.id, state);
        group.append(...buttons);
        box.append(group, feedback);
        root.appendChild(box);
      });
      const reset = el("button", "gw-quiz-reset jupyter-button", "Reset answers");
      reset.type = "button";
      reset.addEventListener("click", () => {
        model.set("answers", {});
        model.save_changes();
        boxes.forEach((s) => s.clear());
      });
      root.appendChild(reset);
      update();
    };
    // Bring every question in line with `answers` and the replies; only what changed is redrawn
    // (and so announced).
    const update = () => {
      const answers = model.get("answers") || {};
      boxes.forEach((s, qid) => (answers[qid] === undefined ? s.clear() : s.show(answers[qid])));
    };
    const theme = () => root.classList.toggle("gw-projector", model.get("theme") === "projector");
    theme();
    draw();
    const handlers = [
      ["change:questions", draw],
      ["change:answers", update],
      ["change:verdicts", update],
      ["change:sealed", update],
      ["change:theme", theme],
    ];
    handlers.forEach(([n, f]) => model.on(n, f));
    return () => handlers.forEach(([n, f]) => model.off(n, f));
  },
};
