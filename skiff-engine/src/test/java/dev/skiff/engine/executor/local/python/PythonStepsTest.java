package dev.skiff.engine.executor.local.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.local.LocalLaunch;
import dev.skiff.pipeline.executor.ExecutorInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime choice, against fake interpreters that answer the probe with fixed JSON. */
class PythonStepsTest {
  private static final String PROGRAM =
      "printf \"%s\" \"$0\" > \"$program_path/ephemeral_component.py\"\n"
          + "python3 -m kfp.dsl.executor_main --component_module_path"
          + " \"$program_path/ephemeral_component.py\" \"$@\"\n";

  @TempDir Path dir;

  private Path fakePython(String kfp, String missing) throws Exception {
    Path p = dir.resolve("python-" + kfp.replaceAll("[^a-z0-9.]", "") + missing.length());
    String json =
        "{\"executable\": \""
            + p
            + "\", \"version\": [3, 11, 2], \"kfp\": "
            + kfp
            + ", \"missing\": ["
            + missing
            + "], \"markers\": {\"python_version\": \"3.11\", \"sys_platform\": \"linux\"}}";
    Files.writeString(p, "#!/bin/sh\necho '" + json + "'\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private LocalLaunch launch(String packages) {
    String preamble =
        "python3 -m pip install --quiet 'kfp==2.14.3' && python3 -m pip install --quiet "
            + packages
            + " && \"$0\" \"$@\"\n";
    return new LocalLaunch(
        new StepId("r", "t", 1),
        "python:3.11",
        List.of(
            "sh",
            "-c",
            preamble,
            "sh",
            "-ec",
            PROGRAM,
            "def f(): pass",
            "--executor_input",
            "{}",
            "--function_to_execute",
            "f"),
        Map.of("A", "1"),
        new ResourceRequest(0, 0, null, 0),
        dir.resolve("work"),
        dir.resolve("log.txt"),
        dir.resolve("exit-code"),
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of(), Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), dir.resolve("out.json").toString())),
        Map.of(),
        LocalLaunch.CONTAINER,
        Map.of());
  }

  private PythonSteps steps(Path python, String index) {
    return new PythonSteps(
        dir.resolve("home"),
        new PythonConfig(Optional.ofNullable(index), Optional.of(python), false),
        Map.of("PATH", "/usr/bin:/bin"));
  }

  @Test
  void a_host_sdk_with_every_package_runs_the_component_directly() throws Exception {
    Path python = fakePython("\"2.9.0\"", "");
    PythonSteps.Plan plan = steps(python, null).plan(launch("'requests'"));
    LocalLaunch l = ((PythonSteps.Plan.Run) plan).launch();
    assertThat(l.runtime()).isEqualTo("host kfp 2.9.0");
    assertThat(l.commandLine())
        .startsWith(python.toString(), "-m", "kfp.dsl.executor_main", "--component_module_path")
        .endsWith("--executor_input", "{}", "--function_to_execute", "f");
    assertThat(l.commandLine()).noneMatch(s -> s.contains("pip"));
    assertThat(l.files()).containsEntry("ephemeral_component.py", "def f(): pass");
    assertThat(l.env()).containsEntry("A", "1").doesNotContainKey("PYTHONPATH");
  }

  @Test
  void without_kfp_the_shipped_runtime_goes_first_on_the_python_path() throws Exception {
    PythonSteps.Plan plan = steps(fakePython("null", ""), null).plan(launch("'requests'"));
    LocalLaunch l = ((PythonSteps.Plan.Run) plan).launch();
    assertThat(l.runtime()).startsWith("skiff-python-runtime 2.15.2+skiff.");
    assertThat(Path.of(l.env().get("PYTHONPATH")).resolve("kfp/dsl/executor_main.py"))
        .isRegularFile();
  }

  @Test
  void a_missing_package_is_refused_without_an_index_and_pip_runs_with_one() throws Exception {
    Path python = fakePython("null", "\"sklearn\"");
    PythonSteps.Plan refused = steps(python, null).plan(launch("'scikit-learn==1.4.0'"));
    assertThat(((PythonSteps.Plan.Refuse) refused).message())
        .contains("scikit-learn==1.4.0")
        .contains("SKIFF_PIP_INDEX_URL");
    PythonSteps.Plan pip =
        steps(python, "https://pypi.example/simple").plan(launch("'scikit-learn==1.4.0'"));
    LocalLaunch l = ((PythonSteps.Plan.Run) pip).launch();
    assertThat(l.runtime()).isEqualTo("sdk-pip");
    assertThat(l.commandLine().get(2)).contains("pip install");
    assertThat(l.env()).containsEntry("PIP_INDEX_URL", "https://pypi.example/simple");
  }

  @Test
  void requirements_under_a_marker_count_only_where_the_marker_holds() throws Exception {
    Path python = fakePython("null", "\"sklearn\"");
    PythonSteps.Plan older =
        steps(python, null).plan(launch("'scikit-learn; python_version < \"3.9\"'"));
    assertThat(older)
        .as("the marker does not hold on 3.11")
        .isInstanceOf(PythonSteps.Plan.Run.class);
    PythonSteps.Plan newer =
        steps(python, null)
            .plan(
                launch("'scikit-learn; python_version >= \"3.9\" and sys_platform == \"linux\"'"));
    assertThat(((PythonSteps.Plan.Refuse) newer).message()).contains("scikit-learn");
  }

  @Test
  void a_package_installed_while_running_is_seen_by_the_next_step() throws Exception {
    Path state = dir.resolve("installed");
    Path python = dir.resolve("python-changing");
    Files.writeString(
        python,
        "#!/bin/sh\nif [ -f '"
            + state
            + "' ]; then m=''; else m='\"sklearn\"'; fi\n"
            + "echo '{\"executable\": \""
            + python
            + "\", \"version\": [3, 11, 2], \"kfp\": null, \"missing\": ['\"$m\"']}'\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    PythonSteps steps =
        new PythonSteps(
            dir.resolve("home"),
            new PythonConfig(Optional.empty(), Optional.of(python), false),
            Map.of("PATH", "/usr/bin:/bin"),
            java.time.Duration.ofMillis(200));
    assertThat(steps.plan(launch("'scikit-learn'"))).isInstanceOf(PythonSteps.Plan.Refuse.class);
    Files.writeString(state, "yes");
    Thread.sleep(300);
    assertThat(steps.plan(launch("'scikit-learn'"))).isInstanceOf(PythonSteps.Plan.Run.class);
  }

  @Test
  void a_containerized_component_is_refused_with_a_reason() {
    LocalLaunch containerized =
        commandLaunch(
            "kfp-image",
            List.of(
                "python3",
                "-m",
                "kfp.dsl.executor_main",
                "--executor_input",
                "{}",
                "--function_to_execute",
                "f"));
    PythonSteps.Plan plan =
        new PythonSteps(dir, PythonConfig.DEFAULTS, Map.of()).plan(containerized);
    assertThat(((PythonSteps.Plan.Refuse) plan).message())
        .contains("containerized Python component", "kfp-image");
  }

  @Test
  void other_commands_run_unchanged() {
    LocalLaunch plain = commandLaunch("alpine", List.of("echo", "hi"));
    PythonSteps.Plan plan = new PythonSteps(dir, PythonConfig.DEFAULTS, Map.of()).plan(plain);
    assertThat(((PythonSteps.Plan.Run) plan).launch()).isSameAs(plain);
    assertThat(plain.runtime()).isEqualTo("container");
  }

  /** A launch of a plain command (no SDK preamble). */
  private LocalLaunch commandLaunch(String image, List<String> commandLine) {
    return new LocalLaunch(
        new StepId("r", "t", 1),
        image,
        commandLine,
        Map.of(),
        new ResourceRequest(0, 0, null, 0),
        dir,
        dir.resolve("log"),
        dir.resolve("exit-code"),
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of(), Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), "o")),
        Map.of(),
        LocalLaunch.CONTAINER,
        Map.of());
  }
}
