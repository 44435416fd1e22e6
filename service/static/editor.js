// Starts YASGUI against this service's /sparql, one tab per named query (no CDN, no
// network beyond this server). Each tab gets its query through its config: YASGUI only
// builds the editor of the active tab, so `setQuery` on another tab throws. No persistence:
// a stored session would add the named queries again on every visit.
//
// What this adds to YASGUI:
// - the parameter form of the active tab's named query is shown (the server binds the
//   values into the text: GET /editor?consulta=<name>&<param>=<value>);
// - a shared link (`#query=...`) opens its tab in front, the named queries behind it;
// - accessibility: CodeMirror's contenteditable input (read by screen readers, inside its
//   scrolling box) with a label; labels for YASGUI's unlabelled inputs; a tab's
//   `aria-controls` only while its panel exists; the "+" button moved out of the tab list
//   (a tablist may hold only tabs), replaced by our own «Nueva pestaña vacía».
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (typeof Yasgui === "undefined" || !root) { return; }
  var tabs = JSON.parse(document.getElementById("named-queries").textContent);
  var chosen = root.getAttribute("data-chosen");
  var run = root.getAttribute("data-run") === "true";
  // The class and property completers ask lov.linkeddata.es as one types: keep the local ones.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasgui.Yasqe.defaults.inputStyle = "contenteditable";
  Yasgui.Yasqe.defaults.screenReaderLabel = "Texto de la consulta SPARQL";
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: tabs.length === 0,
  });
  // Before ours are added, the only tab YASGUI can hold is the one a shared link opened.
  var shared = yasgui.persistentConfig.getTabs().length > 0;
  var named = {}; // YASGUI tab id -> named query name
  tabs.forEach(function (t, i) {
    var active = !shared && (chosen ? t.id === chosen : i === 0);
    var tab = yasgui.addTab(active, { name: t.name, yasqe: { value: t.query } });
    named[tab.getId()] = t.id;
  });

  var forms = document.querySelectorAll("form.params");
  var none = document.querySelector(".no-params");
  function showParams(tabId) {
    var name = named[tabId];
    var found = false;
    for (var i = 0; i < forms.length; i++) {
      var match = forms[i].getAttribute("data-tab") === name;
      forms[i].hidden = !match;
      found = found || match;
    }
    if (none) { none.hidden = found; }
  }
  yasgui.on("tabSelect", function (_y, tabId) { showParams(tabId); });
  showParams(yasgui.persistentConfig.getActiveId());

  var add = document.getElementById("new-tab");
  if (add) {
    add.hidden = false;
    add.addEventListener("click", function () { yasgui.addTab(true); });
  }

  function label(selector, text) {
    var found = root.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) {
      if (!found[i].hasAttribute("aria-label")) { found[i].setAttribute("aria-label", text); }
    }
  }
  function repair() {
    var tabLinks = root.querySelectorAll('[role="tab"]');
    for (var i = 0; i < tabLinks.length; i++) {
      var a = tabLinks[i];
      var panel = a.getAttribute("aria-controls") || a.getAttribute("data-controls");
      if (!panel) { continue; }
      if (document.getElementById(panel)) {
        a.setAttribute("aria-controls", panel);
      } else {
        a.setAttribute("data-controls", panel);
        a.removeAttribute("aria-controls");
      }
    }
    label("input.autocomplete", "Punto de consulta SPARQL");
    label(".tabsList input", "Nombre de la pestaña");
    label("textarea", "Texto de la consulta SPARQL");
    label("select.tableSizer", "Filas por página");
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }).observe(root, { childList: true, subtree: true });
  repair();

  if (run && !shared) {
    var tab = yasgui.getTab();
    if (tab) { tab.query(); }
  }
})();
