// The new-recurring-run form: previews the next ticks of the trigger while it is typed (the
// server computes them with the scheduler's own code) and turns the form into KFP's RecurringRun
// body for POST /apis/v2beta1/recurringruns. Data is shown with textContent only.
(function () {
  "use strict";
  const form = document.getElementById("schedule-form");
  if (!form) return;
  const preview = document.getElementById("tick-preview");
  const base = preview.dataset.fragment.split("?")[0];
  const kind = () => form.querySelector("input[name=trigger_kind]:checked").value;
  let timer = null;

  function url() {
    const q = new URLSearchParams();
    if (kind() === "cron") q.set("cron", form.elements.cron.value);
    else q.set("interval", form.elements.interval_second.value);
    if (form.elements.start_time.value) q.set("start", form.elements.start_time.value);
    if (form.elements.end_time.value) q.set("end", form.elements.end_time.value);
    return base + "?" + q.toString();
  }

  // One load at a time, the latest input last: a slow answer never replaces a newer one.
  let loading = false;
  let again = false;
  async function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      do {
        again = false;
        preview.dataset.fragment = url();
        await window.Skiff.loadFragment(preview);
      } while (again);
    } finally {
      loading = false;
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  function showKind() {
    const cron = kind() === "cron";
    document.getElementById("cron-field").hidden = !cron;
    document.getElementById("interval-field").hidden = cron;
    form.elements.cron.disabled = !cron;
    form.elements.interval_second.disabled = cron;
    refresh();
  }

  form.addEventListener("input", (ev) => {
    const n = ev.target.name;
    if (n === "cron" || n === "interval_second" || n === "start_time" || n === "end_time") later();
  });
  form.querySelectorAll("input[name=trigger_kind]").forEach((r) => r.addEventListener("change", showKind));

  // a datetime-local value read as UTC, as the form's labels say
  const utc = (v) => (v ? new Date(v + (v.length === 16 ? ":00Z" : "Z")).toISOString() : undefined);

  form.skiffBody = function (f) {
    const [pipelineId, versionId] = (f.pipeline || "/").split("/");
    let parameters = {};
    const text = form.elements.parameters.value.trim();
    if (text) {
      try { parameters = JSON.parse(text); } catch (e) { throw new Error("Parameters: not valid JSON (" + e.message + ")"); }
      if (parameters === null || typeof parameters !== "object" || Array.isArray(parameters)) {
        throw new Error("Parameters: give a JSON object, e.g. {\"epochs\": 3}");
      }
    }
    const bounds = { start_time: utc(f.start_time), end_time: utc(f.end_time) };
    const trigger = kind() === "cron"
      ? { cron_schedule: Object.assign({ cron: f.cron }, bounds) }
      : { periodic_schedule: Object.assign({ interval_second: Number(f.interval_second) }, bounds) };
    const body = {
      display_name: f.display_name,
      description: f.description,
      namespace: form.dataset.profile,
      pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId || undefined },
      runtime_config: { parameters },
      max_concurrency: Number(f.max_concurrency || 1),
      no_catchup: form.elements.no_catchup.checked,
      trigger,
      mode: "ENABLE"
    };
    if (f.experiment_id) body.experiment_id = f.experiment_id;
    return body;
  };
})();
