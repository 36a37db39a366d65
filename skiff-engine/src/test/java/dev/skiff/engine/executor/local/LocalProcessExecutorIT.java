package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepExecutor.StepListener;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through the local executor. */
class LocalProcessExecutorIT {

  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  private final List<LocalProcessExecutor> executors = new ArrayList<>();
  private int counter;

  @AfterEach
  void closeExecutors() {
    executors.forEach(LocalProcessExecutor::close);
  }

  private LocalProcessExecutor executor(MachineCapacity capacity) {
    return executor(LocalExecutorConfig.defaults().withCapacity(capacity));
  }

  private LocalProcessExecutor executor(LocalExecutorConfig config) {
    LocalProcessExecutor e = new LocalProcessExecutor(config, dir.resolve("home"));
    executors.add(e);
    return e;
  }

  /** A step running {@code sh -c script}; outputs under its own folder. */
  private LocalLaunch shell(
      String script,
      ResourceRequest resources,
      Map<String, OutputParameterSpec> params,
      String... artifacts) {
    String name = "step-" + (++counter);
    Path root = dir.resolve(name);
    Map<String, String> files = new LinkedHashMap<>();
    params.keySet().forEach(n -> files.put(n, root.resolve("outputs").resolve(n).toString()));
    Map<String, List<RuntimeArtifact>> arts = new LinkedHashMap<>();
    for (String a : artifacts) {
      arts.put(
          a,
          List.of(
              RuntimeArtifact.of(
                  a,
                  ArtifactType.of("system.Dataset", "0.0.1"),
                  root.resolve("artifacts").resolve(a).toUri().toString())));
    }
    try {
      Files.createDirectories(root.resolve("outputs"));
      Files.createDirectories(root.resolve("artifacts"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    ExecutorInput input =
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of(), Map.of()),
            new ExecutorInput.Outputs(
                files, arts, root.resolve("executor_output.json").toString()));
    return new LocalLaunch(
        new StepId("run-1", name, 1),
        "alpine:3",
        List.of("sh", "-c", script),
        Map.of("GREETING", "hello from the IR"),
        resources,
        root.resolve("work"),
        root.resolve("logs").resolve("attempt-1.log"),
        root.resolve("exit-code"),
        input,
        params,
        LocalLaunch.CONTAINER,
        Map.of());
  }

  private LocalLaunch shell(String script) {
    return shell(script, ResourceRequest.NONE, Map.of());
  }

  private static long pidOf(StepHandle handle) {
    return LocalHandle.parse(handle).orElseThrow().pid();
  }

  private static StepResult await(CompletableFuture<StepResult> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static Path root(LocalLaunch launch) {
    return launch.workDir().getParent();
  }

  @Test
  void exit_0_with_outputs_from_files() throws Exception {
    Map<String, OutputParameterSpec> params =
        Map.of(
            "n", new OutputParameterSpec(ParameterType.NUMBER_INTEGER, ""),
            "msg", new OutputParameterSpec(ParameterType.STRING, ""));
    LocalLaunch launch =
        shell(
            "printf 42 > ../outputs/n && printf \"$GREETING\" > ../outputs/msg"
                + " && echo data > ../artifacts/data && pwd",
            ResourceRequest.NONE,
            params,
            "data");
    AtomicLong pid = new AtomicLong();
    StepResult r =
        await(
            executor(MachineCapacity.of(2, GIB, 0))
                .startLocal(launch, (h, rt) -> pid.set(pidOf(h))));
    assertThat(r).isInstanceOf(StepResult.Succeeded.class);
    StepResult.Succeeded s = (StepResult.Succeeded) r;
    assertThat(s.outputParameters())
        .containsEntry("n", JsonValue.of(42))
        .containsEntry("msg", JsonValue.of("hello from the IR"));
    assertThat(s.outputArtifacts().get("data").getFirst().uri()).endsWith("/artifacts/data");
    assertThat(pid.get()).isPositive();
    assertThat(Files.readString(launch.logFile()).strip())
        .isEqualTo(launch.workDir().toAbsolutePath().toString());
  }

  @Test
  void executor_output_json_takes_precedence_over_files() throws Exception {
    Map<String, OutputParameterSpec> params =
        Map.of("n", new OutputParameterSpec(ParameterType.NUMBER_INTEGER, ""));
    LocalLaunch launch =
        shell(
            "printf 1 > ../outputs/n; printf '%s' '{\"parameterValues\": {\"n\": 2},"
                + " \"artifacts\": {\"data\": {\"artifacts\": [{\"metadata\": {\"rows\": 7}}]}}}'"
                + " > ../executor_output.json",
            ResourceRequest.NONE, params, "data");
    StepResult.Succeeded s =
        (StepResult.Succeeded)
            await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    assertThat(s.outputParameters()).containsExactly(Map.entry("n", JsonValue.of(2)));
    assertThat(s.outputArtifacts().get("data").getFirst().metadata().toJson())
        .isEqualTo("{\"rows\":7}");
  }

  @Test
  void a_missing_output_fails_the_step() throws Exception {
    LocalLaunch launch =
        shell(
            "true",
            ResourceRequest.NONE,
            Map.of("n", new OutputParameterSpec(ParameterType.NUMBER_INTEGER, "")));
    StepResult r =
        await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    assertThat(r).isInstanceOf(StepResult.Failed.class);
    assertThat(((StepResult.Failed) r).message())
        .isEqualTo("output parameter 'n' was not written to " + root(launch).resolve("outputs/n"));
  }

  @Test
  void malformed_executor_output_fails_the_step() throws Exception {
    LocalLaunch launch = shell("echo '{oops' > ../executor_output.json");
    StepResult r =
        await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    assertThat(((StepResult.Failed) r).message())
        .startsWith("executor_output.json is not valid JSON: ");
  }

  @Test
  void a_non_zero_exit_fails_with_the_code_and_the_log_holds_stderr() throws Exception {
    LocalLaunch launch =
        shell(
            "printf 9 > ../outputs/n; echo to-stdout; echo something broke >&2; exit 3",
            ResourceRequest.NONE,
            Map.of("n", new OutputParameterSpec(ParameterType.NUMBER_INTEGER, "")));
    StepResult r =
        await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    assertThat(r).isInstanceOf(StepResult.Failed.class);
    StepResult.Failed f = (StepResult.Failed) r;
    assertThat(f.message()).isEqualTo("exit code 3");
    assertThat(f.exitCode()).isEqualTo(3);
    assertThat(Files.readString(launch.logFile())).contains("to-stdout", "something broke");
  }

  @Test
  void a_program_that_does_not_exist_fails_in_one_line() throws Exception {
    LocalLaunch shell = shell("true");
    LocalLaunch launch =
        new LocalLaunch(
            shell.id(),
            shell.image(),
            List.of("no-such-program-skiff", "--flag"),
            shell.env(),
            shell.resources(),
            shell.workDir(),
            shell.logFile(),
            shell.exitFile(),
            shell.executorInput(),
            shell.outputParameters(),
            LocalLaunch.CONTAINER,
            Map.of());
    StepResult r =
        await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    StepResult.Failed f = (StepResult.Failed) r;
    assertThat(f.message())
        .startsWith("cannot run 'no-such-program-skiff': no such program on the step's PATH")
        .doesNotContain("\n");
    assertThat(f.exitCode()).isNull();
    assertThat(Files.readString(launch.logFile())).startsWith("skiff: cannot run");
  }

  @Test
  void the_step_sees_the_ir_env_a_path_and_no_gpu() throws Exception {
    LocalLaunch launch =
        shell("echo \"[$GREETING][$CUDA_VISIBLE_DEVICES][${CUDA_VISIBLE_DEVICES+set}][$PATH]\"");
    await(executor(MachineCapacity.of(2, GIB, 2)).startLocal(launch, StepListener.NONE));
    assertThat(Files.readString(launch.logFile()))
        .startsWith("[hello from the IR][][set][")
        .doesNotContain("[]\n");
  }

  @Test
  void the_step_and_what_it_starts_carry_the_attempt_s_folder_as_a_tag() throws Exception {
    LocalLaunch launch = shell("echo \"[$SKIFF_ATTEMPT]\"; sh -c 'echo \"[$SKIFF_ATTEMPT]\"'");
    await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    String tag = "[" + root(launch).toAbsolutePath().normalize() + "]\n";
    assertThat(Files.readString(launch.logFile())).isEqualTo(tag + tag);
  }

  @Test
  void cancel_kills_the_whole_process_group() throws Exception {
    LocalProcessExecutor executor = executor(MachineCapacity.of(2, GIB, 0));
    LocalLaunch launch = shell("sleep 100 & sleep 100");
    CompletableFuture<Long> started = new CompletableFuture<>();
    CompletableFuture<StepResult> result =
        executor.startLocal(launch, (h, rt) -> started.complete(pidOf(h)));
    long pid = started.get(10, TimeUnit.SECONDS);
    List<Long> members = waitForMembers(pid, 3);
    assertThat(members).as("sh and both sleeps, led by the reported pid").contains(pid);
    executor.cancel(launch.id());
    StepResult r = await(result);
    assertThat(r).isInstanceOf(StepResult.Canceled.class);
    waitUntil(() -> ProcessGroups.members(pid).isEmpty(), Duration.ofSeconds(5));
    for (long m : members) {
      assertThat(dead(m)).as("process %d", m).isTrue();
    }
  }

  /**
   * A start of an attempt whose folder holds the handle of a process still running it (started by
   * an engine that never recorded it) stops that process first, so the attempt never runs twice at
   * once.
   */
  @Test
  void a_new_start_of_an_unrecorded_attempt_stops_the_earlier_process_first() throws Exception {
    Path marker = dir.resolve("first-started");
    LocalLaunch launch =
        shell(
            "if [ -e '"
                + marker
                + "' ]; then echo second start; else touch '"
                + marker
                + "'; sleep 100 & sleep 100; fi");
    LocalProcessExecutor before = executor(MachineCapacity.of(2, GIB, 0));
    CompletableFuture<Long> started = new CompletableFuture<>();
    CompletableFuture<StepResult> first =
        before.startLocal(launch, (h, rt) -> started.complete(pidOf(h)));
    long pid = started.get(10, TimeUnit.SECONDS);
    List<Long> members = waitForMembers(pid, 3);
    assertThat(launch.handleFile()).exists();
    assertThat(before.startLocal(launch, (h, rt) -> {}))
        .as("a second start in the same executor follows the first")
        .isSameAs(first);

    LocalProcessExecutor after = executor(MachineCapacity.of(2, GIB, 0));
    StepResult again = await(after.startLocal(launch, (h, rt) -> {}));
    assertThat(again).isInstanceOf(StepResult.Succeeded.class);
    for (long m : members) {
      assertThat(dead(m)).as("process %d of the unrecorded start", m).isTrue();
    }
    assertThat(Files.readString(launch.logFile())).contains("second start");
  }

  @Test
  void a_cancel_right_after_the_spawn_still_kills_the_step() throws Exception {
    // The child may not have called setsid() yet when the cancel comes: its group is empty then.
    LocalProcessExecutor executor = executor(MachineCapacity.of(2, GIB, 0));
    for (int i = 0; i < 10; i++) {
      LocalLaunch launch = shell("sleep 300");
      CompletableFuture<StepResult> result =
          executor.startLocal(launch, (h, rt) -> executor.cancel(launch.id()));
      assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(StepResult.Canceled.class);
    }
  }

  @Test
  void processes_that_ignore_sigterm_are_killed_after_the_grace() throws Exception {
    LocalProcessExecutor executor =
        executor(
            LocalExecutorConfig.defaults()
                .withCapacity(MachineCapacity.of(2, GIB, 0))
                .withKillGrace(Duration.ofMillis(300)));
    LocalLaunch launch = shell("trap '' TERM; sleep 100 & sleep 100");
    CompletableFuture<Long> started = new CompletableFuture<>();
    CompletableFuture<StepResult> result =
        executor.startLocal(launch, (h, rt) -> started.complete(pidOf(h)));
    long pid = started.get(10, TimeUnit.SECONDS);
    List<Long> members = waitForMembers(pid, 3);
    executor.cancel(launch.id());
    assertThat(await(result)).isInstanceOf(StepResult.Canceled.class);
    waitUntil(() -> members.stream().allMatch(LocalProcessExecutorIT::dead), Duration.ofSeconds(5));
  }

  @Test
  void background_processes_left_by_a_finished_step_are_killed() throws Exception {
    LocalLaunch launch = shell("sleep 100 & echo $! > ../bg.pid");
    StepResult r =
        await(executor(MachineCapacity.of(2, GIB, 0)).startLocal(launch, StepListener.NONE));
    assertThat(r).isInstanceOf(StepResult.Succeeded.class);
    long bg = Long.parseLong(Files.readString(root(launch).resolve("bg.pid")).strip());
    waitUntil(() -> dead(bg), Duration.ofSeconds(5));
  }

  @Test
  void cancel_of_a_queued_step_removes_it_and_close_kills_the_rest() throws Exception {
    LocalProcessExecutor executor = executor(MachineCapacity.of(1, GIB, 0));
    LocalLaunch running = shell("sleep 100", new ResourceRequest(1, 0, null, 0), Map.of());
    LocalLaunch queued = shell("true", new ResourceRequest(1, 0, null, 0), Map.of());
    CompletableFuture<Long> started = new CompletableFuture<>();
    CompletableFuture<StepResult> first =
        executor.startLocal(running, (h, rt) -> started.complete(pidOf(h)));
    long pid = started.get(10, TimeUnit.SECONDS);
    CompletableFuture<StepResult> second = executor.startLocal(queued, StepListener.NONE);
    assertThat(second).isNotDone();
    executor.cancel(queued.id());
    assertThat(await(second)).isEqualTo(new StepResult.Canceled(Duration.ZERO));
    assertThat(Files.exists(queued.logFile())).isFalse();
    executor.close();
    assertThat(first).isDone();
    assertThat(first.get()).isInstanceOf(StepResult.Canceled.class);
    waitUntil(() -> ProcessGroups.members(pid).isEmpty(), Duration.ofSeconds(5));
  }

  @Test
  void steps_wait_for_cpus_one_after_the_other() throws Exception {
    LocalProcessExecutor executor = executor(MachineCapacity.of(1, GIB, 0));
    String script = "date +%s%N > ../start; sleep 0.2; date +%s%N > ../end";
    LocalLaunch a = shell(script, new ResourceRequest(1, 0, null, 0), Map.of());
    LocalLaunch b = shell(script, new ResourceRequest(1, 0, null, 0), Map.of());
    CompletableFuture<StepResult> fa = executor.startLocal(a, StepListener.NONE);
    CompletableFuture<StepResult> fb = executor.startLocal(b, StepListener.NONE);
    assertThat(await(fa)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(await(fb)).isInstanceOf(StepResult.Succeeded.class);
    long aEnd = Long.parseLong(Files.readString(root(a).resolve("end")).strip());
    long bStart = Long.parseLong(Files.readString(root(b).resolve("start")).strip());
    assertThat(bStart).isGreaterThanOrEqualTo(aEnd);
  }

  @Test
  void a_gpu_step_on_a_machine_without_gpus_is_unschedulable() throws Exception {
    LocalProcessExecutor executor =
        executor(new MachineCapacity(2, GIB, List.of(), "nvidia-smi found none"));
    LocalLaunch launch = shell("true", new ResourceRequest(0, 0, "nvidia.com/gpu", 4), Map.of());
    assertThat(await(executor.startLocal(launch, StepListener.NONE)))
        .isEqualTo(
            new StepResult.Unschedulable(
                "step asks for 4 nvidia.com/gpu but this machine has 0 (nvidia-smi found none);"
                    + " pass --allow-oversubscribe to run it anyway"));
    LocalProcessExecutor lenient =
        executor(
            LocalExecutorConfig.defaults()
                .withCapacity(MachineCapacity.of(2, GIB, 0))
                .withAllowOversubscribe(true));
    LocalLaunch capped =
        shell(
            "echo \"[$CUDA_VISIBLE_DEVICES]\"",
            new ResourceRequest(0, 0, "nvidia.com/gpu", 4),
            Map.of());
    assertThat(await(lenient.startLocal(capped, StepListener.NONE)))
        .isInstanceOf(StepResult.Succeeded.class);
    assertThat(Files.readString(capped.logFile())).isEqualTo("[]\n");
  }

  @Test
  void each_gpu_step_gets_its_own_cuda_visible_devices() throws Exception {
    LocalProcessExecutor executor = executor(MachineCapacity.of(4, GIB, 2));
    String script =
        "echo \"$CUDA_VISIBLE_DEVICES\" > ../gpu; date +%s%N > ../start;"
            + " sleep 0.3; date +%s%N > ../end";
    ResourceRequest oneGpu = new ResourceRequest(0, 0, "nvidia.com/gpu", 1);
    List<LocalLaunch> launches =
        List.of(
            shell(script, oneGpu, Map.of()),
            shell(script, oneGpu, Map.of()),
            shell(script, oneGpu, Map.of()));
    List<CompletableFuture<StepResult>> results = new ArrayList<>();
    for (LocalLaunch l : launches) {
      results.add(executor.startLocal(l, StepListener.NONE));
    }
    for (CompletableFuture<StepResult> f : results) {
      assertThat(await(f)).isInstanceOf(StepResult.Succeeded.class);
    }
    List<String> gpus = new ArrayList<>();
    for (LocalLaunch l : launches) {
      gpus.add(Files.readString(root(l).resolve("gpu")).strip());
    }
    assertThat(gpus.subList(0, 2)).containsExactlyInAnyOrder("0", "1");
    assertThat(gpus.get(2)).isIn("0", "1");
    long thirdStart =
        Long.parseLong(Files.readString(root(launches.get(2)).resolve("start")).strip());
    long firstEnd =
        Math.min(
            Long.parseLong(Files.readString(root(launches.get(0)).resolve("end")).strip()),
            Long.parseLong(Files.readString(root(launches.get(1)).resolve("end")).strip()));
    assertThat(thirdStart).as("the third waits for a GPU").isGreaterThanOrEqualTo(firstEnd);
  }

  @Test
  void two_hundred_trivial_steps_complete_and_throughput_is_printed() throws Exception {
    int n = 200;
    double cores = Runtime.getRuntime().availableProcessors();
    MachineCapacity machine = MachineCapacity.of(cores, 8 * GIB, 0);
    LocalProcessExecutor grouped = executor(machine);
    LocalProcessExecutor plain =
        executor(LocalExecutorConfig.defaults().withCapacity(machine).withProcessGroups(false));
    int parallel = grouped.maxParallel();
    List<LocalLaunch> warm = trueSteps(20);
    runAll(grouped, warm);
    rawSpawns(20, parallel);

    double raw = rawSpawns(n, parallel);
    double viaSetsid = runAll(grouped, trueSteps(n));
    double noGroups = runAll(plain, trueSteps(n));
    double raw2 = rawSpawns(n, parallel);
    System.out.printf(
        "%d x `true`, %d at once: raw ProcessBuilder %.0f/s and %.0f/s; executor with setsid"
            + " %.0f/s (%.2f x raw), without process groups %.0f/s (%.2f x raw)%n",
        n,
        parallel,
        raw,
        raw2,
        viaSetsid,
        viaSetsid / ((raw + raw2) / 2),
        noGroups,
        noGroups / ((raw + raw2) / 2));
  }

  private List<LocalLaunch> trueSteps(int n) {
    List<LocalLaunch> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LocalLaunch s = shell("true");
      out.add(
          new LocalLaunch(
              s.id(),
              s.image(),
              List.of("true"),
              s.env(),
              s.resources(),
              s.workDir(),
              s.logFile(),
              s.exitFile(),
              s.executorInput(),
              s.outputParameters(),
              LocalLaunch.CONTAINER,
              Map.of()));
    }
    return out;
  }

  /** Steps per second. */
  private static double runAll(LocalProcessExecutor executor, List<LocalLaunch> launches)
      throws Exception {
    long t0 = System.nanoTime();
    List<CompletableFuture<StepResult>> fs = new ArrayList<>();
    for (LocalLaunch l : launches) {
      fs.add(executor.startLocal(l, StepListener.NONE));
    }
    for (CompletableFuture<StepResult> f : fs) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isInstanceOf(StepResult.Succeeded.class);
    }
    return launches.size() / ((System.nanoTime() - t0) / 1e9);
  }

  /** The baseline: a pool of platform threads spawning and waiting, processes per second. */
  private double rawSpawns(int n, int threads) throws Exception {
    Path log = Files.createDirectories(dir.resolve("raw")).resolve("raw.log");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(
            pool.submit(
                () ->
                    new ProcessBuilder("true")
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectErrorStream(true)
                        .start()
                        .waitFor()));
      }
      for (Future<Integer> f : fs) {
        assertThat(f.get()).isZero();
      }
      return n / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** Gone, or a zombie waiting for init to reap it (orphans are reparented there). */
  private static boolean dead(long pid) {
    return ProcessGroups.processGroupOf(Path.of("/proc/" + pid + "/stat")) < 0;
  }

  private static List<Long> waitForMembers(long pgid, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> members = ProcessGroups.members(pgid);
    while (members.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      members = ProcessGroups.members(pgid);
    }
    assertThat(members).hasSizeGreaterThanOrEqualTo(count);
    return members;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
