package dev.skiff.engine.executor.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the {@link LocalProcessExecutor}.
 *
 * @param capacity what the machine offers; empty = detect (cores, memory, {@code nvidia-smi -L})
 * @param allowOversubscribe run steps that ask for more than the machine has, with their request
 *     capped to the machine, instead of failing them as unschedulable
 * @param maxParallel at most this many steps run at once; 0 = 4 × the capacity's cores (at least
 *     4): steps without a CPU request still use CPU, and a bound keeps a 10,000-way fan-out from
 *     starting 10,000 interpreters at once while I/O-bound steps still overlap
 * @param maxBypass how many later steps may start ahead of a waiting one before it reserves what it
 *     asks for (see {@link Admission})
 * @param killGrace how long a canceled step gets between SIGTERM and SIGKILL
 * @param processGroups start each step in its own session and process group (through {@code setsid}
 *     when it is installed), so cancel and cleanup reach every process it started
 * @param killLeftovers after a step's main process exits, SIGKILL what is left in its process group
 *     (background processes it started), as a container's end would
 * @param passEnv the server's environment variables a step inherits before the IR's own; a name
 *     ending in {@code *} is a prefix
 */
public record LocalExecutorConfig(
    Optional<MachineCapacity> capacity,
    boolean allowOversubscribe,
    int maxParallel,
    int maxBypass,
    Duration killGrace,
    boolean processGroups,
    boolean killLeftovers,
    List<String> passEnv) {

  /**
   * What a step inherits from the server by default: the search path, user and locale, temp dir,
   * proxies and CA bundles (so pip and downloads work as in the user's shell), and the dynamic
   * library path (CUDA libraries). Not inherited: anything else, e.g. credentials, {@code
   * PYTHONPATH}, {@code JAVA_*} and Skiff's own settings.
   */
  public static final List<String> DEFAULT_PASS_ENV =
      List.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "SHELL",
          "LANG",
          "LANGUAGE",
          "LC_*",
          "TZ",
          "TMPDIR",
          "TERM",
          "http_proxy",
          "https_proxy",
          "no_proxy",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "REQUESTS_CA_BUNDLE",
          "PIP_*",
          "LD_LIBRARY_PATH",
          "CUDA_HOME");

  /** Checks the values and copies the list. */
  public LocalExecutorConfig {
    if (maxParallel < 0 || maxBypass < 0 || killGrace.isNegative()) {
      throw new IllegalArgumentException("maxParallel, maxBypass and killGrace must be >= 0");
    }
    passEnv = List.copyOf(passEnv);
  }

  /** Detected capacity, no oversubscription, 4 × cores in parallel, 2 s kill grace. */
  public static LocalExecutorConfig defaults() {
    return new LocalExecutorConfig(
        Optional.empty(), false, 0, 32, Duration.ofSeconds(2), true, true, DEFAULT_PASS_ENV);
  }

  /** A copy with this capacity instead of the detected one. */
  public LocalExecutorConfig withCapacity(MachineCapacity c) {
    return new LocalExecutorConfig(
        Optional.of(c),
        allowOversubscribe,
        maxParallel,
        maxBypass,
        killGrace,
        processGroups,
        killLeftovers,
        passEnv);
  }

  /** A copy with oversubscription allowed or not. */
  public LocalExecutorConfig withAllowOversubscribe(boolean allow) {
    return new LocalExecutorConfig(
        capacity, allow, maxParallel, maxBypass, killGrace, processGroups, killLeftovers, passEnv);
  }

  /** A copy with this parallel-steps limit (0 = the default). */
  public LocalExecutorConfig withMaxParallel(int max) {
    return new LocalExecutorConfig(
        capacity,
        allowOversubscribe,
        max,
        maxBypass,
        killGrace,
        processGroups,
        killLeftovers,
        passEnv);
  }

  /** A copy with this bypass limit (see {@link Admission}). */
  public LocalExecutorConfig withMaxBypass(int max) {
    return new LocalExecutorConfig(
        capacity,
        allowOversubscribe,
        maxParallel,
        max,
        killGrace,
        processGroups,
        killLeftovers,
        passEnv);
  }

  /** A copy with this kill grace. */
  public LocalExecutorConfig withKillGrace(Duration grace) {
    return new LocalExecutorConfig(
        capacity,
        allowOversubscribe,
        maxParallel,
        maxBypass,
        grace,
        processGroups,
        killLeftovers,
        passEnv);
  }

  /** A copy with process groups on or off. */
  public LocalExecutorConfig withProcessGroups(boolean on) {
    return new LocalExecutorConfig(
        capacity,
        allowOversubscribe,
        maxParallel,
        maxBypass,
        killGrace,
        on,
        killLeftovers,
        passEnv);
  }

  /** A copy with leftover cleanup on or off. */
  public LocalExecutorConfig withKillLeftovers(boolean on) {
    return new LocalExecutorConfig(
        capacity,
        allowOversubscribe,
        maxParallel,
        maxBypass,
        killGrace,
        processGroups,
        on,
        passEnv);
  }

  /** A copy with this list of inherited variables. */
  public LocalExecutorConfig withPassEnv(List<String> names) {
    return new LocalExecutorConfig(
        capacity,
        allowOversubscribe,
        maxParallel,
        maxBypass,
        killGrace,
        processGroups,
        killLeftovers,
        names);
  }
}
