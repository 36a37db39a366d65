// Notebook servers pages: the list's live table, the delete dialog, the spawner form and the
// details page's log. Changes are calls of the notebooks API through skiff.js (data-api, CSRF);
// strings from the server are set as text, never as HTML (fragments come escaped from the server).
(function () {
  "use strict";
  const LOG_KEEP = 65536;
  const POLL_MS = 2000;

  // ---- the list: re-fetch the table while a notebook is Pending or Stopping, and after an action

  function liveTable(box) {
    let timer = null;
    async function refresh() {
      timer = null;
      const active = document.activeElement;
      const key = active && box.contains(active) && active.dataset ? active.dataset.focusKey : null;
      try {
        const res = await fetch(box.dataset.notebooksLive, { credentials: "same-origin", headers: { "Accept": "text/html" } });
        if (res.ok) {
          const before = statuses(box);
          box.innerHTML = await res.text();
          if (key) refocus(box, key);
          announce(before, statuses(box));
        }
      } catch (e) {
        // the next poll tries again
      }
      schedule();
    }
    function schedule() {
      if (!timer && box.querySelector('[data-busy="true"]')) timer = setTimeout(refresh, POLL_MS);
    }
    box.addEventListener("skiff:done", () => {
      if (timer) { clearTimeout(timer); timer = null; }
      refresh();
    });
    schedule();
  }

  function statuses(box) {
    const m = new Map();
    box.querySelectorAll("tr[data-notebook]").forEach((tr) => m.set(tr.dataset.notebook, tr.dataset.status));
    return m;
  }

  /** Tells screen readers which notebooks changed status (the table itself is not a live region). */
  function announce(before, after) {
    const said = [];
    after.forEach((status, name) => { if (before.has(name) && before.get(name) !== status) said.push(name + ": " + status); });
    before.forEach((status, name) => { if (!after.has(name)) said.push(name + ": deleted"); });
    const region = document.getElementById("notebooks-announce");
    if (region && said.length) region.textContent = said.join(", ");
  }

  /** Focus back on the control the user was on (or its row's link when it went away). */
  function refocus(box, key) {
    const same = box.querySelector('[data-focus-key="' + CSS.escape(key) + '"]');
    if (same) { same.focus(); return; }
    const name = key.substring(key.indexOf(":") + 1);
    const row = box.querySelector('tr[data-notebook="' + CSS.escape(name) + '"]');
    const target = row && (row.querySelector("button, a.button") || row.querySelector("a"));
    if (target) target.focus();
  }

  // ---- delete: a dialog that asks whether the workspace goes too

  function deleteDialog(dialog) {
    const confirm = dialog.querySelector("#delete-confirm");
    const box = dialog.querySelector("#delete-workspace");
    const alert = dialog.querySelector("[role=alert]");
    let api = "";
    let opener = null;
    const target = () => { confirm.dataset.api = api + (box.checked ? "?delete_workspace=true" : ""); };
    document.addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-delete]");
      if (!b) return;
      opener = b;
      api = b.dataset.deleteApi;
      box.checked = false;
      alert.textContent = "";
      dialog.querySelectorAll("[data-delete-name]").forEach((s) => { s.textContent = b.dataset.delete; });
      target();
      dialog.showModal();
      box.focus();
    });
    box.addEventListener("change", target);
    dialog.querySelector("#delete-cancel").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { if (opener && opener.isConnected) opener.focus(); });
    confirm.addEventListener("skiff:done", () => dialog.close());
  }

  // ---- the spawner form

  function spawner(form) {
    const env = form.querySelector("#nb-environment");
    const cpu = form.querySelector("#nb-cpu");
    const memory = form.querySelector("#nb-memory");
    const vendor = form.querySelector("#nb-gpu-vendor");
    const count = form.querySelector("#nb-gpu-count");
    const configs = form.querySelector("[data-configurations]");
    const alert = form.querySelector("#nb-form-alert");

    const defaults = () => {
      const o = env.selectedOptions[0];
      if (!o) return;
      cpu.placeholder = o.dataset.cpu || "";
      memory.placeholder = o.dataset.memory || "";
    };
    env.addEventListener("change", defaults);
    defaults();
    vendor.addEventListener("change", () => {
      count.disabled = vendor.value === "";
      count.hidden = count.disabled;
    });

    window.Skiff.api(form.dataset.config, "GET").then((config) => {
      for (const v of (config && config.gpu_vendors) || []) {
        const o = document.createElement("option");
        o.value = v.key;
        o.textContent = v.name + " (" + v.key + ")";
        vendor.appendChild(o);
      }
      const free = form.querySelector("#nb-gpu-free");
      if (vendor.options.length === 1) {
        free.textContent = "none on this machine";
      } else if (config && typeof config.gpus_free === "number") {
        free.textContent = config.gpus_free + " free on this machine now";
      }
      configs.textContent = "";
      const names = (config && config.configurations) || [];
      if (names.length === 0) {
        const p = document.createElement("p");
        p.className = "hint";
        p.textContent = "None configured on this server.";
        configs.appendChild(p);
      }
      for (const name of names) {
        const label = document.createElement("label");
        label.className = "inline";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.dataset.configuration = name;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + name));
        configs.appendChild(label);
      }
    }).catch((e) => {
      configs.textContent = "";
      const p = document.createElement("p");
      p.className = "alert";
      p.textContent = "Could not load the notebook settings: " + e.message;
      configs.appendChild(p);
    });

    form.addEventListener("click", (ev) => {
      const add = ev.target.closest("[data-add-row]");
      if (add) {
        const kind = add.dataset.addRow;
        const row = form.querySelector("#row-" + kind).content.firstElementChild.cloneNode(true);
        form.querySelector('[data-rows="' + kind + '"]').appendChild(row);
        row.querySelector("input").focus();
        return;
      }
      const remove = ev.target.closest("[data-remove-row]");
      if (remove) {
        const list = remove.closest("[data-rows]");
        remove.closest("li").remove();
        list.closest("fieldset").querySelector("[data-add-row]").focus();
      }
    });

    const rows = (kind) => Array.from(form.querySelectorAll('[data-rows="' + kind + '"] li')).map((li) => ({
      key: li.querySelector(".row-key").value.trim(),
      value: li.querySelector(".row-value").value.trim(),
      li,
    }));

    // skiff.js collects the named fields; the rows, checkboxes and GPUs become the API's shape here.
    form.skiffBody = (body) => {
      if (typeof body.cpu === "string" && /^[0-9]+(\.[0-9]+)?$/.test(body.cpu.trim())) body.cpu = Number(body.cpu);
      const vars = {};
      for (const r of rows("env")) {
        if (!r.key && !r.value) continue;
        if (!r.key) throw fieldError("env", "Environment variables: a value without a name");
        if (Object.prototype.hasOwnProperty.call(vars, r.key)) throw fieldError("env", "Environment variables: " + r.key + " is given twice");
        vars[r.key] = r.value;
      }
      if (Object.keys(vars).length) body.env = vars;
      const vols = [];
      for (const r of rows("datavols")) {
        if (!r.key && !r.value) continue;
        if (!r.key || !r.value) throw fieldError("datavols", "Data volumes: each needs a name and a mount path");
        vols.push({ name: r.key, mount: r.value });
      }
      if (vols.length) body.datavols = vols;
      const picked = Array.from(form.querySelectorAll("[data-configuration]")).filter((b) => b.checked).map((b) => b.dataset.configuration);
      if (picked.length) body.configurations = picked;
      if (vendor.value !== "") body.gpus = { vendor: vendor.value, num: Number(count.value || "1") };
      return body;
    };

    function fieldError(field, message) {
      markField(field, message);
      return new Error(message);
    }

    function clearFields() {
      form.querySelectorAll(".field-error").forEach((s) => { s.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    }

    function markField(field, message) {
      const slot = form.querySelector("#nb-" + field + "-error");
      if (slot) slot.textContent = message;
      const control = form.querySelector('[data-field="' + field + '"]') ||
        (field === "gpus" ? vendor : form.querySelector('[data-rows="' + field + '"] input'));
      if (control) control.setAttribute("aria-invalid", "true");
    }

    // The API's problem names the field it is about; show it next to that field too.
    const FIELDS = [
      ["env", /environment variable|\benv\b/],
      ["datavols", /volume|datavols|mount/],
      ["configurations", /configuration/],
      ["gpus", /gpu|accelerator/],
      ["memory", /memory/],
      ["cpu", /\bcpus?\b/],
      ["environment", /environment/],
      ["name", /\bname\b/],
    ];
    function guess(message) {
      const text = message.toLowerCase();
      let best = null;
      let at = Infinity;
      for (const [field, re] of FIELDS) {
        const m = re.exec(text);
        if (m && m.index < at) { best = field; at = m.index; }
      }
      return best;
    }
    form.addEventListener("submit", clearFields);
    form.addEventListener("input", (ev) => {
      if (ev.target.getAttribute("aria-invalid")) {
        ev.target.removeAttribute("aria-invalid");
        const d = ev.target.getAttribute("aria-describedby") || "";
        d.split(" ").filter((id) => id.endsWith("-error")).forEach((id) => {
          const s = document.getElementById(id);
          if (s) s.textContent = "";
        });
      }
    });
    new MutationObserver(() => {
      const message = alert.textContent.trim();
      if (!message) return;
      const field = guess(message);
      if (field) markField(field, message);
    }).observe(alert, { childList: true, characterData: true, subtree: true });
  }

  // ---- the details page: follow the status while it changes, and the server's log

  function watchStatus(badge) {
    const tick = async () => {
      try {
        const nb = await window.Skiff.api(badge.dataset.watch, "GET");
        if (nb && nb.status && nb.status.phase !== badge.dataset.status) {
          location.reload();
          return;
        }
      } catch (e) {
        // shown on the next reload; keep polling
      }
      setTimeout(tick, POLL_MS);
    };
    setTimeout(tick, POLL_MS);
  }

  function serverLog(pre) {
    const section = pre.closest("section");
    const alert = section.querySelector("[role=alert]");
    const follow = section.querySelector("#log-follow");
    let text = "";
    let next = 0;
    let cut = false;
    let timer = null;
    let loading = false;

    const read = (offset) => window.Skiff.api(pre.dataset.logs + "?offset=" + offset + "&max_bytes=" + 262144, "GET");
    const show = (scroll) => {
      if (text.length > LOG_KEEP) { text = text.substring(text.length - LOG_KEEP); cut = true; }
      pre.textContent = (cut ? "… (earlier lines left out)\n" : "") + (text || "(the log is empty)");
      if (scroll) pre.scrollTop = pre.scrollHeight;
    };
    async function more() {
      for (let i = 0; i < 256; i++) {
        const piece = await read(next);
        const at = piece && typeof piece.next_offset === "number" ? piece.next_offset : next;
        if (!piece || !piece.text || at <= next) break;
        text += piece.text;
        next = at;
        if (text.length > 4 * LOG_KEEP) { text = text.substring(text.length - LOG_KEEP); cut = true; }
      }
    }
    async function load(fromStart) {
      if (loading) return;
      loading = true;
      alert.textContent = "";
      try {
        if (fromStart) { text = ""; next = 0; cut = false; }
        await more();
        show(fromStart || follow.checked);
      } catch (e) {
        alert.textContent = "Could not read the log: " + e.message;
        if (!text) pre.textContent = "";
      } finally {
        loading = false;
      }
    }
    const poll = async () => {
      await load(false);
      timer = follow.checked ? setTimeout(poll, POLL_MS) : null;
    };
    section.querySelector("#log-refresh").addEventListener("click", () => load(true));
    follow.addEventListener("change", () => {
      if (follow.checked && !timer) poll();
      if (!follow.checked && timer) { clearTimeout(timer); timer = null; }
    });
    load(true);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-notebooks-live]").forEach(liveTable);
    const dialog = document.getElementById("delete-dialog");
    if (dialog) deleteDialog(dialog);
    const form = document.getElementById("notebook-form");
    if (form) spawner(form);
    const badge = document.querySelector("#notebook-status[data-watch]");
    if (badge) watchStatus(badge);
    const log = document.getElementById("notebook-log");
    if (log) serverLog(log);
  });
})();
