/* The globals CKAN's datatables view reads (gdataDict, gresviewId), from
   data attributes: its inline script is blocked by the page policy
   (script-src 'self'), see templates/datatables/datatables_view.html. */
(function () {
  "use strict";
  var node = document.getElementById("tdpf-datatables-globals");
  if (!node) { return; }
  window.gdataDict = JSON.parse(node.getAttribute("data-dictionary") || "[]");
  window.gresviewId = node.getAttribute("data-view-id");
}());
