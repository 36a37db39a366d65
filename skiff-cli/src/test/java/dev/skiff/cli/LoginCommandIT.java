package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff login} and {@code skiff logout} against a real server: a pasted token is checked
 * before it is stored (0600, keyed by the server's URL) and then used by every command; the browser
 * flow end to end (a browser session made in the server's database, the server's allow page, the
 * CLI's loopback callback with its state check); and, in a child process, {@code XDG_CONFIG_HOME}
 * and {@code SKIFF_TOKEN}.
 */
class LoginCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PAGE =
      Pattern.compile("(http://\\S+/auth/cli\\?port=(\\d+)&state=(\\S+))");

  @TempDir static Path serverHome;
  @TempDir static Path clientHome;
  private static IdentityServer s;

  @TempDir Path configDir;
  private InputStream stdin;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

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
    System.setProperty(Credentials.FOLDER_PROPERTY, configDir.resolve("skiff").toString());
    stdin = System.in;
  }

  @AfterEach
  void restore() {
    System.clearProperty(Credentials.FOLDER_PROPERTY);
    System.setIn(stdin);
  }

  private Path credentials() {
    return configDir.resolve("skiff").resolve(Credentials.FILE);
  }

  /** {@code skiff ARGS} with {@code input} as standard input. */
  private static CliRun withStdin(String input, String... args) {
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return CliRun.of(args);
  }

  private static void oneLine(CliRun r, int exit, String contains) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(exit);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("skiff: ").contains(contains).doesNotContain("Exception");
  }

  private String newToken(String name) {
    CliRun made = s.admin("tokens", "create", "--name", name);
    assertThat(made.exit()).as(made.err()).isZero();
    return made.out().strip();
  }

  @Test
  void a_pasted_token_is_checked_stored_0600_used_and_revoked_at_logout() throws Exception {
    String token = newToken("laptop");
    String id = token.substring(4, 20);

    CliRun login = withStdin(token + "\n", "login", "--server", s.url + "/", "--token-stdin");
    assertThat(login.exit()).as(login.err()).isZero();
    assertThat(login.out())
        .isEqualTo("signed in to " + s.url + " as " + IdentityServer.USER + "\n");

    assertThat(Files.getPosixFilePermissions(credentials()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(credentials().getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    JsonNode stored = JSON.readTree(credentials().toFile());
    assertThat(stored.path("servers").path(s.url).path("token").asText()).isEqualTo(token);
    assertThat(stored.path("servers").path(s.url).path("user").asText())
        .isEqualTo(IdentityServer.USER);
    try (var files = Files.list(credentials().getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(credentials());
    }

    // Commands find the stored token (the client home has no token file), old and new alike.
    CliRun who = s.as(null, "whoami");
    assertThat(who.exit()).as(who.err()).isZero();
    assertThat(who.out()).contains("signed in with:  api_token");
    CliRun pipelines = s.as(null, "pipelines", "list");
    assertThat(pipelines.exit()).as(pipelines.err()).isZero();
    // --token still wins over the stored one.
    oneLine(s.as("skf.0000000000000000." + "A".repeat(43), "whoami"), 2, "not valid");

    // Logging in again with a new token replaces it and says the old one still works.
    String second = newToken("laptop-2");
    CliRun again = withStdin(second, "login", "--server", s.url, "--token-stdin");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err())
        .contains("(id " + id + ") still works")
        .contains("skiff tokens revoke " + id);
    assertThat(
            JSON.readTree(credentials().toFile())
                .path("servers")
                .path(s.url)
                .path("token")
                .asText())
        .isEqualTo(second);

    // Logout revokes the stored token on the server and forgets it here.
    CliRun logout = CliRun.of("logout", "--server", s.url);
    assertThat(logout.exit()).as(logout.err()).isZero();
    assertThat(logout.out())
        .isEqualTo("signed out of " + s.url + " (token " + second.substring(4, 20) + " revoked)\n");
    assertThat(JSON.readTree(credentials().toFile()).path("servers").has(s.url)).isFalse();
    assertThat(s.admin("tokens", "list").out().lines())
        .anySatisfy(l -> assertThat(l).startsWith(second.substring(4, 20)).endsWith("revoked"))
        .anySatisfy(l -> assertThat(l).startsWith(id).endsWith("active"));
    // Logging out again has nothing to do.
    CliRun twice = CliRun.of("logout", "--server", s.url);
    assertThat(twice.exit()).isZero();
    assertThat(twice.out()).contains("not signed in to " + s.url);

    // A revoked token is refused at login, with the server's reason; nothing is stored.
    CliRun revoked = withStdin(second, "login", "--server", s.url, "--token-stdin");
    oneLine(revoked, 2, "API token " + second.substring(4, 20) + " was revoked");
    assertThat(revoked.err()).contains("nothing was stored");
    assertThat(JSON.readTree(credentials().toFile()).path("servers").has(s.url)).isFalse();
  }

  @Test
  void bad_tokens_and_missing_input_are_one_line_and_store_nothing() throws Exception {
    oneLine(
        withStdin(
            "skf.0123456789abcdef." + "x".repeat(43), "login", "--server", s.url, "--token-stdin"),
        2,
        "rejected the token: the bearer token is not valid for this server; nothing was stored");
    oneLine(
        withStdin("two words", "login", "--server", s.url, "--token-stdin"), 2, "not an API token");
    oneLine(withStdin("", "login", "--server", s.url, "--token-stdin"), 2, "no token given");
    // No terminal to prompt at (tests run without one).
    oneLine(withStdin("", "login", "--server", s.url), 2, "--token-stdin");
    oneLine(
        withStdin("", "login", "--server", s.url, "--token-stdin", "--web"),
        2,
        "mutually exclusive");
    oneLine(
        withStdin("", "login", "--server", s.url, "--no-browser"),
        2,
        "--no-browser goes with --web");
    oneLine(
        withStdin("t", "login", "--server", "not a url", "--token-stdin"), 2, "--server must be");
    int closed;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    oneLine(
        withStdin("t", "login", "--server", "http://127.0.0.1:" + closed, "--token-stdin"),
        1,
        "cannot reach Skiff server");
    assertThat(credentials()).doesNotExist();

    // The home's token of a local server is a token too.
    CliRun local = withStdin(s.homeToken, "login", "--server", s.url, "--token-stdin");
    assertThat(local.exit()).as(local.err()).isZero();
    assertThat(s.as(null, "whoami").out()).contains("signed in with:  local_token");
    // It has no id to revoke: logout only forgets it.
    CliRun out = CliRun.of("logout", "--home", clientHome.toString());
    assertThat(out.exit()).as(out.err()).isZero();
    assertThat(out.out()).isEqualTo("signed out of " + s.url + "\n");
  }

  @Test
  void the_browser_flow_end_to_end_with_the_callbacks_state_check() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> login =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {"login", "--web", "--no-browser", "--server", s.url},
                    new PrintWriter(out, true),
                    new PrintWriter(err, true)));
    Matcher m = PAGE.matcher("");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(m = PAGE.matcher(err.toString())).find()) {
      assertThat(login).as(err.toString()).isNotDone();
      assertThat(System.nanoTime()).as("the link is printed").isLessThan(deadline);
      Thread.sleep(20);
    }
    URI page = URI.create(m.group(1));
    int port = Integer.parseInt(m.group(2));
    String state = m.group(3);
    assertThat(page.toString()).startsWith(s.url + "/auth/cli?port=");
    assertThat(state).matches("[A-Za-z0-9_-]{43}");
    assertThat(err.toString())
        .contains("Open this link in a browser that is signed in to " + s.url);

    // The callback listener refuses an answer with another state, and other paths, and waits on.
    String callback = "http://127.0.0.1:" + port + "/callback";
    HttpResponse<String> forged =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(callback + "?state=" + "A".repeat(43) + "&token=" + s.homeToken))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("state differs");
    HttpResponse<String> noState =
        http.send(
            HttpRequest.newBuilder(URI.create(callback + "?token=x")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noState.statusCode()).isEqualTo(400);
    HttpResponse<String> elsewhere =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    Thread.sleep(200);
    assertThat(login).isNotDone();

    // The browser: signed in (a session in the server's database), it opens the page and allows.
    IdentityServer.Browser browser = s.signedInBrowser(IdentityServer.USER);
    HttpResponse<String> allowPage =
        http.send(
            HttpRequest.newBuilder(page).header("Cookie", browser.cookie()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(allowPage.statusCode()).as(allowPage.body()).isEqualTo(200);
    assertThat(allowPage.body()).contains("Allow");
    HttpResponse<String> allowed =
        http.send(
            HttpRequest.newBuilder(URI.create(s.url + "/auth/cli"))
                .header("Cookie", browser.cookie())
                .header("Origin", s.url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "port=" + port + "&state=" + state + "&csrf=" + browser.csrf()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(303);
    String location = allowed.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith(callback + "?state=" + state + "&token=skf.");

    // The browser follows the redirect to the CLI, which checks the token and says so.
    HttpResponse<String> done =
        http.send(
            HttpRequest.newBuilder(URI.create(location)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body())
        .contains("Signed in to Skiff as " + IdentityServer.USER + ". You can close this tab.");
    assertThat(login.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString())
        .isEqualTo("signed in to " + s.url + " as " + IdentityServer.USER + "\n");

    String token =
        JSON.readTree(credentials().toFile()).path("servers").path(s.url).path("token").asText();
    assertThat(location).endsWith("&token=" + token);
    CliRun who = s.as(null, "whoami");
    assertThat(who.out()).contains("signed in with:  api_token");
    assertThat(s.admin("tokens", "list").out()).contains("skiff CLI on ");
    assertThat(Files.getPosixFilePermissions(credentials()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void xdg_config_home_and_skiff_token_in_a_child_process(@TempDir Path xdg) throws Exception {
    Path jar =
        Path.of(System.getProperty("skiff.repo.root", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("skiff-cli/target/skiff.jar");
    assertThat(jar).exists();
    String token = newToken("child");

    Child login =
        child(
            jar,
            xdg,
            null,
            token,
            "login",
            "--server",
            s.url,
            "--token-stdin",
            "--home",
            clientHome.toString());
    assertThat(login.exit()).as(login.err()).isZero();
    Path file = xdg.resolve("skiff").resolve(Credentials.FILE);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file)).contains(token);

    Child who =
        child(jar, xdg, null, "", "whoami", "--server", s.url, "--home", clientHome.toString());
    assertThat(who.exit()).as(who.err()).isZero();
    assertThat(who.out()).contains("signed in with:  api_token");
    // SKIFF_TOKEN overrides the stored token.
    Child env =
        child(
            jar,
            xdg,
            "skf.0000000000000000." + "B".repeat(43),
            "",
            "whoami",
            "--server",
            s.url,
            "--home",
            clientHome.toString());
    assertThat(env.exit()).isEqualTo(2);
    assertThat(env.err()).contains("rejected the token");
  }

  private record Child(int exit, String out, String err) {}

  private static Child child(Path jar, Path xdg, String skiffToken, String stdin, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("XDG_CONFIG_HOME", xdg.toString());
    pb.environment().remove("SKIFF_TOKEN");
    pb.environment().remove("SKIFF_HOME");
    if (skiffToken != null) {
      pb.environment().put("SKIFF_TOKEN", skiffToken);
    }
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Child(p.exitValue(), out.get(), err.get());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
