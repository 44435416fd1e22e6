// Starts Swagger UI on /docs over this service's OpenAPI document (a file, not an inline
// script: the Content-Security-Policy allows scripts from this server only). No validator
// badge: it would ask validator.swagger.io about the document.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (typeof SwaggerUIBundle === "undefined" || !root) { return; }
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: false, // its links sit inside each operation's toggle button (nested-interactive)
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
