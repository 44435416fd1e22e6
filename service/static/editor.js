// Starts YASGUI against this service's /sparql, one tab per named query (no CDN, no
// network beyond this server). Each tab gets its query through its config: YASGUI only
// builds the editor of the active tab, so `setQuery` on another tab throws. No persistence:
// a stored session would add the named queries again on every visit.
(function () {
  "use strict";
  if (typeof Yasgui === "undefined") { return; }
  var tabs = JSON.parse(document.getElementById("named-queries").textContent);
  // The class and property completers ask lov.linkeddata.es as one types: keep the local ones.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: tabs.length === 0,
  });
  tabs.forEach(function (t, i) {
    yasgui.addTab(i === 0, { name: t.name, yasqe: { value: t.query } });
  });
})();
