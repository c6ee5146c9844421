/* Browser-side touches of the TDPF catalog. */
(function () {
  "use strict";

  /* select2 (tags, formats) draws its own combobox without a name: give it
     the text of the label of the field it replaces. */
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

  /* CKAN derives the URL name from the title, but a Japanese title gives
     no Latin letters and so an empty, hidden URL name: open the URL name
     field so that the provider sees it must be typed. */
  function revealEmptySlug() {
    var title = document.getElementById("field-title");
    var slug = document.getElementById("field-name");
    if (!title || !slug) {
      return;
    }
    title.addEventListener("input", function () {
      setTimeout(function () {
        var edit = document.querySelector(".slug-preview button");
        if (title.value.trim() && !slug.value.trim() && edit && edit.offsetParent !== null) {
          edit.click();
        }
      }, 0);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
    revealEmptySlug();
  });
})();
