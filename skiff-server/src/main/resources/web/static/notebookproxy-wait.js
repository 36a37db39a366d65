// The page of a notebook server that is starting or stopping: reloads itself until it answers.
"use strict";
(function () {
  const el = document.querySelector("[data-reload-after]");
  if (!el) return;
  const ms = Number(el.dataset.reloadAfter) || 3000;
  window.setTimeout(function () { window.location.reload(); }, ms);
})();
