package dev.skiff.cli;

import dev.skiff.server.SkiffServer;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps the main thread alive while the server runs and turns SIGTERM / Ctrl-C into a graceful
 * stop: the JVM shutdown hook closes the server (finishing in-flight requests) before exiting.
 */
final class Foreground {
  private Foreground() {}

  static void runUntilStopped(SkiffServer server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "skiff-shutdown"));
    stopped.await();
  }
}
