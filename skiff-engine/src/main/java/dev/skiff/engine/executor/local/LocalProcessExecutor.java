package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.RunFiles;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.executor.local.python.PythonSteps;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.store.PrivateFiles;
import dev.skiff.store.artifact.ArtifactStore;
import dev.skiff.store.fs.FileErrors;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs steps as processes on this machine, as {@code kfp.local}'s subprocess runner does, with
 * resource admission and process groups.
 *
 * <p>A {@link StepLaunch} becomes a {@link LocalLaunch} first ({@link LocalLaunchBuilder}: the
 * attempt's folders under {@code $SKIFF_HOME/runs}, placeholders expanded, Python components
 * adapted to the host); a launch that cannot run here ends {@link StepResult.Unschedulable}. Each
 * step runs {@link LocalLaunch#commandLine()} in {@link LocalLaunch#workDir()}, stdin from {@code
 * /dev/null}, stdout and stderr appended to {@link LocalLaunch#logFile()}, and in its own session
 * and process group, so the pid in the {@link StepHandle} leads the group: started in one {@code
 * posix_spawn} where the JVM allows it ({@link SessionSpawner}), else through {@code setsid}, which
 * execs the command in place. Its exit status is written to {@link LocalLaunch#exitFile()} before
 * anything else happens, so that a restarted engine adopts a result it did not see ({@link
 * #reclaim}). The environment is the server's variables named in {@link
 * LocalExecutorConfig#passEnv()}, then the IR's {@link LocalLaunch#env()}, then {@code
 * CUDA_VISIBLE_DEVICES}: the GPUs assigned to the step, or empty for a step that asked for none (so
 * it cannot grab a GPU another step was given; set by the executor even over the IR's value).
 *
 * <p>Steps wait for resources as {@link Admission} decides. After exit code 0 the outputs are
 * collected by {@link OutputCollector}. Cancel sends SIGTERM to the group and SIGKILL after {@link
 * LocalExecutorConfig#killGrace()}. When a step's main process exits, whatever it left running in
 * its group is killed (batched: one {@code /proc} scan per 500 ms for all steps that ended).
 *
 * <p>Threads: one virtual thread per started step (wait, collect, complete); the spawn itself runs
 * on a small shared pool of platform threads (at most 2 × cores, idle ones exit), so that the
 * native launch never pins a virtual-thread carrier. One platform thread per live child waits for
 * its exit (the JDK's process reaper, or the {@link SessionSpawner}'s). An attempt's folders come
 * ready-made from {@link SpareAttemptFolders} (one rename) when one is ready; taking one makes the
 * next on a virtual thread. Nothing else per step.
 */
public final class LocalProcessExecutor implements StepExecutor, MachineReservations {

  private static final Logger log = LoggerFactory.getLogger(LocalProcessExecutor.class);

  /** JDK 24+ unmounts a virtual thread blocked in {@code Process.waitFor} (JEP 491). */
  private static final boolean WAITFOR_UNMOUNTS = Runtime.version().feature() >= 24;

  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
  private static final File DEV_NULL = new File("/dev/null");
  private static final long SWEEP_DELAY_MS = 500;

  private final LocalExecutorConfig config;
  private final MachineCapacity capacity;
  private final int maxParallel;
  private final SessionSpawner sessions;
  private final String setsid;
  private final AttemptTags tags = new AttemptTags();
  private final boolean groups;
  private final StepUmask stepUmask = StepUmask.forThisProcess();
  private final Map<String, String> baseEnv;

  private final ReentrantLock lock = new ReentrantLock();
  private final Admission<StepId> admission;
  private final Map<StepId, Step> steps = new ConcurrentHashMap<>();
  private final Set<Long> runningGroups = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> endedGroups = new ConcurrentLinkedQueue<>();
  private final Semaphore sweepSignal = new Semaphore(0);
  private final Thread sweeper;
  private final ExecutorService spawner;
  private final LocalLaunchBuilder launches;
  private final AttemptFolders folders;
  private final SpareAttemptFolders spares;
  private final ArtifactStaging staging;
  private final LogSource logs;
  private final RunFiles runFiles;
  private volatile boolean closed;

  /**
   * An executor with these settings, keeping attempts under {@code home/runs}; detects the machine
   * unless the config gives a capacity. Python settings come from the environment.
   *
   * @param home {@code SKIFF_HOME}
   */
  public LocalProcessExecutor(LocalExecutorConfig config, Path home) {
    this(config, home, null);
  }

  /**
   * An executor keeping attempts under {@code home/runs} that stages the artifacts of a remote
   * store ({@link ArtifactStaging}).
   *
   * @param artifacts the engine's artifact store; null when every artifact is a local file
   */
  public LocalProcessExecutor(LocalExecutorConfig config, Path home, ArtifactStore artifacts) {
    this(
        config,
        new AttemptFolders(home.resolve("runs")),
        PythonSteps.fromEnvironment(home),
        artifacts);
  }

  /** An executor with explicit attempt folders and Python settings. */
  public LocalProcessExecutor(
      LocalExecutorConfig config, AttemptFolders folders, PythonSteps python) {
    this(config, folders, python, null);
  }

  /**
   * An executor with explicit attempt folders, Python settings and artifact store.
   *
   * @param artifacts the engine's artifact store; null when every artifact is a local file
   */
  public LocalProcessExecutor(
      LocalExecutorConfig config,
      AttemptFolders folders,
      PythonSteps python,
      ArtifactStore artifacts) {
    this.config = config;
    this.staging = artifacts == null ? ArtifactStaging.NONE : new ArtifactStaging(artifacts);
    this.launches = new LocalLaunchBuilder(folders, python, staging);
    this.folders = folders;
    this.spares = new SpareAttemptFolders(folders.root());
    this.logs = new LocalLogSource(folders);
    this.runFiles = new LocalRunFiles(folders);
    this.capacity = config.capacity().orElseGet(MachineCapacity::detect);
    this.maxParallel =
        config.maxParallel() > 0
            ? config.maxParallel()
            : Math.max(4, 4 * (int) Math.ceil(capacity.cpus()));
    this.admission =
        new Admission<>(capacity, maxParallel, config.allowOversubscribe(), config.maxBypass());
    this.sessions = config.processGroups() ? SessionSpawner.forThisJvm().orElse(null) : null;
    this.setsid = config.processGroups() && sessions == null ? findSetsid().orElse(null) : null;
    this.groups = sessions != null || setsid != null;
    if (config.processGroups() && !groups) {
      log.warn(
          "setsid is not installed: steps share Skiff's process group; cancel kills the"
              + " step's process tree instead");
    }
    this.baseEnv = baseEnvironment(System.getenv(), config.passEnv());
    // More launches in flight than about twice the cores gains nothing: they share the CPUs.
    int spawners =
        Math.min(maxParallel, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            spawners,
            spawners,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().daemon().name("skiff-spawn-", 1).factory());
    pool.allowCoreThreadTimeOut(true);
    this.spawner = pool;
    if (groups && config.killLeftovers()) {
      this.sweeper = Thread.ofVirtual().name("skiff-leftover-sweeper").start(this::sweepLoop);
    } else {
      this.sweeper = null;
    }
    log.info(
        "Local executor: {} CPUs, {} memory, {} GPU(s) ({}), at most {} steps at once, {}{}",
        capacity.cpus(),
        Admission.bytes(capacity.memoryBytes()),
        capacity.gpuCount(),
        capacity.gpuSource(),
        maxParallel,
        sessions != null
            ? "started by posix_spawn"
            : setsid != null ? "started through setsid" : "in Skiff's process group",
        config.allowOversubscribe() ? ", oversubscription allowed" : "");
  }

  /** What the executor admits steps against. */
  @Override
  public MachineCapacity capacity() {
    return capacity;
  }

  @Override
  public Optional<String> unschedulable(ResourceRequest request) {
    return admission.unschedulable(request);
  }

  @Override
  public Reserved reserve(ResourceRequest request) {
    lock.lock();
    try {
      Optional<Admission.Reservation> r = admission.reserve(request);
      if (r.isPresent()) {
        return new Reserved.Taken(r.get());
      }
      return new Reserved.Busy(admission.shortage(request).orElse("waiting for resources"));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int freeGpus() {
    lock.lock();
    try {
      return admission.freeGpus().size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> shortage(ResourceRequest request) {
    lock.lock();
    try {
      return admission.shortage(request);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Admission.Reservation claim(long cpuMillis, long memoryBytes, List<String> gpuIds) {
    lock.lock();
    try {
      return admission.claim(cpuMillis, memoryBytes, gpuIds);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(Admission.Reservation reservation) {
    List<Admission.Grant<StepId>> ready = List.of();
    lock.lock();
    try {
      admission.release(reservation);
      if (!closed) {
        ready = admission.admit();
      }
    } finally {
      lock.unlock();
    }
    run(ready);
  }

  /** Twice the steps that can run at once, so the next ones are queued when a slot frees. */
  @Override
  public int launchWindow() {
    return Math.max(8, 2 * maxParallel());
  }

  /** The limit on steps running at once. */
  public int maxParallel() {
    return maxParallel;
  }

  @Override
  public LogSource logs() {
    return logs;
  }

  /** Each run's folder under {@code $SKIFF_HOME/runs}: its attempts' logs and working folders. */
  @Override
  public RunFiles runFiles() {
    return runFiles;
  }

  @Override
  public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    Optional<StepHandle> unrecorded = finishedUnrecordedStart(launch.id());
    if (unrecorded.isPresent()) {
      log.info("Adopting the result of {}, started before and never recorded", launch.id());
      return reclaim(launch, unrecorded);
    }
    LocalLaunch local;
    try {
      local = launches.build(launch);
      if (local.workDir().equals(folders.workDir(launch.id()))) {
        spares.claim(folders.attemptDir(launch.id()));
      }
      LocalLaunchBuilder.prepareDirectories(local);
    } catch (LocalLaunchBuilder.RefusedException e) {
      return CompletableFuture.completedFuture(new StepResult.Unschedulable(e.getMessage()));
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          new StepResult.Unschedulable("cannot create the step's folders: " + reason(e)));
    }
    return startLocal(local, listener);
  }

  /**
   * Takes back an attempt a previous driver started: a step this executor still runs (its driver
   * stopped while the store was away) is followed on; a result written to its exit file is adopted
   * (outputs collected as if it had just ended); a process of another engine that still runs cannot
   * be followed from here (it is not this JVM's child, so its exit status would be lost), so its
   * whole process group is stopped and the attempt is {@link StepResult.Lost}.
   */
  @Override
  public CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle) {
    Step running = steps.get(launch.id());
    if (running != null) {
      log.info("Following {} on: it still runs here", launch.id());
      return running.future;
    }
    CompletableFuture<StepResult> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("skiff-reclaim")
        .start(
            () -> {
              try {
                result.complete(reclaimNow(launch, handle));
              } catch (RuntimeException e) {
                result.complete(new StepResult.Lost("cannot reclaim: " + e));
              }
            });
    return result;
  }

  private StepResult reclaimNow(StepLaunch launch, Optional<StepHandle> handle) {
    // A handle the engine had not stored yet (it is written lazily) is in the attempt's folder.
    Optional<LocalHandle> local =
        handle.flatMap(LocalHandle::parse).or(() -> handleInFolder(launch.id()));
    Optional<ProcessHandle> live = local.flatMap(LocalHandle::live);
    if (live.isPresent()) {
      log.info(
          "Stopping process group {} of {}, left running by a previous engine",
          live.get().pid(),
          launch.id());
      stopGroup(live.get());
      return new StepResult.Lost("the engine stopped while this attempt ran; it was stopped");
    }
    if (local.isEmpty() && stopUntracked(launch.id())) {
      return new StepResult.Lost("the engine stopped while this attempt ran; it was stopped");
    }
    if (local.isPresent() && local.get().started().isEmpty()) {
      log.warn(
          "{}: pid {} was recorded without its start time; it is not killed (it may be another"
              + " process now)",
          launch.id(),
          local.get().pid());
    }
    ExecutorInput input;
    Path exitFile;
    try {
      input = launches.localInput(launch);
      exitFile = launches.exitFile(launch.id());
    } catch (LocalLaunchBuilder.RefusedException | IllegalArgumentException e) {
      return new StepResult.Lost(e.getMessage());
    }
    Optional<Integer> exit = readExitFile(exitFile);
    if (exit.isEmpty()) {
      return new StepResult.Lost("the engine stopped while this attempt ran");
    }
    log.info(
        "Adopting the result of {} (exit code {}), which ended unrecorded",
        launch.id(),
        exit.get());
    if (exit.get() != 0) {
      return new StepResult.Failed("exit code " + exit.get(), exit.get(), Duration.ZERO);
    }
    Path stagingRoot = launches.stagingRoot(launch.id());
    StepResult result =
        staging.upload(
            withFileUris(OutputCollector.collect(input, launch.outputParameters(), Duration.ZERO)),
            stagingRoot);
    ArtifactStaging.clean(stagingRoot);
    return result;
  }

  /**
   * Stops the processes of an attempt whose start left no handle (the engine was killed between the
   * spawn and the handle file), found by their {@link AttemptTags tag}; whether there were any.
   */
  private boolean stopUntracked(StepId id) {
    List<ProcessHandle> found;
    try {
      found = tags.processes(AttemptTags.of(launches.exitFile(id).getParent()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (found.isEmpty()) {
      return false;
    }
    log.info(
        "Stopping processes {} of {}, started by a previous engine that recorded no handle",
        found.stream().map(ProcessHandle::pid).toList(),
        id);
    if (groups) {
      long own = ProcessGroups.processGroupOf(Path.of("/proc/self/stat"));
      Set<Long> groupIds = new TreeSet<>();
      for (ProcessHandle p : found) {
        long g = ProcessGroups.processGroupOf(Path.of("/proc", Long.toString(p.pid()), "stat"));
        if (g > 1 && g != own) {
          groupIds.add(g);
        }
      }
      groupIds.forEach(g -> ProcessGroups.terminate(g, config.killGrace()));
    }
    found.forEach(ProcessHandle::destroyForcibly); // any left outside those groups
    return true;
  }

  private Optional<LocalHandle> handleInFolder(StepId id) {
    try {
      return readHandle(LocalLaunch.handleFileBeside(launches.exitFile(id)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The handle written in {@code file}; empty when there is none (or it cannot be read). */
  private static Optional<LocalHandle> readHandle(Path file) {
    try {
      return Files.exists(file)
          ? LocalHandle.parse(new StepHandle(Files.readString(file).strip()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Stops a process a previous engine left, with its process group. */
  private void stopGroup(ProcessHandle process) {
    if (groups) {
      ProcessGroups.terminate(process.pid(), config.killGrace());
    } else {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /**
   * The handle of an earlier start of this attempt that was never recorded (the engine stopped
   * right after it, or its store was away) and that ended with its exit status written: its result
   * is adopted as a reclaim would, rather than the step run again.
   */
  private Optional<StepHandle> finishedUnrecordedStart(StepId id) {
    if (steps.containsKey(id) || readExitFile(launches.exitFile(id)).isEmpty()) {
      return Optional.empty();
    }
    Optional<LocalHandle> earlier = handleInFolder(id);
    return earlier.isPresent() && earlier.get().live().isEmpty()
        ? Optional.of(earlier.get().toHandle())
        : Optional.empty();
  }

  /**
   * An earlier start of this attempt that was never recorded (the engine stopped right after it)
   * may still run: its process group is stopped, and what it left that would pass for this start's
   * result (its exit file) is removed, before this start spawns.
   */
  private void stopUnrecordedStart(LocalLaunch launch) {
    Path handleFile = launch.handleFile();
    if (!Files.exists(handleFile)) {
      return;
    }
    try {
      Optional<ProcessHandle> earlier = readHandle(handleFile).flatMap(LocalHandle::live);
      if (earlier.isPresent()) {
        log.info(
            "Stopping process group {} of {}, started by a previous engine that did not record it",
            earlier.get().pid(),
            launch.id());
        stopGroup(earlier.get());
      }
      Files.deleteIfExists(launch.exitFile());
      Files.deleteIfExists(handleFile);
    } catch (IOException e) {
      log.warn("{}: cannot read or clear {}: {}", launch.id(), handleFile, reason(e));
    }
  }

  private static Optional<Integer> readExitFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty(); // every start asks: no exception for the usual answer
    }
    try {
      return Optional.of(Integer.parseInt(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Starts a prepared local launch (the folders exist). */
  CompletableFuture<StepResult> startLocal(LocalLaunch launch, StepListener listener) {
    Step step = new Step(launch, listener);
    Optional<String> why = admission.unschedulable(launch.resources());
    if (why.isPresent()) {
      return CompletableFuture.completedFuture(new StepResult.Unschedulable(why.get()));
    }
    Step already = steps.putIfAbsent(launch.id(), step);
    if (already != null) {
      // Started here before and never recorded (the driver stopped while the store was away).
      log.info("Following {} on: it was started here before", launch.id());
      return already.future;
    }
    List<Admission.Grant<StepId>> ready;
    lock.lock();
    try {
      if (closed) {
        steps.remove(launch.id(), step);
        throw new IllegalStateException("the executor is closed");
      }
      admission.enqueue(launch.id(), launch.resources());
      ready = admission.admit();
    } finally {
      lock.unlock();
    }
    run(ready);
    return step.future;
  }

  @Override
  public void cancel(StepId id) {
    Step step = steps.get(id);
    if (step == null) {
      return;
    }
    boolean wasQueued;
    lock.lock();
    try {
      wasQueued = admission.remove(id);
    } finally {
      lock.unlock();
    }
    if (wasQueued) {
      finish(step, new StepResult.Canceled(Duration.ZERO));
    } else {
      requestCancel(step);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    List<Step> all = new ArrayList<>(steps.values());
    for (Step step : all) {
      cancel(step.launch.id());
    }
    long deadline = System.nanoTime() + config.killGrace().plusSeconds(5).toNanos();
    for (Step step : all) {
      try {
        step.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        log.warn("step {} did not end after it was killed", step.launch.id());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (sweeper != null) {
      sweeper.interrupt();
    }
    spawner.shutdown();
    spares.close();
  }

  private void run(List<Admission.Grant<StepId>> grants) {
    for (Admission.Grant<StepId> grant : grants) {
      Step step = steps.get(grant.key());
      step.grant = grant;
      Thread.ofVirtual().start(() -> runStep(step));
    }
  }

  /** The life of one admitted step, on its own virtual thread. */
  private void runStep(Step step) {
    LocalLaunch launch = step.launch;
    Path stagingRoot = launches.stagingRoot(launch.id());
    try {
      runStep(step, stagingRoot);
    } finally {
      ArtifactStaging.clean(stagingRoot);
    }
  }

  private void runStep(Step step, Path stagingRoot) {
    LocalLaunch launch = step.launch;
    if (step.cancelRequested) {
      finish(step, new StepResult.Canceled(Duration.ZERO));
      return;
    }
    try {
      staging.download(launch.executorInput(), stagingRoot);
    } catch (ArtifactStaging.StagingException e) {
      failToStart(step, e.getMessage());
      return;
    }
    if (step.cancelRequested) {
      finish(step, new StepResult.Canceled(Duration.ZERO));
      return;
    }
    stopUnrecordedStart(launch);
    Process process;
    long started = System.nanoTime();
    try {
      StepCommand command = command(launch, step.grant.gpus());
      started = System.nanoTime();
      process = spawn(command);
    } catch (StartException e) {
      failToStart(step, e.getMessage());
      return;
    } catch (IOException e) {
      failToStart(step, startFailure(launch, e));
      return;
    }
    step.process = process;
    long pid = process.pid();
    if (groups) {
      runningGroups.add(pid);
    }
    if (step.cancelRequested) {
      kill(step);
    }
    StepHandle handle = LocalHandle.of(process.toHandle()).toHandle();
    writeHandleFile(launch.handleFile(), handle);
    try {
      step.listener.started(handle, launch.runtime());
    } catch (RuntimeException e) {
      log.warn("listener of step {} failed on start: {}", launch.id(), e.toString());
    }
    int exit = waitFor(process);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (!step.cancelRequested) {
      // A step stopped by a cancel (or by this executor closing) has no result to adopt later.
      writeExitFile(launch.exitFile(), exit);
    }
    if (groups) {
      runningGroups.remove(pid);
      if (sweeper != null && !step.cancelRequested) {
        endedGroups.add(pid);
        sweepSignal.release();
      }
    }
    StepResult result;
    if (step.cancelRequested) {
      result = new StepResult.Canceled(took);
    } else if (exit != 0) {
      result = new StepResult.Failed("exit code " + exit, exit, took);
    } else {
      // Outputs reach the store before the result is reported: a consumer may start at once.
      result =
          staging.upload(
              withFileUris(
                  OutputCollector.collect(launch.executorInput(), launch.outputParameters(), took)),
              stagingRoot);
      if (result instanceof StepResult.Failed f) {
        appendToLog(launch.logFile(), "skiff: " + f.message());
      }
    }
    finish(step, result);
  }

  private static void writeHandleFile(Path file, StepHandle handle) {
    try {
      PrivateFiles.writeSmall(file, handle.value());
    } catch (IOException e) {
      log.debug("cannot write {}: {}", file, e.toString());
    }
  }

  private static void writeExitFile(Path file, int exit) {
    try {
      PrivateFiles.writeSmall(file, Integer.toString(exit));
    } catch (IOException e) {
      log.debug("cannot write {}: {}", file, e.toString());
    }
  }

  /**
   * Artifact URIs a step handed back as plain paths (the host KFP SDK does, as {@code kfp.local}
   * gives them) become {@code file:} URIs again, as every other URI the engine stores is.
   */
  static StepResult withFileUris(StepResult result) {
    if (!(result instanceof StepResult.Succeeded s)) {
      return result;
    }
    Map<String, List<RuntimeArtifact>> artifacts = new java.util.LinkedHashMap<>();
    s.outputArtifacts()
        .forEach(
            (name, list) ->
                artifacts.put(
                    name,
                    list.stream()
                        .map(
                            a ->
                                a.uri().startsWith("/")
                                    ? new RuntimeArtifact(
                                        a.name(),
                                        a.type(),
                                        Path.of(a.uri()).toUri().toString(),
                                        a.metadata(),
                                        a.customPath())
                                    : a)
                        .toList()));
    return new StepResult.Succeeded(s.outputParameters(), artifacts, s.took());
  }

  private static String reason(IOException e) {
    return FileErrors.describe(e);
  }

  /**
   * Starts the process on a spawner thread. {@code ProcessBuilder.start} blocks in native code
   * until the child has exec'd (milliseconds under load); on a virtual thread that would pin a
   * carrier, and with as many carriers as cores every other step's exit handling would wait behind
   * the spawns. The step's virtual thread parks meanwhile.
   */
  private Process spawn(StepCommand command) throws IOException {
    ProcessBuilder pb = command.builder();
    Future<Process> f =
        spawner.submit(
            () ->
                sessions == null
                    ? pb.start()
                    : sessions.spawn(
                        command.executable(),
                        pb.command(),
                        pb.environment(),
                        pb.directory().toPath(),
                        pb.redirectOutput().file().toPath()));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IOException(String.valueOf(e.getCause()), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void failToStart(Step step, String message) {
    appendToLog(step.launch.logFile(), "skiff: " + message);
    finish(step, new StepResult.Failed(message, null, Duration.ZERO));
  }

  /** A step's process as a {@link ProcessBuilder}, and the file a {@link SessionSpawner} execs. */
  private record StepCommand(ProcessBuilder builder, Path executable) {}

  private StepCommand command(LocalLaunch launch, List<String> gpus) throws StartException {
    List<String> commandLine = launch.commandLine();
    if (commandLine.isEmpty() || commandLine.getFirst().isEmpty()) {
      throw new StartException(
          "the step has no command: the image's own entrypoint ("
              + launch.image()
              + ") cannot run on the host; give the component a command");
    }
    Map<String, String> env = new HashMap<>(baseEnv);
    env.putAll(launch.env());
    env.putIfAbsent("PATH", DEFAULT_PATH);
    env.put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
    env.put(AttemptTags.VARIABLE, AttemptTags.of(launch.exitFile().toAbsolutePath().getParent()));
    Path workDir = launch.workDir().toAbsolutePath();
    try {
      PrivateFiles.createDirectories(workDir);
      Path logDir = launch.logFile().toAbsolutePath().getParent();
      if (logDir != null) {
        PrivateFiles.createDirectories(logDir);
      }
      PrivateFiles.createFile(launch.logFile()); // 0600; the step appends to it
    } catch (IOException e) {
      throw new StartException("cannot create the step's folders: " + reason(e));
    }
    Path program = resolveProgram(commandLine.getFirst(), env.get("PATH"), workDir);
    List<String> step = new ArrayList<>(commandLine.size());
    if (setsid != null || sessions != null) {
      // setsid execvp()s the name with the step's PATH, as the check above did; posix_spawn execs
      // the file found, with the name as given in argv[0].
      step.addAll(commandLine);
    } else {
      // The JDK would search the server's PATH, not the step's: give it the resolved file.
      step.add(program.toString());
      step.addAll(commandLine.subList(1, commandLine.size()));
    }
    List<String> command = new ArrayList<>(step.size() + 4);
    if (setsid != null) {
      command.add(setsid);
    }
    command.addAll(stepUmask.wrap(step));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(workDir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()));
    pb.redirectErrorStream(true);
    Map<String, String> pbEnv = pb.environment();
    pbEnv.clear();
    pbEnv.putAll(env);
    return new StepCommand(pb, stepUmask.wrap() ? Path.of(StepUmask.SH) : program);
  }

  /**
   * Finds the program as {@code execvp} will (a name with a slash relative to the working
   * directory, else each PATH entry in turn), so a missing program fails with one clear line.
   */
  static Path resolveProgram(String program, String path, Path workDir) throws StartException {
    if (program.contains("/")) {
      Path p = workDir.resolve(program);
      if (!Files.exists(p)) {
        throw new StartException("cannot run '" + program + "': no such file");
      }
      if (Files.isDirectory(p) || !Files.isExecutable(p)) {
        throw new StartException("cannot run '" + program + "': not an executable file");
      }
      return p;
    }
    for (String dir : path.split(":", -1)) {
      Path candidate = (dir.isEmpty() ? workDir : workDir.resolve(dir)).resolve(program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new StartException(
        "cannot run '" + program + "': no such program on the step's PATH (" + path + ")");
  }

  /** The JDK's start failure, in one line (its message names the program and errno). */
  private static String startFailure(LocalLaunch launch, IOException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String first = message.lines().findFirst().orElse(message);
    return "cannot run '" + launch.commandLine().getFirst() + "': " + first;
  }

  /** Waits for the exit without holding a carrier thread, on any JDK 21+. */
  private static int waitFor(Process process) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (WAITFOR_UNMOUNTS) {
            return process.waitFor();
          }
          // JDK 21-23: waitFor() is a monitor wait that pins; onExit() parks properly.
          process.onExit().get();
          return process.exitValue();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("onExit failed", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requestCancel(Step step) {
    step.cancelRequested = true;
    if (step.process != null) {
      kill(step);
    }
  }

  /** Kills the step's group (or tree) on a virtual thread; once per step. */
  private void kill(Step step) {
    if (!step.killing.compareAndSet(false, true)) {
      return;
    }
    Process process = step.process;
    Thread.ofVirtual()
        .start(
            () -> {
              if (groups) {
                terminateGroup(process, config.killGrace());
              } else {
                killTree(process, config.killGrace());
              }
            });
  }

  /**
   * Ends the step's process group. A cancel that comes right after the spawn can find the child
   * before it has called {@code setsid()}: its group does not exist yet and signalling it hits
   * nothing, so this repeats until the leader itself has ended.
   */
  private static void terminateGroup(Process process, Duration grace) {
    for (int i = 0; i < 200; i++) {
      ProcessGroups.terminate(process.pid(), grace);
      try {
        if (process.onExit().get(10, TimeUnit.MILLISECONDS) != null) {
          return;
        }
      } catch (TimeoutException | ExecutionException e) {
        // not yet a group leader, or not yet gone: signal again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    process.destroyForcibly();
  }

  private static void killTree(Process process, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // forced below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** Ends a step once: frees its resources, starts what now fits, completes its future. */
  private void finish(Step step, StepResult result) {
    if (!step.finished.compareAndSet(false, true)) {
      return;
    }
    steps.remove(step.launch.id(), step);
    List<Admission.Grant<StepId>> ready = List.of();
    Admission.Grant<StepId> grant = step.grant;
    if (grant != null || !closed) {
      lock.lock();
      try {
        if (grant != null) {
          admission.release(grant);
        }
        if (!closed) {
          ready = admission.admit();
        }
      } finally {
        lock.unlock();
      }
    }
    run(ready);
    step.future.complete(result);
  }

  /** Kills what ended steps left in their groups, one {@code /proc} scan per batch. */
  private void sweepLoop() {
    while (true) {
      try {
        sweepSignal.acquire();
        Thread.sleep(SWEEP_DELAY_MS);
      } catch (InterruptedException e) {
        return;
      }
      sweepSignal.drainPermits();
      Set<Long> groups = new HashSet<>();
      for (Long g = endedGroups.poll(); g != null; g = endedGroups.poll()) {
        groups.add(g);
      }
      // A group number reused by a step that started since is not ours to sweep.
      groups.removeAll(runningGroups);
      if (!groups.isEmpty()) {
        int killed = ProcessGroups.signalAll(groups, true);
        if (killed > 0) {
          log.info("killed {} process(es) that ended steps left running", killed);
        }
      }
    }
  }

  private static void appendToLog(Path logFile, String line) {
    try {
      Path dir = logFile.toAbsolutePath().getParent();
      if (dir != null) {
        PrivateFiles.createDirectories(dir);
      }
      PrivateFiles.createFile(logFile);
      Files.writeString(
          logFile,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.debug("cannot write to {}: {}", logFile, e.toString());
    }
  }

  /** The server's variables that steps inherit; see {@link LocalExecutorConfig#passEnv()}. */
  static Map<String, String> baseEnvironment(Map<String, String> server, List<String> names) {
    Map<String, String> env = new HashMap<>();
    for (String name : names) {
      if (name.endsWith("*")) {
        String prefix = name.substring(0, name.length() - 1);
        server.forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                env.put(k, v);
              }
            });
      } else if (server.containsKey(name)) {
        env.put(name, server.get(name));
      }
    }
    return Map.copyOf(env);
  }

  private static Optional<String> findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** One step from start to finish. */
  private static final class Step {
    final LocalLaunch launch;
    final StepListener listener;
    final CompletableFuture<StepResult> future = new CompletableFuture<>();
    final AtomicBoolean killing = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();
    volatile Admission.Grant<StepId> grant;
    volatile Process process;
    volatile boolean cancelRequested;

    Step(LocalLaunch launch, StepListener listener) {
      this.launch = launch;
      this.listener = listener;
    }
  }

  /** A step that cannot be started; the message is its one-line failure. */
  static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message) {
      super(message);
    }
  }
}
