package dev.skiff.kubernetes.pod;

import dev.skiff.engine.executor.StepLaunch;

/** A launch with every field set, for tests of other packages. */
public final class StepLaunchJsonTestLaunches {
  private StepLaunchJsonTestLaunches() {}

  /** See {@link StepLaunchJsonTest#fullLaunch()}. */
  public static StepLaunch full() {
    return StepLaunchJsonTest.fullLaunch();
  }
}
