package dev.skiff.kubernetes.pod;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.store.artifact.ArtifactStore;
import java.util.List;

/**
 * How a step's pod is laid out, shared by the executor that builds the pod and the launcher that
 * runs inside it.
 *
 * <p>A step pod has three containers that share one {@code emptyDir} volume mounted at {@link
 * #MOUNT}:
 *
 * <ol>
 *   <li>init container {@code prepare} (Skiff's image): {@link #launcherCommand launcher} {@code
 *       prepare} reads the step from {@link #ENV_STEP}, downloads input artifacts from the artifact
 *       store into the volume, copies Skiff's Python runtime there for lightweight Python
 *       components, expands the command's placeholders and writes {@link #RUN_SCRIPT};
 *   <li>container {@code main} (the user's image, unchanged): {@code /bin/sh /skiff/run.sh} runs
 *       the step's command and records its exit code in {@link #EXIT_CODE_FILE};
 *   <li>container {@code collect} (Skiff's image): {@link #launcherCommand launcher} {@code
 *       collect} waits for the exit code, collects output parameters, artifacts and {@code
 *       executor_output.json}, uploads the artifacts, and writes the attempt's {@link
 *       AttemptReport} to {@link #reportUri} — outputs are stored before the report exists.
 * </ol>
 *
 * The executor trusts the report, not the pod's phase, for a step's result; the pod's status
 * explains attempts that never wrote one (image pull errors, OOM kills, evictions).
 */
public final class PodContract {
  private PodContract() {}

  /** The shared volume's name. */
  public static final String VOLUME = "skiff";

  /** Where every container mounts the shared volume. */
  public static final String MOUNT = "/skiff";

  /** The step, as {@code StepLaunchJson}, for the launcher's containers. */
  public static final String ENV_STEP = "SKIFF_STEP";

  /**
   * Where the launcher finds the shared volume; {@link #MOUNT} when unset. Tests that run a pod's
   * containers as local processes point it at a temporary folder.
   */
  public static final String ENV_ROOT = "SKIFF_ROOT";

  /** The artifact store the launcher opens, as JSON ({@code ArtifactStoreConfig}, no secrets). */
  public static final String ENV_ARTIFACTS = "SKIFF_ARTIFACTS";

  /** The script the user's container runs, relative to the volume. */
  public static final String RUN_SCRIPT = "run.sh";

  /** The user's command's exit code, relative to the volume; written when it exits. */
  public static final String EXIT_CODE_FILE = "exit-code";

  /** The launcher's main class in Skiff's image. */
  public static final String LAUNCHER_MAIN = "dev.skiff.kubernetes.launcher.PodLauncherMain";

  /** Skiff's image's class path (Jib's layout). */
  public static final String IMAGE_CLASSPATH = "/app/resources:/app/classes:/app/libs/*";

  /** The two phases of the launcher. */
  public static final String PREPARE = "prepare";

  /** See {@link #PREPARE}. */
  public static final String COLLECT = "collect";

  /** Pod labels: which run, task (path, made label-safe) and attempt a pod is. */
  public static final String LABEL_RUN = "skiff.dev/run";

  /** See {@link #LABEL_RUN}. */
  public static final String LABEL_TASK = "skiff.dev/task";

  /** See {@link #LABEL_RUN}. */
  public static final String LABEL_ATTEMPT = "skiff.dev/attempt";

  /** Marks every pod the step executor made. */
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";

  /** The value of {@link #LABEL_COMPONENT} on step pods. */
  public static final String COMPONENT_STEP = "skiff-step";

  /** The launcher's command line in Skiff's image for {@code phase}. */
  public static List<String> launcherCommand(String phase) {
    return List.of("java", "-cp", IMAGE_CLASSPATH, LAUNCHER_MAIN, phase);
  }

  /** The user's container's command line. */
  public static List<String> mainCommand() {
    return List.of("/bin/sh", MOUNT + "/" + RUN_SCRIPT);
  }

  /** Where the attempt's {@link AttemptReport} is kept (removed with the run's artifacts). */
  public static String reportUri(ArtifactStore store, StepLaunch launch) {
    return attemptUri(store, launch, "report.json");
  }

  /** Where the attempt's log is archived before its pod is deleted. */
  public static String logUri(ArtifactStore store, StepLaunch launch) {
    return attemptUri(store, launch, "log.txt");
  }

  private static String attemptUri(ArtifactStore store, StepLaunch launch, String file) {
    String root = launch.runInfo().value("pipeline_root").orElse(store.defaultRoot());
    if (root.isEmpty()) {
      root = store.defaultRoot();
    }
    return store.outputUri(
        root,
        launch.id().runId(),
        launch.id().taskPath() + "/.skiff-attempt-" + launch.id().attempt(),
        file);
  }
}
