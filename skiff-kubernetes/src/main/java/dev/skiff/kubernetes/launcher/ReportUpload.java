package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.AttemptReportJson;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Stores an attempt's {@link AttemptReport} at {@link PodContract#reportUri}. */
final class ReportUpload {
  private ReportUpload() {}

  /**
   * Writes the report to the volume and uploads it.
   *
   * @return the report's URI
   * @throws LauncherException when it cannot be stored
   */
  static String store(
      ArtifactStore store, StepLaunch launch, VolumeLayout layout, AttemptReport report)
      throws LauncherException {
    String uri;
    try {
      uri = PodContract.reportUri(store, launch);
    } catch (IllegalArgumentException e) {
      throw LauncherException.failed("cannot name the attempt's report: " + e.getMessage());
    }
    try {
      Files.createDirectories(layout.root());
      Files.writeString(
          layout.reportFile(), AttemptReportJson.write(report), StandardCharsets.UTF_8);
      store.upload(layout.reportFile(), uri);
      return uri;
    } catch (IOException | RuntimeException e) {
      throw LauncherException.failed("cannot store the attempt's report at " + uri + ": " + e);
    }
  }
}
