// Starts the OpenAPI viewer at /schema (Swagger UI, served from /static/vendor). A file rather than an inline
// script, so that the page keeps the strict Content-Security-Policy. No validator: that would send the
// document to a third-party host.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
