package dev.skiff.server.api;

import dev.skiff.api.v2beta1.GetHealthzResponse;
import dev.skiff.server.Version;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /apis/v2beta1/healthz}: what KFP's API server answers there, which {@code kfp.Client}
 * asks for when it is created ({@code tag_name}: the server's version; {@code multi_user}: false,
 * so that the client does not look for a Kubernetes namespace: every request is filed in the
 * caller's profile; {@code pipeline_store}: {@code database}).
 */
public final class ApiHealthRoutes {
  /** Installs the endpoint (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(
        "/apis/v2beta1/healthz",
        ctx -> ctx.json(new GetHealthzResponse("", Version.get(), false, "database")));
  }
}
