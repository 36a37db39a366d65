package dev.skiff.cli;

import dev.skiff.api.v1.NotebookJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@code skiff notebooks} commands share: a notebook as people read it ({@code get}'s
 * lines, {@code list -o json}'s rows), waiting for a notebook to settle, and the options that
 * become a create request ({@code --env}, {@code --volume}, {@code --timeout}).
 */
final class NotebookLines {
  private static final Set<String> SETTLED = Set.of("Running", "Stopped", "Failed");
  private static final Duration POLL = Duration.ofMillis(500);

  private NotebookLines() {}

  /**
   * A notebook as {@code list -o json} prints it: the status as a word and the full URL.
   *
   * @param status {@code Pending}, {@code Running}, {@code Stopping}, {@code Stopped} or {@code
   *     Failed}
   * @param reason why it is in that status (may be empty)
   * @param url the full URL it is reached under
   */
  record Row(
      String name,
      String namespace,
      String status,
      String reason,
      String url,
      String environment,
      double cpu,
      long memory,
      int gpus,
      String createdBy,
      Instant createdAt) {
    static Row of(NotebookClient client, NotebookJson.Notebook n) {
      return new Row(
          n.name(),
          n.namespace(),
          n.status().phase(),
          n.status().message(),
          client.url(n.url()),
          n.environment(),
          n.cpu(),
          n.memory(),
          n.gpus() == null ? 0 : n.gpus().num(),
          n.createdBy(),
          n.createdAt());
    }
  }

  /** A notebook for people: {@code get}'s lines. */
  static void show(NotebookClient client, NotebookJson.Notebook n, PrintWriter out) {
    out.printf("name:          %s%n", n.name());
    out.printf("profile:       %s%n", n.namespace());
    out.printf(
        "status:        %s%s%n",
        n.status().phase(),
        n.status().message().isBlank() ? "" : " (" + n.status().message() + ")");
    out.printf("url:           %s%n", client.url(n.url()));
    out.printf("environment:   %s (%s)%n", n.environment(), n.serverKind());
    out.printf("cpu:           %s%n", cores(n.cpu()));
    out.printf("memory:        %s%n", n.memoryDisplay());
    out.printf(
        "gpus:          %s%n",
        n.gpus() == null || n.gpus().num() == 0
            ? "none"
            : n.gpus().num()
                + " "
                + n.gpus().vendor()
                + (n.gpuIds().isEmpty() ? "" : " (" + String.join(",", n.gpuIds()) + ")"));
    out.printf("limits:        %s%n", n.limits());
    if (!n.datavols().isEmpty()) {
      out.printf(
          "volumes:       %s%n",
          String.join(
              ", ", n.datavols().stream().map(v -> v.name() + " at " + v.mount()).toList()));
    }
    if (!n.configurations().isEmpty()) {
      out.printf("configurations: %s%n", String.join(", ", n.configurations()));
    }
    out.printf("created:       %s by %s%n", ServerTarget.time(n.createdAt()), n.createdBy());
    out.printf("last activity: %s%n", ServerTarget.time(n.lastActivity()));
  }

  /** Polls until the notebook is {@code wanted}, Failed or Stopped, or the time is up. */
  static NotebookJson.Notebook settle(
      NotebookClient client, String p, String name, Duration limit, String wanted) {
    Instant until = Instant.now().plus(limit);
    while (true) {
      NotebookJson.Notebook n = client.get(p, name);
      String phase = n.status().phase();
      if (phase.equals(wanted) || SETTLED.contains(phase)) {
        return n;
      }
      if (Instant.now().isAfter(until)) {
        throw new CommandFailure(
            "notebook "
                + name
                + " is still "
                + phase
                + " after "
                + Durations.format(limit)
                + (n.status().message().isBlank() ? "" : ": " + n.status().message()));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("interrupted while waiting for notebook " + name);
      }
    }
  }

  /** 1 when the notebook failed (its reason on the error stream), else 0. */
  static int failedOrZero(NotebookJson.Notebook n) {
    if (n.status().phase().equals("Failed")) {
      throw new CommandFailure("notebook " + n.name() + " failed: " + n.status().message());
    }
    return 0;
  }

  /** {@code NAME=VALUE} options as a map. */
  static Map<String, String> variables(List<String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String o : options) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new UsageError("--env must be NAME=VALUE, got '" + o + "'");
      }
      out.put(o.substring(0, eq), o.substring(eq + 1));
    }
    return out;
  }

  /** {@code NAME[:MOUNT]} options as the API's data volumes. */
  static List<Map<String, String>> volumes(List<String> options) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String o : options) {
      int colon = o.indexOf(':');
      String volume = colon < 0 ? o : o.substring(0, colon);
      if (volume.isBlank()) {
        throw new UsageError("--volume must be NAME or NAME:MOUNT, got '" + o + "'");
      }
      Map<String, String> v = new LinkedHashMap<>();
      v.put("name", volume);
      v.put("mount", colon < 0 ? volume : o.substring(colon + 1));
      out.add(v);
    }
    return out;
  }

  /** A duration option: {@code 90s}, {@code 5m}, {@code 1h}. */
  static Duration duration(String option, String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,6})\\s*(s|m|h)").matcher(text.strip());
    if (!m.matches()) {
      throw new UsageError(option + " must be a duration like 90s, 5m or 1h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** Cores as people write them: 0.5, 2. */
  static String cores(double c) {
    return c == Math.rint(c) ? Long.toString((long) c) : Double.toString(c);
  }
}
