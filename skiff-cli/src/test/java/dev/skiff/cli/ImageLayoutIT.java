package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.pod.PodContract;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step launcher's command line ({@link PodContract#launcherCommand}) finds its class in Jib's
 * layout of this module: {@code app/classes} (class files of target/classes), {@code app/resources}
 * (the rest of it) and {@code app/libs} (the runtime jars), assembled here the way Jib assembles
 * the image, with the {@code /app} of the contract moved under a temporary folder.
 */
class ImageLayoutIT {
  @TempDir static Path image;
  private static Path appRoot;

  @BeforeAll
  static void assembleJibsLayout() throws IOException {
    appRoot = image.resolve("app");
    Path classes = Path.of(System.getProperty("basedir", ".")).resolve("target/classes");
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String folder = file.toString().endsWith(".class") ? "classes" : "resources";
        Path target = appRoot.resolve(folder).resolve(classes.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Path libs = Files.createDirectories(appRoot.resolve("libs"));
    String classpath =
        Files.readString(Path.of(System.getProperty("skiff.image.classpath"))).trim();
    for (String jar : classpath.split(File.pathSeparator)) {
      Path source = Path.of(jar);
      // Jib renames clashing file names; none clash today, and a clash would hide a jar here.
      Path target = libs.resolve(source.getFileName().toString());
      assertThat(target).as("two runtime jars named %s", source.getFileName()).doesNotExist();
      Files.copy(source, target);
    }
    assertThat(appRoot.resolve("classes/dev/skiff/cli/Main.class")).exists();
  }

  @Test
  void the_launcher_command_finds_the_launcher_which_rejects_a_bad_phase_in_one_line()
      throws Exception {
    List<String> command = inImage(PodContract.launcherCommand("unpack"));
    assertThat(command).contains(PodContract.LAUNCHER_MAIN);

    Result result = run(command);

    assertThat(result.stderr().lines())
        .containsExactly("skiff launcher: usage: PodLauncherMain prepare|collect");
    assertThat(result.stdout()).isEmpty();
    assertThat(result.exit()).isEqualTo(2);
  }

  @Test
  void the_same_class_path_runs_the_skiff_command() throws Exception {
    List<String> command = inImage(PodContract.launcherCommand("unused"));
    int main = command.indexOf(PodContract.LAUNCHER_MAIN);
    List<String> cli = new ArrayList<>(command.subList(0, main));
    cli.addAll(List.of(Main.class.getName(), "--version"));

    Result result = run(cli);

    assertThat(result.stdout().trim()).startsWith("skiff ");
    assertThat(result.stderr()).isEmpty();
    assertThat(result.exit()).isZero();
  }

  /** The contract's command with this JVM's java and the image's /app under the temp folder. */
  private static List<String> inImage(List<String> command) {
    assertThat(command.get(0)).isEqualTo("java");
    String classpath = command.get(command.indexOf("-cp") + 1);
    assertThat(classpath).isEqualTo(PodContract.IMAGE_CLASSPATH);
    List<String> local = new ArrayList<>();
    for (String arg : command) {
      if (arg.equals("java")) {
        local.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      } else if (arg.equals(classpath)) {
        // Every entry starts with /app; the java launcher expands libs/* itself (no shell).
        local.add(classpath.replace("/app/", appRoot + "/"));
      } else {
        local.add(arg);
      }
    }
    return local;
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result run(List<String> command) throws Exception {
    Path out = Files.createTempFile(image, "out", ".txt");
    Path err = Files.createTempFile(image, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish in 60s: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
