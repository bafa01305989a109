/* Swagger UI for /api/v1/docs/, started from a file rather than drf-spectacular's inline
   script so the page keeps the site's strict Content-Security-Policy (script-src 'self'). */
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: target.getAttribute("data-schema-url"),
    domNode: target,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: ["get"]
  });
})();
