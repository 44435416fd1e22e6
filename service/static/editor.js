// Starts YASGUI against this service's /sparql, one tab per named query (no CDN, no
// network beyond this server).
(function () {
  "use strict";
  if (typeof Yasgui === "undefined") { return; }
  var tabs = JSON.parse(document.getElementById("named-queries").textContent);
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: "migrakg-editor",
  });
  var existing = yasgui.getTab();
  tabs.forEach(function (t, i) {
    var tab = i === 0 && existing ? existing : yasgui.addTab(false, { name: t.name });
    tab.setName(t.name);
    tab.setQuery(t.query);
  });
})();
