package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.executor.local.ArtifactStaging;
import dev.skiff.engine.executor.local.OutputCollector;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.time.Duration;

/**
 * The {@code collect} phase (container beside the user's, Skiff's image): waits for the exit code
 * {@link RunScript} records, then collects and stores the step's outputs exactly as the local
 * executor does ({@link OutputCollector}: output parameters typed by their declarations, artifacts
 * merged with {@code executor_output.json}; {@link ArtifactStaging#upload}: output artifacts to
 * their URIs), and only then writes the attempt's {@link AttemptReport} to {@link
 * PodContract#reportUri}. A non-zero exit is reported as {@code exit code N}, with the last line of
 * the command's stderr.
 */
final class CollectPhase {
  /** How often the exit-code file is looked at. */
  static final Duration POLL = Duration.ofMillis(100);

  private CollectPhase() {}

  /** How the attempt ended and the line to print. */
  record Outcome(AttemptReport report, String line) {}

  /**
   * Collects the step.
   *
   * @throws LauncherException when the report cannot be stored
   */
  static Outcome run(PodEnvironment env) throws LauncherException {
    VolumeLayout layout = new VolumeLayout(env.root());
    StepLaunch launch = env.launch();
    int code;
    try {
      code = ExitCodeFile.await(layout.exitCodeFile(), POLL);
    } catch (IOException e) {
      throw LauncherException.failed("cannot read " + layout.exitCodeFile() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LauncherException.failed("stopped while waiting for the step to exit");
    }
    long millis = ExitCodeFile.millis(layout.startedFile(), layout.exitCodeFile());
    try (ArtifactStore store = PreparePhase.open(env, layout)) {
      AttemptReport report =
          code == 0 ? collect(launch, layout, store, millis) : exited(layout, code, millis);
      String uri = ReportUpload.store(store, launch, layout, report);
      String line =
          switch (report) {
            case AttemptReport.Succeeded s -> "succeeded: " + launch.id() + ", reported at " + uri;
            case AttemptReport.Failed f -> "failed: " + launch.id() + ": " + f.message();
          };
      return new Outcome(report, line);
    }
  }

  private static AttemptReport exited(VolumeLayout layout, int code, long millis) {
    String message =
        "exit code "
            + code
            + ExitCodeFile.lastLine(layout.stderrFile()).map(line -> ": " + line).orElse("");
    return new AttemptReport.Failed(message, code, millis);
  }

  private static AttemptReport collect(
      StepLaunch launch, VolumeLayout layout, ArtifactStore store, long millis) {
    ArtifactStaging staging = new ArtifactStaging(store);
    StepResult result;
    try {
      result =
          OutputCollector.collect(
              layout.executorInput(launch, staging),
              launch.outputParameters(),
              Duration.ofMillis(millis));
    } catch (LauncherException e) {
      return new AttemptReport.Failed(e.getMessage(), 0, millis);
    }
    // Outputs are in the store before the report exists.
    result = staging.upload(result, layout.stagingRoot());
    return switch (result) {
      case StepResult.Succeeded s ->
          new AttemptReport.Succeeded(s.outputParameters(), s.outputArtifacts(), millis);
      case StepResult.Failed f -> new AttemptReport.Failed(f.message(), f.exitCode(), millis);
      default -> new AttemptReport.Failed("outputs not collected: " + result, 0, millis);
    };
  }
}
