package dev.skiff.engine.notebook;

import static dev.skiff.engine.notebook.NotebookHarness.awaitTrue;
import static dev.skiff.engine.notebook.NotebookHarness.environ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.executor.local.ProcessGroups;
import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts under way: several servers start side by side, a stop or a deletion that comes during a
 * start leaves no process and frees what it held, and each server gets its workspace as {@code
 * HOME} with the KFP SDK's context file there. Real processes (Jupyter, or Python's own servers for
 * configured commands) and a real H2 file database.
 */
class NotebookStartsIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Requester ADA = new Requester("ada", "team-a");
  private static final Pattern AFTER = Pattern.compile("after (\\d+) ms");

  /** Listens on its port but never answers: a start that waits for the server to answer. */
  private static final List<String> MUTE =
      List.of(
          "/usr/bin/python3",
          "-c",
          "import socket,sys,time\n"
              + "s=socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(16)\n"
              + "time.sleep(600)",
          "{port}");

  @TempDir Path home;
  private NotebookHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private static NotebookSettings commands() {
    List<String> late = new ArrayList<>(List.of("/bin/sh", "-c", "sleep 2; exec \"$@\"", "late"));
    late.addAll(MUTE);
    return new NotebookSettings(
        List.of(
            env(
                "web",
                List.of("/usr/bin/python3", "-m", "http.server", "{port}", "--bind", "127.0.0.1")),
            env("mute", MUTE),
            env("late", late)),
        Duration.ZERO,
        Duration.ofSeconds(1),
        START,
        Map.of());
  }

  private static NotebookSettings.EnvironmentSettings env(String name, List<String> command) {
    return new NotebookSettings.EnvironmentSettings(name, name, "command", null, command, 0.1, 0);
  }

  private static NotebookSpec spec(String name, String environment, int gpus, String marker) {
    return new NotebookSpec(
        name,
        environment,
        0,
        0,
        gpus == 0 ? null : new NotebookSpec.Gpus("nvidia.com/gpu", gpus),
        Map.of("START_MARKER", marker),
        List.of(),
        List.of());
  }

  @Test
  void five_notebooks_created_at_once_start_side_by_side() throws Exception {
    h = new NotebookHarness(home, NotebookHarness.settings());
    String missing = h.jupyterMissing();
    Assumptions.assumeTrue(missing == null, "no Jupyter server on this machine: " + missing);
    NotebookService s = h.service;

    long t0 = System.nanoTime();
    s.create(ADA, "team-a", NotebookHarness.spec("solo", 0));
    h.await("team-a", "solo", NotebookStatus.RUNNING, START);
    long single = (System.nanoTime() - t0) / 1_000_000;
    s.delete(ADA, "team-a", "solo", true);

    long t1 = System.nanoTime();
    List<String> names = List.of("p1", "p2", "p3", "p4", "p5");
    for (String n : names) {
      s.create(ADA, "team-a", NotebookHarness.spec(n, 0));
    }
    for (String n : names) {
      h.await("team-a", n, NotebookStatus.RUNNING, START);
    }
    long five = (System.nanoTime() - t1) / 1_000_000;

    // each start spans [Started − its duration, Started]: all five were under way at one moment
    Instant lastBegin = Instant.MIN;
    Instant firstEnd = Instant.MAX;
    for (String n : names) {
      NotebookEvent started =
          s.events(ADA, "team-a", n).stream()
              .filter(e -> e.reason().equals("Started"))
              .findFirst()
              .orElseThrow();
      Matcher m = AFTER.matcher(started.message());
      assertThat(m.find()).as(started.message()).isTrue();
      Instant begin = started.at().minusMillis(Long.parseLong(m.group(1)));
      lastBegin = begin.isAfter(lastBegin) ? begin : lastBegin;
      firstEnd = started.at().isBefore(firstEnd) ? started.at() : firstEnd;
    }
    assertThat(lastBegin).as("the last start began before the first one ended").isBefore(firstEnd);
    assertThat(names.stream().map(n -> h.pid("team-a", n)).distinct()).hasSize(5);
    System.out.printf(
        "NotebookStartsIT: one start %d ms; five created at once all Running after %d ms%n",
        single, five);
  }

  @Test
  void a_stop_during_a_start_leaves_no_process_and_frees_the_gpu() throws Exception {
    h = new NotebookHarness(home, commands());
    NotebookService s = h.service;
    String marker = UUID.randomUUID().toString();
    s.create(ADA, "team-a", spec("halt", "mute", 1, marker));
    // the start stores the handle, then tells "Starting" (the stop below must come after both)
    awaitTrue(
        () ->
            h.database.notebooks().find("team-a", "halt").orElseThrow().handle() != null
                && s.events(ADA, "team-a", "halt").stream()
                    .anyMatch(e -> e.reason().equals("Starting")),
        START,
        "the server was launched");
    long pid = h.pid("team-a", "halt");
    assertThat(ProcessHandle.of(pid)).isPresent();
    assertThat(s.gpusFree()).isEqualTo(1);
    assertThat(s.get(ADA, "team-a", "halt").status()).isEqualTo(NotebookStatus.PENDING);

    s.stop(ADA, "team-a", "halt");
    h.await("team-a", "halt", NotebookStatus.STOPPED, START);
    assertThat(ProcessGroups.members(pid)).isEmpty();
    assertThat(processesWith(marker)).isEmpty();
    assertThat(s.gpusFree()).as("the GPU is free again").isEqualTo(2);
    assertThat(s.usage("team-a")).isEqualTo(QuotaUsage.NONE);
    assertThat(s.events(ADA, "team-a", "halt"))
        .extracting(NotebookEvent::reason)
        .containsSubsequence("Starting", "Stopping", "Stopped")
        .doesNotContain("Started", "Failed");

    // started again, then deleted while it waits for the server to answer
    s.start(ADA, "team-a", "halt");
    awaitTrue(
        () -> h.database.notebooks().find("team-a", "halt").orElseThrow().handle() != null,
        START,
        "the server was launched again");
    long again = h.pid("team-a", "halt");
    s.delete(ADA, "team-a", "halt", true);
    assertThat(ProcessGroups.members(again)).isEmpty();
    assertThat(processesWith(marker)).isEmpty();
    assertThat(s.list(ADA, "team-a")).isEmpty();
    assertThat(s.gpusFree()).isEqualTo(2);
  }

  @Test
  void a_stop_before_the_server_listens_leaves_no_process() throws Exception {
    h = new NotebookHarness(home, commands());
    NotebookService s = h.service;
    String marker = UUID.randomUUID().toString();
    s.create(ADA, "team-a", spec("early", "late", 1, marker));
    // the credentials are issued right before the launch: the start is under way
    awaitTrue(
        () -> Files.exists(home.resolve("notebooks/team-a/early/token")),
        START,
        "the start is under way");
    s.stop(ADA, "team-a", "early");
    h.await("team-a", "early", NotebookStatus.STOPPED, START);
    assertThat(processesWith(marker)).isEmpty();
    assertThat(s.gpusFree()).isEqualTo(2);
    assertThat(h.database.notebooks().find("team-a", "early").orElseThrow().handle()).isNull();
    assertThat(s.events(ADA, "team-a", "early"))
        .extracting(NotebookEvent::reason)
        .doesNotContain("Started");

    // the same notebook starts normally afterwards: nothing was left held
    s.start(ADA, "team-a", "early");
    awaitTrue(
        () -> h.database.notebooks().find("team-a", "early").orElseThrow().handle() != null,
        START,
        "launched again");
    assertThat(processesWith(marker)).isNotEmpty();
    s.delete(ADA, "team-a", "early", true);
    assertThat(processesWith(marker)).isEmpty();
  }

  @Test
  void the_server_home_is_its_workspace_with_a_kfp_context_for_its_profile() throws Exception {
    h = new NotebookHarness(home, commands());
    NotebookService s = h.service;
    Path workspace = home.resolve("workspaces/team-a/kfp1");
    Path context = workspace.resolve(".config/kfp/context.json");
    Files.createDirectories(context.getParent());
    Files.writeString(context, "{\"namespace\":\"old\",\"other\":\"kept\"}");
    s.create(ADA, "team-a", spec("kfp1", "web", 0, "m1"));
    h.await("team-a", "kfp1", NotebookStatus.RUNNING, START);
    long pid = h.pid("team-a", "kfp1");
    assertThat(environ(pid, "HOME")).isEqualTo(workspace.toString());
    JsonValue.Obj merged = (JsonValue.Obj) JsonValue.parse(Files.readString(context));
    assertThat(merged.fields())
        .containsEntry("namespace", JsonValue.of("team-a"))
        .containsEntry("client_authentication_header_name", JsonValue.of("Authorization"))
        .containsEntry("client_authentication_header_value", JsonValue.of("Bearer token-of-team-a"))
        .containsEntry("other", JsonValue.of("kept"))
        .hasSize(4);
    assertThat(mode(context)).isEqualTo("rw-------");

    Path fresh = home.resolve("workspaces/team-b/kfp2/.config/kfp/context.json");
    Files.createDirectories(fresh.getParent());
    Files.writeString(fresh, "{not json");
    Requester bob = new Requester("bob", "team-b");
    s.create(bob, "team-b", spec("kfp2", "web", 0, "m2"));
    h.await("team-b", "kfp2", NotebookStatus.RUNNING, START);
    JsonValue.Obj replaced = (JsonValue.Obj) JsonValue.parse(Files.readString(fresh));
    assertThat(replaced.fields())
        .containsOnlyKeys(
            "namespace", "client_authentication_header_name", "client_authentication_header_value")
        .containsEntry(
            "client_authentication_header_value", JsonValue.of("Bearer token-of-team-b"));
    assertThat(s.events(bob, "team-b", "kfp2"))
        .anyMatch(
            e ->
                e.reason().equals("KfpContextReplaced")
                    && e.type().equals("Warning")
                    && e.message().contains("not valid JSON"));

    s.create(ADA, "team-a", spec("kfp3", "web", 0, "m3"));
    h.await("team-a", "kfp3", NotebookStatus.RUNNING, START);
    Path made = home.resolve("workspaces/team-a/kfp3/.config/kfp");
    assertThat(mode(made)).isEqualTo("rwx------");
    assertThat(mode(made.getParent())).isEqualTo("rwx------");
    assertThat(mode(made.resolve("context.json"))).isEqualTo("rw-------");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** The processes whose environment holds {@code START_MARKER=marker}. */
  private static List<Long> processesWith(String marker) {
    String needle = "START_MARKER=" + marker;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              p -> {
                try {
                  return List.of(Files.readString(p.resolve("environ")).split("\0"))
                      .contains(needle);
                } catch (IOException | RuntimeException e) {
                  return false; // gone, or not ours
                }
              })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
