package dev.skiff.kubernetes.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the pod executor.
 *
 * @param imagePullLimit how long a step may wait on an image that cannot be pulled ({@code
 *     ErrImagePull}, {@code ImagePullBackOff}) or a container that cannot be configured ({@code
 *     CreateContainerConfigError}: a secret or config map that does not exist) before it fails with
 *     Kubernetes' reason
 * @param reportGrace how long after its pod ended the executor waits for a report that is not there
 *     yet (the collector's last write) before failing with the pod's reason
 */
public record PodExecutorOptions(Duration imagePullLimit, Duration reportGrace) {
  public PodExecutorOptions {
    Objects.requireNonNull(imagePullLimit, "imagePullLimit");
    Objects.requireNonNull(reportGrace, "reportGrace");
  }

  /** Five minutes for images, five seconds for reports. */
  public static final PodExecutorOptions DEFAULTS =
      new PodExecutorOptions(Duration.ofMinutes(5), Duration.ofSeconds(5));
}
