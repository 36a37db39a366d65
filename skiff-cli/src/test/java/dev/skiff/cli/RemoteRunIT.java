package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.server.LocalSetup;
import dev.skiff.server.ServerFile;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff run / get / logs / cancel} against a real server on its own home: with {@code
 * --server}, and routed automatically when the server runs on the home the command uses.
 */
class RemoteRunIT {
  private static Path examples;
  private static Path fixtures;

  @TempDir Path serverHome;
  @TempDir Path clientHome;
  private SkiffServer server;
  private String url;
  private String token;

  @BeforeAll
  static void locate() throws URISyntaxException {
    Path root = Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();
    examples = root.resolve("examples");
    fixtures = Path.of(RemoteRunIT.class.getResource("/pipelines").toURI());
  }

  @BeforeEach
  void start() throws Exception {
    server =
        SkiffServer.start(
            new SkiffConfig(
                serverHome,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15))));
    url = server.url().toString();
    token = TokenFile.read(serverHome).orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The CLI against the server, from a home of its own (which it must leave untouched). */
  private CliRun remote(String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {"--server", url, "--token", token, "--home", clientHome.toString()},
        0,
        all,
        args.length,
        6);
    return CliRun.of(all);
  }

  private static String runIdOf(CliRun run) {
    return run.out().lines().findFirst().orElseThrow().split(" ")[1].replace(":", "");
  }

  @Test
  void runs_on_the_server_with_progress_json_and_exit_codes_and_shows_runs() throws Exception {
    String hello = examples.resolve("hello-world.yaml").toString();
    CliRun run = remote("run", hello, "-p", "name=Ada");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("hello-world.yaml", "SUCCEEDED  say-hello", "1 succeeded (0 cached)");
    String runId = runIdOf(run);
    assertThat(server.runs().get(runId).orElseThrow().run().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(clientHome.resolve("db")).doesNotExist();

    CliRun json = remote("run", hello, "-p", "name=Bo", "--no-cache", "-o", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode tree = new ObjectMapper().readTree(json.out());
    assertThat(tree.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(tree.path("tasks").path("say-hello").path("outputs").path("parameters"))
        .hasToString("{\"Output\":\"Hello, Bo!\"}");
    // What the CLI printed is what the server has.
    CliRun got = remote("get", "run", tree.path("run_id").asText(), "-o", "json");
    assertThat(new ObjectMapper().readTree(got.out())).isEqualTo(tree);

    CliRun failing = remote("run", fixtures.resolve("failing.yaml").toString());
    assertThat(failing.exit()).isEqualTo(1);
    assertThat(failing.out()).contains("FAILED", "exit code 3");

    CliRun list = remote("get", "runs");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(runId, "hello-world", "failing");
    assertThat(list.out().lines().count()).isEqualTo(4); // header and three runs

    CliRun table = remote("get", "run", runId.substring(0, 8));
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("run:      " + runId, "say-hello", "Output=Hello, Ada!");

    assertThat(remote("logs", runId, "say-hello").out()).isEqualTo("Hello, Ada!");
    assertThat(remote("logs", runId).out())
        .isEqualTo("==> say-hello (attempt 1, SUCCEEDED) <==\nHello, Ada!");
    assertThat(remote("logs", runIdOf(failing), "fail").out()).contains("about to fail");
  }

  @Test
  void bad_input_and_unusable_servers_are_one_line_each() throws Exception {
    String lines = examples.resolve("producer-consumer.yaml").toString();
    CliRun badParam = remote("run", lines, "-p", "lines=abc");
    assertOneLine(badParam, 2);
    assertThat(badParam.err()).contains("lines");
    assertThat(server.runs().list(null, 10)).isEmpty();

    CliRun wrongToken =
        CliRun.of(
            "get", "runs", "--server", url, "--token", "nope", "--home", clientHome.toString());
    assertOneLine(wrongToken, 2);
    String server = url.replaceAll("/$", "");
    assertThat(wrongToken.err())
        .isEqualTo(
            "skiff: server "
                + server
                + " rejected the token: the bearer token is not valid for this server (sign in"
                + " with 'skiff login --server "
                + server
                + "', or pass --token or set SKIFF_TOKEN)\n");
    // No token anywhere (the client home has no token file): the same answer.
    assertOneLine(CliRun.of("get", "runs", "--server", url, "--home", clientHome.toString()), 2);

    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String down = "http://127.0.0.1:" + closedPort;
    CliRun unreachable =
        CliRun.of(
            "run",
            examples.resolve("hello-world.yaml").toString(),
            "--server",
            down,
            "--token",
            token);
    assertOneLine(unreachable, 1);
    assertThat(unreachable.err())
        .isEqualTo("skiff: cannot reach Skiff server at " + down + ": connection refused\n");

    CliRun noRun = remote("get", "run", "no-such-run");
    assertOneLine(noRun, 2);
    assertThat(noRun.err()).isEqualTo("skiff: no run 'no-such-run' (see 'skiff get runs')\n");
    assertOneLine(remote("logs", "no-such-run"), 2);
    assertOneLine(remote("cancel", "no-such-run"), 2);
    assertOneLine(CliRun.of("get", "runs", "--server", "localhost:8080"), 2);

    String runId = runIdOf(remote("run", examples.resolve("hello-world.yaml").toString()));
    CliRun noStep = remote("logs", runId, "nope");
    assertOneLine(noStep, 2);
    assertThat(noStep.err()).contains("has no step 'nope' with logs");
    assertOneLine(remote("logs", runId, "say-hello", "--attempt", "5"), 2);
  }

  @Test
  void cancels_a_run_on_the_server_while_its_log_is_followed() throws Exception {
    String profile = LocalSetup.profileNameFor(System.getProperty("user.name"));
    String runId =
        server
            .runs()
            .submit(
                Files.readString(fixtures.resolve("sleeper.yaml")),
                "sleeper.yaml",
                Map.of(),
                new RunOptions("", profile, true));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!remote("logs", runId).out().contains("sleeping")) {
      assertThat(System.nanoTime()).as("the step did not start").isLessThan(deadline);
      Thread.sleep(100);
    }
    CompletableFuture<CliRun> follow =
        CompletableFuture.supplyAsync(() -> remote("logs", runId, "sleep", "-f"));
    Thread.sleep(500);
    assertThat(follow).isNotDone();

    CliRun cancel = remote("cancel", runId.substring(0, 8));
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(cancel.out()).isEqualTo("run " + runId + " CANCELED\n");
    CliRun followed = follow.get(15, TimeUnit.SECONDS);
    assertThat(followed.exit()).as(followed.err()).isZero();
    assertThat(followed.out()).isEqualTo("sleeping\n");
    assertThat(remote("cancel", runId).out()).contains("already finished: CANCELED");
  }

  @Test
  void commands_on_a_home_with_a_running_server_go_through_it() throws Exception {
    String home = serverHome.toString();
    CliRun run = CliRun.of("run", examples.resolve("hello-world.yaml").toString(), "--home", home);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("SUCCEEDED  say-hello");
    String runId = runIdOf(run);
    // Only the API gives a run the caller's profile: the run went through the server.
    assertThat(server.runs().get(runId).orElseThrow().run().options().profile())
        .isEqualTo(LocalSetup.profileNameFor(System.getProperty("user.name")));

    CliRun list = CliRun.of("get", "runs", "--home", home);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(runId);
    assertThat(CliRun.of("logs", runId, "say-hello", "--home", home).out())
        .isEqualTo("Hello, Skiff!");
    CliRun viaServer = CliRun.of("get", "run", runId, "-o", "json", "--home", home);
    CliRun tableViaServer = CliRun.of("get", "run", runId, "--home", home);
    CliRun listViaServer = CliRun.of("get", "runs", "-o", "json", "--home", home);

    // Once the server is gone, the home is opened in-process again; a stale server.json (its
    // process has exited) does not get in the way.
    server.close();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    new ServerFile(URI.create(url), gone.pid()).write(serverHome);
    CliRun local = CliRun.of("get", "runs", "--home", home);
    assertThat(local.exit()).as(local.err()).isZero();
    assertThat(local.out()).contains(runId);
    // The same run prints the same bytes in-process as through the server.
    CliRun inProcess = CliRun.of("get", "run", runId, "-o", "json", "--home", home);
    assertThat(inProcess.exit()).as(inProcess.err()).isZero();
    assertThat(inProcess.out()).contains("\"run_id\":\"" + runId + "\"").isEqualTo(viaServer.out());
    assertThat(CliRun.of("get", "run", runId, "--home", home).out())
        .isEqualTo(tableViaServer.out());
    assertThat(CliRun.of("get", "runs", "-o", "json", "--home", home).out())
        .isEqualTo(listViaServer.out());
  }

  private static void assertOneLine(CliRun r, int exit) {
    assertThat(r.exit()).as(r.err()).isEqualTo(exit);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("skiff: ").doesNotContain("Exception");
  }
}
