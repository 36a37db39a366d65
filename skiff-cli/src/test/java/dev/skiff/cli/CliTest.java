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
  void out_of_range_numbers_are_refused_before_anything_opens() {
    CliRun limit = CliRun.of("get", "runs", "--limit", "-5", "--home", "/nonexistent/skiff");
    assertThat(limit.exit()).isEqualTo(2);
    assertThat(limit.errLines()).hasSize(1);
    assertThat(limit.err()).contains("--limit must be a number from 1 to 10000, got -5");
    CliRun attempt = CliRun.of("logs", "r", "--attempt", "-1", "--home", "/nonexistent/skiff");
    assertThat(attempt.exit()).isEqualTo(2);
    assertThat(attempt.err()).contains("--attempt must be 1 or more, got -1");
  }

  @Test
  void no_arguments_prints_usage_and_exit_2() {
    CliRun r = CliRun.of();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("Usage: skiff");
  }
}
