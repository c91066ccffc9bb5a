/* Product boxes (order lines, the price preview, a discount's products): while staff type two
   characters or more, the datalist the box names fills with the shop's matching products,
   asked from the server. Without it a box still takes any SKU typed. */
(function () {
  "use strict";

  var WAIT_MS = 200;

  document.querySelectorAll("datalist[data-suggest-url]").forEach(function (list) {
    var timer = null;
    var asked = "";

    function suggest(query) {
      // A chosen suggestion ("SKU · name") is an answer, not a question.
      if (query.length < 2 || query === asked || query.indexOf(" · ") >= 0) { return; }
      asked = query;
      var url = new URL(list.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (asked !== query) { return; }  // a later question is on its way
          list.replaceChildren.apply(list, data.products.map(function (product) {
            var option = document.createElement("option");
            option.value = product.label;
            return option;
          }));
        })
        .catch(function () { asked = ""; });  // offline, or logged out: ask again next key
    }

    document.addEventListener("input", function (event) {
      var box = event.target;
      if (!box.getAttribute || box.getAttribute("list") !== list.id) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { suggest(box.value.trim()); }, WAIT_MS);
    });
  });
})();
