package dev.skiff.cli;

import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.drive.RunConflictException;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.server.StartupException;
import dev.skiff.server.config.ConfigException;
import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.StoreException;
import dev.skiff.store.query.InvalidQueryException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of the {@code skiff} command.
 *
 * <p>Exit codes: 0 success, 1 the command ran and failed (e.g. the port is taken, the database is
 * unreachable), 2 the user's input is wrong (unknown command or flag, bad configuration value). A
 * failure prints one line to stderr and never a stack trace; set {@code SKIFF_DEBUG=1} to see one.
 */
public final class Main {
  /** The user's input was wrong. */
  public static final int EXIT_USAGE = 2;

  /** The command ran and failed. */
  public static final int EXIT_FAILURE = 1;

  private static final String LOG_LEVEL_PROPERTY = "skiff.log.level";

  private Main() {}

  public static void main(String[] args) {
    // The server commands log what they do; the one-shot commands only warnings, so that their
    // output is what the user asked for. Set before logging starts.
    boolean server = args.length > 0 && (args[0].equals("server") || args[0].equals("up"));
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, server ? "INFO" : "WARN");
    }
    ExitGuard.install(server ? ExitGuard.SERVER_GRACE : ExitGuard.COMMAND_GRACE);
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns its exit code (the testable form of {@link #main}). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandTree(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ParameterException e, String[] a) -> {
          // The full path ("skiff get runs"), so that nested commands point at their own help.
          String command = e.getCommandLine().getCommandSpec().qualifiedName();
          err.println("skiff: " + firstLine(e.getMessage()) + " (see '" + command + " --help')");
          return EXIT_USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (System.getenv("SKIFF_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          if (ex instanceof ConfigException
              || ex instanceof UsageError
              || ex instanceof dev.skiff.api.ApiRequestException
              || ex instanceof PipelineException
              || ex instanceof ParameterValueException
              || ex instanceof CatalogException
              || ex instanceof AlreadyExistsException
              || ex instanceof InvalidQueryException
              || ex instanceof RunConflictException) {
            err.println("skiff: " + firstLine(ex.getMessage()));
            return EXIT_USAGE;
          }
          if (ex instanceof StartupException
              || ex instanceof StoreException
              || ex instanceof CommandFailure) {
            err.println("skiff: " + firstLine(ex.getMessage()));
            return EXIT_FAILURE;
          }
          err.println(
              "skiff: unexpected error: "
                  + ex.getClass().getSimpleName()
                  + (ex.getMessage() == null ? "" : ": " + firstLine(ex.getMessage()))
                  + " (set SKIFF_DEBUG=1 for the stack trace)");
          return EXIT_FAILURE;
        });
    if (args.length == 0) {
      cli.usage(out);
      return EXIT_USAGE;
    }
    return cli.execute(args);
  }

  /** The whole command tree, {@code skiff} and every subcommand. */
  static CommandLine commandTree() {
    return commandTree(new String[0]);
  }

  /**
   * The command tree {@link #run} parses {@code args} with: {@code skiff} and, when the first
   * argument names a subcommand, only that one (its own subcommands included); otherwise every
   * subcommand, for the top-level help and the "did you mean" of a mistyped name.
   */
  static CommandLine commandTree(String[] args) {
    CommandLine cli = new CommandLine(new SkiffCommand());
    String first = args.length > 0 ? args[0] : "";
    List<Class<?>> named =
        SkiffCommand.SUBCOMMANDS.stream().filter(c -> SkiffCommand.isNamed(c, first)).toList();
    for (Class<?> command : named.isEmpty() ? SkiffCommand.SUBCOMMANDS : named) {
      cli.addSubcommand(command);
    }
    return cli;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
