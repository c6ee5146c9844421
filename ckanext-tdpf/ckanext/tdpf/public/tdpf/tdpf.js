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

  /* The site's Content-Security-Policy runs no inline script, so our
     copies of CKAN's templates carry data-tdpf-* attributes where CKAN
     wrote onclick/onchange code: clear the value of a field, tick a radio
     or checkbox, then click or focus an element (each names an id). */
  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tdpf-check], [data-tdpf-clear], " +
                                      "[data-tdpf-click], [data-tdpf-focus]");
    if (!button) {
      return;
    }
    var cleared = byId(button.dataset.tdpfClear);
    var checked = byId(button.dataset.tdpfCheck);
    var clicked = byId(button.dataset.tdpfClick);
    var focused = byId(button.dataset.tdpfFocus);
    if (cleared) {
      cleared.value = "";
    }
    if (checked) {
      checked.checked = true;
    }
    if (clicked) {
      clicked.click();
    }
    if (focused) {
      focused.focus();
    }
  });

  /* The API token page: the revoke button is enabled while a token is
     ticked, and disabled again once the revocation is sent. */
  function updateRevokeButton() {
    var revoke = byId("revoke-tokens-button");
    if (revoke) {
      revoke.disabled = !document.querySelector("#api-tokens-table [name=token]:checked");
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("#api-tokens-table [name=token]")) {
      updateRevokeButton();
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.target.querySelector && event.target.querySelector("#revoke-tokens-button")) {
      byId("revoke-tokens-button").disabled = true;
    }
  });

  /* HTML htmx swaps in (CKAN's new-token row): its inline handlers are
     taken out of the text before anything parses it (parsing it would
     already report them to the policy, which refuses them; the listeners
     above do their work). Cosmetic: the policy, not this, keeps injected
     handlers from running. */
  var INLINE_HANDLER = /\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (typeof event.detail.serverResponse === "string") {
      event.detail.serverResponse = event.detail.serverResponse.replace(INLINE_HANDLER, "");
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
    revealEmptySlug();
  });
})();
