package dev.skiff.server.config;

import dev.skiff.engine.launch.Quantities;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.notebook.NotebookSettings.EnvironmentSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and checks the {@code notebooks.*} settings ({@link NotebookSettings}): the environments
 * users pick (a list of mappings in {@code skiff.yaml}), idle culling, the start timeout and the
 * admin-defined configurations (name → environment variables). A bad value is refused with one line
 * naming the file, line and key.
 */
final class NotebookSettingsLoader {
  /** The scalar keys; the environments and configurations are checked field by field here. */
  static final Set<String> KEYS =
      Set.of("notebooks.cullIdleAfter", "notebooks.cullCheckPeriod", "notebooks.startTimeout");

  /** Where {@code skiff.yaml} may hold lists (and list-valued fields). */
  static final String ENVIRONMENTS = "notebooks.environments";

  static final String CONFIGURATIONS = "notebooks.configurations";

  /** The fields of one environment. */
  static final List<String> ENVIRONMENT_FIELDS =
      List.of("name", "displayName", "kind", "python", "command", "defaultCpu", "defaultMemory");

  /** The server kinds an environment may name. */
  static final List<String> KINDS =
      List.of("auto", "jupyterlab", "notebook", "jupyter-server", "command");

  private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ITEM = Pattern.compile("(\\d+)\\.([^.]+)(?:\\.(\\d+))?");
  private static final double DEFAULT_CPUS = 0.5;
  private static final long DEFAULT_MEMORY = 1L << 30;

  private NotebookSettingsLoader() {}

  /** Whether {@code key} (from the file) belongs to this loader's lists and mappings. */
  static boolean isStructured(String key) {
    return key.startsWith(ENVIRONMENTS + ".") || key.startsWith(CONFIGURATIONS + ".");
  }

  static NotebookSettings load(ConfigLoader.Sources s) {
    Duration cullIdleAfter =
        idle(
            s,
            s.pick(
                null,
                "SKIFF_NOTEBOOKS_CULL_IDLE_AFTER",
                "notebooks.cullIdleAfter",
                NotebookSettings.DEFAULT_CULL_IDLE_AFTER.toHours() + "h"));
    Duration period =
        atLeastASecond(
            s,
            s.pick(null, "SKIFF_NOTEBOOKS_CULL_CHECK_PERIOD", "notebooks.cullCheckPeriod", "1m"));
    Duration startTimeout =
        atLeastASecond(
            s, s.pick(null, "SKIFF_NOTEBOOKS_START_TIMEOUT", "notebooks.startTimeout", "2m"));
    return new NotebookSettings(
        environments(s), cullIdleAfter, period, startTimeout, configurations(s));
  }

  /** {@code off} (or 0) turns culling off; otherwise a duration of at least a second. */
  private static Duration idle(ConfigLoader.Sources s, ConfigLoader.Value v) {
    String text = v.value().strip().toLowerCase(Locale.ROOT);
    if (text.equals("off") || text.equals("0") || text.equals("never")) {
      return Duration.ZERO;
    }
    if (!DURATION.matcher(text).matches()) {
      throw s.bad(v, "must be a duration like 30m or 8h, or off, got '" + v.value() + "'");
    }
    return atLeastASecond(s, v);
  }

  private static final Pattern DURATION = Pattern.compile("\\d+\\s*(ms|s|m|h)");

  private static Duration atLeastASecond(ConfigLoader.Sources s, ConfigLoader.Value v) {
    Duration d = ConfigLoader.parseDuration(s, v);
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw s.bad(v, "must be at least 1s, got '" + v.value() + "'");
    }
    return d;
  }

  /** The {@code notebooks.environments} list, in its order. */
  private static List<EnvironmentSettings> environments(ConfigLoader.Sources s) {
    // index → field → value (commands: index → "command" → item index → value)
    Map<Integer, Map<String, FlatYaml.Entry>> fields = new TreeMap<>();
    Map<Integer, Map<Integer, FlatYaml.Entry>> commands = new TreeMap<>();
    for (var e : s.file().entrySet()) {
      if (!e.getKey().startsWith(ENVIRONMENTS + ".")) {
        continue;
      }
      String rest = e.getKey().substring(ENVIRONMENTS.length() + 1);
      var m = ITEM.matcher(rest);
      if (!m.matches()
          || !ENVIRONMENT_FIELDS.contains(m.group(2))
          || (m.group(3) != null && !m.group(2).equals("command"))) {
        throw bad(
            s,
            e.getValue(),
            e.getKey(),
            "unknown field; an environment has "
                + String.join(", ", ENVIRONMENT_FIELDS)
                + " (notebooks.environments is a list of mappings)");
      }
      int index = Integer.parseInt(m.group(1));
      if (m.group(3) != null) {
        commands
            .computeIfAbsent(index, i -> new TreeMap<>())
            .put(Integer.parseInt(m.group(3)), e.getValue());
      } else {
        fields.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
      }
    }
    for (Integer i : commands.keySet()) {
      fields.computeIfAbsent(i, x -> new LinkedHashMap<>());
    }
    List<EnvironmentSettings> out = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (var item : fields.entrySet()) {
      int i = item.getKey();
      Map<String, FlatYaml.Entry> f = item.getValue();
      String prefix = ENVIRONMENTS + "." + i + ".";
      FlatYaml.Entry nameEntry = f.get("name");
      if (nameEntry == null || blank(nameEntry.value())) {
        FlatYaml.Entry any = f.values().stream().findFirst().orElse(null);
        if (any == null) {
          any = commands.get(i).values().iterator().next();
        }
        throw bad(s, any, prefix + "name", "every environment needs a name");
      }
      String name = nameEntry.value().strip();
      if (!NAME.matcher(name).matches()) {
        throw bad(
            s,
            nameEntry,
            prefix + "name",
            "'"
                + name
                + "' is not a valid name (lowercase letters, digits and '-', starting with a"
                + " letter, at most 63)");
      }
      if (!names.add(name)) {
        throw bad(s, nameEntry, prefix + "name", "a second environment named '" + name + "'");
      }
      String kind = text(f.get("kind"));
      kind = kind == null ? "auto" : kind.toLowerCase(Locale.ROOT);
      if (!KINDS.contains(kind)) {
        throw bad(
            s,
            f.get("kind"),
            prefix + "kind",
            "must be one of " + String.join(", ", KINDS) + ", got '" + text(f.get("kind")) + "'");
      }
      List<String> command = command(f.get("command"), commands.get(i));
      if (kind.equals("command") && command.isEmpty()) {
        throw bad(
            s,
            nameEntry,
            prefix + "command",
            "environment '"
                + name
                + "' of kind command needs a command (e.g. [code-server, --bind-addr,"
                + " '127.0.0.1:{port}'])");
      }
      if (!kind.equals("command") && !command.isEmpty()) {
        throw bad(
            s,
            f.containsKey("command") ? f.get("command") : nameEntry,
            prefix + "command",
            "only an environment of kind command runs a command (this one is " + kind + ")");
      }
      String python = text(f.get("python"));
      if (python != null && kind.equals("command")) {
        throw bad(
            s,
            f.get("python"),
            prefix + "python",
            "an environment of kind command runs its command, not a Python interpreter");
      }
      double cpus = DEFAULT_CPUS;
      if (f.get("defaultCpu") != null) {
        cpus = cpus(s, f.get("defaultCpu"), prefix + "defaultCpu");
      }
      long memory = DEFAULT_MEMORY;
      if (f.get("defaultMemory") != null) {
        memory = memory(s, f.get("defaultMemory"), prefix + "defaultMemory");
      }
      out.add(
          new EnvironmentSettings(
              name, text(f.get("displayName")), kind, python, command, cpus, memory));
    }
    return out;
  }

  /** A command given as a list, or as one line split at spaces. */
  private static List<String> command(FlatYaml.Entry line, Map<Integer, FlatYaml.Entry> items) {
    List<String> out = new ArrayList<>();
    if (items != null) {
      for (FlatYaml.Entry e : items.values()) {
        if (e.value() != null) {
          out.add(e.value());
        }
      }
    }
    if (line != null && !blank(line.value())) {
      out.addAll(List.of(line.value().strip().split("\\s+")));
    }
    return out;
  }

  private static double cpus(ConfigLoader.Sources s, FlatYaml.Entry e, String key) {
    try {
      double c = Quantities.cpus(e.value() == null ? "" : e.value());
      if (c > 0 && c <= 1024) {
        return c;
      }
    } catch (IllegalArgumentException ex) {
      // answered below
    }
    throw bad(s, e, key, "must be CPU cores like 0.5, 2 or 500m, got '" + e.value() + "'");
  }

  private static long memory(ConfigLoader.Sources s, FlatYaml.Entry e, String key) {
    try {
      long b = Quantities.bytes(e.value() == null ? "" : e.value());
      if (b >= 1 << 20 && b <= (1L << 50)) {
        return b;
      }
    } catch (IllegalArgumentException ex) {
      // answered below
    }
    throw bad(
        s,
        e,
        key,
        "must be a memory size like 1Gi, 512Mi or 2G (at least 1Mi), got '" + e.value() + "'");
  }

  /** The {@code notebooks.configurations} mapping: name → variables. */
  private static Map<String, Map<String, String>> configurations(ConfigLoader.Sources s) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (var e : s.file().entrySet()) {
      if (!e.getKey().startsWith(CONFIGURATIONS + ".")) {
        continue;
      }
      String rest = e.getKey().substring(CONFIGURATIONS.length() + 1);
      int dot = rest.indexOf('.');
      if (dot < 0) {
        throw bad(
            s,
            e.getValue(),
            e.getKey(),
            "a configuration is a mapping of environment variables (e.g. "
                + CONFIGURATIONS
                + ".hf-cache: {HF_HOME: /data/hf})");
      }
      String name = rest.substring(0, dot);
      String variable = rest.substring(dot + 1);
      if (!NAME.matcher(name).matches()) {
        throw bad(
            s,
            e.getValue(),
            e.getKey(),
            "'"
                + name
                + "' is not a valid configuration name (lowercase letters, digits and '-',"
                + " starting with a letter, at most 63)");
      }
      if (!VARIABLE.matcher(variable).matches()) {
        throw bad(
            s,
            e.getValue(),
            e.getKey(),
            "'" + variable + "' is not an environment variable name (letters, digits and '_')");
      }
      out.computeIfAbsent(name, n -> new TreeMap<>())
          .put(variable, e.getValue().value() == null ? "" : e.getValue().value());
    }
    return out;
  }

  private static ConfigException bad(
      ConfigLoader.Sources s, FlatYaml.Entry at, String key, String problem) {
    return new ConfigException(
        s.fileName() + ":" + (at == null ? 0 : at.line()) + ": " + key + ": " + problem);
  }

  private static String text(FlatYaml.Entry e) {
    return e == null || blank(e.value()) ? null : e.value().strip();
  }

  private static boolean blank(String v) {
    return v == null || v.isBlank();
  }
}
