package dev.skiff.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A classic Jupyter Notebook server started bare ({@code /usr/bin/python3 -m notebook}), bound to
 * loopback with a random token and a notebook's base URL: B8's baseline, started the way the local
 * launcher starts one, and measured from the spawn to the first 200 of {@code api/status}.
 */
final class BareJupyter implements AutoCloseable {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  final Process process;
  final URI base;
  final String token;
  final Path root;

  /** Why Jupyter cannot run here, or null. */
  static String unavailable() throws InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " is missing";
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import notebook, ipykernel")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0
          ? null
          : PYTHON + " has no notebook module (apt-get install jupyter-notebook)";
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Spawns a server for {@code /notebook/{profile}/{name}/} in {@code dir} (does not wait). */
  BareJupyter(Path dir, String profile, String name) throws IOException {
    root = Files.createDirectories(dir.resolve("workspace"));
    byte[] t = new byte[24];
    new SecureRandom().nextBytes(t);
    token = HexFormat.of().formatHex(t);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String basePath = "/notebook/" + profile + "/" + name + "/";
    base = URI.create("http://127.0.0.1:" + port + basePath);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                PYTHON.toString(),
                "-m",
                "notebook",
                "--no-browser",
                "--NotebookApp.ip=127.0.0.1",
                "--NotebookApp.port=" + port,
                "--NotebookApp.port_retries=0",
                "--NotebookApp.token=" + token,
                "--NotebookApp.base_url=" + basePath,
                "--NotebookApp.notebook_dir=" + root));
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.add("--allow-root");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("server.log").toFile());
    pb.environment()
        .put("JUPYTER_RUNTIME_DIR", Files.createDirectories(dir.resolve("runtime")).toString());
    pb.environment()
        .put("JUPYTER_CONFIG_DIR", Files.createDirectories(dir.resolve("config")).toString());
    process = pb.start();
  }

  /**
   * Polls {@code url} with {@code authorization} every {@link NotebookBench#POLL} until it answers
   * 200.
   *
   * @throws IllegalStateException when the process ends or {@code limit} passes first
   */
  void awaitOk(HttpClient http, URI url, String authorization, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("jupyter exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(NotebookBench.POLL.toMillis());
    }
    throw new IllegalStateException(url + " did not answer 200 in " + limit);
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
