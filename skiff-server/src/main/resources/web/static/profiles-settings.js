// The profile settings page: a new API token is shown once, with a copy button; "Done" reloads the
// list (where its secret no longer appears). Everything else on the page is skiff.js data-api forms.
(function () {
  "use strict";
  const form = document.getElementById("new-token");
  if (!form) return;
  const shown = document.getElementById("token-shown");
  const value = document.getElementById("token-value");
  const copied = document.getElementById("token-copied");
  form.addEventListener("skiff:done", (ev) => {
    const made = ev.detail || {};
    value.textContent = made.token || "";
    shown.hidden = false;
    form.hidden = true;
    shown.focus();
  });
  document.getElementById("token-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(value.textContent);
      copied.textContent = "Copied.";
    } catch (e) {
      // no clipboard permission: select the text so that the user copies it themselves
      const range = document.createRange();
      range.selectNodeContents(value);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      copied.textContent = "Selected: press Ctrl+C to copy.";
    }
  });
  document.getElementById("token-done").addEventListener("click", () => {
    value.textContent = "";
    location.reload();
  });
})();
