package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skiff.server.http.HttpRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The served OpenAPI document, read for tests: its operations as {@link HttpRoute}s, and its
 * schemas as JSON Schema 2020-12 (the dialect of OpenAPI 3.1) to validate real bodies against.
 */
final class OpenApiDocument {
  /** The IRI the document is known under to the schema registry; {@code $ref}s resolve in it. */
  private static final String IRI = "https://skiff.invalid/openapi.json";

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode doc;
  private final SchemaRegistry schemas;

  OpenApiDocument(String json) {
    try {
      this.doc = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.schemas =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(IRI, json)));
  }

  JsonNode tree() {
    return doc;
  }

  /** Every documented operation, as method and path template. */
  Set<HttpRoute> operations() {
    Set<HttpRoute> ops = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
        String method = m.next();
        if (METHODS.contains(method)) {
          ops.add(new HttpRoute(method.toUpperCase(Locale.ROOT), path.getKey()));
        }
      }
    }
    return ops;
  }

  /**
   * The JSON pointer (without {@code #}) of the schema of an operation's response, following a
   * {@code $ref} to {@code components/responses}; the status's own entry, else {@code default}.
   *
   * @throws AssertionError when the document has no such response or media type
   */
  String responseSchemaPointer(HttpRoute op, int status, String mediaType) {
    String opPointer =
        "/paths/" + escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT) + "/responses";
    JsonNode responses = doc.at(opPointer);
    if (responses.isMissingNode()) {
      throw new AssertionError("the document has no operation " + op);
    }
    String code = Integer.toString(status);
    String pointer;
    if (responses.has(code)) {
      pointer = opPointer + "/" + code;
    } else if (responses.has("default")) {
      pointer = opPointer + "/default";
    } else {
      throw new AssertionError(op + " documents no response " + status);
    }
    JsonNode response = doc.at(pointer);
    if (response.has("$ref")) {
      pointer = response.get("$ref").asText().substring(1);
      response = doc.at(pointer);
    }
    if (!response.path("content").has(mediaType)) {
      throw new AssertionError(
          op + " " + status + " documents no " + mediaType + " body: " + response.path("content"));
    }
    return pointer + "/content/" + escape(mediaType) + "/schema";
  }

  /** What is wrong with {@code json} as a body of that response; empty when it validates. */
  List<String> validateResponse(HttpRoute op, int status, String mediaType, String json) {
    return validate(responseSchemaPointer(op, status, mediaType), json);
  }

  /** What is wrong with {@code json} as an instance of {@code components/schemas/name}. */
  List<String> validateComponent(String name, String json) {
    if (doc.path("components").path("schemas").path(name).isMissingNode()) {
      throw new AssertionError("the document has no schema " + name);
    }
    return validate("/components/schemas/" + escape(name), json);
  }

  private List<String> validate(String pointer, String json) {
    Schema schema = schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer));
    return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  /** A JSON pointer token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
