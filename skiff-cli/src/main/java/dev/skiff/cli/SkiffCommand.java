package dev.skiff.cli;

import dev.skiff.server.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code skiff} command; it only groups the subcommands. */
@Command(
    name = "skiff",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Skiff: a self-hosted ML platform (profiles, notebooks, KFP v2 pipelines).",
    subcommands = {
      UpCommand.class,
      ServerCommand.class,
      RunCommand.class,
      GetCommand.class,
      LogsCommand.class,
      CancelCommand.class
    },
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'skiff COMMAND --help' for a command's options."})
final class SkiffCommand {
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"skiff " + Version.get()};
    }
  }
}
