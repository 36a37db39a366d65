package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /apis/v2beta1/openapi.json}: the OpenAPI 3.1 document of every route the server serves
 * (KFP's v2beta1 API, Skiff's {@code /api/v1} routes, health and metrics), behind the same token as
 * {@code /apis/v2beta1/healthz}.
 *
 * <p>The document is written by hand as YAML beside the code ({@value #RESOURCE}; YAML because it
 * is read and reviewed by people) and served as JSON, converted once on first request. A test keeps
 * it honest: every registered route is in it and every documented one is registered, it parses as
 * OpenAPI 3.1 without messages, and real responses validate against its schemas.
 */
public final class OpenApiRoutes {
  /** Where the document is served. */
  public static final String PATH = "/apis/v2beta1/openapi.json";

  /** The document's resource on the class path. */
  public static final String RESOURCE = "/openapi/skiff-v2beta1.yaml";

  private volatile byte[] json;

  /** Installs the endpoint (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(PATH, this::serve);
  }

  private void serve(Context ctx) {
    ctx.contentType("application/json").result(document());
  }

  /** The document as JSON bytes, converted from the YAML resource on first use. */
  byte[] document() {
    byte[] bytes = json;
    if (bytes == null) {
      synchronized (this) {
        bytes = json;
        if (bytes == null) {
          bytes = convert();
          json = bytes;
        }
      }
    }
    return bytes;
  }

  private static byte[] convert() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        // Only a broken build gets here: the resource is part of this module's jar.
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not packaged");
      }
      JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(in);
      return new ObjectMapper().writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
    }
  }
}
