// Task panel: streams the task's log into <pre class="log" data-log-url> with fetch() and a
// ReadableStream (the API's text log; follow=true keeps it open while the run is active), appends
// text nodes only (never HTML), and scrolls with new lines while the reader is at the bottom.
// Bound when a panel fragment arrives ("skiff:fragment") and on a page that has one already.
(function () {
  "use strict";
  const MAX_CHARS = 2 * 1024 * 1024; // what the viewer keeps; the start is dropped beyond
  const streams = new Set();

  function stopDetached() {
    for (const s of Array.from(streams)) {
      if (!s.pre.isConnected) { s.abort.abort(); streams.delete(s); }
    }
  }

  async function stream(pre) {
    if (pre.dataset.bound) return;
    pre.dataset.bound = "1";
    stopDetached();
    const panel = pre.closest(".task-panel") || document;
    const status = panel.querySelector(".log-status");
    const followBox = panel.querySelector(".log-follow");
    const abort = new AbortController();
    const entry = { pre, abort };
    streams.add(entry);
    const say = (t) => { if (status) status.textContent = t; };
    let kept = 0;
    const append = (text) => {
      if (!text) return;
      const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
      pre.appendChild(document.createTextNode(text));
      kept += text.length;
      while (kept > MAX_CHARS && pre.firstChild) {
        kept -= pre.firstChild.textContent.length;
        pre.removeChild(pre.firstChild);
      }
      if (followBox ? followBox.checked : atBottom) pre.scrollTop = pre.scrollHeight;
    };
    try {
      const res = await fetch(pre.dataset.logUrl, {
        credentials: "same-origin", headers: { "Accept": "text/plain" }, signal: abort.signal });
      if (!res.ok) {
        let detail = "";
        try { const j = await res.json(); detail = j.detail || j.title || ""; } catch (e) { detail = ""; }
        say("");
        append(detail ? "(" + detail + ")" : "(no log: the server answered " + res.status + ")");
        return;
      }
      const live = pre.dataset.logUrl.indexOf("follow=true") >= 0;
      say(live ? "Live" : "");
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let empty = true;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!pre.isConnected) { abort.abort(); break; }
        if (value) { empty = empty && value.length === 0; append(value); }
      }
      if (empty && pre.textContent === "") append("(the task wrote no log)");
      say(live ? "Ended" : "");
    } catch (e) {
      if (e.name !== "AbortError") say("Log stream stopped: " + e.message);
    } finally {
      streams.delete(entry);
    }
  }

  function bind(root) {
    (root || document).querySelectorAll("pre.log[data-log-url]").forEach(stream);
  }

  document.addEventListener("skiff:fragment", (ev) => bind(ev.target));
  document.addEventListener("DOMContentLoaded", () => bind(document));
  window.addEventListener("pagehide", () => streams.forEach((s) => s.abort.abort()));
})();
