// Starts Swagger UI on /api/v1/docs from the project's own copy (no CDN). "Try it out" from a signed-in
// browser is a session request, so it sends the page's CSRF token on writes like any of our forms.
(function () {
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  const csrf = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    if (csrf && !(request.headers.Authorization || "").startsWith("Bearer ")) {
      request.headers["X-CSRFToken"] = csrf;
    }
    return request;
  };
  window.ui = SwaggerUIBundle(settings);
})();
