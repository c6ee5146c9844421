/* Accessibility fixes for widgets CKAN builds in the browser: select2
   (tags, formats) draws its own combobox without a name, so give it the
   text of the label of the field it replaces. */
(function () {
  "use strict";

  function nameSelect2(container) {
    var selection = container.querySelector(".select2-selection");
    var original = container.previousElementSibling;
    if (!selection || selection.hasAttribute("aria-label") || !original || !original.id) {
      return;
    }
    var label = document.querySelector('label[for="' + original.id + '"]');
    if (label) {
      selection.setAttribute("aria-label", label.textContent.replace(/\s+/g, " ").trim());
    }
  }

  function nameAll() {
    document.querySelectorAll(".select2-container").forEach(nameSelect2);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
  });
})();
