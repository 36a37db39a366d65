package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.pod.ArtifactStoreEnv;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.pod.StepLaunchJson;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the launcher reads from its container's environment ({@link PodContract}).
 *
 * @param root the shared volume: {@link PodContract#ENV_ROOT}, else {@link PodContract#MOUNT}
 * @param launch the step ({@link PodContract#ENV_STEP}; or {@code @<file>} holding it)
 * @param artifacts the artifact store ({@link PodContract#ENV_ARTIFACTS}); S3 credentials come from
 *     the standard AWS chain
 */
record PodEnvironment(Path root, StepLaunch launch, ArtifactStoreConfig artifacts) {

  /**
   * Reads the environment.
   *
   * @throws LauncherException (bad input) naming the variable that is missing or malformed
   */
  static PodEnvironment from(Map<String, String> env) throws LauncherException {
    String rootText = env.getOrDefault(PodContract.ENV_ROOT, "");
    Path root = Path.of(rootText.isBlank() ? PodContract.MOUNT : rootText).toAbsolutePath();
    StepLaunch launch;
    try {
      launch = StepLaunchJson.read(required(env, PodContract.ENV_STEP));
    } catch (IllegalArgumentException e) {
      throw LauncherException.badInput(PodContract.ENV_STEP + ": " + e.getMessage());
    }
    ArtifactStoreConfig artifacts;
    try {
      artifacts = ArtifactStoreEnv.read(required(env, PodContract.ENV_ARTIFACTS));
    } catch (IllegalArgumentException e) {
      throw LauncherException.badInput(PodContract.ENV_ARTIFACTS + ": " + e.getMessage());
    }
    return new PodEnvironment(root, launch, artifacts);
  }

  /**
   * The variable's value; {@code @<path>} reads it from that file instead (one environment string
   * may not exceed 128 KiB at exec, so a large step can come through a mounted file).
   */
  private static String required(Map<String, String> env, String name) throws LauncherException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw LauncherException.badInput(name + " is not set");
    }
    if (value.startsWith("@")) {
      try {
        return Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8);
      } catch (IOException | InvalidPathException e) {
        throw LauncherException.badInput(name + ": cannot read " + value.substring(1) + ": " + e);
      }
    }
    return value;
  }
}
