package dev.skiff.engine.executor.local.python;

import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What one Python interpreter offers: its real executable, version, whether it has the KFP SDK, and
 * which of some modules it cannot import. Found by running it once (a few tens of ms).
 *
 * @param executable {@code sys.executable}: the real interpreter behind a pyenv shim (a venv's
 *     python stays as is, so its packages stay visible)
 * @param major major version
 * @param minor minor version
 * @param version the full version, e.g. {@code 3.11.2}
 * @param kfpVersion the KFP SDK's version when a real SDK (not Skiff's runtime) is importable
 * @param missing the asked modules that are not importable
 * @param markers its PEP 508 marker environment ({@code python_version}, {@code sys_platform}, ...)
 */
public record PythonProbe(
    Path executable,
    int major,
    int minor,
    String version,
    Optional<String> kfpVersion,
    List<String> missing,
    Map<String, String> markers) {

  public PythonProbe {
    missing = List.copyOf(missing);
    markers = Map.copyOf(markers);
  }

  // find_spec looks modules up without importing them (fast, no side effects); kfp is a real SDK
  // when its package has no _skiff_runtime.py (Skiff's runtime marker).
  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, json, os, importlib.util, platform",
          "res = {'executable': sys.executable, 'version': list(sys.version_info[:3]),",
          "       'kfp': None, 'missing': []}",
          "res['markers'] = {'os_name': os.name, 'sys_platform': sys.platform,",
          "    'platform_machine': platform.machine(), 'platform_system': platform.system(),",
          "    'platform_release': platform.release(), 'platform_version': platform.version(),",
          "    'platform_python_implementation': platform.python_implementation(),",
          "    'python_version': '.'.join(platform.python_version_tuple()[:2]),",
          "    'python_full_version': platform.python_version(),",
          "    'implementation_name': sys.implementation.name}",
          "try:",
          "    s = importlib.util.find_spec('kfp')",
          "    if s is not None and s.origin and not os.path.exists(",
          "            os.path.join(os.path.dirname(s.origin), '_skiff_runtime.py')):",
          "        try:",
          "            from importlib.metadata import version",
          "            res['kfp'] = version('kfp')",
          "        except Exception:",
          "            res['kfp'] = 'unknown'",
          "except Exception:",
          "    pass",
          "for m in json.loads(sys.argv[1]):",
          "    try:",
          "        ok = importlib.util.find_spec(m) is not None",
          "    except Exception:",
          "        ok = False",
          "    if not ok:",
          "        res['missing'].append(m)",
          "print(json.dumps(res))");

  /**
   * The requirements (of {@code packages_to_install}) that apply to this interpreter and are not
   * importable by it: a requirement under an environment marker counts only where the marker holds;
   * one whose marker does not parse counts (pip would refuse it too).
   */
  public List<String> missingOf(List<String> requirements) {
    List<String> out = new ArrayList<>();
    for (String r : requirements) {
      Optional<String> marker = Requirements.marker(r);
      if (marker.isPresent()) {
        try {
          if (!EnvironmentMarker.evaluate(marker.get(), markers)) {
            continue;
          }
        } catch (EnvironmentMarker.MarkerException e) {
          out.add(r);
          continue;
        }
      }
      Optional<String> module = Requirements.module(r);
      if (module.isEmpty() || missing.contains(module.get())) {
        out.add(r);
      }
    }
    return out;
  }

  /** Whether Skiff's runtime can run on it (3.9+). */
  public boolean supportsSkiffRuntime() {
    return major > 3 || (major == 3 && minor >= 9);
  }

  /** Whether a KFP SDK 2.x that has {@code kfp.dsl.executor_main} is installed. */
  public boolean hasKfp2() {
    return kfpVersion.filter(v -> v.startsWith("2.")).isPresent();
  }

  /**
   * Runs {@code python} with the probe script.
   *
   * @param python the interpreter (a path or a shim)
   * @param modules modules to look for
   * @param env the environment to run it with (the one steps get)
   * @return empty when it does not run or answers nonsense
   */
  static Optional<PythonProbe> run(Path python, List<String> modules, Map<String, String> env) {
    List<JsonValue> names = new ArrayList<>();
    modules.forEach(m -> names.add(JsonValue.of(m)));
    ProcessBuilder pb =
        new ProcessBuilder(python.toString(), "-E", "-c", SCRIPT, JsonValue.list(names).toJson())
            .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      String line = text.lines().reduce((a, b) -> b).orElse("");
      return Optional.of(parse(JsonValue.parse(line)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static PythonProbe parse(JsonValue json) {
    JsonValue.Obj o = (JsonValue.Obj) json;
    List<JsonValue> v = ((JsonValue.Arr) o.fields().get("version")).items();
    int major = (int) ((JsonValue.Num) v.get(0)).value();
    int minor = (int) ((JsonValue.Num) v.get(1)).value();
    int micro = (int) ((JsonValue.Num) v.get(2)).value();
    Optional<String> kfp =
        o.fields().get("kfp") instanceof JsonValue.Str s
            ? Optional.of(s.value())
            : Optional.empty();
    List<String> missing = new ArrayList<>();
    for (JsonValue m : ((JsonValue.Arr) o.fields().get("missing")).items()) {
      missing.add(((JsonValue.Str) m).value());
    }
    Map<String, String> markers = new java.util.LinkedHashMap<>();
    if (o.fields().get("markers") instanceof JsonValue.Obj m) {
      m.fields()
          .forEach((k, val) -> markers.put(k, val instanceof JsonValue.Str str ? str.value() : ""));
    }
    return new PythonProbe(
        Path.of(((JsonValue.Str) o.fields().get("executable")).value()),
        major,
        minor,
        major + "." + minor + "." + micro,
        kfp,
        missing,
        markers);
  }
}
