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
 * @param quotaRetry how long a step whose pod the profile's ResourceQuota refuses ({@code exceeded
 *     quota}) waits before it asks again; the pause doubles up to 16 times this while it waits
 */
public record PodExecutorOptions(
    Duration imagePullLimit, Duration reportGrace, int launchWindow, Duration quotaRetry) {
  public PodExecutorOptions {
    Objects.requireNonNull(imagePullLimit, "imagePullLimit");
    Objects.requireNonNull(reportGrace, "reportGrace");
    Objects.requireNonNull(quotaRetry, "quotaRetry");
    if (launchWindow < 1) {
      throw new IllegalArgumentException("launchWindow must be at least 1, got " + launchWindow);
    }
  }

  /** Pods one run may have at once unless configured. */
  public static final int DEFAULT_WINDOW = 256;

  /** A refused pod is asked for again after this, then after twice as long, and so on. */
  public static final Duration DEFAULT_QUOTA_RETRY = Duration.ofSeconds(5);

  /** These timings with the default quota retry. */
  public PodExecutorOptions(Duration imagePullLimit, Duration reportGrace, int launchWindow) {
    this(imagePullLimit, reportGrace, launchWindow, DEFAULT_QUOTA_RETRY);
  }

  /** These timings with the default window and quota retry. */
  public PodExecutorOptions(Duration imagePullLimit, Duration reportGrace) {
    this(imagePullLimit, reportGrace, DEFAULT_WINDOW);
  }

  /**
   * Five minutes for images and missing secrets, five seconds for reports, 256 pods a run, a quota
   * refusal asked again after 5 s (up to every 80 s).
   */
  public static final PodExecutorOptions DEFAULTS =
      new PodExecutorOptions(Duration.ofMinutes(5), Duration.ofSeconds(5), DEFAULT_WINDOW);
}
