// The source viewer (/fuentes/<key>): marks the lines a fragment names, one (#L12, which CSS
// :target marks too) or a range (#L120-L140), and brings the first into view.
(function () {
  "use strict";
  function mark() {
    var old = document.querySelectorAll(".source .hl");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("hl"); }
    var m = /^#L(\d+)(?:-L?(\d+))?$/.exec(window.location.hash);
    if (!m) { return; }
    var start = parseInt(m[1], 10), end = m[2] ? parseInt(m[2], 10) : start;
    var first = null;
    for (var n = start; n <= end && n - start < 5000; n++) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("hl"); first = first || line; }
    }
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
