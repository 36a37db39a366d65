package dev.skiff.engine.executor.local.notebook;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a server's CPU and memory limits where the machine allows: through a transient systemd
 * scope ({@code systemd-run --user --scope -p MemoryMax=... -p CPUQuota=...%}) when the user's
 * systemd manager answers; else the limits are recorded as not enforced, with why. Checked once.
 */
final class ResourceLimits {
  private final String systemdRun;
  private final String why;

  private ResourceLimits(String systemdRun, String why) {
    this.systemdRun = systemdRun;
    this.why = why;
  }

  /** Limits as this machine allows them. */
  static ResourceLimits detect() {
    Path exe = Path.of("/usr/bin/systemd-run");
    if (!Files.isExecutable(exe)) {
      return new ResourceLimits(null, "systemd-run is not installed");
    }
    try {
      Process p =
          new ProcessBuilder(exe.toString(), "--user", "--scope", "--quiet", "true")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new ResourceLimits(null, "systemd-run --user --scope did not answer");
      }
      if (p.exitValue() != 0) {
        String line = out.isEmpty() ? "exit code " + p.exitValue() : out.split("\n")[0];
        return new ResourceLimits(null, "no systemd user manager (" + line + ")");
      }
      return new ResourceLimits(exe.toString(), "");
    } catch (java.io.IOException e) {
      return new ResourceLimits(null, "systemd-run failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ResourceLimits(null, "interrupted while checking systemd-run");
    }
  }

  /** Limits recorded but never enforced (tests, or a machine known to lack them). */
  static ResourceLimits none(String why) {
    return new ResourceLimits(null, why);
  }

  /** The words stored with a server asking for these limits. */
  String note(long cpuMillis, long memoryBytes) {
    if (cpuMillis <= 0 && memoryBytes <= 0) {
      return "no limits asked";
    }
    if (systemdRun == null) {
      return "not enforced: " + why;
    }
    return "enforced by a systemd scope";
  }

  /** What goes before the server's command to enforce the limits (empty when nothing does). */
  List<String> prefix(long cpuMillis, long memoryBytes) {
    List<String> out = new ArrayList<>();
    if (systemdRun == null || (cpuMillis <= 0 && memoryBytes <= 0)) {
      return out;
    }
    out.add(systemdRun);
    out.add("--user");
    out.add("--scope");
    out.add("--quiet");
    if (memoryBytes > 0) {
      out.add("-p");
      out.add("MemoryMax=" + memoryBytes);
    }
    if (cpuMillis > 0) {
      out.add("-p");
      out.add(String.format(Locale.ROOT, "CPUQuota=%d%%", Math.max(1, cpuMillis / 10)));
    }
    return out;
  }
}
