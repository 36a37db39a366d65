package dev.skiff.kubernetes.launcher;

import dev.skiff.kubernetes.pod.PodContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The POSIX {@code sh} script the user's container runs ({@code /bin/sh <volume>/run.sh}). It needs
 * nothing from the image but {@code /bin/sh}; it uses {@code tee} and {@code mv} when the image has
 * them.
 *
 * <ol>
 *   <li>touches {@code started} (the attempt's run time is measured from it);
 *   <li>sets the step's variables: the platform's only where the pod does not define them, then the
 *       container's own (already expanded) and Skiff's;
 *   <li>runs the command, every word single-quoted, its stdout as it is and its stderr both to the
 *       container's stderr and to {@code stderr} in the volume (with {@code tee}; without it a
 *       {@code read} loop keeps the last line), so a failure can be reported with its last line;
 *   <li>writes the exit code to {@code exit-code.tmp} and renames it to {@code exit-code} (or, with
 *       no {@code mv}, writes {@code exit-code} with one {@code write}: the collector accepts only
 *       a complete line), then exits with that code.
 * </ol>
 */
final class RunScript {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * KFP's mounts for remote artifacts ({@code LocalPathForURI}) → the scheme's staging folder:
   * components that turn a URI into a path themselves ({@code uri.replace('gs://', '/gcs/')}) find
   * the files where KFP's launcher would have put them, when the image runs as root. Only in a pod
   * (the volume at {@link PodContract#MOUNT}): a test's processes must not link the host's root.
   */
  private static final Map<String, String> MOUNTS =
      new TreeMap<>(Map.of("/s3", "s3", "/minio", "minio", "/gcs", "gs"));

  private RunScript() {}

  /**
   * The script's text.
   *
   * @throws LauncherException when a variable's name cannot be set by {@code sh} or a word holds a
   *     NUL character
   */
  static String render(VolumeLayout layout, PodCommand command, String what)
      throws LauncherException {
    StringBuilder sh = new StringBuilder();
    sh.append("#!/bin/sh\n");
    sh.append("# Written by Skiff's launcher (prepare) for ")
        .append(what.replaceAll("[\\r\\n]", " "))
        .append(". Runs the step's command and records its exit code.\n");
    String started = ShellQuoting.quote(layout.startedFile().toString());
    String stderr = ShellQuoting.quote(layout.stderrFile().toString());
    String tmp = ShellQuoting.quote(layout.exitCodeFile() + ".tmp");
    String exit = ShellQuoting.quote(layout.exitCodeFile().toString());
    sh.append(": > ").append(started).append('\n');
    for (Map.Entry<String, String> e : command.platformEnv().entrySet()) {
      String name = name(e.getKey());
      sh.append("if [ -z \"${").append(name).append("+x}\" ]; then ");
      sh.append(name).append('=').append(value(e.getValue())).append("; export ").append(name);
      sh.append("; fi\n");
    }
    for (Map.Entry<String, String> e : command.env().entrySet()) {
      String name = name(e.getKey());
      sh.append(name).append('=').append(value(e.getValue())).append("; export ").append(name);
      sh.append('\n');
    }
    boolean pod = layout.root().equals(Path.of(PodContract.MOUNT));
    for (Map.Entry<String, String> m : MOUNTS.entrySet()) {
      Path staged = layout.stagingRoot().resolve(m.getValue());
      if (pod && Files.isDirectory(staged)) {
        sh.append("[ -e ").append(m.getKey()).append(" ] || ln -s ");
        sh.append(value(staged.toString())).append(' ').append(m.getKey());
        sh.append(" 2>/dev/null || true\n");
      }
    }
    StringBuilder words = new StringBuilder();
    for (String word : command.commandLine()) {
      words.append(words.isEmpty() ? "" : " ").append(value(word));
    }
    sh.append("skiff_step() {\n  ").append(words).append("\n}\n");
    String run = "{ skiff_step 2>&1 1>&3 3>&-; echo \"$?\" > " + tmp + "; }";
    sh.append("if command -v tee >/dev/null 2>&1; then\n");
    sh.append("  { ").append(run).append(" | tee ").append(stderr).append(" >&2; } 3>&1\n");
    sh.append("else\n");
    sh.append("  { ").append(run).append(" | while IFS= read -r line || [ -n \"$line\" ]; do");
    sh.append(" printf '%s\\n' \"$line\" >&2; printf '%s\\n' \"$line\" > ").append(stderr);
    sh.append("; done; } 3>&1\n");
    sh.append("fi\n");
    sh.append("code=1\n");
    sh.append("read -r code 2>/dev/null < ").append(tmp).append('\n');
    sh.append("[ -n \"$code\" ] || code=1\n");
    sh.append("mv -f ").append(tmp).append(' ').append(exit).append(" 2>/dev/null");
    sh.append(" || echo \"$code\" > ").append(exit).append('\n');
    sh.append("exit \"$code\"\n");
    return sh.toString();
  }

  private static String name(String name) throws LauncherException {
    if (!NAME.matcher(name).matches()) {
      throw LauncherException.failed(
          "environment variable name '" + name + "' cannot be set by /bin/sh");
    }
    return name;
  }

  private static String value(String text) throws LauncherException {
    if (text.indexOf('\0') >= 0) {
      throw LauncherException.failed("the command line or environment holds a NUL character");
    }
    return ShellQuoting.quote(text);
  }
}
