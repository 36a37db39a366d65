package dev.skiff.engine.launch;

import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ImporterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an importer task: no process; its output {@code artifact} is the artifact at the given URI.
 * Pure.
 */
public final class Importer {
  private Importer() {}

  /** A URI the importer cannot use here. */
  public static final class ImportException extends Exception {
    ImportException(String message) {
      super(message);
    }
  }

  /**
   * The importer's outputs.
   *
   * @param inputs the task's resolved inputs ({@code uri} for a runtime-parameter URI)
   * @throws ImportException for a missing URI or a scheme with no store here
   */
  public static TaskValues run(ImporterSpec spec, TaskValues inputs) throws ImportException {
    String uri =
        switch (spec.artifactUri()) {
          case ImporterSpec.ConstantUri c -> c.uri();
          case ImporterSpec.UriParameter p -> {
            JsonValue v = inputs.parameters().get(p.inputName());
            if (!(v instanceof JsonValue.Str s)) {
              throw new ImportException(
                  "importer: input '" + p.inputName() + "' holds no URI string");
            }
            yield s.value();
          }
        };
    String normalized = normalize(uri);
    RuntimeArtifact artifact =
        new RuntimeArtifact(
            "artifact", spec.typeSchema(), normalized, spec.metadata(), Optional.empty());
    return new TaskValues(Map.of(), Map.of("artifact", List.of(artifact)));
  }

  /** A {@code file://} URI for local paths; other schemes are refused with the reason. */
  static String normalize(String uri) throws ImportException {
    if (uri.isBlank()) {
      throw new ImportException("importer: the URI is empty");
    }
    if (uri.startsWith("s3://") || uri.startsWith("minio://")) {
      throw new ImportException(
          uri.substring(0, uri.indexOf(':')) + ":// importer needs an S3 store, not configured");
    }
    if (uri.startsWith("file:")) {
      return uri;
    }
    if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new ImportException(
          "importer: URI scheme of '" + uri + "' is not supported locally (use file:// or a path)");
    }
    return Path.of(uri).toAbsolutePath().normalize().toUri().toString();
  }
}
