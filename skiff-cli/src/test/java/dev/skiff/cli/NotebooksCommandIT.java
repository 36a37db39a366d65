package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff notebooks ...} against a real server running real Jupyter (skipped, saying so, where
 * {@code /usr/bin/python3} has no {@code notebook} module), and without a server.
 */
class NotebooksCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path serverHome;
  @TempDir Path clientHome;
  @TempDir Path configDir;

  @BeforeEach
  void isolateCredentials() {
    System.setProperty(Credentials.FOLDER_PROPERTY, configDir.toString());
  }

  @AfterEach
  void restore() {
    System.clearProperty(Credentials.FOLDER_PROPERTY);
  }

  @Test
  void without_a_server_every_command_says_notebooks_need_one() {
    for (String[] args :
        new String[][] {
          {"notebooks", "list"},
          {"notebooks", "create", "nb"},
          {"notebooks", "logs", "nb", "-f"},
          {"notebooks", "delete", "nb"}
        }) {
      String[] all = java.util.Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--home";
      all[args.length + 1] = clientHome.toString();
      CliRun r = CliRun.of(all);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("notebooks need a running Skiff server").contains("skiff up");
    }
  }

  @Test
  void create_list_get_logs_stop_start_open_delete() throws Exception {
    assumeTrue(
        jupyterInstalled(),
        "skipped: Jupyter is not installed here (/usr/bin/python3 -c 'import notebook' fails);"
            + " install Debian's jupyter-notebook (.ci/run does) to run this test");
    try (IdentityServer s = new IdentityServer(serverHome, clientHome)) {
      String profile =
          JSON.readTree(s.admin("whoami", "-o", "json").out()).path("default_profile").asText();
      String url = s.url + "/notebook/" + profile + "/nb-cli/";
      try {
        CliRun made =
            s.admin(
                "notebooks",
                "create",
                "nb-cli",
                "--cpu",
                "500m",
                "--memory",
                "256Mi",
                "--env",
                "GREETING=hi",
                "--wait",
                "--timeout",
                "90s");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out().strip()).isEqualTo(url);

        // Bad input: one line, exit 2, nothing made.
        for (String[] bad :
            new String[][] {
              {"notebooks", "create", "nb-cli"},
              {"notebooks", "create", "other", "--cpu", "lots"},
              {"notebooks", "create", "other", "--env", "NOEQUALS"},
              {"notebooks", "create", "other", "--memory", "1Zi"},
              {"notebooks", "create", "Other"},
              {"notebooks", "get", "nope"},
              {"notebooks", "list", "-o", "yaml"}
            }) {
          CliRun r = s.admin(bad);
          assertThat(r.exit()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
          assertThat(r.errLines()).as(r.err()).hasSize(1);
        }

        JsonNode list = JSON.readTree(s.admin("notebooks", "list", "-o", "json").out());
        assertThat(list.path("notebooks")).hasSize(1);
        JsonNode row = list.path("notebooks").get(0);
        assertThat(row.path("name").asText()).isEqualTo("nb-cli");
        assertThat(row.path("status").asText()).isEqualTo("Running");
        assertThat(row.path("url").asText()).isEqualTo(url);
        CliRun table = s.admin("notebooks", "list");
        assertThat(table.out()).contains("NAME").contains("nb-cli").contains("Running");

        CliRun get = s.admin("notebooks", "get", "nb-cli");
        assertThat(get.exit()).isZero();
        assertThat(get.out()).contains("Running").contains(url).contains("256 MiB");
        JsonNode one = JSON.readTree(s.admin("notebooks", "get", "nb-cli", "-o", "json").out());
        assertThat(one.path("env").path("GREETING").asText()).isEqualTo("hi");

        CliRun logs = s.admin("notebooks", "logs", "nb-cli");
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).isNotBlank();

        CliRun open = s.admin("notebooks", "open", "nb-cli", "--no-browser");
        assertThat(open.exit()).isZero();
        assertThat(open.out().strip()).isEqualTo(url);

        CliRun stop = s.admin("notebooks", "stop", "nb-cli");
        assertThat(stop.out()).contains("stopping notebook nb-cli");
        awaitStatus(s, "Stopped");
        // A stopped server's log is read to its end, then -f returns.
        assertThat(s.admin("notebooks", "logs", "nb-cli", "-f").exit()).isZero();
        CliRun start = s.admin("notebooks", "start", "nb-cli", "--wait");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out().strip()).isEqualTo(url);

        // Delete through the home's own server: the workspace kept, where it is said.
        CliRun deleted =
            CliRun.of("notebooks", "delete", "nb-cli", "--home", serverHome.toString());
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        Path workspace = serverHome.resolve("workspaces").resolve(profile).resolve("nb-cli");
        assertThat(deleted.out().strip())
            .isEqualTo("deleted notebook nb-cli; its workspace was kept: " + workspace);
        assertThat(Files.isDirectory(workspace)).isTrue();
        assertThat(s.admin("notebooks", "get", "nb-cli").exit()).isEqualTo(2);
        assertThat(
                JSON.readTree(s.admin("notebooks", "list", "-o", "json").out()).path("notebooks"))
            .isEmpty();
      } finally {
        s.admin("notebooks", "delete", "nb-cli", "--delete-workspace", "--yes");
      }
    }
  }

  private static void awaitStatus(IdentityServer s, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonNode row =
          JSON.readTree(s.admin("notebooks", "list", "-o", "json").out()).path("notebooks").get(0);
      if (row.path("status").asText().equals(status)) {
        return;
      }
      assertThat(System.nanoTime()).as(row.toString()).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  static boolean jupyterInstalled() {
    try {
      Process p =
          new ProcessBuilder("/usr/bin/python3", "-c", "import notebook")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
