// Pipelines: the run form generated from a pipeline's inputs. Before anything is sent, every field
// is checked (the browser's constraint validation for required values and numbers, JSON.parse for
// list and struct fields, which must hold an array / an object); each error is shown next to its
// field (aria-invalid) and all of them in the form's alert. Then the run is created through the API
// and the browser goes to the run's page; a 400 from the server (a bad parameter) shows in the form.
(function () {
  "use strict";
  const form = document.getElementById("run-form");
  if (!form) return;
  const alertOut = document.getElementById("run-error");
  const params = () => Array.from(form.querySelectorAll("[data-param]"));

  function errorSpan(el) {
    return document.getElementById(el.id + "-error");
  }

  function setError(el, message) {
    const span = errorSpan(el);
    if (message) {
      el.setAttribute("aria-invalid", "true");
      if (span) span.textContent = message;
    } else {
      el.removeAttribute("aria-invalid");
      if (span) span.textContent = "";
    }
  }

  /** The field's value as JSON, or undefined when it is empty (left to the pipeline's default). */
  function valueOf(el) {
    const kind = el.dataset.kind;
    const text = el.value;
    if (text.trim() === "" && kind !== "text") return undefined;
    if (text === "" && kind === "text") return undefined;
    switch (kind) {
      case "integer":
      case "double":
        return Number(text);
      case "boolean":
        return text === "true";
      case "choice": {
        const t = el.dataset.type;
        if (t === "NUMBER_INTEGER" || t === "NUMBER_DOUBLE") return Number(text);
        if (t === "BOOLEAN") return text === "true";
        if (t === "LIST" || t === "STRUCT") return JSON.parse(text);
        return text;
      }
      case "list":
      case "struct":
        return JSON.parse(text);
      default:
        return text;
    }
  }

  /** The problem with one field, or "" when it is fine. */
  function check(el) {
    if (!el.checkValidity()) {
      if (el.validity.valueMissing) return "a value is required";
      if (el.validity.badInput) return "not a number";
      if (el.validity.stepMismatch) return "must be a whole number";
      return el.validationMessage || "not a valid value";
    }
    const kind = el.dataset.kind;
    if ((kind === "list" || kind === "struct") && el.value.trim() !== "") {
      let v;
      try { v = JSON.parse(el.value); } catch (e) { return "not valid JSON (" + e.message + ")"; }
      if (kind === "list" && !Array.isArray(v)) return "must be a JSON array, e.g. [1, 2]";
      if (kind === "struct" && (v === null || typeof v !== "object" || Array.isArray(v))) {
        return "must be a JSON object, e.g. {\"a\": 1}";
      }
    }
    if ((kind === "integer" || kind === "double") && el.value.trim() !== "" && !Number.isFinite(Number(el.value))) {
      return "not a number";
    }
    return "";
  }

  function validate() {
    const problems = [];
    let first = null;
    const named = [form.elements.display_name];
    for (const el of named.concat(params())) {
      const p = check(el);
      setError(el, p);
      if (p) {
        const label = el.dataset.param || "Run name";
        problems.push(label + ": " + p);
        if (!first) first = el;
      }
    }
    return { problems, first };
  }

  params().forEach((el) => el.addEventListener("change", () => setError(el, check(el))));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    alertOut.textContent = "";
    const { problems, first } = validate();
    if (problems.length) {
      alertOut.textContent = (problems.length === 1 ? "Fix this field: " : "Fix these fields: ") + problems.join("; ");
      first.focus();
      return;
    }
    const parameters = {};
    for (const el of params()) {
      const v = valueOf(el);
      if (v !== undefined) parameters[el.dataset.param] = v;
    }
    const body = {
      display_name: form.elements.display_name.value.trim(),
      pipeline_version_reference: {
        pipeline_id: form.dataset.pipelineId,
        pipeline_version_id: form.dataset.versionId,
      },
      runtime_config: { parameters },
    };
    const experiment = form.elements.experiment_id.value;
    if (experiment) body.experiment_id = experiment;
    const submit = form.querySelector("[type=submit]");
    submit.disabled = true;
    try {
      const run = await window.Skiff.api("/apis/v2beta1/runs", "POST", body);
      const id = run && (run.run_id || run.runId);
      location.assign(form.dataset.then + encodeURIComponent(id));
    } catch (e) {
      alertOut.textContent = "The run was not started: " + e.message;
      for (const el of params()) {
        if (e.message.indexOf("'" + el.dataset.param + "'") >= 0) setError(el, e.message);
      }
      alertOut.focus();
    } finally {
      submit.disabled = false;
    }
  });
})();
