package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.ResourceRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides which waiting steps may start, given the machine's cores, memory, GPUs and a limit on
 * steps running at once. Pure bookkeeping, no I/O, not thread-safe (the executor holds a lock).
 *
 * <p>Policy:
 *
 * <ul>
 *   <li>A step whose request exceeds the machine's total is {@linkplain #unschedulable
 *       unschedulable}, unless oversubscription is allowed: then its request is capped to the total
 *       (so it runs when the machine is otherwise free).
 *   <li>A step that asks for nothing (0 CPUs, 0 memory, no GPU) takes no resources; it counts only
 *       against the parallel-steps limit.
 *   <li>Waiting steps are considered in arrival order. A step starts when its request fits in what
 *       is free and a slot is free. A step that does not fit does not block the ones behind it
 *       (backfill), but each time a later step starts ahead of it, it is bypassed once; after
 *       {@code maxBypass} bypasses it holds a reservation: later steps may then start only with
 *       what is left after setting aside its whole request (and one slot), so it starts as soon as
 *       running steps free enough. Big steps wait a bounded number of turns, never forever.
 *   <li>Slots are strictly first come, first served: when no slot is free, nothing starts.
 *   <li>Backfill looks at most {@value #LOOKAHEAD} waiting steps ahead, to keep each decision cheap
 *       with very large queues.
 * </ul>
 *
 * <p>Accelerators: a type naming NVIDIA ({@code nvidia.com/gpu}, {@code NVIDIA_TESLA_T4}, ...) or
 * no type with a count draws from the GPU pool; each grant gets specific GPU ids (lowest free
 * first) for {@code CUDA_VISIBLE_DEVICES}. Other accelerator types ({@code amd.com/gpu}, TPUs) are
 * not detected, so the machine has none of them.
 *
 * @param <K> the key of a waiting step
 */
public final class Admission<K> {

  /** How many waiting steps the backfill scan looks at, at most. */
  static final int LOOKAHEAD = 1000;

  private final MachineCapacity capacity;
  private final long totalCpuMillis;
  private final int maxParallel;
  private final boolean allowOversubscribe;
  private final int maxBypass;

  private final Map<K, Waiting<K>> queue = new LinkedHashMap<>();
  private final TreeSet<String> freeGpus;
  private long freeCpuMillis;
  private long freeMemory;
  private int running;

  /**
   * Creates the bookkeeping for an idle machine.
   *
   * @param capacity what the machine has
   * @param maxParallel at most this many steps run at once (at least 1)
   * @param allowOversubscribe whether steps bigger than the machine run (capped) instead of being
   *     unschedulable
   * @param maxBypass how often a waiting step may be overtaken before it reserves resources (0 = it
   *     reserves at once: later steps only get what it does not need)
   */
  public Admission(
      MachineCapacity capacity, int maxParallel, boolean allowOversubscribe, int maxBypass) {
    if (maxParallel < 1 || maxBypass < 0) {
      throw new IllegalArgumentException("maxParallel must be >= 1 and maxBypass >= 0");
    }
    this.capacity = capacity;
    this.totalCpuMillis = (long) Math.floor(capacity.cpus() * 1000);
    this.maxParallel = maxParallel;
    this.allowOversubscribe = allowOversubscribe;
    this.maxBypass = maxBypass;
    this.freeCpuMillis = totalCpuMillis;
    this.freeMemory = capacity.memoryBytes();
    this.freeGpus = new TreeSet<>(Admission::compareIds);
    this.freeGpus.addAll(capacity.gpus());
  }

  /**
   * What a started step holds until it ends.
   *
   * @param key the step
   * @param cpuMillis CPU in thousandths of a core
   * @param memoryBytes memory
   * @param gpus the GPU ids assigned to it (empty for none)
   */
  public record Grant<K>(K key, long cpuMillis, long memoryBytes, List<String> gpus) {
    /** Copies the list. */
    public Grant {
      gpus = List.copyOf(gpus);
    }
  }

  /**
   * Why {@code request} can never run on this machine, or empty when it can (always empty when
   * oversubscription is allowed). The message names what is asked, what the machine has, and the
   * override. Reads only fixed settings, so it may be called without the executor's lock.
   */
  public Optional<String> unschedulable(ResourceRequest request) {
    if (allowOversubscribe) {
      return Optional.empty();
    }
    String hint = "; pass --allow-oversubscribe to run it anyway";
    int count = request.acceleratorCount();
    if (count > 0 && !isGpu(request.acceleratorType())) {
      return Optional.of(
          "step asks for "
              + count
              + " "
              + request.acceleratorType()
              + " but this machine has 0 (Skiff detects NVIDIA GPUs only)"
              + hint);
    }
    if (count > capacity.gpuCount()) {
      return Optional.of(
          "step asks for "
              + count
              + " "
              + (request.acceleratorType() == null ? "GPU" : request.acceleratorType())
              + " but this machine has "
              + capacity.gpuCount()
              + " ("
              + capacity.gpuSource()
              + ")"
              + hint);
    }
    if (cpuMillis(request) > totalCpuMillis) {
      return Optional.of(
          "step asks for "
              + number(request.cpus())
              + " CPUs but this machine has "
              + number(capacity.cpus())
              + hint);
    }
    if (request.memoryBytes() > capacity.memoryBytes()) {
      return Optional.of(
          "step asks for "
              + bytes(request.memoryBytes())
              + " of memory but this machine has "
              + bytes(capacity.memoryBytes())
              + hint);
    }
    return Optional.empty();
  }

  /**
   * Puts a step in the queue; call {@link #admit} next.
   *
   * @throws IllegalArgumentException when the step is {@link #unschedulable} or already queued
   */
  public void enqueue(K key, ResourceRequest request) {
    Optional<String> why = unschedulable(request);
    if (why.isPresent()) {
      throw new IllegalArgumentException(why.get());
    }
    if (queue.containsKey(key)) {
      throw new IllegalArgumentException("already waiting: " + key);
    }
    long cpu = Math.min(cpuMillis(request), totalCpuMillis);
    long memory = Math.min(request.memoryBytes(), capacity.memoryBytes());
    int gpus = isGpu(request.acceleratorType()) ? request.acceleratorCount() : 0;
    gpus = Math.min(gpus, capacity.gpuCount());
    queue.put(key, new Waiting<>(key, cpu, memory, gpus));
  }

  /** Takes a step out of the queue; false when it was not waiting. */
  public boolean remove(K key) {
    return queue.remove(key) != null;
  }

  /** Starts what may start now, by the policy above; the caller runs the returned grants. */
  public List<Grant<K>> admit() {
    List<Grant<K>> started = new ArrayList<>();
    long cpu = freeCpuMillis;
    long memory = freeMemory;
    int gpus = freeGpus.size();
    int slots = maxParallel - running;
    List<Waiting<K>> passed = new ArrayList<>();
    int looked = 0;
    for (Iterator<Waiting<K>> it = queue.values().iterator(); it.hasNext(); ) {
      if (slots <= 0 || looked++ >= LOOKAHEAD) {
        break;
      }
      Waiting<K> w = it.next();
      if (w.cpuMillis <= cpu && w.memory <= memory && w.gpus <= gpus) {
        it.remove();
        Grant<K> grant = take(w);
        started.add(grant);
        cpu -= w.cpuMillis;
        memory -= w.memory;
        gpus -= w.gpus;
        slots--;
        for (Waiting<K> p : passed) {
          p.bypassed++;
        }
      } else {
        passed.add(w);
        if (w.bypassed >= maxBypass) {
          // Reserve what it asks for: later steps get only what is left beside it.
          cpu = Math.max(0, cpu - w.cpuMillis);
          memory = Math.max(0, memory - w.memory);
          gpus = Math.max(0, gpus - w.gpus);
          slots--;
        }
      }
    }
    return started;
  }

  /** Gives back what a finished step held. */
  public void release(Grant<K> grant) {
    freeCpuMillis += grant.cpuMillis();
    freeMemory += grant.memoryBytes();
    freeGpus.addAll(grant.gpus());
    running--;
  }

  /**
   * Resources held outside the queue by something that is not a step (a notebook server): they are
   * taken from what is free at once, never wait in the queue and take no step slot.
   *
   * @param cpuMillis CPU in thousandths of a core
   * @param memoryBytes memory
   * @param gpus the GPU ids it holds
   */
  public record Reservation(long cpuMillis, long memoryBytes, List<String> gpus) {
    /** Copies the list. */
    public Reservation {
      gpus = List.copyOf(gpus);
    }
  }

  /**
   * Reserves {@code request} now when it fits in what is free (capped to the machine like a step
   * when oversubscription is allowed); empty when it does not fit now ({@link #shortage} says why).
   *
   * @throws IllegalArgumentException when the request is {@link #unschedulable}
   */
  public Optional<Reservation> reserve(ResourceRequest request) {
    Optional<String> why = unschedulable(request);
    if (why.isPresent()) {
      throw new IllegalArgumentException(why.get());
    }
    long cpu = Math.min(cpuMillis(request), totalCpuMillis);
    long memory = Math.min(request.memoryBytes(), capacity.memoryBytes());
    int gpus =
        Math.min(
            isGpu(request.acceleratorType()) ? request.acceleratorCount() : 0, capacity.gpuCount());
    if (cpu > freeCpuMillis || memory > freeMemory || gpus > freeGpus.size()) {
      return Optional.empty();
    }
    freeCpuMillis -= cpu;
    freeMemory -= memory;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < gpus; i++) {
      ids.add(freeGpus.pollFirst());
    }
    return Optional.of(new Reservation(cpu, memory, ids));
  }

  /**
   * Counts resources that are held already, whatever is free (a server found running after a
   * restart keeps the GPUs it was given).
   */
  public Reservation claim(long cpuMillis, long memoryBytes, List<String> gpuIds) {
    freeCpuMillis -= cpuMillis;
    freeMemory -= memoryBytes;
    gpuIds.forEach(freeGpus::remove);
    return new Reservation(cpuMillis, memoryBytes, gpuIds);
  }

  /** Gives back a reservation; call {@link #admit} next, waiting steps may fit now. */
  public void release(Reservation r) {
    freeCpuMillis += r.cpuMillis();
    freeMemory += r.memoryBytes();
    freeGpus.addAll(r.gpus());
  }

  /**
   * Why {@code request} does not fit in what is free now, e.g. {@code waiting for 1 GPU: 2 of 2 in
   * use}; empty when it fits.
   */
  public Optional<String> shortage(ResourceRequest request) {
    int gpus = isGpu(request.acceleratorType()) ? request.acceleratorCount() : 0;
    if (gpus > freeGpus.size()) {
      int total = capacity.gpuCount();
      return Optional.of(
          "waiting for "
              + gpus
              + (gpus == 1 ? " GPU: " : " GPUs: ")
              + (total - freeGpus.size())
              + " of "
              + total
              + " in use");
    }
    long cpu = Math.min(cpuMillis(request), totalCpuMillis);
    if (cpu > freeCpuMillis) {
      return Optional.of(
          "waiting for "
              + number(cpu / 1000.0)
              + " CPUs: "
              + number(Math.max(0, freeCpuMillis) / 1000.0)
              + " of "
              + number(capacity.cpus())
              + " free");
    }
    long memory = Math.min(request.memoryBytes(), capacity.memoryBytes());
    if (memory > freeMemory) {
      return Optional.of(
          "waiting for "
              + bytes(memory)
              + " of memory: "
              + bytes(Math.max(0, freeMemory))
              + " of "
              + bytes(capacity.memoryBytes())
              + " free");
    }
    return Optional.empty();
  }

  /** Steps waiting. */
  public int waiting() {
    return queue.size();
  }

  /** Steps holding a grant. */
  public int running() {
    return running;
  }

  /** Free CPU, in thousandths of a core. */
  public long freeCpuMillis() {
    return freeCpuMillis;
  }

  /** Free memory in bytes. */
  public long freeMemory() {
    return freeMemory;
  }

  /** Free GPU ids. */
  public List<String> freeGpus() {
    return List.copyOf(freeGpus);
  }

  private Grant<K> take(Waiting<K> w) {
    freeCpuMillis -= w.cpuMillis;
    freeMemory -= w.memory;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < w.gpus; i++) {
      ids.add(freeGpus.pollFirst());
    }
    running++;
    return new Grant<>(w.key, w.cpuMillis, w.memory, ids);
  }

  /** Whether an accelerator type draws from the NVIDIA GPU pool. */
  static boolean isGpu(String acceleratorType) {
    return acceleratorType == null
        || acceleratorType.isBlank()
        || acceleratorType.toLowerCase(Locale.ROOT).contains("nvidia");
  }

  private static long cpuMillis(ResourceRequest request) {
    return request.cpus() <= 0 ? 0 : (long) Math.ceil(request.cpus() * 1000 - 1e-9);
  }

  /** GPU ids in numeric order when they are indices, else by text. */
  private static int compareIds(String a, String b) {
    boolean an = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
    boolean bn = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
    if (an && bn) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    return an != bn ? (an ? -1 : 1) : a.compareTo(b);
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** Bytes for people: {@code 512 MiB}, {@code 23.5 GiB}. */
  static String bytes(long b) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    String text = String.format(Locale.ROOT, "%.1f", v);
    if (text.endsWith(".0")) {
      text = text.substring(0, text.length() - 2);
    }
    return text + " " + units[u];
  }

  private static final class Waiting<K> {
    final K key;
    final long cpuMillis;
    final long memory;
    final int gpus;
    int bypassed;

    Waiting(K key, long cpuMillis, long memory, int gpus) {
      this.key = Objects.requireNonNull(key);
      this.cpuMillis = cpuMillis;
      this.memory = memory;
      this.gpus = gpus;
    }
  }
}
