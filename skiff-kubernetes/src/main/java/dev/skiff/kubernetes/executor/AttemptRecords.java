package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.AttemptReportJson;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an attempt leaves in the artifact store: the launcher's {@link AttemptReport} (read here)
 * and the pod's log, archived here before the pod is deleted.
 */
final class AttemptRecords {
  private static final Logger log = LoggerFactory.getLogger(AttemptRecords.class);

  private final ArtifactStore store;
  private final ContainerLogs logs;

  AttemptRecords(ArtifactStore store, ContainerLogs logs) {
    this.store = store;
    this.logs = logs;
  }

  /** The attempt's report, when the collector wrote one. */
  Optional<AttemptReport> report(StepLaunch launch) throws IOException {
    String uri = PodContract.reportUri(store, launch);
    try (InputStream in = store.open(uri)) {
      return Optional.of(
          AttemptReportJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      throw new IOException("the attempt's report at " + uri + " is malformed: " + e.getMessage());
    }
  }

  /**
   * The result of an attempt whose pod ended: its report, waiting up to {@code grace} for the
   * collector's last write; without one, a failure with the pod's reason.
   */
  StepResult awaitResult(StepLaunch launch, PodState.Ended ended, Duration grace, Clock clock)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(grace);
    while (true) {
      try {
        Optional<AttemptReport> report = report(launch);
        if (report.isPresent()) {
          return result(report.get());
        }
      } catch (IOException e) {
        return new StepResult.Failed(e.getMessage(), ended.exitCode(), Duration.ZERO);
      }
      if (!clock.instant().isBefore(deadline)) {
        return new StepResult.Failed(ended.reason(), ended.exitCode(), Duration.ZERO);
      }
      Thread.sleep(200);
    }
  }

  /** The step's result from a report. */
  static StepResult result(AttemptReport report) {
    return switch (report) {
      case AttemptReport.Succeeded s ->
          new StepResult.Succeeded(
              s.outputParameters(), s.outputArtifacts(), Duration.ofMillis(s.millis()));
      case AttemptReport.Failed f ->
          new StepResult.Failed(f.message(), f.exitCode(), Duration.ofMillis(f.millis()));
    };
  }

  /**
   * Copies the pod's log to {@link PodContract#logUri}: the user's container's output, then the
   * launcher's lines (prefixed with its container's name) when it said anything, then {@code note}.
   * Best effort: a log that cannot be read is noted in the copy.
   */
  void archiveLog(StepLaunch launch, String namespace, String pod, String note) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("skiff-step-log", ".txt");
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.APPEND)) {
        copy(namespace, pod, StepPodBuilder.MAIN, out, "");
        for (String c : List.of(StepPodBuilder.PREPARE, StepPodBuilder.COLLECT)) {
          copy(namespace, pod, c, out, "[" + c + "] ");
        }
        if (note != null && !note.isEmpty()) {
          out.write(("skiff: " + note + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      store.upload(tmp, PodContract.logUri(store, launch));
    } catch (IOException e) {
      log.warn("cannot archive the log of pod {}/{}: {}", namespace, pod, e.toString());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          log.debug("cannot delete {}", tmp);
        }
      }
    }
  }

  private void copy(String namespace, String pod, String container, OutputStream out, String prefix)
      throws IOException {
    try (InputStream in = logs.open(namespace, pod, container)) {
      if (prefix.isEmpty()) {
        in.transferTo(out);
        return;
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.lines().toList()) {
        out.write((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (NoSuchFileException e) {
      // that container never started
    }
  }
}
