package dev.skiff.deploy.gke;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads the project's facts by running the four read-only gcloud commands of {@link
 * FactsReader#commands} ({@code describe} and {@code list} only: nothing is created or changed).
 */
public final class GcloudFacts {
  private static final long TIMEOUT_SECONDS = 120;

  private GcloudFacts() {}

  /** The gcloud executable on {@code path} (the PATH variable's value), if there is one. */
  public static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "gcloud");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs the commands with {@code gcloud}. A command that fails is a {@link PlanInputException}
   * with its first error line (e.g. not signed in, or the Compute Engine API not enabled).
   */
  public static ProjectFacts read(Path gcloud, String project, String region) {
    List<String> commands = FactsReader.commands(project, region);
    List<FactsParser.Source> sources = new ArrayList<>();
    for (String command : commands) {
      List<String> argv = new ArrayList<>(List.of(command.split(" ")));
      argv.set(0, gcloud.toString());
      sources.add(new FactsParser.Source("`" + command + "`", run(argv, command)));
    }
    return FactsParser.parse(
        region, sources.get(0), sources.get(1), sources.get(2), sources.get(3));
  }

  private static String run(List<String> argv, String command) {
    try {
      Path errors = Files.createTempFile("skiff-gcloud", ".err");
      try {
        Process p =
            new ProcessBuilder(argv)
                .redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new PlanInputException(
              "`" + command + "` did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
          String err =
              Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                  .filter(l -> !l.isBlank())
                  .findFirst()
                  .orElse("exit code " + p.exitValue());
          throw new PlanInputException("`" + command + "` failed: " + err.strip());
        }
        return new String(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new PlanInputException("`" + command + "` could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlanInputException("`" + command + "` was interrupted");
    }
  }
}
