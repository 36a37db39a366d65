package dev.skiff.cli;

import java.time.Duration;

/**
 * The last resort that makes the command exit after SIGTERM, Ctrl-C or {@code System.exit} even
 * when something it waits for on the way out never ends (a stuck engine, a database that does not
 * answer, a library's own shutdown hook): once the JVM has started to shut down, a daemon thread
 * waits a grace period, then prints one line and halts the JVM with status 1.
 *
 * <p>Installed by {@link Main#main} only: tests run commands inside their own JVM.
 */
final class ExitGuard {
  /** One-shot commands: the run command's own bounded cancel wait fits well within this. */
  static final Duration COMMAND_GRACE = Duration.ofSeconds(30);

  /** Servers: in-flight requests (10 s by default), then the engine's steps are stopped. */
  static final Duration SERVER_GRACE = Duration.ofSeconds(60);

  private static volatile Duration grace = COMMAND_GRACE;

  private ExitGuard() {}

  /** Lengthens the grace period to at least {@code d} (a server with a long shutdown timeout). */
  static void atLeast(Duration d) {
    if (d.compareTo(grace) > 0) {
      grace = d;
    }
  }

  static void install(Duration initial) {
    grace = initial;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    Thread.ofPlatform()
                        .daemon()
                        .name("skiff-exit-guard")
                        .start(
                            () -> {
                              Duration wait = grace;
                              try {
                                Thread.sleep(wait);
                              } catch (InterruptedException e) {
                                return;
                              }
                              System.err.println(
                                  "skiff: still stopping after "
                                      + wait.toSeconds()
                                      + "s; exiting now");
                              System.err.flush();
                              Runtime.getRuntime().halt(Main.EXIT_FAILURE);
                            }),
                "skiff-exit-guard-start"));
  }
}
