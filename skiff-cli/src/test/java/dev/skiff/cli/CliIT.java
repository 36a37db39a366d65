package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration and unusable resources: one line, non-zero exit, no stack trace. */
class CliIT {
  @TempDir Path home;

  @Test
  void malformed_skiff_yaml_is_one_line_naming_file_and_line() throws Exception {
    Files.writeString(home.resolve("skiff.yaml"), "server:\n  host: 'unterminated\n");
    CliRun r = CliRun.of("server", "--home", home.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("skiff: skiff.yaml:").contains("malformed YAML");
  }

  @Test
  void wrong_value_in_skiff_yaml_names_the_key() throws Exception {
    Files.writeString(home.resolve("skiff.yaml"), "server:\n  port: 99999\n");
    CliRun r = CliRun.of("up", "--home", home.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("skiff: skiff.yaml:2: server.port: must be a port number 0..65535, got '99999'");
  }

  @Test
  void unreachable_database_is_one_line_and_exit_1() {
    CliRun r =
        CliRun.of(
            "server",
            "--home",
            home.toString(),
            "--port",
            "0",
            "--db",
            "jdbc:postgresql://127.0.0.1:1/skiff",
            "--db-user",
            "skiff");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("127.0.0.1:1").doesNotContain("Exception");
  }

  @Test
  void port_in_use_is_one_line_and_exit_1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun r =
          CliRun.of(
              "server",
              "--home",
              home.toString(),
              "--port",
              Integer.toString(taken.getLocalPort()));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("already in use");
    }
  }
}
