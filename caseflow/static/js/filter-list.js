// Filters a long list of checkboxes as the user types: accent-insensitive, so "cong an ha noi"
// finds "Công an Hà Nội". Groups with no match hide; checked boxes always stay visible.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("[data-filter-list]").forEach(function (input) {
    var list = document.querySelector(input.dataset.filterList);
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]"));
    items.forEach(function (item) { item.dataset.folded = fold(item.dataset.filterText || ""); });
    var empty = list.querySelector("[data-filter-empty]");
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var box = item.querySelector("input");
        var match = (box && box.checked) || words.every(function (w) {
          return item.dataset.folded.indexOf(w) !== -1;
        });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      list.querySelectorAll("[data-filter-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
      });
      if (empty) { empty.hidden = shown !== 0; }
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter must not send the form
    });
  });
}());
