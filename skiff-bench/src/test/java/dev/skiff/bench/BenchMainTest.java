package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark's command line, run as a user runs it: a JVM of its own. */
class BenchMainTest {
  private record Ran(int exit, String out, String err) {}

  private static Ran bench(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchMain.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drainErr = Thread.ofVirtual().start(() -> copy(p, err));
    p.getInputStream().transferTo(out);
    drainErr.join();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(Process p, ByteArrayOutputStream to) {
    try {
      p.getErrorStream().transferTo(to);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void help_prints_the_usage_and_runs_nothing() throws Exception {
    Ran r = bench("B3", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: java -jar skiff-bench/target/skiff-bench.jar");
    assertThat(r.out()).contains("--b3-warmup N").doesNotContain("Skiff benchmarks:");
    assertThat(bench("-h").out()).isEqualTo(r.out());
    Ran load = bench("LOAD", "--help");
    assertThat(load.exit()).isZero();
    assertThat(load.out()).startsWith("Usage: java -jar skiff-bench/target/skiff-bench.jar LOAD");
  }

  @Test
  void a_mistake_in_the_arguments_is_one_line_and_exit_2_before_anything_runs() throws Exception {
    String[][] mistakes = {
      {"B3", "--b3-warmup", "abc"},
      {"B3", "--b3-runs", "-1"},
      {"B3", "--b3-rates", "600,,6000"},
      {"B3", "--b3-warmup"},
      {"B4", "--b4-shape", "round"},
      {"--reps", "0"},
      {"B33"},
      {"--b3-warm", "10"},
      {"LOAD", "--clients", "many"},
      {"LOAD", "--bogus"},
    };
    String[] said = {
      "skiff-bench: --b3-warmup takes a whole number of 0 or more, not 'abc'",
      "skiff-bench: --b3-runs takes a whole number of 0 or more, not '-1'",
      "skiff-bench: --b3-rates takes a whole number of 0 or more, not ''",
      "skiff-bench: --b3-warmup needs a value",
      "skiff-bench: --b4-shape is flat, layered or loop, not 'round'",
      "skiff-bench: --reps takes 1 or more",
      "skiff-bench: unknown benchmark 'B33': B0 to B13 (see --help)",
      "skiff-bench: unknown option '--b3-warm' (see --help)",
      "skiff-bench: --clients takes a whole number of 0 or more, not 'many'",
      "skiff-bench: unknown LOAD option '--bogus' (see LOAD --help)",
    };
    for (int i = 0; i < mistakes.length; i++) {
      Ran r = bench(mistakes[i]);
      assertThat(r.exit()).as(String.join(" ", mistakes[i])).isEqualTo(2);
      assertThat(r.err().strip()).isEqualTo(said[i]);
      assertThat(r.out()).as("nothing ran").isEmpty();
    }
  }
}
