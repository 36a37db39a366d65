package dev.skiff.engine.notebook;

import dev.skiff.engine.catalog.CatalogException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what a user asks for and fills in the defaults; each mistake is one line naming the field.
 * Pure: the environments, configurations and machine check are given.
 */
final class NotebookRules {
  /** The accelerator resource key Skiff schedules (Kubeflow's form offers the same key). */
  static final String NVIDIA = "nvidia.com/gpu";

  static final int MAX_NAME = 63;
  private static final java.util.Set<String> RESERVED = java.util.Set.of("new");
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9._/-]+");
  private static final Set<String> RESERVED_ENV =
      Set.of("CUDA_VISIBLE_DEVICES", "HOME", "JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE");
  private static final double MAX_CPUS = 4096;
  private static final long MAX_MEMORY = 1L << 50; // 1 PiB
  private static final int MAX_GPUS = 64;
  private static final int MAX_ENV = 200;
  private static final int MAX_VOLUMES = 32;

  private final Map<String, NotebookEnvironment> environments;
  private final Map<String, Map<String, String>> configurations;

  NotebookRules(
      List<NotebookEnvironment> environments, Map<String, Map<String, String>> configurations) {
    Map<String, NotebookEnvironment> byName = new LinkedHashMap<>();
    environments.forEach(e -> byName.put(e.name(), e));
    this.environments = byName;
    this.configurations = Map.copyOf(configurations);
  }

  /** The problem with a notebook (or volume) name, or empty when it is a good one. */
  static Optional<String> nameProblem(String what, String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of(what + " is missing");
    }
    if (name.length() > MAX_NAME) {
      return Optional.of(what + " '" + shown(name) + "' is longer than 63 characters");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of(
          what
              + " '"
              + shown(name)
              + "' must be lowercase letters, digits and '-', start with a letter and end with a"
              + " letter or digit");
    }
    return Optional.empty();
  }

  /** The name, checked. */
  static String name(String name) {
    nameProblem("notebook name", name).ifPresent(NotebookRules::invalid);
    if (RESERVED.contains(name)) {
      // The dashboard's spawner form lives at /p/{profile}/notebooks/new.
      invalid("notebook name '" + name + "' is reserved; pick another");
    }
    return name;
  }

  /**
   * The spec checked and completed: defaults for CPU and memory from the environment, the GPU
   * vendor named when GPUs are asked.
   *
   * @throws CatalogException.Invalid naming the first problem
   */
  NotebookSpec check(NotebookSpec spec) {
    name(spec.name());
    NotebookEnvironment env = environment(spec.environment());
    double cpus = spec.cpus();
    if (!Double.isFinite(cpus) || cpus < 0) {
      invalid("cpu must be a number of cores, 0 or more (e.g. 0.5)");
    }
    if (cpus > MAX_CPUS) {
      invalid("cpu " + cpus + " is more than " + (int) MAX_CPUS + " cores");
    }
    if (spec.memoryBytes() < 0) {
      invalid("memory must be 0 or more bytes (e.g. 1Gi)");
    }
    if (spec.memoryBytes() > MAX_MEMORY) {
      invalid("memory " + spec.memoryBytes() + " bytes is more than 1 PiB");
    }
    NotebookSpec.Gpus gpus = gpus(spec.gpus());
    Map<String, String> envVars = env(spec.env());
    List<NotebookSpec.Volume> volumes = volumes(spec.volumes());
    List<String> configs = configurations(spec.configurations());
    return new NotebookSpec(
        spec.name(),
        env.name(),
        cpus == 0 ? env.defaultCpus() : cpus,
        spec.memoryBytes() == 0 ? env.defaultMemoryBytes() : spec.memoryBytes(),
        gpus,
        envVars,
        volumes,
        configs);
  }

  private NotebookEnvironment environment(String name) {
    if (name == null || name.isBlank()) {
      // none named: the first that can be used here (Kubeflow's form preselects an image)
      return environments.values().stream()
          .filter(e -> e.unavailable().isEmpty())
          .findFirst()
          .orElseThrow(
              () ->
                  new CatalogException.Invalid(
                      "no environment can be used here ("
                          + String.join(", ", environments.keySet())
                          + "): install Jupyter or configure notebooks.environments"));
    }
    NotebookEnvironment env = environments.get(name);
    if (env == null) {
      invalid(
          "unknown environment '"
              + shown(name)
              + "' (known: "
              + String.join(", ", environments.keySet())
              + ")");
    }
    if (env.unavailable().isPresent()) {
      invalid("environment '" + name + "' cannot be used here: " + env.unavailable().get());
    }
    return env;
  }

  private static NotebookSpec.Gpus gpus(NotebookSpec.Gpus gpus) {
    if (gpus.count() < 0) {
      invalid("gpus num must be 0 or more");
    }
    if (gpus.count() > MAX_GPUS) {
      invalid("gpus num " + gpus.count() + " is more than " + MAX_GPUS);
    }
    if (gpus.count() == 0) {
      return NotebookSpec.Gpus.NONE;
    }
    String vendor = gpus.vendor().isBlank() ? NVIDIA : gpus.vendor().strip();
    if (!vendor.toLowerCase(Locale.ROOT).equals(NVIDIA)) {
      invalid(
          "gpu vendor '"
              + shown(vendor)
              + "': this machine has none (Skiff detects NVIDIA GPUs only: "
              + NVIDIA
              + ")");
    }
    return new NotebookSpec.Gpus(NVIDIA, gpus.count());
  }

  private static Map<String, String> env(Map<String, String> env) {
    if (env.size() > MAX_ENV) {
      invalid("env has " + env.size() + " variables; at most " + MAX_ENV);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String k = e.getKey();
      if (k == null || !ENV_NAME.matcher(k).matches() || k.length() > 255) {
        invalid("env name '" + shown(String.valueOf(k)) + "' is not a variable name");
      }
      if (RESERVED_ENV.contains(k)) {
        invalid("env " + k + " is set by Skiff");
      }
      String v = e.getValue() == null ? "" : e.getValue();
      if (v.length() > 4000 || v.indexOf('\0') >= 0) {
        invalid("env " + k + " must be at most 4000 characters, without NUL");
      }
      out.put(k, v);
    }
    return out;
  }

  private static List<NotebookSpec.Volume> volumes(List<NotebookSpec.Volume> volumes) {
    if (volumes.size() > MAX_VOLUMES) {
      invalid("at most " + MAX_VOLUMES + " data volumes");
    }
    List<NotebookSpec.Volume> out = new ArrayList<>();
    Set<String> mounts = new HashSet<>();
    for (NotebookSpec.Volume v : volumes) {
      if (v == null) {
        invalid("a data volume is empty");
      }
      nameProblem("volume name", v.name()).ifPresent(NotebookRules::invalid);
      String mount = v.mountPath() == null || v.mountPath().isBlank() ? v.name() : v.mountPath();
      mount = mount.strip();
      while (mount.endsWith("/") && mount.length() > 1) {
        mount = mount.substring(0, mount.length() - 1);
      }
      String problem = mountProblem(mount);
      if (problem != null) {
        invalid("volume '" + v.name() + "' mount path '" + shown(mount) + "' " + problem);
      }
      if (!mounts.add(mount)) {
        invalid("two data volumes are mounted at '" + mount + "'");
      }
      out.add(new NotebookSpec.Volume(v.name(), mount));
    }
    return out;
  }

  private static String mountProblem(String mount) {
    if (mount.startsWith("/")) {
      return "must be relative to the workspace (e.g. data)";
    }
    if (mount.length() > 255 || !MOUNT.matcher(mount).matches()) {
      return "may hold letters, digits, '.', '_', '-' and '/' only";
    }
    for (String part : mount.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return "must not contain empty, '.' or '..' parts";
      }
    }
    return null;
  }

  private List<String> configurations(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (n == null || !configurations.containsKey(n)) {
        invalid(
            "unknown configuration '"
                + shown(String.valueOf(n))
                + "'"
                + (configurations.isEmpty()
                    ? " (none are configured)"
                    : " (known: "
                        + String.join(", ", configurations.keySet().stream().sorted().toList())
                        + ")"));
      }
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static void invalid(String message) {
    throw new CatalogException.Invalid(message);
  }

  static String shown(String s) {
    String t = s.length() > 70 ? s.substring(0, 70) + "..." : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }
}
