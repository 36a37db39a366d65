// Runs list (and any <table data-live-runs>, e.g. the home page's recent runs): state badges follow the profile's run events (GET /api/v1/events?profile=P, SSE)
// without a reload, and the "Compare" button opens /p/P/compare?runs=a,b for the 2-10 runs picked.
// Text from the server goes into the page with textContent only.
(function () {
  "use strict";
  const MIN = 2, MAX = 10;

  function label(state) {
    const s = String(state || "").toLowerCase().replace(/_/g, " ");
    return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  }

  function setState(badge, state) {
    if (!badge || badge.dataset.state === state) return;
    for (const c of Array.from(badge.classList)) {
      if (c.startsWith("state-")) badge.classList.remove(c);
    }
    badge.classList.add("state-" + String(state).toLowerCase().replace(/_/g, "-"));
    badge.dataset.state = state;
    badge.textContent = label(state);
  }

  // The stream tells only what changes after it connects. A run that changed between the page's
  // drawing and the stream's (re)connect is read once from a fresh copy of this page; a row an
  // event updated meanwhile keeps the event's state, which is newer.
  function catchUp(table, told) {
    if (!table) return;
    fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((r) => (r.ok ? r.text() : null))
      .then((html) => {
        if (!html) return;
        const fresh = new DOMParser().parseFromString(html, "text/html");
        for (const row of table.querySelectorAll("tr[data-run]")) {
          if (told.has(row.dataset.run)) continue;
          const now = fresh.querySelector('tr[data-run="' + CSS.escape(row.dataset.run) + '"] .state');
          const badge = row.querySelector(".state");
          if (now && badge && now.className !== badge.className) {
            badge.className = now.className;
            badge.textContent = now.textContent;
            delete badge.dataset.state;
          }
        }
      })
      .catch(() => {});
  }

  function follow() {
    const profile = window.Skiff ? window.Skiff.meta("skiff-profile") : "";
    const table = document.querySelector("table.runs, table[data-live-runs]");
    if (!profile || !window.EventSource) return;
    const firstPage = !new URLSearchParams(location.search).has("page");
    const source = new EventSource("/api/v1/events?profile=" + encodeURIComponent(profile));
    let told = null; // the runs an event updated while a catch-up was under way
    source.addEventListener("open", () => {
      told = new Set();
      catchUp(table, told);
    });
    source.addEventListener("run", (ev) => {
      let run;
      try { run = JSON.parse(ev.data); } catch (e) { return; }
      if (!run || !run.run_id) return;
      const row = table ? table.querySelector('tr[data-run="' + CSS.escape(run.run_id) + '"]') : null;
      if (row) {
        if (told) told.add(run.run_id);
        setState(row.querySelector(".state"), run.state);
      } else if (firstPage && run.state === "PENDING") {
        const notice = document.getElementById("new-runs");
        if (notice) notice.hidden = false;
      }
    });
    window.addEventListener("pagehide", () => source.close());
  }

  function compare() {
    const form = document.getElementById("compare");
    if (!form) return;
    const button = document.getElementById("compare-button");
    const count = document.getElementById("compare-count");
    const picked = () => Array.from(document.querySelectorAll("input.pick:checked")).map((b) => b.value);
    const update = () => {
      const n = picked().length;
      button.disabled = n < MIN || n > MAX;
      count.textContent = n === 0 ? "Pick 2 to 10 runs to compare."
        : n + " picked" + (n < MIN ? " (pick at least 2)" : n > MAX ? " (at most 10)" : "");
    };
    document.addEventListener("change", (ev) => {
      if (ev.target.classList && ev.target.classList.contains("pick")) update();
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const ids = picked();
      if (ids.length < MIN || ids.length > MAX) return;
      location.assign(form.getAttribute("action") + "?runs=" + ids.map(encodeURIComponent).join(","));
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    compare();
    follow();
  });
})();
