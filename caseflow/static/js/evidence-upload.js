// Drag and drop evidence upload with a progress bar (XMLHttpRequest upload progress).
// Without JavaScript the plain multipart form in the same markup works on its own.
(function () {
  "use strict";
  var form = document.getElementById("evidence-upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var zone = form.querySelector("[data-drop-zone]");
  var picker = form.querySelector("[data-picker]");
  var list = form.querySelector("[data-file-list]");
  var error = form.querySelector("[data-upload-error]");
  var progress = form.querySelector("[data-progress]");
  var bar = form.querySelector("[data-progress-bar]");
  var button = form.querySelector("[data-upload-button]");
  var maxFile = Number(form.dataset.maxFile) || 0;
  var maxFiles = Number(form.dataset.maxFiles) || 10;
  var chosen = [];  // {file, caption input}

  form.querySelector("[data-plain-rows]").classList.add("d-none");
  zone.classList.remove("d-none");

  function showError(text) {
    error.textContent = text;
    error.classList.toggle("d-none", !text);
    // An alert only while it says something: screen readers announce it, and an empty hidden
    // box is not one more "alert" on the page.
    if (text) { error.setAttribute("role", "alert"); } else { error.removeAttribute("role"); }
  }

  function render() {
    list.textContent = "";
    chosen.forEach(function (entry, index) {
      var item = document.createElement("li");
      item.className = "d-flex gap-2 align-items-center mb-1";
      var name = document.createElement("span");
      name.className = "text-break flex-shrink-1";
      name.textContent = entry.file.name + " (" + Math.ceil(entry.file.size / 1024) + " KB)";
      entry.caption.className = "form-control form-control-sm";
      entry.caption.placeholder = form.dataset.msgCaption;
      entry.caption.maxLength = 500;
      entry.caption.setAttribute("aria-label", form.dataset.msgCaption + " — " + entry.file.name);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-outline-secondary btn-sm";
      remove.textContent = form.dataset.msgRemove;
      remove.addEventListener("click", function () { chosen.splice(index, 1); render(); });
      item.appendChild(name);
      item.appendChild(entry.caption);
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function add(files) {
    showError("");
    Array.prototype.forEach.call(files, function (file) {
      if (maxFile && file.size > maxFile) {
        showError(form.dataset.msgTooBig + " " + file.name);
        return;
      }
      chosen.push({ file: file, caption: document.createElement("input") });
    });
    if (chosen.length > maxFiles) {
      chosen = chosen.slice(0, maxFiles);
      showError(form.dataset.msgTooMany);
    }
    render();
  }

  zone.addEventListener("click", function () { picker.click(); });
  zone.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); picker.click(); }
  });
  picker.addEventListener("change", function () { add(picker.files); picker.value = ""; });
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("bg-primary-subtle"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.remove("bg-primary-subtle"); });
  });
  zone.addEventListener("drop", function (e) { add(e.dataTransfer.files); });

  function setProgress(pct) {
    bar.style.width = pct + "%";  // CSSOM, allowed by the style-src 'self' policy
    bar.textContent = pct + "%";
    progress.setAttribute("aria-valuenow", String(pct));
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!chosen.length) { picker.click(); return; }
    var data = new FormData();
    data.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    chosen.forEach(function (entry) {
      data.append("file", entry.file, entry.file.name);
      data.append("caption", entry.caption.value);
    });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { setProgress(Math.round(100 * event.loaded / event.total)); }
    });
    xhr.addEventListener("load", function () {
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (ignore) { answer = null; }
      if (xhr.status >= 200 && xhr.status < 300 && answer) {
        window.location.assign(answer.redirect);
        window.location.reload();
        return;
      }
      button.disabled = false;
      progress.classList.add("d-none");
      showError((answer && answer.message) || form.dataset.msgFailed);
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      progress.classList.add("d-none");
      showError(form.dataset.msgFailed);
    });
    showError("");
    button.disabled = true;
    setProgress(0);
    progress.classList.remove("d-none");
    xhr.send(data);
  });
})();
