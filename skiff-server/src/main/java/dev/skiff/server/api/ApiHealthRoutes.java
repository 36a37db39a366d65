package dev.skiff.server.api;

import dev.skiff.api.v2beta1.GetHealthzResponse;
import dev.skiff.server.Version;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /apis/v2beta1/healthz}: what KFP's API server answers there, which {@code kfp.Client}
 * asks for when it is created ({@code tag_name}: the server's version; {@code multi_user}: whether
 * runs are kept per profile, which Skiff always does).
 */
public final class ApiHealthRoutes {
  /** Installs the endpoint (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(
        "/apis/v2beta1/healthz", ctx -> ctx.json(new GetHealthzResponse("", Version.get(), true)));
  }
}
