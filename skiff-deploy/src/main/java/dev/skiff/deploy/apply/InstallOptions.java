package dev.skiff.deploy.apply;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Installer} runs.
 *
 * @param install the install's name (label {@code skiff.dev/install})
 * @param namespace Skiff's namespace: where the {@link Inventory} lives
 * @param dryRun server-side dry run: every object is checked by the API server, nothing is stored
 * @param waitForWorkloads wait until Deployments and StatefulSets are ready (never skips CRD waits)
 * @param timeout the whole install's limit, waits and retries included
 * @param backoff the first pause between retries of a transient error
 * @param maxBackoff the longest pause between retries
 * @param poll how often waits look again
 */
public record InstallOptions(
    String install,
    String namespace,
    boolean dryRun,
    boolean waitForWorkloads,
    Duration timeout,
    Duration backoff,
    Duration maxBackoff,
    Duration poll) {

  /** Validates the options. */
  public InstallOptions {
    Objects.requireNonNull(install, "install");
    Objects.requireNonNull(namespace, "namespace");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive");
    }
  }

  /** Defaults for a real cluster: wait, 10 minutes, retries from 1 s up to 15 s, poll each 1 s. */
  public static InstallOptions defaults(String namespace) {
    return new InstallOptions(
        "skiff",
        namespace,
        false,
        true,
        Duration.ofMinutes(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(15),
        Duration.ofSeconds(1));
  }

  /** A copy with install name {@code install}. */
  public InstallOptions withInstall(String install) {
    return new InstallOptions(
        install, namespace, dryRun, waitForWorkloads, timeout, backoff, maxBackoff, poll);
  }

  /** A copy with Skiff's namespace {@code namespace}. */
  public InstallOptions withNamespace(String namespace) {
    return new InstallOptions(
        install, namespace, dryRun, waitForWorkloads, timeout, backoff, maxBackoff, poll);
  }

  /** A copy with {@code dryRun}. */
  public InstallOptions withDryRun(boolean dryRun) {
    return new InstallOptions(
        install, namespace, dryRun, waitForWorkloads, timeout, backoff, maxBackoff, poll);
  }

  /** A copy with {@code waitForWorkloads}. */
  public InstallOptions withWait(boolean waitForWorkloads) {
    return new InstallOptions(
        install, namespace, dryRun, waitForWorkloads, timeout, backoff, maxBackoff, poll);
  }

  /** A copy with {@code timeout}. */
  public InstallOptions withTimeout(Duration timeout) {
    return new InstallOptions(
        install, namespace, dryRun, waitForWorkloads, timeout, backoff, maxBackoff, poll);
  }

  /** A copy with the retry pauses and the poll interval (tests use milliseconds). */
  public InstallOptions withPacing(Duration backoff, Duration maxBackoff, Duration poll) {
    return new InstallOptions(
        install, namespace, dryRun, waitForWorkloads, timeout, backoff, maxBackoff, poll);
  }
}
