package dev.skiff.server.web.notebooks;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Whether this machine can run a notebook server: Debian's classic Notebook under /usr/bin. */
final class Jupyter {
  private Jupyter() {}

  /** Skips the test, with a message naming the package, when the `notebook` module is absent. */
  static void assumeInstalled() {
    boolean ok;
    try {
      Process p =
          new ProcessBuilder("/usr/bin/python3", "-c", "import notebook")
              .redirectErrorStream(true)
              .start();
      ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    Assumptions.assumeTrue(
        ok,
        "notebook browser tests skipped: /usr/bin/python3 has no 'notebook' module (install"
            + " Debian's jupyter-notebook package)");
  }
}
