package dev.skiff.kubernetes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.local.ArtifactStaging;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodCommandsTest {
  private static final String PREAMBLE =
      "\nif ! [ -x \"$(command -v pip)\" ]; then\n    python3 -m ensurepip\nfi\n\n"
          + "PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet"
          + " --no-warn-script-location 'kfp==2.14.6' '--no-deps' && python3 -m pip install"
          + " --quiet --no-warn-script-location --index-url https://pypi.example/simple"
          + " --trusted-host pypi.example 'pandas==2.2' && \"$0\" \"$@\"\n";
  private static final String PROGRAM =
      "program_path=$(mktemp -d)\nprintf \"%s\" \"$0\" > \"$program_path/ephemeral_component.py\"\n"
          + "_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main --component_module_path"
          + " \"$program_path/ephemeral_component.py\" \"$@\"\n";

  private static StepLaunch launch(List<String> command, List<String> args) {
    return new StepLaunch(
        new StepId("r", "t", 1),
        "",
        new ContainerSpec(
            "python:3.11",
            command,
            args,
            List.of(
                new ContainerSpec.EnvVar("JOB", "{{$.pipeline_job_name}}"),
                new ContainerSpec.EnvVar("WHO", "$(POD_NAME)/$(JOB)/$(NOPE)")),
            ResourceSpec.NONE,
            ContainerSpec.Exec.NONE),
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of("n", JsonValue.of(2)), Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), "")),
        Map.of("out", new OutputParameterSpec(ParameterType.STRING, "")),
        RunInfo.of("job-1", "r", "t", "t-1", "s3://b/root"),
        Map.of("POD_NAME", "pod-9"),
        JsonValue.Obj.EMPTY,
        ResourceRequest.NONE);
  }

  private static PodCommand build(Path root, StepLaunch launch) throws Exception {
    VolumeLayout layout = new VolumeLayout(root);
    ExecutorInput input = layout.executorInput(launch, new ArtifactStaging(null));
    return PodCommands.build(launch, input, new PythonInPod(layout));
  }

  @Test
  void placeholdersAndVariablesExpandAsLocally(@TempDir Path root) throws Exception {
    PodCommand cmd =
        build(
            root,
            launch(
                List.of("echo", "{{$.inputs.parameters['n']}}"),
                List.of("{{$.outputs.parameters['out'].output_file}}")));
    assertThat(cmd.commandLine()).containsExactly("echo", "2", root + "/outputs/out");
    assertThat(cmd.env())
        .containsExactly(Map.entry("JOB", "job-1"), Map.entry("WHO", "pod-9/job-1/$(NOPE)"));
    assertThat(cmd.platformEnv()).containsExactly(Map.entry("POD_NAME", "pod-9"));
    assertThat(cmd.runtime()).isEqualTo("container");
  }

  @Test
  void aLightweightComponentRunsWithSkiffsRuntimeAndPipInstallsOnlyItsOwnPackages(
      @TempDir Path root) throws Exception {
    String big = "x".repeat(PythonInPod.MAX_INLINE_INPUT + 1);
    PodCommand cmd =
        build(
            root,
            launch(
                List.of("sh", "-c", PREAMBLE, "sh", "-ec", PROGRAM, "def f(): pass\n"),
                List.of("--executor_input", big, "--function_to_execute", "f")));
    assertThat(cmd.runtime()).startsWith("skiff-python-runtime ");
    assertThat(cmd.commandLine().subList(0, 2)).containsExactly("/bin/sh", "-c");
    assertThat(cmd.commandLine().get(2))
        .isEqualTo(
            "'python3' -m pip install --quiet --no-warn-script-location --index-url"
                + " 'https://pypi.example/simple' --trusted-host 'pypi.example' 'pandas==2.2'"
                + " && exec \"$0\" \"$@\"")
        .doesNotContain("kfp");
    assertThat(cmd.commandLine().subList(3, cmd.commandLine().size()))
        .containsExactly(
            "python3",
            "-m",
            "kfp.dsl.executor_main",
            "--component_module_path",
            root + "/python/ephemeral_component.py",
            "--executor_input",
            "@" + root + "/python/executor_input.json",
            "--function_to_execute",
            "f");
    assertThat(cmd.files())
        .containsEntry("python/ephemeral_component.py", "def f(): pass\n")
        .containsEntry("python/executor_input.json", big);
    assertThat(cmd.env().get("PYTHONPATH")).startsWith(root + "/python-runtime/");
    assertThat(Path.of(cmd.env().get("PYTHONPATH")).resolve("kfp/dsl/executor_main.py"))
        .isRegularFile();
  }

  @Test
  void aStepWithoutACommandIsRefused(@TempDir Path root) {
    assertThatThrownBy(() -> build(root, launch(List.of(), List.of("--x"))))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("the step has no command");
  }

  @Test
  void anOutputNameThatIsNotAFileNameIsRefused(@TempDir Path root) {
    StepLaunch launch = launch(List.of("true"), List.of());
    StepLaunch bad =
        new StepLaunch(
            launch.id(),
            launch.profile(),
            launch.container(),
            launch.executorInput(),
            Map.of("../x", new OutputParameterSpec(ParameterType.STRING, "")),
            launch.runInfo(),
            launch.env(),
            launch.platformConfig(),
            launch.resources());
    assertThatThrownBy(() -> build(root, bad))
        .hasMessage("output parameter name '../x' is not a file name");
  }
}
