package dev.skiff.kubernetes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.pod.StepLaunchJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLauncherMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return PodLauncherMain.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aWrongCommandLineIsOneLineAndStatusTwo() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(errText()).isEqualTo("skiff launcher: usage: PodLauncherMain prepare|collect\n");
    err.reset();
    assertThat(run(Map.of(), "launch")).isEqualTo(2);
    assertThat(errText()).isEqualTo("skiff launcher: usage: PodLauncherMain prepare|collect\n");
  }

  @Test
  void aMissingOrBadArtifactStoreIsOneLineAndStatusTwo(@TempDir Path root) {
    String step = StepLaunchJson.write(dev.skiff.kubernetes.pod.StepLaunchJsonTestLaunches.full());
    Map<String, String> env =
        Map.of(PodContract.ENV_ROOT, root.toString(), PodContract.ENV_STEP, step);
    assertThat(run(env, "prepare")).isEqualTo(2);
    assertThat(errText()).isEqualTo("skiff launcher: SKIFF_ARTIFACTS is not set\n");
    err.reset();
    Map<String, String> bad = new java.util.HashMap<>(env);
    bad.put(PodContract.ENV_ARTIFACTS, "{\"kind\":\"s3\",\"bucket\":\"b\"}");
    assertThat(run(bad, "collect")).isEqualTo(2);
    assertThat(errText()).isEqualTo("skiff launcher: SKIFF_ARTIFACTS: region is missing\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theStepMayComeFromAFile(@TempDir Path root) throws Exception {
    StepLaunch launch = dev.skiff.kubernetes.pod.StepLaunchJsonTestLaunches.full();
    Path file = root.resolve("step.json");
    Files.writeString(file, StepLaunchJson.write(launch));
    PodEnvironment env =
        PodEnvironment.from(
            Map.of(
                PodContract.ENV_ROOT,
                root.toString(),
                PodContract.ENV_STEP,
                "@" + file,
                PodContract.ENV_ARTIFACTS,
                "{\"kind\":\"local\"}"));
    assertThat(env.launch()).isEqualTo(launch);
    assertThat(env.root()).isEqualTo(root);
    assertThat(
            run(
                Map.of(
                    PodContract.ENV_STEP, "@" + root.resolve("gone.json"), "SKIFF_ARTIFACTS", "{}"),
                "prepare"))
        .isEqualTo(2);
    assertThat(errText())
        .startsWith("skiff launcher: SKIFF_STEP: cannot read " + root.resolve("gone.json"));
  }
}
