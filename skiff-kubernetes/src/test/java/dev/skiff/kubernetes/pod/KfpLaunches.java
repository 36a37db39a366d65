package dev.skiff.kubernetes.pod;

import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import dev.skiff.store.artifact.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Step launches built by the engine's own {@link LaunchBuilder} from KFP-compiled pipelines in the
 * shared kfp-testdata ({@code <repo>/../shared}, or env {@code SKIFF_SHARED_DIR}).
 */
public final class KfpLaunches {
  private KfpLaunches() {}

  /** The folder of valid compiled pipelines; empty when the shared test data is absent. */
  public static Optional<Path> testdata() {
    String env = System.getenv("SKIFF_SHARED_DIR");
    Path shared = env != null && !env.isBlank() ? Path.of(env) : null;
    if (shared == null) {
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.exists(p.resolve("mvnw"))) {
          shared = p.resolveSibling("shared");
          break;
        }
      }
    }
    if (shared == null) {
      return Optional.empty();
    }
    Path dir = shared.resolve("kfp-testdata/sdk_compiled_pipelines/valid");
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** Why a test that needs the test data is skipped. */
  public static final String SKIP = "kfp-testdata not found (set SKIFF_SHARED_DIR): skipping";

  /**
   * The launch of one component of a testdata pipeline, as the engine builds it.
   *
   * @param file the pipeline file name, e.g. {@code artifacts_simple.yaml}
   * @param component the component's name, e.g. {@code comp-add}
   * @param id the attempt
   * @param inputs the task's resolved inputs
   * @param store the artifact store (its default root is the run's root)
   */
  public static StepLaunch launch(
      String file, String component, StepId id, TaskValues inputs, ArtifactStore store)
      throws Exception {
    Pipeline pipeline = PipelineParser.parse(testdata().orElseThrow().resolve(file));
    ComponentSpec spec = pipeline.spec().components().get(component);
    ContainerSpec container =
        (ContainerSpec) pipeline.spec().executors().get(spec.executorLabel().orElseThrow());
    String root = store.defaultRoot();
    return new LaunchBuilder(store)
        .build(
            id,
            "team-a",
            spec,
            container,
            inputs,
            RunInfo.of(pipeline.name(), id.runId(), id.taskPath(), id.runId() + "-task", root),
            pipeline.platformSpec() == null ? JsonValue.Obj.EMPTY : pipeline.platformSpec(),
            "pod-" + id.attempt(),
            root);
  }
}
