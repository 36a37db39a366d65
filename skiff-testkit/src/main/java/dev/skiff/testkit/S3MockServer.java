package dev.skiff.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real S3 server on loopback for tests: Adobe's S3Mock, started from its executable jar as a
 * process of its own (its Spring Boot classpath never meets the tests'), with its objects in a
 * folder. The build copies the jar to {@code target/s3mock/s3mock.jar} and names it in the system
 * property {@code skiff.s3mock.jar} (see the parent POM's {@code maven-dependency-plugin}).
 *
 * <pre>{@code
 * try (S3MockServer s3 = S3MockServer.start(tmp, "artifacts")) {
 *   URI endpoint = s3.endpoint(); // http://127.0.0.1:PORT, path-style, any credentials
 * }
 * }</pre>
 */
public final class S3MockServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final Thread reaper;

  private S3MockServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.reaper = new Thread(process::destroyForcibly, "s3mock-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts a server keeping its objects under {@code dir}, with these buckets, and waits until it
   * answers.
   *
   * @throws IllegalStateException when the jar is not there or the server does not come up
   */
  public static S3MockServer start(Path dir, String... buckets) throws IOException {
    String jar = System.getProperty("skiff.s3mock.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "S3Mock's jar is not at skiff.s3mock.jar=" + jar + "; run the ITs through Maven");
    }
    Files.createDirectories(dir);
    int http = freePort();
    int https = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar);
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=" + https);
    command.add("--http.port=" + http);
    command.add("--com.adobe.testing.s3mock.store.root=" + dir.resolve("store").toAbsolutePath());
    command.add("--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets));
    command.add("--spring.main.banner-mode=off");
    command.add("--logging.level.root=WARN");
    Path log = dir.resolve("s3mock.log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    URI endpoint = URI.create("http://127.0.0.1:" + http);
    S3MockServer server = new S3MockServer(p, endpoint, log);
    try {
      server.awaitUp();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The HTTP endpoint, e.g. {@code http://127.0.0.1:43123}; address buckets path-style. */
  public URI endpoint() {
    return endpoint;
  }

  /** The server's own output. */
  public Path log() {
    return log;
  }

  private void awaitUp() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited at start: " + tail());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        c.getResponseCode();
        c.disconnect();
        return;
      } catch (IOException e) {
        // not yet
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while S3Mock started", e);
      }
    }
    throw new IllegalStateException(
        "S3Mock did not answer within " + START_TIMEOUT + ": " + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }
}
