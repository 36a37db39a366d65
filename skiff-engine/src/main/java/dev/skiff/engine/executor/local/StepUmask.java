package dev.skiff.engine.executor.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Makes steps create their files (outputs, artifacts, anything in their working directory) readable
 * by their owner only: umask 077, as Skiff's own files are.
 *
 * <p>A child process inherits the JVM's umask, and the JVM cannot change its own. When the JVM
 * already runs under a umask that keeps group and others out ({@code ./skiff} sets 077), steps
 * start as they are; otherwise each step is started through {@code /bin/sh -c 'umask 077 && exec
 * "$0" "$@"'}, which sets the mask and replaces itself with the step's program (same process, so
 * the process id and group are the step's own; the shell searches the step's {@code PATH}, as
 * {@code setsid} does).
 */
record StepUmask(boolean wrap) {
  static final String SH = "/bin/sh";
  private static final String SCRIPT = "umask 077 && exec \"$0\" \"$@\"";

  /** For this JVM: wrap unless its umask already masks every group and other bit. */
  static StepUmask forThisProcess() {
    OptionalInt mask = umaskOf(Path.of("/proc/self/status"));
    boolean privateAlready = mask.isPresent() && (mask.getAsInt() & 0077) == 0077;
    return new StepUmask(!privateAlready && Files.isExecutable(Path.of(SH)));
  }

  /** The command that runs {@code command} under umask 077. */
  List<String> wrap(List<String> command) {
    if (!wrap) {
      return command;
    }
    List<String> out = new ArrayList<>(command.size() + 3);
    out.add(SH);
    out.add("-c");
    out.add(SCRIPT);
    out.addAll(command);
    return out;
  }

  /** The {@code Umask:} line of a Linux {@code /proc/<pid>/status} file (Linux 4.7+). */
  static OptionalInt umaskOf(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("Umask:")) {
          return OptionalInt.of(Integer.parseInt(line.substring(6).strip(), 8));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or an old kernel: unknown
    }
    return OptionalInt.empty();
  }
}
