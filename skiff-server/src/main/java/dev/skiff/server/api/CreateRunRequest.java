package dev.skiff.server.api;

import dev.skiff.pipeline.json.JsonValue;
import io.javalin.http.BadRequestResponse;
import java.util.Map;

/**
 * The body of {@code POST /apis/v2beta1/runs}: the subset of KFP's v2beta1 {@code Run} that Skiff
 * acts on. Like KFP's protojson, it accepts snake_case and camelCase field names.
 *
 * <p>{@code pipeline_spec} is the compiled pipeline as a JSON object (what {@code kfp.Client}
 * sends), either bare or wrapped as {@code {"pipeline_spec": {...}, "platform_spec": {...}}}. As a
 * Skiff extension it may also be a string holding the pipeline file's text (YAML or JSON), which
 * the CLI sends so that the stored run keeps the file as written.
 *
 * @param displayName the run's name; empty means the pipeline's
 * @param pipelineText the pipeline as text for the engine's parser
 * @param parameters {@code runtime_config.parameters}, untyped JSON values
 */
record CreateRunRequest(
    String displayName, String pipelineText, Map<String, JsonValue> parameters) {

  /**
   * Reads a request body.
   *
   * @throws BadRequestResponse naming what is missing or malformed
   */
  static CreateRunRequest parse(String body) {
    JsonValue parsed;
    try {
      parsed = JsonValue.parse(body);
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse("the request body is not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof JsonValue.Obj run)) {
      throw new BadRequestResponse("the request body must be a JSON object (a KFP Run)");
    }
    for (String unsupported :
        new String[] {"pipeline_version_reference", "pipeline_version_id", "pipelineVersionId"}) {
      if (field(run, unsupported) != null) {
        throw new BadRequestResponse(
            "runs of stored pipeline versions are not supported yet; send the pipeline itself as"
                + " pipeline_spec");
      }
    }
    JsonValue spec = field(run, "pipeline_spec");
    String text =
        switch (spec) {
          case JsonValue.Obj o -> o.toJson();
          case JsonValue.Str s -> s.value();
          case null ->
              throw new BadRequestResponse(
                  "pipeline_spec is required: the compiled pipeline (KFP v2 IR) as a JSON object");
          default ->
              throw new BadRequestResponse(
                  "pipeline_spec must be a JSON object (the compiled pipeline), got a "
                      + spec.kind());
        };
    String name =
        switch (field(run, "display_name")) {
          case null -> "";
          case JsonValue.Null n -> "";
          case JsonValue.Str s -> s.value().strip();
          case JsonValue other ->
              throw new BadRequestResponse("display_name must be a string, got a " + other.kind());
        };
    return new CreateRunRequest(name, text, parameters(run));
  }

  private static Map<String, JsonValue> parameters(JsonValue.Obj run) {
    JsonValue config = field(run, "runtime_config");
    if (config == null || config instanceof JsonValue.Null) {
      return Map.of();
    }
    if (!(config instanceof JsonValue.Obj c)) {
      throw new BadRequestResponse("runtime_config must be a JSON object, got a " + config.kind());
    }
    JsonValue params = c.get("parameters");
    if (params == null || params instanceof JsonValue.Null) {
      return Map.of();
    }
    if (!(params instanceof JsonValue.Obj p)) {
      throw new BadRequestResponse(
          "runtime_config.parameters must be a JSON object (name to value), got a "
              + params.kind());
    }
    return p.fields();
  }

  /** The field under its snake_case name or, as protojson also accepts, its camelCase one. */
  private static JsonValue field(JsonValue.Obj o, String snake) {
    JsonValue v = o.get(snake);
    return v != null ? v : o.get(camel(snake));
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }
}
