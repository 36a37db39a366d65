package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, for real: {@code ./skiff up} in a child process, {@code /readyz} over
 * HTTP, then SIGTERM and a graceful stop. Runs after {@code package}, so skiff.jar is fresh and the
 * launcher does not rebuild it.
 */
class LauncherIT {
  private static final Pattern URL = Pattern.compile("Dashboard: (http://\\S+)");
  private static Path root;

  @TempDir Path home;

  @BeforeAll
  static void findRepository() {
    root = Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();
    assertThat(root.resolve("skiff")).isExecutable();
    assertThat(root.resolve("skiff-cli/target/skiff.jar")).exists();
  }

  private Path stderr;

  private Process launch(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("./skiff"));
    command.addAll(List.of(args));
    stderr = Files.createTempFile(home, "stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(root.toFile()).redirectError(stderr.toFile());
    pb.environment().remove("SKIFF_HOME");
    return pb.start();
  }

  /** SIGTERM, as a service manager sends it (Process.destroy would also close our pipes). */
  private static void terminate(Process p) throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
  }

  @Test
  void skiff_up_becomes_ready_and_stops_gracefully_on_sigterm() throws Exception {
    long t0 = System.nanoTime();
    Process p = launch("up", "--port", "0", "--home", home.toString());
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String url = null;
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
      Matcher m = URL.matcher(line);
      if (m.find()) {
        url = m.group(1);
        break;
      }
    }
    assertThat(url).as("stdout: %s", lines).isNotNull();
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url).resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
    long readyMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("skiff up -> /readyz 200 in " + readyMillis + " ms");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(String.join("\n", lines))
        .contains("profile '")
        .contains("(created)")
        .contains("Loaded 2 example pipelines");

    terminate(p);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
    String err = Files.readString(stderr);
    assertThat(err).doesNotContain("Exception").contains("stopped");
    assertThat(Files.readString(home.resolve("logs/server.log"))).contains("stopped");

    Process again = launch("up", "--port", "0", "--home", home.toString());
    BufferedReader out2 =
        new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.UTF_8));
    String first = out2.readLine();
    again.destroy();
    again.waitFor(20, TimeUnit.SECONDS);
    assertThat(first).contains("Skiff is up").doesNotContain("(created)");
  }

  @Test
  void unreachable_database_in_a_real_process_prints_exactly_one_line() throws Exception {
    Process p =
        launch(
            "server",
            "--port",
            "0",
            "--home",
            home.toString(),
            "--db",
            "jdbc:postgresql://127.0.0.1:1/skiff");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(stderr).strip();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err.split("\n")).as(err).hasSize(1);
    assertThat(err).startsWith("skiff: ").contains("127.0.0.1:1");
  }

  @Test
  void help_lists_commands_through_the_launcher() throws Exception {
    Process p = launch("--help");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("up", "server");
  }
}
