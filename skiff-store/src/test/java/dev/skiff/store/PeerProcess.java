package dev.skiff.store;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A second JVM that runs {@link H2Peer} on a Skiff home, driven line by line from a test. */
final class PeerProcess implements AutoCloseable {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;

  private PeerProcess(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Starts the peer and waits until its database is open. */
  static PeerProcess start(Path home, DatabaseConfig.Sharing sharing) throws IOException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                H2Peer.class.getName(),
                home.toString(),
                sharing.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    PeerProcess peer = new PeerProcess(p);
    try {
      peer.awaitLine(H2Peer.READY);
    } catch (RuntimeException | Error e) {
      p.destroyForcibly();
      throw e;
    }
    return peer;
  }

  /** Sends one command and returns the peer's answer. */
  String ask(String command) {
    in.println(command);
    return awaitLine(command);
  }

  /** Kills the peer as {@code kill -9} would and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private String awaitLine(String prefix) {
    return assertTimeoutPreemptively(
        ANSWER_TIMEOUT,
        () -> {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
              return line;
            }
          }
          throw new AssertionError("peer exited with " + process.waitFor() + " before " + prefix);
        });
  }

  /** Closes the peer's stdin, so that it closes its database and exits, and waits for that. */
  @Override
  public void close() {
    in.close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
