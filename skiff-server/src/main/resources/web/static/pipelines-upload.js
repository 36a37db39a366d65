// Pipelines: the upload page and the "upload a new version" form. The file is picked with the
// labelled file input or dropped on its zone (the drop sets the input's files, so both ways end in
// the same field); the page posts it as multipart to the API with the names as query parameters,
// and shows the validator's problems (field and line) when the file is not a valid pipeline.
(function () {
  "use strict";
  const meta = (name) => {
    const m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : "";
  };

  /** Posts the multipart body; resolves to the JSON answer, rejects with {message, problems}. */
  async function post(url, body) {
    const headers = { "Accept": "application/json" };
    const csrf = meta("skiff-csrf");
    if (csrf) headers["X-CSRF-Token"] = csrf;
    const res = await fetch(url, { method: "POST", headers, body, credentials: "same-origin" });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      const err = new Error((json && (json.detail || json.title)) || ("the server answered " + res.status));
      err.problems = json && Array.isArray(json.errors) ? json.errors : [];
      throw err;
    }
    return json;
  }

  function showProblems(form, err) {
    const out = form.querySelector("[role=alert]");
    out.textContent = err.message;
    const list = form.querySelector(".problems");
    if (list) {
      list.textContent = "";
      for (const p of err.problems || []) {
        const li = document.createElement("li");
        const where = document.createElement("span");
        where.className = "where";
        where.textContent = (p.line ? "line " + p.line : "") + (p.line && p.field ? ", " : "") + (p.field || "");
        li.appendChild(where);
        li.appendChild(document.createTextNode(": " + p.message));
        list.appendChild(li);
      }
      list.hidden = !(err.problems && err.problems.length);
    }
    out.focus();
  }

  function clear(form) {
    const out = form.querySelector("[role=alert]");
    if (out) out.textContent = "";
    const list = form.querySelector(".problems");
    if (list) { list.textContent = ""; list.hidden = true; }
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && String(v).trim() !== "") q.set(k, String(v).trim());
    }
    return q.toString();
  }

  function bindDropZone(zone, input) {
    const chosen = zone.querySelector(".chosen");
    const showChosen = () => {
      if (chosen) chosen.textContent = input.files.length ? "Chosen: " + input.files[0].name : "";
    };
    input.addEventListener("change", showChosen);
    ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (ev) => {
      ev.preventDefault();
      zone.classList.add("dragging");
    }));
    ["dragleave", "dragend"].forEach((t) => zone.addEventListener(t, () => zone.classList.remove("dragging")));
    zone.addEventListener("drop", (ev) => {
      ev.preventDefault();
      zone.classList.remove("dragging");
      const files = ev.dataTransfer && ev.dataTransfer.files;
      if (!files || files.length === 0) return;
      const dt = new DataTransfer();
      dt.items.add(files[0]);
      input.files = dt.files;
      input.removeAttribute("aria-invalid");
      showChosen();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function fileOf(form, input) {
    if (!input.files || input.files.length === 0) {
      input.setAttribute("aria-invalid", "true");
      showProblems(form, { message: "Choose a pipeline file (or drop one on the field).", problems: [] });
      input.focus();
      return null;
    }
    input.removeAttribute("aria-invalid");
    return input.files[0];
  }

  function setBusy(form, busy) {
    const b = form.querySelector("[type=submit]");
    if (b) b.disabled = busy;
  }

  const upload = document.getElementById("pipeline-upload");
  if (upload) {
    const input = upload.querySelector("input[type=file]");
    bindDropZone(document.getElementById("dropzone"), input);
    upload.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clear(upload);
      const file = fileOf(upload, input);
      if (!file) return;
      const body = new FormData();
      body.append("uploadfile", file, file.name);
      const url = "/apis/v2beta1/pipelines/upload?" + query({
        namespace: upload.dataset.profile,
        name: upload.elements.namedItem("name").value,
        display_name: upload.elements.namedItem("display_name").value,
        description: upload.elements.namedItem("description").value,
      });
      setBusy(upload, true);
      try {
        const made = await post(url, body);
        location.assign(upload.dataset.then + encodeURIComponent(made.pipeline_id));
      } catch (e) {
        showProblems(upload, e);
      } finally {
        setBusy(upload, false);
      }
    });
  }

  const version = document.getElementById("version-upload");
  if (version) {
    const input = version.querySelector("input[type=file]");
    version.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clear(version);
      const file = fileOf(version, input);
      if (!file) return;
      const body = new FormData();
      body.append("uploadfile", file, file.name);
      const url = "/apis/v2beta1/pipelines/upload_version?" + query({
        pipelineid: version.dataset.pipeline,
        name: version.elements.namedItem("name").value,
        description: version.elements.namedItem("description").value,
      });
      setBusy(version, true);
      try {
        const made = await post(url, body);
        location.assign(version.dataset.then + "?version=" + encodeURIComponent(made.pipeline_version_id));
      } catch (e) {
        showProblems(version, e);
      } finally {
        setBusy(version, false);
      }
    });
  }
})();
