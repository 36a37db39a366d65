package dev.skiff.engine.launch;

import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.store.artifact.ArtifactStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an importer task: no process; its output {@code artifact} is the artifact at the given URI,
 * as KFP's importer records it (the content is not copied: steps that take it read it from there).
 * Local paths and {@code file:} URIs are always accepted; object-storage URIs ({@code s3://},
 * {@code minio://}, {@code gs://}) when the artifact store serves their scheme. Pure: asking the
 * store which schemes it serves sends nothing.
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
   * @param store the artifact store, which says which object-storage URIs it serves
   * @throws ImportException for a missing URI or a scheme with no store here
   */
  public static TaskValues run(ImporterSpec spec, TaskValues inputs, ArtifactStore store)
      throws ImportException {
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
    String normalized = normalize(uri, store);
    RuntimeArtifact artifact =
        new RuntimeArtifact(
            "artifact", spec.typeSchema(), normalized, spec.metadata(), Optional.empty());
    return new TaskValues(Map.of(), Map.of("artifact", List.of(artifact)));
  }

  /**
   * A {@code file://} URI for local paths; URIs the store serves as they are; other schemes are
   * refused with the reason.
   */
  static String normalize(String uri, ArtifactStore store) throws ImportException {
    if (uri.isBlank()) {
      throw new ImportException("importer: the URI is empty");
    }
    if (uri.startsWith("file:") || store.handles(uri)) {
      return uri;
    }
    if (uri.startsWith("s3://") || uri.startsWith("minio://") || uri.startsWith("gs://")) {
      String scheme = uri.substring(0, uri.indexOf(':'));
      throw new ImportException(
          "importer: "
              + scheme
              + ":// URIs need an S3 artifact store that serves them (artifacts.store: s3"
              + (scheme.equals("s3") ? "" : ", artifacts.s3.schemes with " + scheme)
              + "); artifacts here live under "
              + store.defaultRoot());
    }
    if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new ImportException(
          "importer: URI scheme of '" + uri + "' is not supported locally (use file:// or a path)");
    }
    return Path.of(uri).toAbsolutePath().normalize().toUri().toString();
  }
}
