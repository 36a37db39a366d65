package dev.skiff.engine.logs;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The stdout and stderr of a run's steps, as {@code skiff logs} prints them and the logs endpoint
 * serves them: one step's attempt, or every step's newest attempt each under a {@code ==> path
 * (attempt N, STATE) <==} header. Shared by the CLI's in-process path and the server, so that both
 * print the same.
 */
public final class RunLogs {
  private static final int CHUNK = 64 * 1024;
  private static final long FOLLOW_INTERVAL_MS = 200;

  /**
   * One attempt's log to print.
   *
   * @param taskPath the step
   * @param attempt which attempt of it
   */
  public record Section(String taskPath, Attempt attempt) {
    /** The attempt's id within run {@code runId}. */
    public StepId id(String runId) {
      return new StepId(runId, taskPath, attempt.number());
    }

    /** The line that introduces the section when several are printed. */
    public String header() {
      return "==> %s (attempt %d, %s) <==".formatted(taskPath, attempt.number(), attempt.state());
    }
  }

  private RunLogs() {}

  /**
   * The logs a request selects.
   *
   * @param task a task path, or null for every step that has run
   * @param attempt 1-based; 0 means the newest
   * @throws LogNotFoundException when the run has no such step with logs, or no such attempt
   */
  public static List<Section> select(RunView view, String task, int attempt) {
    String id = view.run().id();
    List<TaskRun> tasks = view.tasks().stream().filter(t -> !t.attempts().isEmpty()).toList();
    if (task != null) {
      tasks = tasks.stream().filter(t -> t.path().equals(task)).toList();
      if (tasks.isEmpty()) {
        throw new LogNotFoundException(
            "run " + id + " has no step '" + task + "' with logs (see 'skiff get run " + id + "')");
      }
    }
    return tasks.stream().map(t -> new Section(t.path(), pick(t, attempt))).toList();
  }

  private static Attempt pick(TaskRun t, int attempt) {
    if (attempt == 0) {
      return t.attempts().getLast();
    }
    return t.attempts().stream()
        .filter(a -> a.number() == attempt)
        .findFirst()
        .orElseThrow(
            () ->
                new LogNotFoundException(
                    t.path()
                        + " has no attempt "
                        + attempt
                        + " (it has "
                        + t.attempts().size()
                        + ")"));
  }

  /**
   * Writes the sections.
   *
   * @param runId the run the sections belong to
   * @param logs where the executor keeps step logs
   * @param headers print a header line before each section (when several steps were asked for)
   * @param follow after the last section, keep writing what its step appends until {@code finished}
   *     says the run is over
   * @param finished whether the run has finished (polled every 200 ms while following)
   */
  public static void write(
      String runId,
      LogSource logs,
      List<Section> sections,
      boolean headers,
      boolean follow,
      BooleanSupplier finished,
      Writer out)
      throws IOException, InterruptedException {
    long offset = 0;
    for (Section s : sections) {
      if (headers) {
        out.write(s.header() + "\n");
      }
      offset = copy(logs, s.id(runId), 0, out);
    }
    out.flush();
    if (!follow || sections.isEmpty()) {
      return;
    }
    StepId last = sections.getLast().id(runId);
    while (true) {
      // Read "finished" before copying: bytes written before the run ended are then all copied.
      boolean done = finished.getAsBoolean();
      offset = copy(logs, last, offset, out);
      out.flush();
      if (done) {
        return;
      }
      Thread.sleep(FOLLOW_INTERVAL_MS);
    }
  }

  /**
   * How many of the first {@code n} bytes form whole UTF-8 characters: a character cut by the chunk
   * size, or still being written by the step, waits for the next read instead of turning into two
   * replacement characters.
   */
  static int wholeCharacters(byte[] b, int n) {
    for (int back = 1; back <= Math.min(3, n); back++) {
      int lead = b[n - back] & 0xff;
      if (lead < 0x80) {
        return n; // ASCII: everything before it is complete
      }
      if (lead >= 0xc0) {
        int size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        return back >= size ? n : n - back;
      }
    }
    return n; // not UTF-8 (e.g. binary output): pass it on as it is
  }

  /** Writes the attempt's log from {@code offset}; returns the new offset. */
  private static long copy(LogSource logs, StepId attempt, long offset, Writer out)
      throws IOException {
    Optional<InputStream> opened = logs.open(attempt, offset);
    if (opened.isEmpty()) {
      return offset;
    }
    try (InputStream in = opened.get()) {
      byte[] buffer = new byte[CHUNK];
      int held = 0;
      while (true) {
        int n = in.read(buffer, held, buffer.length - held);
        if (n <= 0) {
          return offset;
        }
        int available = held + n;
        int whole = wholeCharacters(buffer, available);
        if (whole == 0) {
          if (available == buffer.length) {
            whole = available; // not UTF-8 after all: pass it on
          } else {
            held = available;
            continue;
          }
        }
        out.write(new String(buffer, 0, whole, StandardCharsets.UTF_8));
        offset += whole;
        System.arraycopy(buffer, whole, buffer, 0, available - whole);
        held = available - whole;
      }
    }
  }
}
