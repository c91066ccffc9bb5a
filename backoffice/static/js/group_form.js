/* The group form: the colour picker and the #RRGGBB field follow each other, and the tag
   preview follows the label, the name and the colour as they are typed. Without JavaScript
   the hex field alone sets the colour (the picker stays hidden). */
(function () {
  "use strict";

  var text = document.querySelector("[data-colour-text]");
  var picker = document.querySelector("[data-colour-picker]");
  var preview = document.querySelector("[data-tag-preview]");
  if (!text || !picker || !preview) { return; }
  var label = document.querySelector("input[name=tag_label]");
  var name = document.querySelector("input[name=name]");
  var HEX = /^#[0-9A-Fa-f]{6}$/;

  // Black or white, whichever contrasts more with the colour (as CustomerGroup.tag_text_colour).
  function readableText(hex) {
    function channel(start) {
      var value = parseInt(hex.substr(start, 2), 16) / 255;
      return value <= 0.03928 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
    }
    var luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#FFFFFF";
  }

  function showColour(hex) {
    preview.style.backgroundColor = hex;
    preview.style.color = readableText(hex);
  }

  function showLabel() {
    var typed = label.value.trim().replace(/\s+/g, " ");
    var named = name.value.trim().replace(/\s+/g, " ").slice(0, 30);
    preview.textContent = typed || named || preview.dataset.placeholder;
  }

  text.addEventListener("input", function () {
    var value = text.value.trim();
    if (HEX.test(value)) {
      picker.value = value.toLowerCase();
      showColour(value);
    }
  });
  text.addEventListener("change", function () {
    var value = text.value.trim();
    if (HEX.test(value)) { text.value = value.toUpperCase(); }
  });
  picker.addEventListener("input", function () {
    text.value = picker.value.toUpperCase();
    showColour(picker.value);
  });
  label.addEventListener("input", showLabel);
  name.addEventListener("input", showLabel);

  // Catch up with anything typed before this script ran, then show the picker.
  if (HEX.test(text.value.trim())) {
    picker.value = text.value.trim().toLowerCase();
    showColour(text.value.trim());
  }
  showLabel();
  picker.hidden = false;
})();
