/* CKAN's datatables view under the page policy (script-src 'self': no
   inline script, handler or eval), see templates/datatables/datatables_view.html:
   - the globals it reads (gdataDict, gresviewId), from data attributes;
   - one click listener for its buttons instead of inline onclick
     (the refit button's data-tdpf-click; the row-detail popup's copy and
     print buttons, whose header is rebuilt without onclick and with its
     names escaped);
   - setTimeout(undefined) (the view's setTimeout(initFilterObserver(), 100))
     is skipped instead of evaluating the string "undefined". */
(function () {
  "use strict";
  var node = document.getElementById("tdpf-datatables-globals");
  if (!node) { return; }
  window.gdataDict = JSON.parse(node.getAttribute("data-dictionary") || "[]");
  window.gresviewId = node.getAttribute("data-view-id");

  var ALLOWED = { fitColText: true, copyModal: true, printModal: true };
  var originalTimeout = window.setTimeout;
  window.setTimeout = function (handler) {
    if (handler === undefined) { return 0; }
    return originalTimeout.apply(window, arguments);
  };

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function title() {
    var table = document.getElementById("dtprv");
    return escapeHtml((table && table.getAttribute("data-package-name")) || "") + " &mdash; " +
      escapeHtml((table && table.getAttribute("data-resource-name")) || "");
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target && target.closest("[data-tdpf-click], #modalcopy-button, #modalprint-button");
    if (!button) { return; }
    var name = button.id === "modalcopy-button" ? "copyModal"
      : button.id === "modalprint-button" ? "printModal"
        : button.getAttribute("data-tdpf-click");
    if (ALLOWED[name] === true && typeof window[name] === "function") {
      event.preventDefault();
      window[name](title());
    }
  });

  // the view's responsiveModalSettings, once its script has run (before
  // CKAN starts its modules on jQuery's ready): the same popup, its header
  // without inline handlers
  document.addEventListener("DOMContentLoaded", function () {
    var original = window.responsiveModalSettings;
    if (typeof original !== "function") { return; }
    window.responsiveModalSettings = function (that) {
      var settings = original.apply(this, arguments);
      settings.details.display = window.jQuery.fn.dataTable.Responsive.display.modal({
        header: function () {
          return '<span class="tdpf-dtr-title">' + escapeHtml(that._("Details:")) +
            '</span> <div class="dt-buttons btn-group">' +
            '<button type="button" id="modalcopy-button" class="btn btn-secondary" title="' +
            escapeHtml(that._("Copy to clipboard")) + '"><i class="fa fa-copy"></i></button>' +
            '<button type="button" id="modalprint-button" class="btn btn-secondary" title="' +
            escapeHtml(that._("Print")) + '"><i class="fa fa-print"></i></button></div> ';
        }
      });
      return settings;
    };
  });
}());
