/* The discount form: show the targets of the chosen "applies to" and the groups of a groups
   audience, the value's unit (% or the shop's currency) for the chosen kind, add products
   found by search to the SKU list, and add rows for more coupon codes. Without it every part of the form shows (with one empty code row),
   and the server keeps only what the choices ask for. */
(function () {
  "use strict";

  var form = document.querySelector("[data-discount-form]");
  if (!form) { return; }

  function chosen(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "";
  }

  function update() {
    form.querySelectorAll("[data-when]").forEach(function (part) {
      var shown = chosen(part.dataset.when) === part.dataset.value;
      // A part with an error stays visible, so the message is never hidden.
      var hidden = !shown && !part.querySelector(".has-error");
      // Only real changes touch the page: a needless one would move what is under the pointer.
      if (part.hidden !== hidden) { part.hidden = hidden; }
    });
    var unit = form.querySelector("[data-unit]");
    if (unit) {
      var text = chosen("kind") === "fixed" ? unit.dataset.amountUnit : unit.dataset.percentUnit;
      if (unit.textContent !== text) { unit.textContent = text; }
    }
  }

  form.addEventListener("change", update);
  update();

  // "Find a product": the chosen suggestion's SKU joins the SKU list (once).
  var picker = form.querySelector("[data-product-picker]");
  var skus = form.querySelector('textarea[name="product_skus"]');
  if (picker && skus) {
    picker.hidden = false;
    var search = picker.querySelector('input[type="search"]');
    var addProduct = function () {
      var sku = search.value.split(" · ")[0].trim();
      if (!sku) { return; }
      var listed = skus.value.split(/[,\n\r]+/).map(function (s) { return s.trim(); });
      if (listed.indexOf(sku) < 0) {
        skus.value = listed.filter(Boolean).concat([sku]).join("\n");
      }
      search.value = "";
      search.focus();
    };
    picker.querySelector("[data-add-product]").addEventListener("click", addProduct);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // adds the product; it does not send the form
        event.preventDefault();
        addProduct();
      }
    });
  }

  // "Add another code": a new empty row of the coupon formset, numbered after the last.
  var addCoupon = form.querySelector("[data-add-coupon]");
  var template = form.querySelector("[data-coupon-template]");
  var total = form.querySelector('input[name="coupons-TOTAL_FORMS"]');
  if (addCoupon && template && total) {
    addCoupon.hidden = false;
    addCoupon.addEventListener("click", function () {
      var index = Number(total.value);
      var row = template.innerHTML.replace(/__prefix__/g, String(index));
      form.querySelector("[data-coupon-rows]").insertAdjacentHTML("beforeend", row);
      total.value = String(index + 1);
      form.querySelector("#id_coupons-" + index + "-code").focus();
    });
  }
})();
