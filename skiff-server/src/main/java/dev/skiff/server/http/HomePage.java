package dev.skiff.server.http;

import io.javalin.config.RoutesConfig;

/**
 * {@code GET /}: a minimal page with the version and links to the health and metrics endpoints. The
 * dashboard replaces it in a later release.
 */
public final class HomePage {
  private final String version;

  public HomePage(String version) {
    this.version = version;
  }

  public void install(RoutesConfig routes) {
    String html =
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Skiff</title></head>
        <body>
        <h1>Skiff</h1>
        <p>Version %s</p>
        <ul>
          <li><a href="/healthz">/healthz</a> (liveness)</li>
          <li><a href="/readyz">/readyz</a> (readiness: database reachable, migrations applied)</li>
          <li><a href="/metrics">/metrics</a> (Prometheus)</li>
        </ul>
        </body>
        </html>
        """
            .formatted(escape(version));
    routes.get("/", ctx -> ctx.html(html));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
