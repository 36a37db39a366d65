package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Main} builds only the subcommand a command line names (picocli builds each command's model
 * by reflection, 0.6 s of a cold start for the whole tree), and the whole tree otherwise.
 */
class CommandTreeTest {

  @Test
  void a_named_command_is_built_alone_and_an_alias_names_its_command() {
    assertThat(Main.commandTree(new String[] {"server", "--port", "0"}).getSubcommands())
        .containsOnlyKeys("server");
    assertThat(Main.commandTree(new String[] {"get", "runs"}).getSubcommands())
        .containsOnlyKeys("get");
  }

  @Test
  void anything_else_gets_every_command() {
    int all = SkiffCommand.SUBCOMMANDS.size();
    assertThat(
            Main.commandTree(new String[0]).getCommandSpec().subcommands().values().stream()
                .map(c -> c.getCommandSpec().userObject().getClass())
                .distinct())
        .hasSize(all);
    assertThat(Main.commandTree(new String[] {"--help"}).getSubcommands())
        .containsKeys("server", "up", "run");
    assertThat(Main.commandTree(new String[] {"sever"}).getSubcommands()).containsKeys("server");
  }

  @Test
  void a_mistyped_command_is_answered_from_the_whole_tree() {
    CliRun r = CliRun.of("sever");
    assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err().strip())
        .isEqualTo("skiff: Unmatched argument at index 0: 'sever' (see 'skiff --help')");
  }
}
