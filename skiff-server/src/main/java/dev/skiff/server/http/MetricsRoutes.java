package dev.skiff.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics} in the Prometheus text format, and the per-request timer behind the {@code
 * http_server_requests_seconds} series (tagged by method, matched route and status, so that path
 * parameters do not explode the number of series).
 */
public final class MetricsRoutes {
  private final PrometheusMeterRegistry registry;

  public MetricsRoutes(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public void install(RoutesConfig routes) {
    routes.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
  }

  /** Records one finished request; called by Javalin's request logger with its duration. */
  public void record(Context ctx, Float millis) {
    String route;
    try {
      route = ctx.endpoint().path;
    } catch (RuntimeException e) {
      route = "NOT_FOUND";
    }
    Timer.builder("http.server.requests")
        .description("HTTP requests served")
        .tag("method", ctx.method().name())
        .tag("uri", route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
  }
}
