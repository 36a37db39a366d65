package dev.skiff.cli;

import dev.skiff.server.Version;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The top-level {@code skiff} command; it only groups the subcommands.
 *
 * <p>Every command and subcommand declares {@code mixinStandardHelpOptions} and this {@link
 * VersionProvider} itself, so that {@code -h/--help} and {@code -V/--version} work at every level
 * ({@code CommandHelpTest} walks the tree and fails for a command without them). Picocli's {@code
 * scope = INHERIT} would do it implicitly, but it also copies the footer and headings below into
 * every subcommand's help.
 *
 * <p>The subcommands are listed in {@link #SUBCOMMANDS} rather than in the annotation, so that
 * {@link Main} can build only the one a command line names: picocli builds each command's model by
 * reflection, and the whole tree took 0.6 s of a cold {@code skiff server}'s start.
 */
@Command(
    name = "skiff",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Skiff: a self-hosted ML platform (profiles, notebooks, KFP v2 pipelines).",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'skiff COMMAND --help' for a command's options."})
final class SkiffCommand {
  /** The subcommands, in the order the help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          UpCommand.class,
          ServerCommand.class,
          RunCommand.class,
          GetCommand.class,
          LogsCommand.class,
          CancelCommand.class,
          GcCommand.class,
          RetentionCommand.class,
          PipelinesCommand.class,
          ExperimentsCommand.class,
          RunsCommand.class,
          SchedulesCommand.class,
          OpenCommand.class,
          LoginCommand.class,
          LogoutCommand.class,
          WhoamiCommand.class,
          ProfilesCommand.class,
          MembersCommand.class,
          TokensCommand.class,
          AuditCommand.class,
          NotebooksCommand.class,
          RenderCommand.class,
          PlanCommand.class,
          DeployCommand.class,
          StatusCommand.class,
          TeardownCommand.class);

  /** Whether {@code name} is the name or an alias of {@code command}'s {@code @Command}. */
  static boolean isNamed(Class<?> command, String name) {
    CommandLine.Command c = command.getAnnotation(CommandLine.Command.class);
    return c.name().equals(name) || List.of(c.aliases()).contains(name);
  }

  /** What {@code -V/--version} prints on any command: {@code skiff VERSION}. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"skiff " + Version.get()};
    }
  }
}
