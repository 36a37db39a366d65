package dev.skiff.kubernetes.pod;

import dev.skiff.pipeline.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AttemptReport} as JSON, the file at {@link PodContract#reportUri}:
 *
 * <pre>{@code
 * {"result": "Succeeded", "outputParameters": {..}, "outputArtifacts": {"name": [artifact..]},
 *  "millis": 1234}
 * {"result": "Failed", "message": "exit code 3: ...", "exitCode": 3, "millis": 1234}
 * }</pre>
 *
 * Artifacts are written as the engine stores them ({@code name, uri, type, metadata}).
 */
public final class AttemptReportJson {
  private AttemptReportJson() {}

  /** Compact JSON text of the report. */
  public static String write(AttemptReport report) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    switch (report) {
      case AttemptReport.Succeeded s -> {
        out.put("result", JsonValue.of("Succeeded"));
        out.put("outputParameters", JsonValue.struct(s.outputParameters()));
        out.put("outputArtifacts", ExecutorInputJson.writeArtifacts(s.outputArtifacts()));
        out.put("millis", JsonValue.of(s.millis()));
      }
      case AttemptReport.Failed f -> {
        out.put("result", JsonValue.of("Failed"));
        out.put("message", JsonValue.of(f.message() == null ? "" : f.message()));
        if (f.exitCode() != null) {
          out.put("exitCode", JsonValue.of(f.exitCode()));
        }
        out.put("millis", JsonValue.of(f.millis()));
      }
    }
    return JsonValue.struct(out).toJson();
  }

  /**
   * Reads a report.
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static AttemptReport read(String json) {
    JsonFields root = JsonFields.parse(json, "the attempt report");
    String result = root.str("result");
    long millis = root.integer("millis", 0);
    return switch (result) {
      case "Succeeded" ->
          new AttemptReport.Succeeded(
              root.objectOrEmpty("outputParameters").obj().fields(),
              ExecutorInputJson.readArtifacts(root, "outputArtifacts"),
              millis);
      case "Failed" -> {
        Integer exitCode = null;
        if (root.has("exitCode")) {
          long code = root.integer("exitCode");
          if (code < Integer.MIN_VALUE || code > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("exitCode is out of range: " + code);
          }
          exitCode = (int) code;
        }
        yield new AttemptReport.Failed(root.str("message"), exitCode, millis);
      }
      default ->
          throw new IllegalArgumentException(
              "result must be Succeeded or Failed, got '" + result + "'");
    };
  }
}
