package dev.skiff.engine.executor.injvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose step asks for an accelerator type the executor can never provide is refused at
 * submit, and nothing is stored; other types are accepted.
 */
class AcceleratorRefusalIT {
  @TempDir Path home;

  /** The in-JVM executor, offering only {@code nvidia.com/gpu}. */
  private record OnlyGenericGpus(InJvmExecutor delegate) implements StepExecutor {
    @Override
    public Optional<String> acceleratorRefusal(String type) {
      return type.equals("nvidia.com/gpu")
          ? Optional.empty()
          : Optional.of("this cluster offers nvidia.com/gpu only");
    }

    @Override
    public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
      return delegate.start(launch, listener);
    }

    @Override
    public CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle) {
      return delegate.reclaim(launch, handle);
    }

    @Override
    public void cancel(StepId id) {
      delegate.cancel(id);
    }

    @Override
    public LogSource logs() {
      return delegate.logs();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static String pipelineAsking(String type) throws Exception {
    try (InputStream in = AcceleratorRefusalIT.class.getResourceAsStream("/pipelines/injvm.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace(
          "container: {image: injvm, command: [produce]}",
          "container: {image: injvm, command: [produce], resources: {accelerator: {resourceType: "
              + type
              + ", resourceCount: '1'}}}");
    }
  }

  @Test
  void anAcceleratorTypeTheExecutorLacksIsRefusedAtSubmit() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      LocalArtifactStore artifacts = new LocalArtifactStore(home.resolve("artifacts"));
      StepExecutor executor = new OnlyGenericGpus(new InJvmExecutor(artifacts, Map.of()));
      RunService runs = new RunService(db.runs(), executor, artifacts, EngineConfig.defaults());
      try {
        assertThatThrownBy(
                () ->
                    runs.submit(
                        pipelineAsking("NVIDIA_TESLA_K80"),
                        "injvm.yaml",
                        Map.of("n", JsonValue.of(1)),
                        RunOptions.DEFAULT))
            .isInstanceOf(ParameterValueException.class)
            .hasMessage(
                "executor 'exec-produce' asks for accelerator NVIDIA_TESLA_K80: this cluster"
                    + " offers nvidia.com/gpu only");
        assertThat(runs.count("")).isZero();
        String id =
            runs.submit(
                pipelineAsking("nvidia.com/gpu"),
                "injvm.yaml",
                Map.of("n", JsonValue.of(1)),
                RunOptions.DEFAULT);
        assertThat(id).isNotBlank();
        runs.cancel(id);
      } finally {
        runs.close();
        executor.close();
      }
    }
  }
}
