package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff profiles|members|tokens|audit|whoami} against a real server: what they print, {@code
 * -o json}, and one line with exit 2 for bad input or a refused request.
 */
class IdentityCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path serverHome;
  @TempDir static Path clientHome;
  private static IdentityServer s;

  @TempDir Path configDir;

  @BeforeAll
  static void start() throws Exception {
    s = new IdentityServer(serverHome, clientHome);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @BeforeEach
  void ownCredentials() {
    System.setProperty(Credentials.FOLDER_PROPERTY, configDir.toString());
  }

  @AfterEach
  void forgetCredentials() {
    System.clearProperty(Credentials.FOLDER_PROPERTY);
  }

  private static void ok(CliRun r) {
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  private static void oneLine(CliRun r, int exit, String contains) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(exit);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("skiff: ").contains(contains).doesNotContain("Exception");
  }

  @Test
  void profiles_create_list_get_quota_delete() throws Exception {
    CliRun made = s.admin("profiles", "create", "team-a", "--description", "Team A's runs");
    ok(made);
    assertThat(made.out()).isEqualTo("created profile team-a\n");

    CliRun list = s.admin("profiles", "list");
    ok(list);
    assertThat(list.out()).startsWith("NAME").contains("team-a").contains("Team A's runs");
    assertThat(list.out().lines().filter(l -> l.startsWith("team-a ")).findFirst().orElseThrow())
        .contains("owner")
        .contains(IdentityServer.USER);

    JsonNode got = JSON.readTree(s.admin("profiles", "get", "team-a", "-o", "json").out());
    assertThat(got.path("name").asText()).isEqualTo("team-a");
    assertThat(got.path("owner").asText()).isEqualTo(IdentityServer.USER);
    assertThat(got.path("role").asText()).isEqualTo("owner");
    assertThat(got.path("description").asText()).isEqualTo("Team A's runs");
    JsonNode all = JSON.readTree(s.admin("profiles", "list", "-o", "json").out());
    assertThat(all.path("profiles").findValuesAsText("name")).contains("team-a");

    // Quota: named limits change, the others stay; 'unlimited' removes one.
    CliRun quota =
        s.admin(
            "profiles",
            "quota",
            "team-a",
            "--steps",
            "4",
            "--cpu",
            "2",
            "--memory",
            "8Gi",
            "--gpus",
            "1");
    ok(quota);
    assertThat(quota.out())
        .contains("quota:       steps 4, cpu 2, memory 8Gi, gpus 1, notebooks unlimited");
    CliRun changed =
        s.admin("profiles", "quota", "team-a", "--gpus", "unlimited", "--notebooks", "2");
    ok(changed);
    assertThat(changed.out())
        .contains("quota:       steps 4, cpu 2, memory 8Gi, gpus unlimited, notebooks 2");
    assertThat(s.admin("profiles", "quota", "team-a").out())
        .contains("steps 4, cpu 2, memory 8Gi, gpus unlimited, notebooks 2");
    JsonNode q = JSON.readTree(s.admin("profiles", "get", "team-a", "-o", "json").out());
    assertThat(q.path("quota").path("steps").asInt()).isEqualTo(4);
    assertThat(q.path("quota").path("memory").asText()).isEqualTo(Long.toString(8L << 30));
    oneLine(s.admin("profiles", "quota", "team-a", "--steps", "-1"), 2, "--steps");
    oneLine(s.admin("profiles", "quota", "team-a", "--memory", "lots"), 2, "quota");
    assertThat(s.admin("profiles", "quota", "team-a").out()).contains("steps 4");

    // Bad input: one line, exit 2, nothing made.
    oneLine(s.admin("profiles", "create", "Bad_Name"), 2, "Bad_Name");
    oneLine(s.admin("profiles", "create", "team-a"), 2, "team-a");
    oneLine(s.admin("profiles", "get", "no-such-profile"), 2, "no-such-profile");
    assertThat(s.admin("profiles", "list").out()).doesNotContain("Bad_Name");

    // Delete asks for --yes when nobody is at a terminal to confirm.
    oneLine(s.admin("profiles", "delete", "team-a"), 2, "--yes");
    ok(s.admin("profiles", "get", "team-a"));
    CliRun deleted = s.admin("profiles", "delete", "team-a", "--yes");
    ok(deleted);
    assertThat(deleted.out()).isEqualTo("deleted profile team-a\n");
    oneLine(s.admin("profiles", "get", "team-a"), 2, "team-a");
  }

  @Test
  void members_add_set_list_remove() throws Exception {
    ok(s.admin("profiles", "create", "team-b"));
    CliRun added = s.admin("members", "add", "team-b", "bob@example.com", "--role", "edit");
    ok(added);
    assertThat(added.out()).isEqualTo("added bob@example.com to team-b as edit\n");
    CliRun set = s.admin("members", "set", "team-b", "bob@example.com", "--role", "view");
    ok(set);
    assertThat(set.out()).isEqualTo("bob@example.com is now view in team-b\n");

    CliRun list = s.admin("members", "list", "team-b");
    ok(list);
    assertThat(list.out().lines())
        .anySatisfy(l -> assertThat(l).startsWith(IdentityServer.USER + " ").contains("owner"))
        .anySatisfy(l -> assertThat(l).startsWith("bob@example.com ").contains("view"));
    JsonNode members = JSON.readTree(s.admin("members", "list", "team-b", "-o", "json").out());
    assertThat(members.path("members").findValuesAsText("user"))
        .containsExactlyInAnyOrder(IdentityServer.USER, "bob@example.com");

    oneLine(
        s.admin("members", "add", "team-b", "carol@example.com", "--role", "owner"), 2, "owner");
    oneLine(s.admin("members", "add", "team-b", "carol@example.com", "--role", "boss"), 2, "boss");
    oneLine(s.admin("members", "add", "team-b", "carol@example.com"), 2, "--role");
    oneLine(s.admin("members", "list", "no-such-profile"), 2, "no-such-profile");

    CliRun removed = s.admin("members", "remove", "team-b", "bob@example.com");
    ok(removed);
    assertThat(removed.out()).isEqualTo("removed bob@example.com from team-b\n");
    oneLine(s.admin("members", "remove", "team-b", "bob@example.com"), 2, "not a member");
    assertThat(s.admin("members", "list", "team-b").out()).doesNotContain("bob@example.com");
  }

  @Test
  void tokens_create_list_revoke_and_a_revoked_token_is_refused() throws Exception {
    ok(s.admin("profiles", "create", "team-c"));
    CliRun made =
        s.admin(
            "tokens",
            "create",
            "--name",
            "ci",
            "--profile",
            "team-c",
            "--role",
            "view",
            "--expires-in-days",
            "30");
    ok(made);
    String token = made.out().strip();
    assertThat(token).matches("skf\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
    assertThat(made.out()).isEqualTo(token + "\n");
    String id = token.substring(4, 20);
    assertThat(made.err())
        .contains("created token ci (id " + id + ", team-c, view, valid until ")
        .contains("shown only now");

    JsonNode json =
        JSON.readTree(s.admin("tokens", "create", "--name", "script", "-o", "json").out());
    assertThat(json.path("token").asText()).startsWith("skf.");
    assertThat(json.path("info").path("name").asText()).isEqualTo("script");
    assertThat(
            Duration.between(
                Instant.parse(json.path("info").path("created_at").asText()),
                Instant.parse(json.path("info").path("expires_at").asText())))
        .isEqualTo(Duration.ofDays(90));

    CliRun list = s.admin("tokens", "list");
    ok(list);
    assertThat(list.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(id)
                    .contains("ci")
                    .contains("team-c, view")
                    .endsWith("active"));
    assertThat(list.out()).doesNotContain(token.substring(21));

    // The scoped token sees its profile only, as view.
    CliRun who = s.as(token, "whoami");
    ok(who);
    assertThat(who.out())
        .contains("user:            " + IdentityServer.USER + "\n")
        .contains("signed in with:  api_token")
        .contains("default profile: team-c")
        .contains("profiles:        team-c (view)");
    // ... and may not make tokens.
    oneLine(s.as(token, "tokens", "create", "--name", "more"), 2, "cannot create tokens");

    CliRun revoked = s.admin("tokens", "revoke", id);
    ok(revoked);
    assertThat(revoked.out()).isEqualTo("revoked token " + id + "\n");
    CliRun refused = s.as(token, "whoami");
    oneLine(refused, 2, "API token " + id + " was revoked");
    assertThat(refused.err())
        .contains("rejected the token")
        .contains("skiff login --server " + s.url);
    assertThat(s.admin("tokens", "list").out().lines())
        .anySatisfy(l -> assertThat(l).startsWith(id).endsWith("revoked"));
    JsonNode listed = JSON.readTree(s.admin("tokens", "list", "-o", "json").out());
    assertThat(listed.path("tokens").findValuesAsText("id")).contains(id);

    // The same refusal through the commands that predate identity.
    oneLine(s.as(token, "pipelines", "list"), 2, "API token " + id + " was revoked");

    oneLine(
        s.admin("tokens", "create", "--name", "x", "--expires-in-days", "0"), 2, "expires_in_days");
    oneLine(s.admin("tokens", "create", "--name", "x", "--role", "boss"), 2, "role");
    oneLine(s.admin("tokens", "create"), 2, "--name");
    oneLine(s.admin("tokens", "revoke", "0000000000000000"), 2, "no token");
  }

  @Test
  void audit_lists_what_changed_for_the_platform_administrator() throws Exception {
    ok(s.admin("profiles", "create", "team-d"));
    ok(s.admin("members", "add", "team-d", "dan@example.com", "--role", "view"));
    CliRun audit = s.admin("audit", "--limit", "20");
    ok(audit);
    assertThat(audit.out()).startsWith("TIME");
    assertThat(audit.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(IdentityServer.USER)
                    .contains("POST /api/v1/profiles/{profile}/members")
                    .contains("201")
                    .contains("/api/v1/profiles/team-d/members"));

    JsonNode json =
        JSON.readTree(
            s.admin("audit", "--profile", "team-d", "--user", IdentityServer.USER, "-o", "json")
                .out());
    assertThat(json.path("events").size()).isGreaterThanOrEqualTo(1);
    json.path("events")
        .forEach(
            e -> {
              assertThat(e.path("user").asText()).isEqualTo(IdentityServer.USER);
              assertThat(e.path("profile").asText()).isEqualTo("team-d");
            });
    JsonNode one = JSON.readTree(s.admin("audit", "--limit", "1", "-o", "json").out());
    assertThat(one.path("events").size()).isEqualTo(1);
    assertThat(one.path("next_page_token").asText()).isNotEmpty();
    oneLine(s.admin("audit", "--limit", "0"), 2, "--limit");
  }

  @Test
  void whoami_as_the_local_user() {
    CliRun who = s.admin("whoami");
    ok(who);
    assertThat(who.out())
        .startsWith("user:            " + IdentityServer.USER + " (platform administrator)\n")
        .contains("server:          " + s.url + "\n")
        .contains("signed in with:  local_token");
    oneLine(s.admin("whoami", "-o", "yaml"), 2, "unknown output format");
  }

  @Test
  void without_a_server_the_commands_say_how_to_get_one(@TempDir Path emptyHome) {
    for (String[] args :
        new String[][] {
          {"whoami"},
          {"profiles", "list"},
          {"members", "list", "x"},
          {"tokens", "list"},
          {"audit"},
          {"logout"},
          {"login", "--token-stdin"}
        }) {
      String[] all = java.util.Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--home";
      all[args.length + 1] = emptyHome.toString();
      CliRun r = CliRun.of(all);
      oneLine(r, 2, "needs a Skiff server");
      assertThat(r.err()).contains("skiff up").contains("--server URL").contains("skiff login");
    }
  }

  @Test
  void a_server_that_is_down_is_exit_1() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CliRun r = CliRun.of("whoami", "--server", "http://127.0.0.1:" + port, "--token", "x");
    oneLine(r, 1, "cannot reach Skiff server at http://127.0.0.1:" + port);
    oneLine(CliRun.of("whoami", "--server", "ftp://example.com"), 2, "--server must be");
  }
}
