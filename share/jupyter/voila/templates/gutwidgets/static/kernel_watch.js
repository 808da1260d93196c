// gutwidgets: say so plainly when a dashboard's kernel is lost, and offer a one-click restart.
//
// When a kernel dies, Jupyter restarts it, but the new kernel has none of the page's widgets:
// sliders would silently do nothing. This script (loaded before Voila's own code) watches the
// page's kernel connection for the kernel's "restarting" or "dead" status, or for a connection
// that closes and does not come back (the server stopped), and then shows a message with a
// button that reloads the page, which starts a fresh kernel.
(function () {
  "use strict";
  const Native = window.WebSocket;
  if (!Native || Native.gwWatched) return;
  let unloading = false;
  let lastOpen = 0;
  window.addEventListener("beforeunload", () => { unloading = true; });
  window.addEventListener("pagehide", () => { unloading = true; });

  const TEXT = {
    restarted: "This dashboard has stopped: its Python kernel ended, so the controls no longer do anything.",
    closed: "This dashboard has lost its connection to the server, so the controls no longer do anything.",
  };

  function show(reason) {
    if (unloading || document.getElementById("gw-kernel-lost")) return;
    const box = document.createElement("div");
    box.id = "gw-kernel-lost";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:10000;padding:0.8em 1.2em;" +
      "background:#fff3cd;color:#111;border-bottom:4px solid #b26a00;font:18px/1.5 system-ui,sans-serif;";
    const p = document.createElement("p");
    p.style.margin = "0 0 0.5em 0";
    p.textContent = TEXT[reason] + " Restarting reloads the page with a fresh start (settings are not kept).";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Restart the dashboard";
    button.style.cssText = "font-size:1em;padding:0.4em 1em;border:2px solid #0b4f8a;border-radius:6px;" +
      "background:#0b4f8a;color:#fff;cursor:pointer;";
    button.addEventListener("click", () => window.location.reload());
    box.append(p, button);
    document.body.prepend(box);
    document.body.dataset.gwKernel = reason;
    button.focus();
  }

  const decoder = typeof TextDecoder !== "undefined" ? new TextDecoder() : null;
  const LOST = /"execution_state":\s*"(restarting|autorestarting|dead)"/;

  function inspect(data) {
    let text = null;
    if (typeof data === "string") text = data;
    else if (decoder && data instanceof ArrayBuffer && data.byteLength < 4096) text = decoder.decode(data);
    if (text && text.indexOf('"status"') !== -1 && LOST.test(text)) show("restarted");
  }

  class WatchedWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).indexOf("/channels") === -1) return;
      this.addEventListener("open", () => { lastOpen = Date.now(); });
      this.addEventListener("message", (event) => inspect(event.data));
      this.addEventListener("close", () => {
        const closedAt = Date.now();
        // Jupyter reconnects by itself; only a connection that stays away is reported.
        setTimeout(() => { if (lastOpen < closedAt) show("closed"); }, 15000);
      });
    }
  }
  WatchedWebSocket.gwWatched = true;
  window.WebSocket = WatchedWebSocket;
})();
