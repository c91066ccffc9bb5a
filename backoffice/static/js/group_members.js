/* The members page: the header box ticks every member on the page for "Remove". */
(function () {
  "use strict";

  document.querySelectorAll("[data-select-page]").forEach(function (all) {
    var boxes = document.querySelectorAll(
      "input[name=ids][form='" + all.dataset.selectPage + "']"
    );
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
