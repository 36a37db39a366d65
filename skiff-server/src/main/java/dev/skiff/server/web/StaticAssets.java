package dev.skiff.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /static/*}: the dashboard's scripts, styles and images from the jar ({@code
 * web/static/}), never from a CDN, so the dashboard works offline. Names are checked against a
 * strict pattern (no traversal), contents are kept in memory with an ETag.
 */
public final class StaticAssets {
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(js|css|svg|png|ico)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  private record Asset(byte[] bytes, String type, String etag) {}

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  void install(RoutesConfig routes) {
    routes.get(DashboardPaths.STATIC + "/<name>", this::serve);
  }

  private void serve(Context ctx) {
    String name = ctx.pathParam("name");
    Asset a =
        NAME.matcher(name).matches()
            ? cache.computeIfAbsent(name, StaticAssets::load).orElse(null)
            : null;
    if (a == null) {
      throw new NotFoundResponse("no such file: " + name);
    }
    ctx.header("ETag", a.etag());
    // Revalidated each time (an ETag answer is a few bytes): a new release is seen at once.
    ctx.header("Cache-Control", "no-cache");
    if (a.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(a.type());
    ctx.result(a.bytes());
  }

  private static Optional<Asset> load(String name) {
    try (InputStream in = StaticAssets.class.getResourceAsStream("/web/static/" + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String ext = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of(new Asset(bytes, TYPES.get(ext), etag(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
