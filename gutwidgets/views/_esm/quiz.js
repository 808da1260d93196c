// "Check your understanding": questions from data/quizzes.yaml, sent by Python in `questions`.
// Feedback appears at once in the browser (no round trip to the kernel) in a live region that
// screen readers announce; every choice is a real button, so Tab and Enter/Space work. The
// chosen answers are reported back in `answers` (question id -> choice number).

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export default {
  render({ model, el: host }) {
    const root = el("div", "gw-quiz");
    host.appendChild(root);
    const uid = Math.random().toString(36).slice(2, 8);
    const draw = () => {
      root.replaceChildren();
      root.classList.toggle("gw-projector", model.get("theme") === "projector");
      const questions = model.get("questions") || [];
      const answers = { ...(model.get("answers") || {}) };
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
          b.addEventListener("click", () => choose(ci));
          return b;
        });
        const choose = (ci, silent) => {
          const c = q.choices[ci];
          buttons.forEach((b, k) => {
            b.setAttribute("aria-pressed", String(k === ci));
            b.dataset.state = k === ci ? (c.correct ? "correct" : "wrong") : "";
          });
          feedback.replaceChildren(
            el("strong", "", c.correct ? "✓ Correct. " : "✗ Not quite. "),
            document.createTextNode(c.feedback),
          );
          feedback.dataset.state = c.correct ? "correct" : "wrong";
          box.dataset.state = feedback.dataset.state;
          if (!silent) {
            answers[q.id] = ci;
            model.set("answers", { ...answers });
            model.save_changes();
          }
        };
        group.append(...buttons);
        box.append(group, feedback);
        root.appendChild(box);
        if (answers[q.id] !== undefined && q.choices[answers[q.id]]) choose(answers[q.id], true);
      });
      const reset = el("button", "gw-quiz-reset jupyter-button", "Reset answers");
      reset.type = "button";
      reset.addEventListener("click", () => {
        model.set("answers", {});
        model.save_changes();
        draw();
      });
      root.appendChild(reset);
    };
    draw();
    const names = ["change:questions", "change:theme"];
    names.forEach((n) => model.on(n, draw));
    return () => names.forEach((n) => model.off(n, draw));
  },
};
