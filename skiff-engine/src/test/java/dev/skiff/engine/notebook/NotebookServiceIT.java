package dev.skiff.engine.notebook;

import static dev.skiff.engine.notebook.NotebookHarness.awaitTrue;
import static dev.skiff.engine.notebook.NotebookHarness.environ;
import static dev.skiff.engine.notebook.NotebookHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.executor.local.ProcessGroups;
import dev.skiff.store.identity.ProfileQuota;
import dev.skiff.store.identity.ProfileRole;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebook servers end to end with real Jupyter processes (Debian's classic Notebook here), a real
 * H2 file database and the local executor's machine pool: lifecycle, GPUs, culling, restarts, input
 * checks and roles. Skipped, with the reason, where no Jupyter server is installed.
 */
class NotebookServiceIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Requester ADA = new Requester("ada", "team-a");

  @TempDir Path home;
  private NotebookHarness h;

  private NotebookHarness harness(NotebookSettings settings) {
    h = new NotebookHarness(home, settings);
    String missing = h.jupyterMissing();
    Assumptions.assumeTrue(missing == null, "no Jupyter server on this machine: " + missing);
    return h;
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void a_notebook_runs_keeps_its_workspace_across_stop_and_start_and_leaves_no_process()
      throws Exception {
    NotebookService s = harness(NotebookHarness.settings()).service;
    Notebook made = s.create(ADA, "team-a", spec("nb1", 0));
    assertThat(made.status()).isEqualTo(NotebookStatus.PENDING);
    assertThat(made.spec().cpus()).isEqualTo(0.5);
    assertThat(made.spec().memoryBytes()).isEqualTo(1L << 30);
    assertThat(made.path()).isEqualTo("/notebook/team-a/nb1/");

    h.await("team-a", "nb1", NotebookStatus.RUNNING, START);
    NotebookEndpoint e = s.endpoint(ADA, "team-a", "nb1").orElseThrow();
    assertThat(e.base().toString())
        .startsWith("http://127.0.0.1:")
        .endsWith("/notebook/team-a/nb1/");
    assertThat(NotebookHarness.get(e, "api/status").statusCode()).isEqualTo(200);
    assertThat(
            NotebookHarness.send(
                    HttpRequest.newBuilder(e.base().resolve("api/status")).GET(),
                    new NotebookEndpoint(e.base(), "wrong"))
                .statusCode())
        .as("another token")
        .isEqualTo(403);
    long pid = h.pid("team-a", "nb1");
    assertThat(environ(pid, "CUDA_VISIBLE_DEVICES")).isEmpty();
    assertThat(environ(pid, "MY_VAR")).isEqualTo("hello");
    assertThat(environ(pid, "KF_PIPELINES_SA_TOKEN_PATH"))
        .isEqualTo(home.resolve("notebooks/team-a/nb1/token").toString());
    // a kernel runs in a session of its own: stop must end it too
    assertThat(
            NotebookHarness.send(
                    HttpRequest.newBuilder(e.base().resolve("api/kernels"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                    e)
                .statusCode())
        .isEqualTo(201);
    awaitTrue(
        () -> ProcessHandle.of(pid).map(p -> p.descendants().count() > 0).orElse(false),
        START,
        "a kernel process");
    List<ProcessHandle> kernels = ProcessHandle.of(pid).orElseThrow().descendants().toList();

    Path workspace = home.resolve("workspaces/team-a/nb1");
    Files.writeString(workspace.resolve("hello.txt"), "kept");
    s.stop(ADA, "team-a", "nb1");
    h.await("team-a", "nb1", NotebookStatus.STOPPED, START);
    assertThat(ProcessGroups.members(pid)).isEmpty();
    assertThat(kernels).noneMatch(ProcessHandle::isAlive);
    assertThat(s.endpoint(ADA, "team-a", "nb1")).isEmpty();

    s.start(ADA, "team-a", "nb1");
    h.await("team-a", "nb1", NotebookStatus.RUNNING, START);
    NotebookEndpoint again = s.endpoint(ADA, "team-a", "nb1").orElseThrow();
    var file = NotebookHarness.get(again, "api/contents/hello.txt");
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).contains("kept");
    long pid2 = h.pid("team-a", "nb1");

    assertThat(s.events(ADA, "team-a", "nb1"))
        .extracting(NotebookEvent::reason)
        .containsSubsequence(
            "Created", "Starting", "Started", "Stopping", "Stopped", "Starting", "Started");
    assertThat(s.logs(ADA, "team-a", "nb1", 0, 1 << 20).text()).contains("/notebook/team-a/nb1/");

    s.delete(ADA, "team-a", "nb1", false);
    assertThat(ProcessGroups.members(pid2)).isEmpty();
    assertThat(s.list(ADA, "team-a")).isEmpty();
    assertThat(workspace.resolve("hello.txt")).exists();
    assertThatThrownBy(() -> s.get(ADA, "team-a", "nb1"))
        .isInstanceOf(CatalogException.NotFound.class);

    s.create(ADA, "team-a", spec("nb1", 0));
    h.await("team-a", "nb1", NotebookStatus.RUNNING, START);
    long pid3 = h.pid("team-a", "nb1");
    s.delete(ADA, "team-a", "nb1", true);
    assertThat(ProcessGroups.members(pid3)).isEmpty();
    assertThat(workspace).doesNotExist();
  }

  @Test
  void two_gpus_go_to_two_notebooks_and_a_third_waits_until_one_stops() throws Exception {
    NotebookService s = harness(NotebookHarness.settings()).service;
    s.create(ADA, "team-a", spec("g1", 1));
    h.await("team-a", "g1", NotebookStatus.RUNNING, START);
    s.create(ADA, "team-a", spec("g2", 1));
    h.await("team-a", "g2", NotebookStatus.RUNNING, START);
    s.create(ADA, "team-a", spec("g3", 1));
    awaitTrue(
        () -> s.get(ADA, "team-a", "g3").reason().equals("waiting for 1 GPU: 2 of 2 in use"),
        START,
        "g3 waits for a GPU");
    assertThat(s.get(ADA, "team-a", "g3").status()).isEqualTo(NotebookStatus.PENDING);
    // The event is written before the status it explains: seen the status, the event is there.
    assertThat(s.events(ADA, "team-a", "g3"))
        .anyMatch(ev -> ev.reason().equals("Waiting") && ev.message().contains("2 of 2 in use"));

    assertThat(s.get(ADA, "team-a", "g1").gpuIds()).containsExactly("0");
    assertThat(s.get(ADA, "team-a", "g2").gpuIds()).containsExactly("1");
    assertThat(environ(h.pid("team-a", "g1"), "CUDA_VISIBLE_DEVICES")).isEqualTo("0");
    assertThat(environ(h.pid("team-a", "g2"), "CUDA_VISIBLE_DEVICES")).isEqualTo("1");
    assertThat(s.usage("team-a").gpus()).isEqualTo(2);
    assertThat(s.gpusFree()).isZero();

    s.stop(ADA, "team-a", "g1");
    h.await("team-a", "g3", NotebookStatus.RUNNING, START);
    assertThat(environ(h.pid("team-a", "g3"), "CUDA_VISIBLE_DEVICES")).isEqualTo("0");
  }

  @Test
  void an_idle_notebook_is_culled() {
    NotebookSettings fast =
        new NotebookSettings(
            List.of(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            Map.of());
    NotebookService s = harness(fast).service;
    s.create(ADA, "team-a", spec("idle", 0));
    h.await("team-a", "idle", NotebookStatus.RUNNING, START);
    long pid = h.pid("team-a", "idle");
    Notebook stopped = h.await("team-a", "idle", NotebookStatus.STOPPED, Duration.ofSeconds(30));
    assertThat(stopped.reason()).startsWith("culled: idle for 3s");
    assertThat(s.events(ADA, "team-a", "idle"))
        .anyMatch(
            ev ->
                ev.reason().equals("Culled")
                    && ev.message()
                        .startsWith("idle for 3s: no kernel activity or connection since"));
    assertThat(ProcessGroups.members(pid)).isEmpty();
  }

  @Test
  void a_new_service_reattaches_running_servers_and_a_killed_server_fails() throws Exception {
    NotebookService first = harness(NotebookHarness.settings()).service;
    first.create(ADA, "team-a", spec("keep", 1));
    h.await("team-a", "keep", NotebookStatus.RUNNING, START);
    long pid = h.pid("team-a", "keep");
    first.close();
    assertThat(ProcessHandle.of(pid)).as("the server outlives the service").isPresent();

    NotebookService second = h.open(NotebookHarness.settings());
    h.service = second;
    h.await("team-a", "keep", NotebookStatus.RUNNING, START);
    assertThat(h.pid("team-a", "keep")).isEqualTo(pid);
    assertThat(second.events(ADA, "team-a", "keep"))
        .extracting(NotebookEvent::reason)
        .contains("Reattached");
    assertThat(
            NotebookHarness.get(second.endpoint(ADA, "team-a", "keep").orElseThrow(), "api/status")
                .statusCode())
        .isEqualTo(200);
    assertThat(second.get(ADA, "team-a", "keep").gpuIds()).containsExactly("0");
    assertThat(second.usage("team-a").gpus()).isEqualTo(1);

    second.close();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    awaitTrue(() -> ProcessHandle.of(pid).isEmpty(), START, "the server is gone");
    NotebookService third = h.open(NotebookHarness.settings());
    h.service = third;
    h.await("team-a", "keep", NotebookStatus.RUNNING, START);
    long restarted = h.pid("team-a", "keep");
    assertThat(restarted).isNotEqualTo(pid);
    assertThat(third.events(ADA, "team-a", "keep"))
        .extracting(NotebookEvent::reason)
        .containsSubsequence("Reattached", "Restarted", "Starting", "Started");

    new ProcessBuilder("kill", "-9", Long.toString(restarted)).start().waitFor();
    Notebook failed = h.await("team-a", "keep", NotebookStatus.FAILED, START);
    assertThat(failed.reason()).containsAnyOf("exited", "gone");
    assertThat(third.endpoint(ADA, "team-a", "keep")).isEmpty();
    assertThat(ProcessGroups.members(restarted)).isEmpty();
    assertThat(third.usage("team-a").gpus()).as("the GPU is free again").isZero();
  }

  @Test
  void bad_input_is_refused_with_one_line_and_nothing_is_stored() {
    NotebookService s = harness(NotebookHarness.settings()).service;
    List<NotebookSpec> bad =
        List.of(
            new NotebookSpec("Bad_Name", "python3", 0, 0, null, null, null, null),
            new NotebookSpec("x".repeat(64), "python3", 0, 0, null, null, null, null),
            new NotebookSpec("nb", "nope", 0, 0, null, null, null, null),
            new NotebookSpec("nb", "python3", -1, 0, null, null, null, null),
            new NotebookSpec("nb", "python3", Double.NaN, 0, null, null, null, null),
            new NotebookSpec("nb", "python3", 0, -5, null, null, null, null),
            new NotebookSpec(
                "nb", "python3", 0, 0, new NotebookSpec.Gpus("amd.com/gpu", 1), null, null, null),
            new NotebookSpec(
                "nb",
                "python3",
                0,
                0,
                new NotebookSpec.Gpus("nvidia.com/gpu", 3),
                null,
                null,
                null),
            new NotebookSpec("nb", "python3", 100, 0, null, null, null, null),
            new NotebookSpec("nb", "python3", 0, 0, null, Map.of("1BAD", "x"), null, null),
            new NotebookSpec(
                "nb", "python3", 0, 0, null, Map.of("CUDA_VISIBLE_DEVICES", "3"), null, null),
            new NotebookSpec(
                "nb",
                "python3",
                0,
                0,
                null,
                null,
                List.of(new NotebookSpec.Volume("data", "../up")),
                null),
            new NotebookSpec(
                "nb",
                "python3",
                0,
                0,
                null,
                null,
                List.of(new NotebookSpec.Volume("data", "/abs")),
                null),
            new NotebookSpec(
                "nb",
                "python3",
                0,
                0,
                null,
                null,
                List.of(new NotebookSpec.Volume("Data", "d")),
                null),
            new NotebookSpec("nb", "python3", 0, 0, null, null, null, List.of("unknown")));
    for (NotebookSpec spec : bad) {
      assertThatThrownBy(() -> s.create(ADA, "team-a", spec))
          .as(spec.toString())
          .isInstanceOf(CatalogException.Invalid.class)
          .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n").isNotBlank());
    }
    assertThatThrownBy(() -> s.create(ADA, "team-a", bad.get(6)))
        .hasMessageContaining("this machine has none");
    assertThatThrownBy(() -> s.create(ADA, "team-a", bad.get(7)))
        .hasMessageContaining("notebook asks for 3")
        .hasMessageContaining("this machine has 2");
    assertThatThrownBy(() -> s.create(Requester.local("root", "nowhere"), "nowhere", spec("nb", 0)))
        .isInstanceOf(CatalogException.NotFound.class);
    assertThat(s.list(ADA, "team-a")).isEmpty();
    assertThat(h.database.notebooks().all()).isEmpty();

    s.create(
        ADA, "team-a", new NotebookSpec("dup", "python3", 0.25, 1L << 29, null, null, null, null));
    assertThatThrownBy(() -> s.create(ADA, "team-a", spec("dup", 0)))
        .isInstanceOf(CatalogException.Conflict.class);
    assertThatThrownBy(() -> s.logs(ADA, "team-a", "dup", -1, 10))
        .isInstanceOf(CatalogException.Invalid.class);
  }

  @Test
  void viewers_read_only_and_others_see_nothing() {
    NotebookService s = harness(NotebookHarness.settings()).service;
    s.create(ADA, "team-a", spec("shared", 0));
    Requester viewer = new Requester("val", "team-a", Map.of("team-a", ProfileRole.VIEW), false);
    Requester stranger = new Requester("bob", "team-b");
    assertThat(s.get(viewer, "team-a", "shared").name()).isEqualTo("shared");
    assertThat(s.list(viewer, "team-a")).hasSize(1);
    assertThat(s.events(viewer, "team-a", "shared")).isNotEmpty();
    assertThatThrownBy(() -> s.start(viewer, "team-a", "shared"))
        .isInstanceOf(CatalogException.Forbidden.class);
    assertThatThrownBy(() -> s.stop(viewer, "team-a", "shared"))
        .isInstanceOf(CatalogException.Forbidden.class);
    assertThatThrownBy(() -> s.endpoint(viewer, "team-a", "shared"))
        .isInstanceOf(CatalogException.Forbidden.class);
    assertThatThrownBy(() -> s.delete(viewer, "team-a", "shared", true))
        .isInstanceOf(CatalogException.Forbidden.class);
    assertThatThrownBy(() -> s.create(viewer, "team-a", spec("mine", 0)))
        .isInstanceOf(CatalogException.Forbidden.class);

    assertThatThrownBy(() -> s.get(stranger, "team-a", "shared"))
        .isInstanceOf(CatalogException.NotFound.class);
    assertThatThrownBy(() -> s.endpoint(stranger, "team-a", "shared"))
        .isInstanceOf(CatalogException.NotFound.class);
    assertThatThrownBy(() -> s.delete(stranger, "team-a", "shared", true))
        .isInstanceOf(CatalogException.NotFound.class);
    assertThatThrownBy(() -> s.list(stranger, "team-a"))
        .isInstanceOf(CatalogException.Forbidden.class);
    assertThatThrownBy(() -> s.create(stranger, "team-a", spec("x", 0)))
        .isInstanceOf(CatalogException.Forbidden.class);
    assertThat(s.list(ADA, "team-a")).extracting(Notebook::name).containsExactly("shared");
    assertThat(Optional.of(s.get(ADA, "team-a", "shared").createdBy())).contains("ada");
  }

  @Test
  void the_profile_quota_holds_notebooks_as_it_holds_steps() {
    NotebookService s = harness(NotebookHarness.settings()).service;
    h.database.profiles().setQuota("team-a", new ProfileQuota(null, null, null, 1, null));
    s.create(ADA, "team-a", spec("q1", 1));
    h.await("team-a", "q1", NotebookStatus.RUNNING, START);
    s.create(ADA, "team-a", spec("q2", 1));
    awaitTrue(
        () -> s.get(ADA, "team-a", "q2").reason().equals("profile 'team-a' uses 1 of 1 GPUs"),
        START,
        "q2 waits for the quota");
    s.stop(ADA, "team-a", "q1");
    h.await("team-a", "q2", NotebookStatus.RUNNING, START);

    h.database.profiles().setQuota("team-b", new ProfileQuota(null, null, null, null, 0));
    Requester bob = new Requester("bob", "team-b");
    s.create(bob, "team-b", spec("never", 0));
    Notebook failed = h.await("team-b", "never", NotebookStatus.FAILED, START);
    assertThat(failed.reason())
        .isEqualTo("profile 'team-b' has a quota of 0 notebook servers: none can run");
  }

  @Test
  void a_configured_command_runs_as_a_server_and_a_missing_one_is_unavailable() throws Exception {
    NotebookSettings settings =
        new NotebookSettings(
            List.of(
                new NotebookSettings.EnvironmentSettings(
                    "web",
                    "Static files",
                    "command",
                    null,
                    List.of(
                        "/usr/bin/python3", "-m", "http.server", "{port}", "--bind", "127.0.0.1"),
                    0.1,
                    64L << 20),
                new NotebookSettings.EnvironmentSettings(
                    "code",
                    "VS Code",
                    "command",
                    null,
                    List.of("no-such-code-server", "{port}"),
                    0,
                    0),
                new NotebookSettings.EnvironmentSettings(
                    "mute", "Never answers", "command", null, List.of("/bin/sleep", "600"), 0, 0)),
            Duration.ZERO,
            Duration.ofSeconds(1),
            // long enough for Python to start and answer on a busy machine; "mute" waits it out
            Duration.ofSeconds(12),
            Map.of());
    h = new NotebookHarness(home, settings);
    NotebookService s = h.service;
    assertThat(s.environments())
        .extracting(
            NotebookEnvironment::name,
            NotebookEnvironment::serverKind,
            e -> e.unavailable().orElse(""))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web", "command", ""),
            org.assertj.core.groups.Tuple.tuple(
                "code", "command", "no-such-code-server is not installed"),
            org.assertj.core.groups.Tuple.tuple("mute", "command", ""));
    assertThatThrownBy(
            () ->
                s.create(
                    ADA, "team-a", new NotebookSpec("c", "code", 0, 0, null, null, null, null)))
        .isInstanceOf(CatalogException.Invalid.class)
        .hasMessage("environment 'code' cannot be used here: no-such-code-server is not installed");
    s.create(
        ADA,
        "team-a",
        new NotebookSpec(
            "files",
            "web",
            0,
            0,
            null,
            null,
            List.of(new NotebookSpec.Volume("data", "shared/data")),
            null));
    Notebook running = h.await("team-a", "files", NotebookStatus.RUNNING, START);
    Path link = home.resolve("workspaces/team-a/files/shared/data");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(home.resolve("volumes/team-a/data"));
    assertThat(running.serverKind()).isEqualTo("command");
    assertThat(running.spec().memoryBytes()).isEqualTo(64L << 20);
    long pid = h.pid("team-a", "files");
    s.stop(ADA, "team-a", "files");
    h.await("team-a", "files", NotebookStatus.STOPPED, START);
    assertThat(ProcessGroups.members(pid)).isEmpty();

    s.create(ADA, "team-a", new NotebookSpec("mute", "mute", 0, 0, null, null, null, null));
    awaitTrue(
        () -> h.database.notebooks().find("team-a", "mute").orElseThrow().handle() != null,
        START,
        "mute started");
    long mute = h.pid("team-a", "mute");
    Notebook failed = h.await("team-a", "mute", NotebookStatus.FAILED, START);
    assertThat(failed.reason()).startsWith("the server did not answer within 12s");
    assertThat(ProcessGroups.members(mute)).isEmpty();
  }
}
