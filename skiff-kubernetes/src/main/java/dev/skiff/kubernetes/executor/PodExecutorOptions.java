package dev.skiff.kubernetes.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and limits of the pod executor.
 *
 * @param imagePullLimit how long a step may wait on an image that cannot be pulled ({@code
 *     ErrImagePull}, {@code ImagePullBackOff}) or a container that cannot be configured ({@code
 *     CreateContainerConfigError}: a secret or config map that does not exist) before it fails with
 *     Kubernetes' reason
 * @param reportGrace how long after its pod ended the executor waits for a report that is not there
 *     yet (the collector's last write) before failing with the pod's reason
 * @param launchWindow how many pods one run may have at once ({@link
 *     dev.skiff.engine.executor.StepExecutor#launchWindow()}): a wide fan-out waits in the engine
 *     instead of as thousands of Pending pods on the API server
 */
public record PodExecutorOptions(Duration imagePullLimit, Duration reportGrace, int launchWindow) {
  public PodExecutorOptions {
    Objects.requireNonNull(imagePullLimit, "imagePullLimit");
    Objects.requireNonNull(reportGrace, "reportGrace");
    if (launchWindow < 1) {
      throw new IllegalArgumentException("launchWindow must be at least 1, got " + launchWindow);
    }
  }

  /** Pods one run may have at once unless configured. */
  public static final int DEFAULT_WINDOW = 256;

  /** These timings with the default window. */
  public PodExecutorOptions(Duration imagePullLimit, Duration reportGrace) {
    this(imagePullLimit, reportGrace, DEFAULT_WINDOW);
  }

  /** Five minutes for images and missing secrets, five seconds for reports, 256 pods a run. */
  public static final PodExecutorOptions DEFAULTS =
      new PodExecutorOptions(Duration.ofMinutes(5), Duration.ofSeconds(5), DEFAULT_WINDOW);
}
