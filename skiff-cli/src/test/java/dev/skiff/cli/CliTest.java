package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void help_lists_the_commands() {
    CliRun r = CliRun.of("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("up", "server", "Commands:");
  }

  @Test
  void version_prints_the_version() {
    CliRun r = CliRun.of("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("skiff ");
  }

  @Test
  void unknown_command_is_one_line_and_exit_2() {
    CliRun r = CliRun.of("fly");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("fly").contains("skiff --help").doesNotContain("Exception");
  }

  @Test
  void unknown_flag_is_one_line_and_exit_2() {
    CliRun r = CliRun.of("server", "--colour", "blue");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--colour").contains("skiff server --help");
  }

  @Test
  void malformed_flag_value_is_one_line_and_exit_2() {
    CliRun r = CliRun.of("server", "--port", "eighty");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--port").contains("eighty");
  }

  @Test
  void no_arguments_prints_usage_and_exit_2() {
    CliRun r = CliRun.of();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("Usage: skiff");
  }
}
