/* The customer list: dialogs, column order by drag-and-drop (SortableJS) or arrow buttons,
   and the per-page select. Everything here also works by form submission without it,
   except dragging. */
(function () {
  "use strict";

  document.querySelectorAll("[data-open-dialog]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.getElementById(button.dataset.openDialog).showModal();
    });
  });
  document.querySelectorAll("[data-close-dialog]").forEach(function (button) {
    button.addEventListener("click", function () { button.closest("dialog").close(); });
  });

  // The chooser's list: drag an entry, or move it with its arrow buttons (keyboard users).
  document.querySelectorAll("[data-sortable]").forEach(function (list) {
    Sortable.create(list, { handle: ".drag-handle", animation: 120 });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) { return; }
      var item = button.closest("li");
      if (button.dataset.move === "up" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
    });
  });

  // Dragging a column header saves the new order for this staff member, then reloads.
  var headers = document.querySelector("tr.column-headers");
  if (headers) {
    Sortable.create(headers, {
      draggable: "th[data-column]",
      forceFallback: true,  // mouse events rather than HTML5 drag: steadier with links inside
      animation: 120,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) { return; }
        var body = new URLSearchParams();
        headers.querySelectorAll("th[data-column]").forEach(function (th) {
          body.append("columns", th.dataset.column);
        });
        body.append("next", window.location.pathname + window.location.search);
        var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
        fetch(headers.dataset.columnsUrl, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": token },
          credentials: "same-origin",
        }).then(function () { window.location.reload(); });
      },
    });
  }

  // Bulk selection: the header box ticks the whole page; the bar says how many are ticked.
  var pageBox = document.querySelector("[data-select-page]");
  var rowBoxes = Array.prototype.slice.call(document.querySelectorAll("input[name=ids]"));
  var selectedCount = document.querySelector("[data-selected-count]");
  function showSelected() {
    var ticked = rowBoxes.filter(function (box) { return box.checked; }).length;
    if (selectedCount) { selectedCount.textContent = ticked ? "(" + ticked + ")" : ""; }
    if (pageBox) {
      pageBox.checked = ticked > 0 && ticked === rowBoxes.length;
      pageBox.indeterminate = ticked > 0 && ticked < rowBoxes.length;
    }
  }
  if (pageBox) {
    pageBox.addEventListener("change", function () {
      rowBoxes.forEach(function (box) { box.checked = pageBox.checked; });
      showSelected();
    });
  }
  rowBoxes.forEach(function (box) { box.addEventListener("change", showSelected); });
  showSelected();

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
