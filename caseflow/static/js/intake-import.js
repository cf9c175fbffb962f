// Confirm an import in chunks: POST one chunk at a time and move the progress bar.
// Without JavaScript each press of the button imports one chunk and reloads the page.
(function () {
  "use strict";
  var form = document.getElementById("import-confirm");
  if (!form || !window.fetch) { return; }
  var bar = form.querySelector("[data-progress-bar]");
  var progress = form.querySelector("[data-progress]");
  var error = form.querySelector("[data-import-error]");
  var button = form.querySelector("button[type=submit]");
  var token = form.querySelector("[name=csrf_token]").value;

  function show(pct) {
    bar.style.width = pct + "%";  // CSSOM: allowed by the style-src 'self' policy
    bar.textContent = pct + "%";
    progress.setAttribute("aria-valuenow", String(pct));
  }
  show(Number(bar.dataset.progress) || 0);

  function step() {
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      body: new URLSearchParams({ csrf_token: token })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (state) {
      show(state.progress);
      if (state.done) { window.location.reload(); } else { step(); }
    }).catch(function () {
      error.textContent = form.dataset.msgFailed;
      error.classList.remove("d-none");
      button.disabled = false;
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    button.disabled = true;
    step();
  });
})();
