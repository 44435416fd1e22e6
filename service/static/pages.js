// Small progressive enhancements for every page (the pages work without it):
// a table wider than its column (a phone) gets its own horizontally scrolling box, which
// keyboard users can focus and scroll, and screen readers announce with the table's name.
(function () {
  "use strict";
  function boxWideTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.closest(".yasr, .table-scroll")) { continue; }
      var parent = table.parentElement;
      if (table.scrollWidth <= parent.clientWidth + 1) { continue; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      var caption = table.querySelector("caption");
      var heading = caption ? caption.textContent : "";
      box.setAttribute("aria-label", heading ? "Tabla: " + heading.trim() : "Tabla desplazable");
      parent.insertBefore(box, table);
      box.appendChild(table);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boxWideTables);
  } else {
    boxWideTables();
  }
})();
