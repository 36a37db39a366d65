package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.Version;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command in the tree answers {@code --help} and {@code -h} with its usage and exit 0, and
 * {@code -V/--version} with the version where it offers it. The commands are found by walking the
 * picocli tree that {@link Main} runs, so a command added later is covered without touching this
 * test.
 */
class CommandHelpTest {

  @TestFactory
  Stream<DynamicTest> every_command_prints_its_help_with_exit_0() {
    return commands().stream()
        .flatMap(
            c ->
                Stream.of("--help", "-h")
                    .map(
                        flag ->
                            DynamicTest.dynamicTest(
                                c.getCommandSpec().qualifiedName() + " " + flag,
                                () -> assertHelp(c, flag))));
  }

  @TestFactory
  Stream<DynamicTest> every_command_that_offers_version_prints_it_with_exit_0() {
    return commands().stream()
        .filter(c -> c.getCommandSpec().optionsMap().containsKey("--version"))
        .flatMap(
            c ->
                Stream.of("--version", "-V")
                    .map(
                        flag ->
                            DynamicTest.dynamicTest(
                                c.getCommandSpec().qualifiedName() + " " + flag,
                                () -> {
                                  CliRun r = CliRun.of(argsFor(c, flag));
                                  assertThat(r.exit()).isZero();
                                  assertThat(r.err()).isEmpty();
                                  assertThat(r.out().strip()).isEqualTo("skiff " + Version.get());
                                })));
  }

  @Test
  void the_walk_finds_the_nested_commands_and_the_top_level_offers_version() {
    List<String> names = commands().stream().map(c -> c.getCommandSpec().qualifiedName()).toList();
    assertThat(names)
        .contains(
            "skiff",
            "skiff up",
            "skiff server",
            "skiff run",
            "skiff get",
            "skiff get runs",
            "skiff get run",
            "skiff logs",
            "skiff cancel",
            "skiff gc",
            "skiff retention",
            "skiff retention set",
            "skiff login",
            "skiff logout",
            "skiff whoami",
            "skiff profiles list",
            "skiff profiles get",
            "skiff profiles create",
            "skiff profiles delete",
            "skiff profiles quota",
            "skiff notebooks",
            "skiff notebooks create",
            "skiff notebooks list",
            "skiff notebooks get",
            "skiff notebooks stop",
            "skiff notebooks start",
            "skiff notebooks delete",
            "skiff notebooks open",
            "skiff notebooks logs",
            "skiff members list",
            "skiff members add",
            "skiff members set",
            "skiff members remove",
            "skiff tokens create",
            "skiff tokens list",
            "skiff tokens revoke",
            "skiff audit",
            "skiff plan",
            "skiff plan gke",
            "skiff render",
            "skiff render crds",
            "skiff deploy",
            "skiff status",
            "skiff teardown");
    assertThat(Main.commandTree().getCommandSpec().optionsMap()).containsKeys("-V", "--version");
  }

  @Test
  void a_usage_error_in_a_nested_command_names_that_command_in_one_line() {
    CliRun r = CliRun.of("get", "runs", "--colour", "blue");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--colour").contains("(see 'skiff get runs --help')");
  }

  @Test
  void a_missing_required_parameter_is_still_a_usage_error() {
    CliRun r = CliRun.of("run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("Missing required parameter: 'FILE'", "skiff run --help");
  }

  @Test
  void a_group_without_its_subcommand_is_a_usage_error() {
    CliRun r = CliRun.of("get");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("skiff get --help");
  }

  private static void assertHelp(CommandLine command, String flag) {
    String name = command.getCommandSpec().qualifiedName();
    CliRun r = CliRun.of(argsFor(command, flag));
    assertThat(r.exit()).as("%s %s exit code; stderr: %s", name, flag, r.err()).isZero();
    assertThat(r.err()).as("%s %s stderr", name, flag).isEmpty();
    assertThat(r.out()).as("%s %s output", name, flag).startsWith("Usage: " + name);
    assertThat(r.out()).contains("-h, --help");
  }

  /** The arguments that reach {@code command} from the top: its path below "skiff", then flag. */
  private static String[] argsFor(CommandLine command, String flag) {
    List<String> path = new ArrayList<>();
    for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
      path.addFirst(c.getCommandName());
    }
    path.add(flag);
    return path.toArray(String[]::new);
  }

  /** Every command in the tree once (aliases map several names to one command), depth first. */
  private static List<CommandLine> commands() {
    Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
    List<CommandLine> all = new ArrayList<>();
    walk(Main.commandTree(), seen, all);
    return all;
  }

  private static void walk(CommandLine c, Map<CommandLine, Boolean> seen, List<CommandLine> all) {
    if (seen.put(c, Boolean.TRUE) != null) {
      return;
    }
    all.add(c);
    c.getSubcommands().values().forEach(sub -> walk(sub, seen, all));
  }
}
