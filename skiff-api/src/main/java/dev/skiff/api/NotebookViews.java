package dev.skiff.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.v1.NotebookJson;
import dev.skiff.engine.launch.Quantities;
import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookEnvironment;
import dev.skiff.engine.notebook.NotebookEvent;
import dev.skiff.engine.notebook.NotebookSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Notebook servers between the engine's records and the API's JSON ({@link NotebookJson}): views of
 * notebooks, events and environments, and the spec a create request asks for, checked field by
 * field (a bad one is an {@link ApiRequestException} naming the field).
 */
public final class NotebookViews {
  /** The accelerator vendor Skiff assigns ({@code CUDA_VISIBLE_DEVICES}). */
  public static final NotebookJson.GpuVendor NVIDIA =
      new NotebookJson.GpuVendor("nvidia.com/gpu", "NVIDIA");

  /** The most GPUs one notebook may ask for. */
  public static final int MAX_GPUS = 64;

  private static final double MAX_CPUS = 1024;
  private static final long MAX_MEMORY = 1L << 50;
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final List<String> RESERVED =
      List.of("CUDA_VISIBLE_DEVICES", "KF_PIPELINES_ENDPOINT", "KF_PIPELINES_SA_TOKEN_PATH");
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private NotebookViews() {}

  /** A notebook as the API shows it. */
  public static NotebookJson.Notebook view(Notebook n) {
    NotebookSpec s = n.spec();
    return new NotebookJson.Notebook(
        n.name(),
        n.profile(),
        s.environment(),
        n.serverKind(),
        s.cpus(),
        s.memoryBytes(),
        bytes(s.memoryBytes()),
        new NotebookJson.Gpus(s.gpus().vendor(), s.gpus().count()),
        n.gpuIds(),
        new java.util.TreeMap<>(s.env()),
        s.volumes().stream()
            .map(v -> new NotebookJson.DataVolume(v.name(), v.mountPath()))
            .toList(),
        s.configurations(),
        new NotebookJson.Status(n.status().display(), n.reason()),
        n.path(),
        n.limits() == null ? "" : n.limits(),
        n.createdBy(),
        n.createdAt(),
        n.statusSince(),
        n.lastActivity().orElse(null));
  }

  /** An event as the API shows it. */
  public static NotebookJson.Event view(NotebookEvent e) {
    return new NotebookJson.Event(e.at(), e.type(), e.reason(), e.message());
  }

  /** An environment as the spawner form shows it. */
  public static NotebookJson.Environment view(NotebookEnvironment e) {
    return new NotebookJson.Environment(
        e.name(),
        e.displayName(),
        e.serverKind(),
        e.defaultCpus(),
        quantity(e.defaultMemoryBytes()),
        e.unavailable().isEmpty(),
        e.unavailable().orElse(null));
  }

  /**
   * The spec a create request asks for.
   *
   * @param environment the environment to use when the request names none
   * @throws ApiRequestException naming the field that is wrong
   */
  public static NotebookSpec spec(NotebookJson.NewNotebook r, String environment) {
    if (r.name() == null || r.name().isBlank()) {
      throw new ApiRequestException("name is required (lowercase letters, digits and '-')");
    }
    String env =
        r.environment() == null || r.environment().isBlank()
            ? environment
            : r.environment().strip();
    return new NotebookSpec(
        r.name().strip(),
        env,
        cpus(r.cpu()),
        memory(r.memory()),
        gpus(r.gpus()),
        env(r.env()),
        volumes(r.datavols()),
        configurations(r.configurations()));
  }

  /** {@code cpu}: a number of cores or a quantity string ({@code "0.5"}, {@code "500m"}). */
  static double cpus(JsonNode cpu) {
    if (cpu == null || cpu.isNull()) {
      return 0;
    }
    double c;
    if (cpu.isNumber()) {
      c = cpu.doubleValue();
    } else if (cpu.isTextual() && !cpu.asText().isBlank()) {
      try {
        c = Quantities.cpus(cpu.asText());
      } catch (IllegalArgumentException e) {
        throw new ApiRequestException(
            "cpu must be a number of cores like 0.5, 2 or \"500m\", got '" + cpu.asText() + "'");
      }
    } else if (cpu.isTextual()) {
      return 0;
    } else {
      throw new ApiRequestException(
          "cpu must be a number of cores like 0.5 or a string like \"500m\", got " + cpu);
    }
    if (!(c >= 0) || c > MAX_CPUS || Double.isInfinite(c)) {
      throw new ApiRequestException("cpu must be from 0 (the default) to 1024 cores, got " + cpu);
    }
    return c;
  }

  /** {@code memory}: bytes as a number, or a quantity string ({@code "1Gi"}, {@code "512M"}). */
  static long memory(JsonNode memory) {
    if (memory == null || memory.isNull()) {
      return 0;
    }
    double b;
    if (memory.isNumber()) {
      b = memory.doubleValue();
    } else if (memory.isTextual() && !memory.asText().isBlank()) {
      try {
        b = Quantities.parse(memory.asText());
      } catch (IllegalArgumentException e) {
        throw new ApiRequestException(
            "memory must be a size like \"1Gi\", \"512Mi\", \"2G\" or a number of bytes, got '"
                + memory.asText()
                + "'");
      }
    } else if (memory.isTextual()) {
      return 0;
    } else {
      throw new ApiRequestException(
          "memory must be a size like \"1Gi\" or a number of bytes, got " + memory);
    }
    if (!(b >= 0) || b > MAX_MEMORY) {
      throw new ApiRequestException("memory must be from 0 (the default) to 1 PiB, got " + memory);
    }
    return (long) Math.ceil(b);
  }

  private static NotebookSpec.Gpus gpus(NotebookJson.Gpus g) {
    if (g == null || g.num() == 0) {
      return NotebookSpec.Gpus.NONE;
    }
    if (g.num() < 0 || g.num() > MAX_GPUS) {
      throw new ApiRequestException("gpus.num must be from 0 to " + MAX_GPUS + ", got " + g.num());
    }
    String vendor = g.vendor() == null || g.vendor().isBlank() ? NVIDIA.key() : g.vendor().strip();
    if (!vendor.equals(NVIDIA.key())) {
      throw new ApiRequestException(
          "gpus.vendor must be "
              + NVIDIA.key()
              + " (the GPUs Skiff assigns), got '"
              + vendor
              + "'");
    }
    return new NotebookSpec.Gpus(vendor, g.num());
  }

  private static Map<String, String> env(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    if (env == null) {
      return out;
    }
    for (var e : env.entrySet()) {
      String k = e.getKey();
      if (!VARIABLE.matcher(k).matches()) {
        throw new ApiRequestException(
            "env: '" + k + "' is not an environment variable name (letters, digits and '_')");
      }
      if (RESERVED.contains(k.toUpperCase(Locale.ROOT))) {
        throw new ApiRequestException("env." + k + " is set by Skiff and cannot be given");
      }
      String v = e.getValue() == null ? "" : e.getValue();
      if (v.indexOf('\0') >= 0) {
        throw new ApiRequestException("env." + k + " must not contain a NUL character");
      }
      out.put(k, v);
    }
    return out;
  }

  private static List<NotebookSpec.Volume> volumes(List<NotebookJson.DataVolume> datavols) {
    List<NotebookSpec.Volume> out = new ArrayList<>();
    if (datavols == null) {
      return out;
    }
    for (int i = 0; i < datavols.size(); i++) {
      NotebookJson.DataVolume v = datavols.get(i);
      if (v == null || v.name() == null || v.name().isBlank()) {
        throw new ApiRequestException("datavols[" + i + "].name is required");
      }
      String mount =
          v.mount() == null || v.mount().isBlank() ? v.name().strip() : v.mount().strip();
      if (mount.startsWith("/")
          || mount.indexOf('\0') >= 0
          || List.of(mount.split("/")).contains("..")) {
        throw new ApiRequestException(
            "datavols["
                + i
                + "].mount must be a path inside the workspace (relative, without '..'), got '"
                + mount
                + "'");
      }
      out.add(new NotebookSpec.Volume(v.name().strip(), mount));
    }
    return out;
  }

  private static List<String> configurations(List<String> names) {
    if (names == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n == null || n.isBlank()) {
        throw new ApiRequestException("configurations[" + i + "] must be a configuration's name");
      }
      out.add(n.strip());
    }
    return out;
  }

  /** A size for people: {@code 1 GiB}, {@code 1.5 GiB}, {@code 512 MiB}. */
  public static String bytes(long b) {
    int unit = 0;
    double v = b;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    String n =
        BigDecimal.valueOf(v)
            .setScale(1, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString();
    return n + " " + UNITS[unit];
  }

  /** A size as a Kubernetes quantity: {@code 1Gi}, {@code 512Mi}, else bytes. */
  public static String quantity(long b) {
    String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi"};
    for (int i = units.length; i >= 1; i--) {
      long unit = 1L << (10 * i);
      if (b > 0 && b % unit == 0) {
        return b / unit + units[i - 1];
      }
    }
    return Long.toString(b);
  }

  /**
   * A duration as the configuration writes it: {@code 8h}, {@code 30m}, {@code 45s}, {@code off}.
   */
  public static String duration(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return "off";
    }
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s > 0 ? s + "s" : d.toMillis() + "ms";
  }
}
