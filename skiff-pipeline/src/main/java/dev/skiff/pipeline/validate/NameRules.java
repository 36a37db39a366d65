package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules for names: what becomes a folder or file name is a safe one, and what is stored fits
 * its column, so a name is refused here instead of failing a run later (or being truncated).
 *
 * <p>Task names (the keys of {@code dag.tasks}) are segments of a task's path and of its folders;
 * output parameter and artifact keys are file names; component names are keys other names point at.
 * Each must be non-empty, not {@code .} or {@code ..}, without {@code /} or control characters, and
 * at most 255 UTF-8 bytes (a file name's limit). Display names ({@code taskInfo.name}, {@code
 * pipelineInfo.displayName}) and the pipeline name are labels stored in 255-character columns: they
 * may hold any printable text up to that length.
 */
final class NameRules {

  /** The longest file name (bytes) on common file systems, and the store's name columns. */
  static final int MAX_NAME_BYTES = 255;

  /** The store's columns for the pipeline name and display names. */
  static final int MAX_LABEL_CHARS = 255;

  private final PipelineSpec spec;
  private final Findings findings;

  NameRules(PipelineSpec spec, Findings findings) {
    this.spec = spec;
    this.findings = findings;
  }

  void check() {
    checkLabel("pipelineInfo.name", "pipeline name", spec.pipelineInfo().name());
    checkLabel("pipelineInfo.displayName", "display name", spec.pipelineInfo().displayName());
    checkComponent("root", spec.root());
    spec.components()
        .forEach(
            (name, component) -> {
              String path = "components." + name;
              checkName(path, "component name", name);
              checkComponent(path, component);
            });
  }

  private void checkComponent(String path, ComponentSpec component) {
    checkKeys(
        path + ".outputDefinitions.parameters",
        "output parameter key",
        component.outputDefinitions().parameters());
    checkKeys(
        path + ".outputDefinitions.artifacts",
        "output artifact key",
        component.outputDefinitions().artifacts());
    component.dag().ifPresent(dag -> checkTasks(path + ".dag", dag));
  }

  private void checkTasks(String path, DagSpec dag) {
    for (Map.Entry<String, PipelineTask> e : dag.tasks().entrySet()) {
      String taskPath = path + ".tasks." + e.getKey();
      checkName(taskPath, "task name", e.getKey());
      if (!e.getValue().name().equals(e.getKey())) {
        // an empty taskInfo.name defaults to the key, checked above
        checkLabel(taskPath + ".taskInfo.name", "task display name", e.getValue().name());
      }
    }
  }

  private void checkKeys(String path, String what, Map<String, ?> map) {
    for (String key : map.keySet()) {
      checkName(path + "." + key, what, key);
    }
  }

  /** A name used in paths: a safe file name. */
  private void checkName(String path, String what, String name) {
    if (name.isEmpty()) {
      findings.error(path, what + " is empty");
      return;
    }
    if (name.equals(".") || name.equals("..")) {
      findings.error(
          path, what + " '" + name + "' is not allowed: it is used as a file or folder name");
      return;
    }
    String shown = shownPath(path, name);
    if (name.indexOf('/') >= 0) {
      findings.error(
          shown,
          path,
          what
              + " '"
              + abbreviate(name)
              + "' contains '/', which is not allowed: it is used as a file or folder name");
      return;
    }
    controlCharacter(name)
        .ifPresent(
            c -> findings.error(shown, path, what + " '" + abbreviate(name) + "' contains " + c));
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      findings.error(
          shown,
          path,
          what
              + " '"
              + abbreviate(name)
              + "' is "
              + bytes
              + " bytes long; the limit is "
              + MAX_NAME_BYTES
              + " (it is used as a file or folder name)");
    }
  }

  /** A name shown to people and stored: printable, and fits its column. */
  private void checkLabel(String path, String what, String label) {
    controlCharacter(label)
        .ifPresent(c -> findings.error(path, what + " '" + abbreviate(label) + "' contains " + c));
    int length = label.codePointCount(0, label.length());
    if (length > MAX_LABEL_CHARS) {
      findings.error(
          path,
          what
              + " '"
              + abbreviate(label)
              + "' is "
              + length
              + " characters long; the limit is "
              + MAX_LABEL_CHARS);
    }
  }

  /** {@code path} with its last segment, {@code name}, abbreviated for messages. */
  private static String shownPath(String path, String name) {
    String shown = abbreviate(name);
    return shown.equals(name) ? path : path.substring(0, path.length() - name.length()) + shown;
  }

  /** {@code a control character (U+0000)} for the first one in {@code text}. */
  private static Optional<String> controlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(
            "a control character ("
                + String.format(Locale.ROOT, "U+%04X", (int) c)
                + "), which is not allowed");
      }
    }
    return Optional.empty();
  }

  /** The first 40 characters and a count, for messages about long names. */
  static String abbreviate(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .limit(40)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    int length = name.codePointCount(0, name.length());
    return length <= 40 ? out.toString() : out + "…(" + length + " characters)";
  }
}
