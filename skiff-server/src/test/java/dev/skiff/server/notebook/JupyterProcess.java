package dev.skiff.server.notebook;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real classic Jupyter Notebook server (Debian's {@code /usr/bin/python3 -m notebook}) on
 * loopback with a random token and the base URL of a notebook, as the local launcher starts one.
 */
final class JupyterProcess implements AutoCloseable {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  final Process process;
  final int port;
  final String token;
  final URI base;
  final Path root;

  /** Why Jupyter cannot run here, or null when it can. */
  static String unavailable() {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " is missing";
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import notebook, ipykernel")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return PYTHON + " has no notebook/ipykernel module (apt-get install jupyter-notebook)";
      }
      return null;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Starts a server for {@code /notebook/{profile}/{name}/} in {@code dir} and waits until it
   * answers.
   */
  JupyterProcess(Path dir, String profile, String name) throws Exception {
    this.root = Files.createDirectories(dir.resolve("workspace"));
    Path runtime = Files.createDirectories(dir.resolve("runtime"));
    byte[] t = new byte[24];
    new SecureRandom().nextBytes(t);
    this.token = HexFormat.of().formatHex(t);
    this.port = freePort();
    String basePath = "/notebook/" + profile + "/" + name + "/";
    this.base = URI.create("http://127.0.0.1:" + port + basePath);
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
    Map<String, String> env = pb.environment();
    env.put("JUPYTER_RUNTIME_DIR", runtime.toString());
    env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(dir.resolve("config")).toString());
    env.put("IPYTHONDIR", Files.createDirectories(dir.resolve("ipython")).toString());
    process = pb.start();
    // a test JVM that dies without closing (a crash, an out-of-memory end) leaves no server behind
    Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    awaitReady(Duration.ofSeconds(60));
  }

  private void awaitReady(Duration limit) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "jupyter exited " + process.exitValue() + ": " + Files.readString(log()));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("api/status"))
                    .header("Authorization", "token " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("jupyter did not answer in " + limit);
  }

  Path log() {
    return root.getParent().resolve("server.log");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
