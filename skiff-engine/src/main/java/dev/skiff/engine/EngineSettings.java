package dev.skiff.engine;

import dev.skiff.engine.drive.RunLimits;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link Engine} is built from: the part of Skiff's configuration the engine reads.
 *
 * @param home {@code SKIFF_HOME}: attempt folders and, with the local artifact store, artifacts
 * @param executor which executor runs steps: {@value #LOCAL} (processes on this machine)
 * @param allowOversubscribe run steps that ask for more than the machine has, capped to it
 * @param takeOverAbandoned take over unfinished runs whose owner died (servers do)
 * @param leaseTtl how long this process's hold on a run lasts without a heartbeat
 * @param heartbeat how often leases are renewed and cancel requests read
 * @param artifacts where artifacts live: the local folder under {@code home}, or S3
 * @param limits runs driven at once, runs that may wait, the largest pipeline file
 */
public record EngineSettings(
    Path home,
    String executor,
    boolean allowOversubscribe,
    boolean takeOverAbandoned,
    Duration leaseTtl,
    Duration heartbeat,
    ArtifactStoreConfig artifacts,
    RunLimits limits) {

  /** Steps as processes on this machine. */
  public static final String LOCAL = "local";

  /** Steps as pods on a Kubernetes cluster (built by the server from skiff-kubernetes). */
  public static final String KUBERNETES = "kubernetes";

  /** The executors this build has. */
  public static final Set<String> EXECUTORS = Set.of(LOCAL, KUBERNETES);

  public EngineSettings {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(limits, "limits");
    if (!EXECUTORS.contains(executor)) {
      throw new IllegalArgumentException(
          "unknown executor '" + executor + "'; this build has: " + String.join(", ", EXECUTORS));
    }
  }

  /** Settings with artifacts in the local folder under {@code home} and the default limits. */
  public EngineSettings(
      Path home,
      String executor,
      boolean allowOversubscribe,
      boolean takeOverAbandoned,
      Duration leaseTtl,
      Duration heartbeat) {
    this(
        home,
        executor,
        allowOversubscribe,
        takeOverAbandoned,
        leaseTtl,
        heartbeat,
        ArtifactStoreConfig.LOCAL,
        RunLimits.defaults());
  }

  /**
   * The defaults for a home: local executor, 15 s leases renewed every second, no takeover, local
   * artifacts, the default limits.
   */
  public static EngineSettings of(Path home) {
    return new EngineSettings(
        home, LOCAL, false, false, Duration.ofSeconds(15), Duration.ofSeconds(1));
  }

  /** A copy that takes over abandoned runs (a server). */
  public EngineSettings withTakeOver(boolean takeOver) {
    return new EngineSettings(
        home, executor, allowOversubscribe, takeOver, leaseTtl, heartbeat, artifacts, limits);
  }

  /** A copy that oversubscribes the machine, or not. */
  public EngineSettings withAllowOversubscribe(boolean allow) {
    return new EngineSettings(
        home, executor, allow, takeOverAbandoned, leaseTtl, heartbeat, artifacts, limits);
  }

  /** A copy keeping artifacts in another store. */
  public EngineSettings withArtifacts(ArtifactStoreConfig store) {
    return new EngineSettings(
        home, executor, allowOversubscribe, takeOverAbandoned, leaseTtl, heartbeat, store, limits);
  }

  /** A copy with other limits. */
  public EngineSettings withLimits(RunLimits l) {
    return new EngineSettings(
        home, executor, allowOversubscribe, takeOverAbandoned, leaseTtl, heartbeat, artifacts, l);
  }
}
