package dev.skiff.engine.executor.local.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the unittest suite of Skiff's offline KFP runtime ({@code
 * skiff-engine/src/main/resources/python-runtime}, tests in {@code skiff-engine/src/test/python})
 * with {@code python3}, from the repository root, as the README's command does. Skipped, with the
 * reason, when the machine has no python3 3.9+.
 */
class PythonRuntimeIT {

  private static final String TESTS = "skiff-engine/src/test/python";

  @TempDir Path temp;

  @Test
  void python_runtime_unittests_pass() throws Exception {
    Path repo = repoRoot();
    Optional<Path> python = findPython();
    Assumptions.assumeTrue(
        python.isPresent(),
        "no python3 3.9+ found (/usr/bin/python3 or on PATH): skipping the Python runtime tests");

    Path log = temp.resolve("unittest.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                python.get().toString(),
                "-m",
                "unittest",
                "discover",
                "-v",
                "-s",
                TESTS,
                "-t",
                TESTS)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    System.out.println("[python-runtime] " + python.get() + ": " + summary(output));
    assertThat(finished).as("unittest finished within 10 minutes:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("unittest exit status:%n%s", output).isZero();
    assertThat(output).contains("\nOK");
  }

  /** Skips, the testdata sweep line, and the closing "Ran N tests ... OK" lines. */
  private static String summary(String output) {
    List<String> lines =
        output
            .lines()
            .filter(
                l ->
                    l.contains("skipped")
                        || l.startsWith("[kfp-testdata]")
                        || l.startsWith("Ran ")
                        || l.startsWith("OK")
                        || l.startsWith("FAILED"))
            .collect(Collectors.toList());
    return System.lineSeparator() + String.join(System.lineSeparator(), lines);
  }

  private static Path repoRoot() {
    String property = System.getProperty("skiff.repo.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve(TESTS))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root (with mvnw) not found above the working dir");
  }

  /** Debian's /usr/bin/python3, else python3 on PATH; only a 3.9 or newer. */
  private static Optional<Path> findPython() {
    Path debian = Path.of("/usr/bin/python3");
    if (Files.isExecutable(debian) && isPython39(debian)) {
      return Optional.of(debian);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, "python3");
        if (Files.isExecutable(candidate) && isPython39(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isPython39(Path python) {
    try {
      Process p =
          new ProcessBuilder(
                  python.toString(), "-c", "import sys; print(sys.version_info >= (3, 9))")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("True");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
