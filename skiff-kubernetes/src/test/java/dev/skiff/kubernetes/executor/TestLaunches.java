package dev.skiff.kubernetes.executor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Map;

/** Step launches of the KFP test pipelines, built by the engine's own {@link LaunchBuilder}. */
final class TestLaunches {
  private TestLaunches() {}

  static Path shared() {
    String env = System.getenv("SKIFF_SHARED_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw"))) {
        return p.resolveSibling("shared");
      }
    }
    return Path.of("../shared");
  }

  /** A pipeline of {@code kfp-testdata/sdk_compiled_pipelines/valid}; skips when absent. */
  static Pipeline pipeline(String relative) throws Exception {
    Path file = shared().resolve("kfp-testdata/sdk_compiled_pipelines/valid").resolve(relative);
    assumeTrue(Files.exists(file), "kfp-testdata not found at " + file + ": skipping");
    return PipelineParser.parse(file);
  }

  /** The launch of the component named {@code component} with these parameter inputs. */
  static StepLaunch launch(
      Pipeline p,
      String component,
      String taskPath,
      String profile,
      Map<String, JsonValue> params,
      ArtifactStore store)
      throws Exception {
    return launch(p, component, "run-1", taskPath, profile, params, store);
  }

  /** The same, of run {@code runId}. */
  static StepLaunch launch(
      Pipeline p,
      String component,
      String runId,
      String taskPath,
      String profile,
      Map<String, JsonValue> params,
      ArtifactStore store)
      throws Exception {
    ComponentSpec c = p.spec().component(component).orElseThrow();
    ContainerSpec container = (ContainerSpec) p.spec().executorOf(c).orElseThrow();
    return new LaunchBuilder(store)
        .build(
            new StepId(runId, taskPath, 1),
            profile,
            c,
            container,
            new TaskValues(params, Map.of()),
            RunInfo.of("job", runId, taskPath, "uuid-1", ""),
            p.platformSpec(),
            "pod",
            store.defaultRoot());
  }
}
