package dev.skiff.cli;

import dev.skiff.server.SkiffServer;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps the main thread alive while the server runs and turns SIGTERM / Ctrl-C into a graceful
 * stop: the JVM shutdown hook closes the server (finishing in-flight requests) before exiting. When
 * the server cannot go on ({@link SkiffServer#fatal()}: its embedded database was closed under it),
 * the command ends with one line naming the cause and exit status 1, so that a supervisor (or the
 * user) starts it again; the runs resume then.
 */
final class Foreground {
  private Foreground() {}

  /**
   * Waits until the process is stopped or the server cannot go on.
   *
   * @return the command's exit status: 0 after a stop, 1 when the server failed
   */
  static int runUntilStopped(SkiffServer server, PrintWriter err) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "skiff-shutdown"));
    server.fatal().thenRun(stopped::countDown);
    stopped.await();
    if (server.fatal().isDone()) {
      err.println("skiff: " + server.fatal().join());
      err.flush();
      return Main.EXIT_FAILURE; // exiting runs the shutdown hook, which closes the server
    }
    return 0;
  }
}
