package dev.skiff.cli;

import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code skiff server}: the long-running platform process, in the foreground until stopped. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Run the Skiff server in the foreground (stop with Ctrl-C or SIGTERM).")
final class ServerCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long t0 = System.nanoTime();
    SkiffConfig config = ConfigLoader.load(options.overrides(), System.getenv());
    ExitGuard.atLeast(config.http().shutdownTimeout().plusSeconds(30));
    SkiffServer server = SkiffServer.start(config);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Skiff server ready at %s (%s, %d ms)%n", server.url(), describe(server), ms(t0));
    out.flush();
    return Foreground.runUntilStopped(server, spec.commandLine().getErr());
  }

  static String describe(SkiffServer server) {
    SkiffConfig c = server.config();
    return c.database().url() == null
        ? "embedded database in " + c.databaseDir()
        : server.database().vendor() + " database";
  }

  static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
