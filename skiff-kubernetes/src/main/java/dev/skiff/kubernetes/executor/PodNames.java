package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Names and labels of step pods: a pod name unique per run, task and attempt within 63 characters
 * (the task's last segment for people, a hash of run and task path for uniqueness), label values
 * Kubernetes accepts, and the {@code namespace/name} handle the engine stores.
 */
public final class PodNames {
  private PodNames() {}

  /** Kubernetes' limit on a label value and on a DNS label. */
  public static final int MAX = 63;

  /** Annotation keeping the task's full path (the label may be shortened). */
  public static final String ANNOTATION_TASK_PATH = "skiff.dev/task-path";

  /** Annotation keeping the run's id as given. */
  public static final String ANNOTATION_RUN = "skiff.dev/run-id";

  /** The pod's name: {@code <task>-<hash of run and task path>-<attempt>}. */
  public static String podName(StepId id) {
    String task = id.taskPath().substring(id.taskPath().lastIndexOf('/') + 1);
    String hash = hash(id.runId() + "/" + id.taskPath(), 12);
    String suffix = "-" + hash + "-" + id.attempt();
    String prefix = dnsLabel(task.isEmpty() ? "step" : task, MAX - suffix.length());
    if (prefix.isEmpty() || !Character.isLetter(prefix.charAt(0))) {
      prefix = dnsLabel("s-" + prefix, MAX - suffix.length());
    }
    return prefix + suffix;
  }

  /**
   * A label value for {@code value}: characters outside {@code [A-Za-z0-9._-]} become {@code -}
   * ({@code /} becomes {@code .}), alphanumeric at both ends, at most 63 characters (a longer value
   * keeps its start and ends with a hash of the whole).
   */
  public static String labelValue(String value) {
    StringBuilder b = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '/') {
        b.append('.');
      } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
        b.append(c);
      } else {
        b.append('-');
      }
    }
    String s = b.toString();
    if (s.length() > MAX) {
      s = s.substring(0, MAX - 11) + "-" + hash(value, 10);
    }
    return trimEnds(s);
  }

  /** A DNS label (lower case, digits, {@code -}) of at most {@code max} characters. */
  static String dnsLabel(String value, int max) {
    StringBuilder b = new StringBuilder();
    for (char c : value.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (ok) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    String s = b.length() > max ? b.substring(0, max) : b.toString();
    while (s.endsWith("-")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** The handle of a pod: {@code namespace/name}. */
  public static StepHandle handle(String namespace, String name) {
    return new StepHandle(namespace + "/" + name);
  }

  /** A pod's namespace and name from its handle. */
  public record PodRef(String namespace, String name) {}

  /** The pod a handle names; empty for a handle that is not {@code namespace/name}. */
  public static Optional<PodRef> parse(StepHandle handle) {
    String v = handle.value();
    int slash = v.indexOf('/');
    if (slash <= 0 || slash == v.length() - 1 || v.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new PodRef(v.substring(0, slash), v.substring(slash + 1)));
  }

  private static String trimEnds(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && !Character.isLetterOrDigit(s.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static String hash(String text, int chars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, chars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
