package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.local.python.PythonConfig;
import dev.skiff.engine.executor.local.python.PythonSteps;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the local executor turns a logical launch into a process: files chosen under the attempt's
 * folder, and artifact URIs as the step's SDK expects them.
 */
class LocalLaunchBuilderTest {
  @TempDir Path dir;

  private static final String PROGRAM =
      "printf \"%s\" \"$0\" > \"$program_path/ephemeral_component.py\"\n"
          + "python3 -m kfp.dsl.executor_main --component_module_path"
          + " \"$program_path/ephemeral_component.py\" \"$@\"\n";

  /** A python3 that answers Skiff's probe: KFP {@code kfp} (or {@code null}), nothing missing. */
  private Path fakePython(String kfp) throws Exception {
    Path p = dir.resolve("python-" + kfp.replaceAll("[^a-z0-9.]", ""));
    String json =
        "{\"executable\": \""
            + p
            + "\", \"version\": [3, 11, 2], \"kfp\": "
            + kfp
            + ", \"missing\": [], \"markers\": {\"python_version\": \"3.11\"}}";
    Files.writeString(p, "#!/bin/sh\necho '" + json + "'\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private LocalLaunchBuilder builder(Path python) {
    return new LocalLaunchBuilder(
        new AttemptFolders(dir.resolve("runs")),
        new PythonSteps(
            dir.resolve("home"),
            new PythonConfig(Optional.empty(), Optional.of(python), false),
            Map.of("PATH", "/usr/bin:/bin")));
  }

  private StepLaunch pythonStep(String taskPath, Map<String, OutputParameterSpec> outputs) {
    String in = dir.resolve("artifacts/run-1/make/ds").toUri().toString();
    String out = dir.resolve("artifacts/run-1/" + taskPath + "/model").toUri().toString();
    ExecutorInput ei =
        new ExecutorInput(
            new ExecutorInput.Inputs(
                Map.of("n", JsonValue.of(3)),
                Map.of(
                    "ds",
                    List.of(
                        RuntimeArtifact.of("1", ArtifactType.of("system.Dataset", "0.0.1"), in)))),
            new ExecutorInput.Outputs(
                Map.of(),
                Map.of(
                    "model",
                    List.of(
                        RuntimeArtifact.of(
                            "model", ArtifactType.of("system.Model", "0.0.1"), out))),
                ""));
    ContainerSpec container =
        new ContainerSpec(
            "python:3.11",
            List.of(
                "sh",
                "-c",
                "python3 -m pip install --quiet 'kfp==2.9.0' && \"$0\" \"$@\"\n",
                "sh",
                "-ec",
                PROGRAM,
                "def train(): pass"),
            List.of("--executor_input", "{{$}}", "--function_to_execute", "train"),
            List.of(),
            ResourceSpec.NONE,
            ContainerSpec.Exec.NONE);
    return new StepLaunch(
        new StepId("run-1", taskPath, 1),
        "",
        container,
        ei,
        outputs,
        RunInfo.of("job", "run-1", "train", "t-1", ""),
        Map.of(),
        JsonValue.Obj.EMPTY,
        ResourceRequest.NONE);
  }

  private static String executorInputArg(LocalLaunch l) {
    return l.commandLine().get(l.commandLine().indexOf("--executor_input") + 1);
  }

  @Test
  void the_host_kfp_sdk_gets_plain_paths_as_kfp_local_gives_them() throws Exception {
    LocalLaunch l = builder(fakePython("\"2.9.0\"")).build(pythonStep("train", Map.of()));
    assertThat(l.runtime()).isEqualTo("host kfp 2.9.0");
    String json = executorInputArg(l);
    assertThat(json)
        .doesNotContain("file:")
        .contains("\"uri\":\"" + dir.resolve("artifacts/run-1/make/ds") + "\"")
        .contains("\"uri\":\"" + dir.resolve("artifacts/run-1/train/model") + "\"");
  }

  @Test
  void skiffs_own_runtime_keeps_file_uris() throws Exception {
    LocalLaunch l = builder(fakePython("null")).build(pythonStep("train", Map.of()));
    assertThat(l.runtime()).startsWith("skiff-python-runtime");
    assertThat(executorInputArg(l)).contains("\"uri\":\"file:");
  }

  @Test
  void output_files_lie_in_the_attempt_folder_and_names_cannot_leave_it() throws Exception {
    LocalLaunchBuilder b = builder(fakePython("null"));
    Map<String, OutputParameterSpec> ok =
        Map.of("metric", new OutputParameterSpec(ParameterType.NUMBER_DOUBLE, ""));
    LocalLaunch l = b.build(pythonStep("train", ok));
    Path attempt = dir.resolve("runs/run-1/train/attempt-1");
    assertThat(l.workDir()).isEqualTo(attempt.resolve("work"));
    assertThat(l.logFile()).isEqualTo(attempt.resolve("log.txt"));
    assertThat(l.executorInput().outputs().parameterFiles())
        .containsEntry("metric", attempt.resolve("outputs/metric").toString());

    Map<String, OutputParameterSpec> bad =
        Map.of("../../x", new OutputParameterSpec(ParameterType.STRING, ""));
    assertThatThrownBy(() -> b.build(pythonStep("train", bad)))
        .isInstanceOf(LocalLaunchBuilder.RefusedException.class)
        .hasMessageContaining("not a file name");
    assertThatThrownBy(() -> b.build(pythonStep("../../..", Map.of())))
        .isInstanceOf(LocalLaunchBuilder.RefusedException.class)
        .hasMessageContaining("leaves the run's folder");
  }

  @Test
  void step_results_with_plain_path_uris_come_back_as_file_uris() {
    RuntimeArtifact plain =
        RuntimeArtifact.of("m", ArtifactType.of("system.Model", "0.0.1"), "/tmp/a b/m");
    var back =
        (dev.skiff.engine.executor.StepResult.Succeeded)
            LocalProcessExecutor.withFileUris(
                new dev.skiff.engine.executor.StepResult.Succeeded(
                    Map.of(), Map.of("m", List.of(plain)), java.time.Duration.ZERO));
    assertThat(back.outputArtifacts().get("m").getFirst().uri()).isEqualTo("file:///tmp/a%20b/m");
  }
}
