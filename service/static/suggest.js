// Autocompletion for the search box: names of agencies, programmes, objectives and lines
// of action from /api/suggest, offered in the input's <datalist>. A file of its own, not an
// inline script: the Content-Security-Policy allows scripts from this server only.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-sugerencias");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === last) { return; }
      last = text;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.textContent = "";
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.label;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
