// Poll a document job's JSON status and update the progress bar; no inline script, no CDN.
(function () {
  "use strict";
  var root = document.getElementById("document-job");
  if (!root) { return; }
  var bar = document.getElementById("job-bar");
  var label = document.getElementById("job-label");
  var error = document.getElementById("job-error");
  var link = document.getElementById("job-download");
  var delay = 800;
  // The CSP forbids style attributes in the markup; the starting width comes from data-progress.
  bar.style.width = String(Number(bar.dataset.progress) || 0) + "%";

  function show(job) {
    var pct = String(job.progress) + "%";
    bar.style.width = pct;
    bar.textContent = pct;
    bar.parentNode.setAttribute("aria-valuenow", String(job.progress));
    label.textContent = job.label + (job.number ? " — " + job.number : "");
    var waiting = job.status === "queued" || job.status === "running";
    bar.classList.toggle("progress-bar-striped", waiting);
    bar.classList.toggle("progress-bar-animated", waiting);
    if (job.error) {
      error.textContent = job.error;
      error.classList.remove("d-none");
      bar.classList.add("bg-danger");
    }
    if (job.download_url) {
      link.href = job.download_url;
      link.classList.remove("d-none");
    }
    return waiting;
  }

  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        if (show(job)) {
          delay = Math.min(delay * 1.3, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (root.dataset.status === "queued" || root.dataset.status === "running") { poll(); }
})();
