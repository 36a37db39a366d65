package dev.skiff.cli;

import dev.skiff.server.LocalSetup;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code skiff up}: what a newcomer types. Starts the server in the foreground, makes sure the
 * local user has a profile, loads the bundled example pipelines the first time, and prints the URL.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Start Skiff on this machine: the server, a profile for you and the example pipelines.",
      "Runs in the foreground; stop with Ctrl-C."
    })
final class UpCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long t0 = System.nanoTime();
    SkiffConfig config = ConfigLoader.load(options.overrides(), System.getenv());
    ExitGuard.atLeast(config.http().shutdownTimeout().plusSeconds(30));
    SkiffServer server = SkiffServer.start(config);
    LocalSetup.Result setup = LocalSetup.run(server.database(), System.getProperty("user.name"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Skiff is up in %d ms: profile '%s'%s, %s%n",
        ServerCommand.ms(t0),
        setup.profile(),
        setup.profileCreated() ? " (created)" : "",
        ServerCommand.describe(server));
    if (setup.examplesLoaded() > 0) {
      out.printf(
          "Loaded %d example pipelines into profile '%s'%n",
          setup.examplesLoaded(), setup.profile());
    }
    out.printf(
        "API token: %s (the skiff CLI on this machine reads it; send it as a Bearer token)%n",
        TokenFile.path(config.home()));
    out.printf("Dashboard: %s  (stop with Ctrl-C)%n", server.url());
    server
        .signInLink()
        .ifPresent(
            link ->
                out.printf(
                    link.getPath().equals("/auth/local")
                        ? "Sign in to the dashboard with this one-time link (15 min; `skiff open`"
                            + " makes another):%n    %s%n"
                        : "Sign in: %s%n",
                    link));
    out.flush();
    return Foreground.runUntilStopped(server, spec.commandLine().getErr());
  }
}
