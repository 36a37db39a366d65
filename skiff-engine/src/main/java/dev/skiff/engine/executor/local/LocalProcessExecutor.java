package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
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
 * <p>Each step runs {@link StepLaunch#commandLine()} in {@link StepLaunch#workDir()}, stdin from
 * {@code /dev/null}, stdout and stderr appended to {@link StepLaunch#logFile()}, and in its own
 * session and process group ({@code setsid}, which execs the command in place, so the pid given to
 * {@link StepListener#started} leads the group). The environment is the server's variables named in
 * {@link LocalExecutorConfig#passEnv()}, then the IR's {@link StepLaunch#env()}, then {@code
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
 * native launch never pins a virtual-thread carrier. The JDK adds its own process-reaper thread per
 * live child. Nothing else per step.
 */
public final class LocalProcessExecutor implements StepExecutor {

  private static final Logger log = LoggerFactory.getLogger(LocalProcessExecutor.class);

  /** JDK 24+ unmounts a virtual thread blocked in {@code Process.waitFor} (JEP 491). */
  private static final boolean WAITFOR_UNMOUNTS = Runtime.version().feature() >= 24;

  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
  private static final File DEV_NULL = new File("/dev/null");
  private static final long SWEEP_DELAY_MS = 500;

  private final LocalExecutorConfig config;
  private final MachineCapacity capacity;
  private final int maxParallel;
  private final String setsid;
  private final Map<String, String> baseEnv;

  private final ReentrantLock lock = new ReentrantLock();
  private final Admission<StepId> admission;
  private final Map<StepId, Step> steps = new ConcurrentHashMap<>();
  private final Set<Long> runningGroups = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> endedGroups = new ConcurrentLinkedQueue<>();
  private final Semaphore sweepSignal = new Semaphore(0);
  private final Thread sweeper;
  private final ExecutorService spawner;
  private volatile boolean closed;

  /** An executor with {@link LocalExecutorConfig#defaults()} (detects the machine). */
  public LocalProcessExecutor() {
    this(LocalExecutorConfig.defaults());
  }

  /** An executor with these settings; detects the machine unless the config gives a capacity. */
  public LocalProcessExecutor(LocalExecutorConfig config) {
    this.config = config;
    this.capacity = config.capacity().orElseGet(MachineCapacity::detect);
    this.maxParallel =
        config.maxParallel() > 0
            ? config.maxParallel()
            : Math.max(4, 4 * (int) Math.ceil(capacity.cpus()));
    this.admission =
        new Admission<>(capacity, maxParallel, config.allowOversubscribe(), config.maxBypass());
    this.setsid = config.processGroups() ? findSetsid().orElse(null) : null;
    if (config.processGroups() && setsid == null) {
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
    if (setsid != null && config.killLeftovers()) {
      this.sweeper = Thread.ofVirtual().name("skiff-leftover-sweeper").start(this::sweepLoop);
    } else {
      this.sweeper = null;
    }
    log.info(
        "Local executor: {} CPUs, {} memory, {} GPU(s) ({}), at most {} steps at once{}",
        capacity.cpus(),
        Admission.bytes(capacity.memoryBytes()),
        capacity.gpuCount(),
        capacity.gpuSource(),
        maxParallel,
        config.allowOversubscribe() ? ", oversubscription allowed" : "");
  }

  /** What the executor admits steps against. */
  public MachineCapacity capacity() {
    return capacity;
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
  public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    Step step = new Step(launch, listener);
    Optional<String> why = admission.unschedulable(launch.resources());
    if (why.isPresent()) {
      return CompletableFuture.completedFuture(new StepResult.Unschedulable(why.get()));
    }
    if (steps.putIfAbsent(launch.id(), step) != null) {
      throw new IllegalStateException("step " + launch.id() + " was already started");
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
    StepLaunch launch = step.launch;
    if (step.cancelRequested) {
      finish(step, new StepResult.Canceled(Duration.ZERO));
      return;
    }
    Process process;
    long started = System.nanoTime();
    try {
      ProcessBuilder pb = processBuilder(launch, step.grant.gpus());
      started = System.nanoTime();
      process = spawn(pb);
    } catch (StartException e) {
      failToStart(step, e.getMessage());
      return;
    } catch (IOException e) {
      failToStart(step, startFailure(launch, e));
      return;
    }
    step.process = process;
    long pid = process.pid();
    if (setsid != null) {
      runningGroups.add(pid);
    }
    if (step.cancelRequested) {
      kill(step);
    }
    try {
      step.listener.started(pid);
    } catch (RuntimeException e) {
      log.warn("listener of step {} failed on start: {}", launch.id(), e.toString());
    }
    int exit = waitFor(process);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (setsid != null) {
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
      result = OutputCollector.collect(launch.executorInput(), launch.outputParameters(), took);
    }
    finish(step, result);
  }

  /**
   * Starts the process on a spawner thread. {@code ProcessBuilder.start} blocks in native code
   * until the child has exec'd (milliseconds under load); on a virtual thread that would pin a
   * carrier, and with as many carriers as cores every other step's exit handling would wait behind
   * the spawns. The step's virtual thread parks meanwhile.
   */
  private Process spawn(ProcessBuilder pb) throws IOException {
    Future<Process> f = spawner.submit(pb::start);
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

  private ProcessBuilder processBuilder(StepLaunch launch, List<String> gpus)
      throws StartException {
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
    Path workDir = launch.workDir().toAbsolutePath();
    try {
      Files.createDirectories(workDir);
      Path logDir = launch.logFile().toAbsolutePath().getParent();
      if (logDir != null) {
        Files.createDirectories(logDir);
      }
    } catch (IOException e) {
      throw new StartException("cannot create the step's folders: " + e);
    }
    Path program = resolveProgram(commandLine.getFirst(), env.get("PATH"), workDir);
    List<String> command = new ArrayList<>(commandLine.size() + 1);
    if (setsid != null) {
      // setsid execvp()s the name with the step's PATH, as the check above did.
      command.add(setsid);
      command.addAll(commandLine);
    } else {
      // The JDK would search the server's PATH, not the step's: give it the resolved file.
      command.add(program.toString());
      command.addAll(commandLine.subList(1, commandLine.size()));
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(workDir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()));
    pb.redirectErrorStream(true);
    Map<String, String> pbEnv = pb.environment();
    pbEnv.clear();
    pbEnv.putAll(env);
    return pb;
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
  private static String startFailure(StepLaunch launch, IOException e) {
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
              if (setsid != null) {
                ProcessGroups.terminate(process.pid(), config.killGrace());
              } else {
                killTree(process, config.killGrace());
              }
            });
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
        Files.createDirectories(dir);
      }
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
    final StepLaunch launch;
    final StepListener listener;
    final CompletableFuture<StepResult> future = new CompletableFuture<>();
    final AtomicBoolean killing = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();
    volatile Admission.Grant<StepId> grant;
    volatile Process process;
    volatile boolean cancelRequested;

    Step(StepLaunch launch, StepListener listener) {
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
