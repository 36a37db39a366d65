package dev.skiff.engine.executor.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the machine offers to steps.
 *
 * @param cpus CPU cores
 * @param memoryBytes memory in bytes
 * @param gpus the ids of the NVIDIA GPUs steps may use, as they go into {@code
 *     CUDA_VISIBLE_DEVICES} (indices, or UUIDs when the server's own {@code CUDA_VISIBLE_DEVICES}
 *     names them so)
 * @param gpuSource how the GPUs were found, for messages, e.g. {@code nvidia-smi found none} or
 *     {@code set by configuration}
 */
public record MachineCapacity(double cpus, long memoryBytes, List<String> gpus, String gpuSource) {

  /** Checks the values and copies the list. */
  public MachineCapacity {
    if (!(cpus > 0) || memoryBytes <= 0) {
      throw new IllegalArgumentException(
          "capacity needs cpus > 0 and memory > 0, got " + cpus + " and " + memoryBytes);
    }
    gpus = List.copyOf(gpus);
  }

  /** A capacity given by hand (tests, CLI flags); GPUs are numbered 0..gpus-1. */
  public static MachineCapacity of(double cpus, long memoryBytes, int gpus) {
    List<String> ids = IntStream.range(0, gpus).mapToObj(Integer::toString).toList();
    return new MachineCapacity(cpus, memoryBytes, ids, "set by configuration");
  }

  /**
   * This machine: {@link Runtime#availableProcessors()} cores (which honours container CPU limits),
   * the JVM's view of total memory (container-aware; else {@code /proc/meminfo} MemTotal), and the
   * GPUs {@code nvidia-smi -L} lists. When the server itself runs with {@code
   * CUDA_VISIBLE_DEVICES}, only the GPUs named there (by index or UUID) are offered to steps.
   */
  public static MachineCapacity detect() {
    return detect(NvidiaSmi.detect(), System.getenv());
  }

  static MachineCapacity detect(NvidiaSmi.Detection detection, Map<String, String> serverEnv) {
    List<String> ids = visibleGpus(detection.gpus(), serverEnv.get("CUDA_VISIBLE_DEVICES"));
    String source = detection.summary();
    if (ids.size() != detection.gpus().size()) {
      source += ", " + ids.size() + " visible through CUDA_VISIBLE_DEVICES";
    }
    return new MachineCapacity(
        Runtime.getRuntime().availableProcessors(), totalMemory(), ids, source);
  }

  /** The GPU ids steps may use: all detected, or those the server's own env var names. */
  static List<String> visibleGpus(List<NvidiaSmi.Gpu> detected, String serverVisible) {
    if (serverVisible == null) {
      return detected.stream().map(g -> Integer.toString(g.index())).toList();
    }
    List<String> ids = new ArrayList<>();
    for (String part : serverVisible.split(",")) {
      String id = part.strip();
      for (NvidiaSmi.Gpu g : detected) {
        if ((id.equals(Integer.toString(g.index())) || id.equals(g.uuid())) && !ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** Total memory as the JVM sees it (cgroup limits included), else MemTotal. */
  static long totalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize();
      if (total > 0) {
        return total;
      }
    }
    try {
      return memTotal(Files.readString(Path.of("/proc/meminfo")));
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().maxMemory();
    }
  }

  /** The {@code MemTotal:} line of {@code /proc/meminfo}, in bytes. */
  static long memTotal(String meminfo) {
    for (String line : meminfo.lines().toList()) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
        long value = Long.parseLong(parts[0]);
        return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
      }
    }
    throw new IllegalArgumentException("no MemTotal line");
  }

  /** The number of GPUs. */
  public int gpuCount() {
    return gpus.size();
  }
}
