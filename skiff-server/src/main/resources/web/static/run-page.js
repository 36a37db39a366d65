// Skiff run page and task graphs. No inline scripts (the CSP forbids them); every string from the
// server is set with textContent, and the graph's SVG comes from the server already escaped.
//
// Graphs (any <div class="graph-view"> holding an <svg class="task-graph">, also ones loaded by
// data-fragment, e.g. a pipeline version's graph): pan (drag, arrow keys), zoom (wheel, + and -,
// toolbar buttons with data-zoom), fit (0), and group toggles that change ?expand= / ?collapse= in
// the page's URL and fetch the graph again (data-graph on the view, or its data-fragment URL).
// The graph is ONE tab stop (a roving tabindex over its tasks and toggles): Up/Down move to the
// row above/below, Left/Right within the row, Home/End to the first/last; the view pans to keep
// the focused one in sight; Shift+arrows pan, + and - zoom, 0 fits.
//
// The run page (<div class="run-page">): selecting a task (click, Enter or Space) puts ?task= in
// the URL and loads its panel; the run's Server-Sent Events update node states, the run's state,
// times and actions live; tasks the drawing lacks (new loop iterations) fetch the graph again.
(function () {
  "use strict";

  const STATES = ["pending", "running", "succeeded", "skipped", "failed", "canceling", "canceled"];
  const TERMINAL = ["SUCCEEDED", "FAILED", "CANCELED", "SKIPPED"];

  function stateClass(s) {
    return "state-" + String(s).toLowerCase().replace(/_/g, "-");
  }

  function stateLabel(s) {
    const t = String(s).toLowerCase().replace(/_/g, " ");
    return t ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  }

  function setState(el, state) {
    for (const s of STATES) el.classList.remove("state-" + s);
    el.classList.add(stateClass(state));
  }

  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
  }

  function duration(startIso, endIso) {
    if (!startIso) return "";
    const ms = Math.max(0, (endIso ? new Date(endIso) : new Date()) - new Date(startIso));
    if (ms < 1000) return ms + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
    const s = Math.floor(ms / 1000);
    const two = (n) => String(n).padStart(2, "0");
    if (s < 3600) return Math.floor(s / 60) + "m " + two(s % 60) + "s";
    return Math.floor(s / 3600) + "h " + two(Math.floor((s % 3600) / 60)) + "m";
  }

  function listParam(params, name) {
    const v = params.get(name);
    return new Set(v ? v.split(",").filter((x) => x) : []);
  }

  // ---- one graph view: pan, zoom, toggles, keyboard ------------------------------------------

  /** The graph's keyboard stops: tasks that are controls, and group toggles. */
  const STOPS = "[data-task][tabindex], [data-toggle][tabindex]";

  /** An element's box in drawing coordinates (its transform's translate and its rect's size). */
  function box(el) {
    const m = /translate\(\s*([-\d.]+)[\s,]+([-\d.]+)\s*\)/.exec(el.getAttribute("transform") || "");
    const r = el.querySelector("rect");
    const x = m ? +m[1] : 0, y = m ? +m[2] : 0;
    const w = r ? +r.getAttribute("width") || 0 : 0, h = r ? +r.getAttribute("height") || 0 : 0;
    return { x: x, y: y, w: w, h: h, cx: x + w / 2, cy: y + h / 2 };
  }

  /** The stops in layout order: rows by their middle's height (top first), then left to right. */
  function rows(svg) {
    const items = Array.from(svg.querySelectorAll(STOPS)).map((el) => ({ el: el, b: box(el) }));
    items.sort((a, b) => a.b.cy - b.b.cy || a.b.x - b.b.x);
    const out = [];
    for (const it of items) {
      const row = out[out.length - 1];
      if (row && Math.abs(it.b.cy - row[0].b.cy) <= 12) row.push(it); else out.push([it]);
    }
    for (const row of out) row.sort((a, b) => a.b.x - b.b.x);
    return out;
  }

  class GraphView {
    constructor(view, onSwap) {
      this.view = view;
      this.onSwap = onSwap || (() => {});
      this.t = null; // {x, y, k}
      this.fetching = null;
      this.again = false;
      this.order = null; // rows of keyboard stops, computed on the first key
      view.classList.add("pannable");
      this.bind();
      this.adopt(true);
    }

    svg() { return this.view.querySelector("svg.task-graph"); }

    size() {
      const s = this.svg();
      return s ? { w: +s.dataset.width || 1, h: +s.dataset.height || 1 } : { w: 1, h: 1 };
    }

    apply() {
      const g = this.view.querySelector("svg.task-graph > g.viewport");
      if (g && this.t) g.setAttribute("transform", "translate(" + this.t.x + " " + this.t.y + ") scale(" + this.t.k + ")");
    }

    fit() {
      const { w, h } = this.size();
      const vw = this.view.clientWidth || 800;
      const vh = this.view.clientHeight || 500;
      const k = Math.min(1, (vw - 16) / w, (vh - 16) / h);
      this.t = { k: k, x: (vw - w * k) / 2, y: Math.max(8, (vh - h * k) / 2) };
      this.apply();
    }

    reset() {
      const { w } = this.size();
      const vw = this.view.clientWidth || 800;
      this.t = { k: 1, x: Math.max(8, (vw - w) / 2), y: 8 };
      this.apply();
    }

    zoom(factor, cx, cy) {
      if (!this.t) this.fit();
      const k = Math.min(4, Math.max(0.05, this.t.k * factor));
      const f = k / this.t.k;
      if (cx === undefined) { cx = this.view.clientWidth / 2; cy = this.view.clientHeight / 2; }
      this.t = { k: k, x: cx - (cx - this.t.x) * f, y: cy - (cy - this.t.y) * f };
      this.apply();
    }

    pan(dx, dy) {
      if (!this.t) this.fit();
      this.t.x += dx;
      this.t.y += dy;
      this.apply();
    }

    /** After the SVG was (re)placed: keep the view's transform, or fit a first drawing. */
    adopt(first) {
      const s = this.svg();
      if (!s) return;
      // Sized by the view once scripts run; without them the SVG keeps its own size and scrolls.
      s.setAttribute("width", "100%");
      s.setAttribute("height", "100%");
      if (first || !this.t) this.fit(); else this.apply();
      this.order = null;
      if (this.stopKey) {
        const kept = this.view.querySelector(this.stopKey);
        if (kept) this.rove(kept, false);
      }
      this.onSwap(this);
    }

    /** Makes {@code el} the graph's one tab stop, and focuses it (keeping it in sight) if asked. */
    rove(el, focus) {
      const s = this.svg();
      if (!s || !el || !el.matches(STOPS)) return;
      s.querySelectorAll(STOPS).forEach((o) => { if (o !== el && o.getAttribute("tabindex") !== "-1") o.setAttribute("tabindex", "-1"); });
      el.setAttribute("tabindex", "0");
      this.stopKey = el.dataset.task !== undefined
        ? "[data-task=\"" + CSS.escape(el.dataset.task) + "\"]"
        : "[data-toggle=\"" + CSS.escape(el.dataset.toggle) + "\"]";
      if (focus) {
        el.focus({ preventScroll: true });
        this.reveal(el);
      }
    }

    /** Pans just enough to show {@code el} whole (when it fits in the view). */
    reveal(el) {
      if (!this.t) return;
      const b = box(el), k = this.t.k, m = 24;
      const vw = this.view.clientWidth, vh = this.view.clientHeight;
      const left = this.t.x + b.x * k, right = this.t.x + (b.x + b.w) * k;
      const top = this.t.y + b.y * k, bottom = this.t.y + (b.y + b.h) * k;
      let dx = 0, dy = 0;
      if (left < m) dx = m - left; else if (right > vw - m) dx = vw - m - right;
      if (top < m) dy = m - top; else if (bottom > vh - m) dy = vh - m - bottom;
      if (dx || dy) this.pan(dx, dy);
    }

    /** The stop that {@code key} leads to from {@code el}, or null. */
    next(el, key) {
      const s = this.svg();
      if (!s) return null;
      if (!this.order) this.order = rows(s);
      const order = this.order;
      if (!order.length) return null;
      if (key === "Home") return order[0][0].el;
      if (key === "End") { const last = order[order.length - 1]; return last[last.length - 1].el; }
      let r = -1, i = -1;
      for (let j = 0; j < order.length && r < 0; j++) {
        const at = order[j].findIndex((it) => it.el === el);
        if (at >= 0) { r = j; i = at; }
      }
      if (r < 0) return order[0][0].el;
      const row = order[r];
      switch (key) {
        case "ArrowLeft": return i > 0 ? row[i - 1].el : null;
        case "ArrowRight": return i < row.length - 1 ? row[i + 1].el : null;
        case "ArrowUp": case "ArrowDown": {
          const to = order[r + (key === "ArrowUp" ? -1 : 1)];
          if (!to) return null;
          const cx = row[i].b.cx;
          let best = to[0];
          for (const it of to) if (Math.abs(it.b.cx - cx) < Math.abs(best.b.cx - cx)) best = it;
          return best.el;
        }
        default: return null;
      }
    }

    bind() {
      const v = this.view;
      v.addEventListener("wheel", (e) => {
        e.preventDefault();
        const r = v.getBoundingClientRect();
        this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
      }, { passive: false });
      let drag = null;
      v.addEventListener("pointerdown", (e) => {
        if (e.button !== 0) return;
        drag = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
      });
      v.addEventListener("pointermove", (e) => {
        if (!drag || drag.id !== e.pointerId) return;
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
        if (!drag.moved) { drag.moved = true; v.setPointerCapture(e.pointerId); v.classList.add("dragging"); }
        drag.x = e.clientX; drag.y = e.clientY;
        this.pan(dx, dy);
      });
      const end = () => {
        if (drag && drag.moved) {
          // the click that ends a drag selects nothing
          v.addEventListener("click", (c) => { c.stopPropagation(); c.preventDefault(); }, { capture: true, once: true });
        }
        drag = null;
        v.classList.remove("dragging");
      };
      v.addEventListener("pointerup", end);
      v.addEventListener("pointercancel", end);
      v.addEventListener("keydown", (e) => {
        if (e.target !== v) return; // keys on a task or a toggle are theirs
        const step = 48;
        switch (e.key) {
          case "ArrowLeft": this.pan(step, 0); break;
          case "ArrowRight": this.pan(-step, 0); break;
          case "ArrowUp": this.pan(0, step); break;
          case "ArrowDown": this.pan(0, -step); break;
          case "+": case "=": this.zoom(1.25); break;
          case "-": case "_": this.zoom(0.8); break;
          case "0": this.fit(); break;
          default: return;
        }
        e.preventDefault();
      });
      // The roving tab stop: keys on a task or toggle move between them.
      v.addEventListener("focusin", (e) => {
        const it = e.target.closest && e.target.closest(STOPS);
        if (it && v.contains(it) && it.getAttribute("tabindex") !== "0") this.rove(it, false);
      });
      v.addEventListener("keydown", (e) => {
        const it = e.target.closest && e.target.closest(STOPS);
        if (!it || !v.contains(it) || e.altKey || e.ctrlKey || e.metaKey) return;
        const step = 48;
        if (e.shiftKey && e.key.startsWith("Arrow")) {
          const d = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[e.key];
          if (!d) return;
          this.pan(d[0], d[1]);
          e.preventDefault();
          return;
        }
        switch (e.key) {
          case "ArrowLeft": case "ArrowRight": case "ArrowUp": case "ArrowDown": case "Home": case "End": {
            const to = this.next(it, e.key);
            if (to) this.rove(to, true);
            break;
          }
          case "+": case "=": this.zoom(1.25); break;
          case "-": case "_": this.zoom(0.8); break;
          case "0": this.fit(); break;
          default: return;
        }
        e.preventDefault();
      });
      v.addEventListener("click", (e) => {
        const t = e.target.closest(".toggle[data-toggle]");
        if (t && v.contains(t)) { e.preventDefault(); this.toggle(t); }
      });
      v.addEventListener("keydown", (e) => {
        const t = e.target.closest && e.target.closest(".toggle[data-toggle]");
        if (t && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); this.toggle(t); }
      });
    }

    /** Opens or closes a group: the URL keeps the view (bookmarkable), then the graph is fetched. */
    toggle(t) {
      const path = t.dataset.toggle;
      const open = t.dataset.open === "true";
      const url = new URL(location.href);
      const expand = listParam(url.searchParams, "expand");
      const collapse = listParam(url.searchParams, "collapse");
      if (open) { expand.delete(path); collapse.add(path); } else { collapse.delete(path); expand.add(path); }
      const set = (name, s) => {
        if (s.size) url.searchParams.set(name, Array.from(s).sort().join(","));
        else url.searchParams.delete(name);
      };
      set("expand", expand);
      set("collapse", collapse);
      history.replaceState(null, "", url);
      this.focusAfter = "[data-toggle=\"" + CSS.escape(path) + "\"]";
      this.refetch();
    }

    /** The graph's URL for the page's current view. */
    source() {
      const base = this.view.dataset.graph || (this.view.closest("[data-fragment]") || {}).dataset?.fragment;
      if (!base) return null;
      const url = new URL(base, location.href);
      const here = new URLSearchParams(location.search);
      for (const name of ["expand", "collapse"]) {
        if (here.get(name)) url.searchParams.set(name, here.get(name));
        else url.searchParams.delete(name);
      }
      return url;
    }

    /** Fetches the graph again (at most one request at a time; changes meanwhile fetch once more). */
    async refetch() {
      if (this.fetching) { this.again = true; return this.fetching; }
      const url = this.source();
      if (!url) return;
      this.fetching = (async () => {
        try {
          const res = await fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } });
          if (!res.ok) return;
          const html = await res.text();
          const focused = document.activeElement;
          const focusKey = this.focusAfter || (focused && this.view.contains(focused) && focused.dataset && focused.dataset.task
            ? "[data-task=\"" + CSS.escape(focused.dataset.task) + "\"]" : null);
          this.focusAfter = null;
          this.view.innerHTML = html; // server-rendered, every string escaped there
          this.adopt(false);
          if (focusKey) {
            const el = this.view.querySelector(focusKey);
            if (el) el.focus({ preventScroll: true });
          }
        } catch (e) {
          // the next event or toggle tries again
        } finally {
          this.fetching = null;
          if (this.again) { this.again = false; setTimeout(() => this.refetch(), 250); }
        }
      })();
      return this.fetching;
    }
  }

  function toolbarFor(view, graph) {
    const section = view.closest("section") || document;
    section.querySelectorAll("[data-zoom]").forEach((b) => {
      b.addEventListener("click", () => {
        switch (b.dataset.zoom) {
          case "in": graph.zoom(1.25); break;
          case "out": graph.zoom(0.8); break;
          case "fit": graph.fit(); break;
          default: graph.reset();
        }
      });
    });
  }

  // ---- the run page ---------------------------------------------------------------------------

  class RunPage {
    constructor(root) {
      this.root = root;
      this.base = root.dataset.base;
      this.panel = document.getElementById("task-panel");
      this.selected = this.panel ? this.panel.dataset.selected || null : null;
      this.nodes = new Map();
      this.groups = new Map();
      this.states = new Map();
      this.pending = null;
      const view = document.getElementById("graph");
      this.graph = new GraphView(view, (g) => this.index(g));
      toolbarFor(view, this.graph);
      // a large graph's first layout is made in the background: fetch the drawing
      if (!this.graph.svg()) this.graph.refetch();
      view.addEventListener("click", (e) => {
        const n = e.target.closest("[data-task]");
        if (n && view.contains(n)) this.select(n.dataset.task);
      });
      view.addEventListener("keydown", (e) => {
        const n = e.target.closest && e.target.closest("[data-task]");
        if (n && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); this.select(n.dataset.task); }
      });
      const retry = root.querySelector("[data-action=retry]");
      if (retry) retry.addEventListener("skiff:done", () => this.listen());
      this.live = document.getElementById("live-status");
      // The metrics section was filled when the page loaded; a run that ends while it is open
      // has logged its metrics since, so the section is loaded again then (no reload needed).
      this.metrics = root.querySelector(".run-metrics[data-fragment]");
      this.ended = TERMINAL.includes(root.dataset.state);
      this.listen();
    }

    /** Indexes the drawn nodes by task path (after each drawing). */
    index(graph) {
      this.nodes.clear();
      this.groups.clear();
      const view = graph.view;
      view.querySelectorAll("[data-task]").forEach((n) => this.nodes.set(n.dataset.task, n));
      view.querySelectorAll("[data-group]").forEach((g) => this.groups.set(g.dataset.group, g));
      this.mark(graph);
      const s = graph.svg();
      const count = document.getElementById("graph-count");
      if (s && count) count.textContent = s.dataset.drawn + " of " + s.dataset.total + " nodes drawn";
    }

    mark(graph) {
      const view = graph || this.graph; // the first drawing is indexed before this.graph is set
      this.nodes.forEach((n, path) => {
        const on = path === this.selected;
        n.classList.toggle("selected", on);
        if (n.getAttribute("role") === "button") n.setAttribute("aria-pressed", on ? "true" : "false");
      });
      // the selected task is the graph's tab stop, unless the focus is on another one
      const sel = this.nodes.get(this.selected);
      const focused = document.activeElement;
      if (sel && !(focused && view.view.contains(focused) && focused.matches(STOPS))) view.rove(sel, false);
    }

    taskUrl(path) {
      return this.base + "/tasks/" + encodeURIComponent(path);
    }

    select(path) {
      this.selected = path;
      const url = new URL(location.href);
      url.searchParams.set("task", path);
      history.replaceState(null, "", url);
      this.mark();
      this.loadPanel();
    }

    loadPanel() {
      if (!this.panel || !this.selected) return;
      this.panel.dataset.fragment = this.taskUrl(this.selected);
      this.panel.dataset.selected = this.selected;
      window.Skiff.loadFragment(this.panel);
    }

    status(text) {
      if (!this.live) return;
      this.live.textContent = text;
      this.live.classList.toggle("on", text === "Live");
    }

    listen() {
      if (this.source) this.source.close();
      const es = new EventSource(this.root.dataset.events);
      this.source = es;
      es.onopen = () => this.status("Live");
      es.onerror = () => { if (es.readyState === EventSource.CLOSED) this.status("Not live (reload to reconnect)"); else this.status("Reconnecting…"); };
      es.addEventListener("run", (e) => this.onRun(JSON.parse(e.data)));
      es.addEventListener("task", (e) => this.onTask(JSON.parse(e.data)));
      es.addEventListener("end", () => { es.close(); this.status("Finished"); });
      es.addEventListener("error", (e) => {
        // a server "error" event (a client that fell behind): reconnect for a fresh snapshot
        if (e.data) { es.close(); setTimeout(() => this.listen(), 1000); }
      });
    }

    onRun(run) {
      const state = run.state;
      this.root.dataset.state = state;
      const badge = document.getElementById("run-state");
      if (badge) { setState(badge, state); badge.classList.add("state"); badge.textContent = stateLabel(state); }
      const terminal = TERMINAL.includes(state);
      if (terminal && !this.ended && this.metrics) window.Skiff.loadFragment(this.metrics);
      this.ended = terminal;
      const show = (action, on) => {
        const b = this.root.querySelector("[data-action=" + action + "]");
        if (b) b.hidden = !on;
      };
      show("cancel", !terminal);
      show("retry", state === "FAILED" || state === "CANCELED");
      const archived = run.storage_state === "ARCHIVED";
      show("archive", !archived);
      show("unarchive", archived);
      const tag = document.getElementById("run-archived");
      if (tag) tag.hidden = !archived;
      const text = (id, v) => { const el = document.getElementById(id); if (el) el.textContent = v; };
      text("run-started", when(run.scheduled_at));
      text("run-finished", when(run.finished_at));
      text("run-duration", duration(run.scheduled_at, run.finished_at));
      const err = document.getElementById("run-error");
      if (err) {
        const msg = run.error && run.error.message ? run.error.message : "";
        err.textContent = msg;
        err.hidden = !msg;
      }
    }

    onTask(ev) {
      const path = ev.path;
      const t = ev.task || {};
      const before = this.states.get(path);
      const now = t.state + (t.cached ? "+cached" : "");
      this.states.set(path, now);
      const node = this.nodes.get(path);
      const group = this.groups.get(path);
      if (node) {
        setState(node, t.state);
        node.classList.toggle("cached", !!t.cached);
        const line = node.querySelector(".node-state");
        if (line) line.textContent = stateLabel(t.state);
        const label = node.getAttribute("aria-label") || "";
        node.setAttribute("aria-label", label.replace(
          /, (Pending|Running|Succeeded|Skipped|Failed|Canceling|Canceled)(, cached)?$/,
          "") + ", " + stateLabel(t.state) + (t.cached ? ", cached" : ""));
        if (node.classList.contains("collapsed")) this.later(); // its summary counts
      }
      if (group) setState(group, t.state);
      if (!node && !group) this.later(); // not drawn: inside a collapsed group, or new
      if (path === this.selected && before !== undefined && before !== now) this.loadPanel();
    }

    /** Fetches the graph again soon, once for a burst of events. */
    later() {
      if (this.pending) return;
      this.pending = setTimeout(() => { this.pending = null; this.graph.refetch(); }, 400);
    }
  }

  function start() {
    const page = document.querySelector(".run-page");
    if (page) {
      new RunPage(page);
    }
    // Other graphs (a pipeline version's, filled in by data-fragment) get pan, zoom and toggles.
    const adopt = (root) => {
      root.querySelectorAll(".graph-view, [data-fragment]").forEach((v) => {
        if (v.id === "graph" && page) return;
        if (!v.querySelector(":scope > svg.task-graph") || v.skiffGraph) return;
        v.classList.add("graph-view");
        v.skiffGraph = new GraphView(v);
        toolbarFor(v, v.skiffGraph);
      });
    };
    adopt(document);
    document.addEventListener("skiff:fragment", (e) => {
      const v = e.target;
      if (v.skiffGraph) { v.skiffGraph.adopt(false); return; }
      adopt(v.parentNode || document);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
