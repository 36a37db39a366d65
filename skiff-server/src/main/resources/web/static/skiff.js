// Skiff dashboard core: every change a page makes is a call of the JSON API with the session's
// CSRF token; errors (problem+json) are shown in the page. No inline scripts (the CSP forbids
// them): pages declare behaviour with data- attributes.
//
//   <form data-api="/apis/v2beta1/experiments" data-method="POST" data-then="/p/x/experiments/{experiment_id}">
//     fields become a JSON object; data-json="number|boolean|json" on a field converts its value,
//     a name with dots ("a.b") nests; <output role="alert"> in the form shows an error.
//   <button data-api="/apis/v2beta1/runs/ID:terminate" data-method="POST" data-confirm="Cancel?">
//   data-then: where to go after success ({field} is replaced from the JSON answer; "reload").
(function () {
  "use strict";
  const meta = (name) => {
    const m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : "";
  };

  /** Calls the API; resolves to the parsed JSON answer (or null), rejects with a readable message. */
  async function api(url, method, body) {
    const headers = { "Accept": "application/json" };
    const csrf = meta("skiff-csrf");
    if (csrf) headers["X-CSRF-Token"] = csrf;
    let payload;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined && body !== null) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(url, { method: method || "GET", headers, body: payload, credentials: "same-origin" });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      const detail = json && (json.detail || json.message || json.title);
      throw new Error(detail || ("the server answered " + res.status));
    }
    return json;
  }

  function setPath(obj, path, value) {
    const parts = path.split(".");
    let o = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      o[parts[i]] = o[parts[i]] || {};
      o = o[parts[i]];
    }
    o[parts[parts.length - 1]] = value;
  }

  /** A form's fields as JSON, converted by each field's data-json. Throws on bad JSON input. */
  function formJson(form) {
    const out = {};
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.type === "file") continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked && el.dataset.json !== "boolean") continue;
      let v = el.value;
      const kind = el.dataset.json;
      if (el.dataset.omitEmpty !== undefined && v === "") continue;
      if (kind === "number") {
        if (v.trim() === "") continue;
        v = Number(v);
      } else if (kind === "boolean") {
        v = el.type === "checkbox" ? el.checked : v === "true";
      } else if (kind === "json") {
        if (v.trim() === "") continue;
        try { v = JSON.parse(v); } catch (e) {
          el.setAttribute("aria-invalid", "true");
          throw new Error((el.dataset.label || el.name) + ": not valid JSON (" + e.message + ")");
        }
      }
      setPath(out, el.name, v);
    }
    return out;
  }

  function fill(template, json) {
    return template.replace(/\{([a-z_]+)\}/g, (m, k) => encodeURIComponent(json && json[k] != null ? json[k] : ""));
  }

  function after(el, json) {
    const then = el.dataset.then;
    if (!then) return;
    if (then === "reload") { location.reload(); return; }
    location.assign(fill(then, json));
  }

  function alertFor(el) {
    const scope = el.closest("form, [data-alert-scope]") || document;
    return scope.querySelector("[role=alert]") || document.getElementById("page-alert");
  }

  function show(el, message) {
    const a = alertFor(el);
    if (a) { a.textContent = message; a.hidden = false; a.focus && a.focus(); }
    else window.alert(message);
  }

  document.addEventListener("submit", async (ev) => {
    const form = ev.target;
    if (!form.dataset || !form.dataset.api) return;
    ev.preventDefault();
    const a = alertFor(form);
    if (a) a.textContent = "";
    if (!form.reportValidity()) return;
    let body;
    try {
      body = form.dataset.body === "multipart" ? new FormData(form) : formJson(form);
    } catch (e) { show(form, e.message); return; }
    if (form.skiffBody) {
      try { body = form.skiffBody(body); } catch (e) { show(form, e.message); return; }
    }
    const submit = form.querySelector("[type=submit]");
    if (submit) submit.disabled = true;
    try {
      const json = await api(form.dataset.api, form.dataset.method || "POST", body);
      form.dispatchEvent(new CustomEvent("skiff:done", { detail: json, bubbles: true }));
      after(form, json);
    } catch (e) {
      show(form, e.message);
    } finally {
      if (submit) submit.disabled = false;
    }
  });

  document.addEventListener("click", async (ev) => {
    const b = ev.target.closest("button[data-api]");
    if (!b) return;
    ev.preventDefault();
    if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) return;
    b.disabled = true;
    try {
      const body = b.dataset.body ? JSON.parse(b.dataset.body) : undefined;
      const json = await api(b.dataset.api, b.dataset.method || "POST", body);
      b.dispatchEvent(new CustomEvent("skiff:done", { detail: json, bubbles: true }));
      after(b, json);
    } catch (e) {
      show(b, e.message);
    } finally {
      b.disabled = false;
    }
  });

  /**
   * <div data-fragment="/p/x/runs/ID/metrics"> is filled with that server-rendered HTML fragment
   * (escaped on the server; scripts in it do not run). Skiff.loadFragment(el) reloads one; each
   * load dispatches "skiff:fragment" on the element so that area scripts can bind to it.
   */
  async function loadFragment(el) {
    try {
      const res = await fetch(el.dataset.fragment, { credentials: "same-origin", headers: { "Accept": "text/html" } });
      const text = await res.text();
      if (!res.ok) {
        el.innerHTML = "";
        const p = document.createElement("p");
        p.className = "alert";
        p.setAttribute("role", "alert");
        const m = /<p class="alert" role="alert">([^<]*)<\/p>/.exec(text);
        p.textContent = m ? m[1] : "could not load (" + res.status + ")";
        el.appendChild(p);
        return;
      }
      el.innerHTML = text;
      el.dispatchEvent(new CustomEvent("skiff:fragment", { bubbles: true }));
    } catch (e) {
      el.textContent = "could not load: " + e.message;
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-fragment]").forEach(loadFragment);
  });

  window.Skiff = { api, formJson, meta, loadFragment };
})();
