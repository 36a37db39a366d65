package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.pod.ArtifactStoreEnv;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.pod.StepLaunchJson;
import dev.skiff.store.artifact.S3Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A step pod's three containers as local processes, with the exact contract a pod uses: the
 * launcher's {@code prepare} (a JVM on the tests' class path), then {@code /bin/sh <root>/run.sh}
 * with the environment of a plain image (PATH, HOME), while the launcher's {@code collect} waits
 * beside it. The volume is a folder ({@link PodContract#ENV_ROOT}); S3 credentials reach the
 * launcher as a pod's Secret would give them, in the AWS variables.
 */
final class PodProcesses {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path root;
  private final Path logs;
  private final Map<String, String> env = new LinkedHashMap<>();
  private String imagePath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

  /** One finished process: its exit status and output. */
  record Result(int status, String stdout, String stderr) {}

  /** The three results of a pod. */
  record PodResult(Result prepare, Result main, Result collect) {}

  /**
   * @param work a fresh folder: the volume is {@code work/volume}, logs go to {@code work/logs}
   * @param s3 the artifact store's settings (their credentials go in the AWS variables)
   */
  PodProcesses(Path work, S3Settings s3, StepLaunch launch) throws IOException {
    this.root = work.resolve("volume");
    this.logs = work.resolve("logs");
    Files.createDirectories(root);
    Files.createDirectories(logs);
    env.put(PodContract.ENV_ROOT, root.toString());
    env.put(PodContract.ENV_STEP, StepLaunchJson.write(launch));
    env.put(PodContract.ENV_ARTIFACTS, ArtifactStoreEnv.write(s3));
    env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId().orElse("test"));
    env.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey().orElse("test-secret"));
  }

  /** The volume. */
  Path root() {
    return root;
  }

  /** The launcher's environment, to change before a phase runs. */
  Map<String, String> env() {
    return env;
  }

  /** The user's image's PATH: {@code /nonexistent} plays an image with nothing but /bin/sh. */
  PodProcesses imagePath(String path) {
    this.imagePath = path;
    return this;
  }

  /** Runs the whole pod: prepare; then main and collect side by side. */
  PodResult run() throws Exception {
    Result prepare = launcher(PodContract.PREPARE);
    if (prepare.status() != 0) {
      return new PodResult(prepare, null, null);
    }
    Process collect = start(launcherCommand(PodContract.COLLECT), env, "collect");
    Map<String, String> image = new LinkedHashMap<>();
    image.put("PATH", imagePath);
    image.put("HOME", root.resolve("home").toString());
    Result main =
        finish(
            start(
                List.of("/bin/sh", root.resolve(PodContract.RUN_SCRIPT).toString()), image, "main"),
            "main");
    return new PodResult(prepare, main, finish(collect, "collect"));
  }

  /** Runs one phase of the launcher to its end. */
  Result launcher(String phase) throws Exception {
    return finish(start(launcherCommand(phase), env, phase), phase);
  }

  private static List<String> launcherCommand(String phase) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PodContract.LAUNCHER_MAIN);
    cmd.add(phase);
    return cmd;
  }

  private Process start(List<String> command, Map<String, String> vars, String name)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(vars);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectOutput(logs.resolve(name + ".out").toFile());
    pb.redirectError(logs.resolve(name + ".err").toFile());
    return pb.start();
  }

  private Result finish(Process p, String name) throws Exception {
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not end in " + TIMEOUT_SECONDS + " s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(logs.resolve(name + ".err"), StandardCharsets.UTF_8));
  }
}
