// Confirm an import: POST once (a worker imports it), then poll the progress and move the bar.
// Without JavaScript the press queues the import and the page shows where it stands.
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

  function fail() {
    error.textContent = form.dataset.msgFailed;
    error.classList.remove("d-none");
    button.disabled = false;
  }

  function follow(state) {
    show(state.progress);
    if (state.done) { window.location.reload(); return; }
    window.setTimeout(function () {
      fetch(state.progress_url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        }).then(follow).catch(fail);
    }, 1000);
  }

  function step() {
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      body: new URLSearchParams({ csrf_token: token })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(follow).catch(fail);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    button.disabled = true;
    step();
  });
})();
