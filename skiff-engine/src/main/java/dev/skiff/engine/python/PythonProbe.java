package dev.skiff.engine.python;

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
 */
public record PythonProbe(
    Path executable,
    int major,
    int minor,
    String version,
    Optional<String> kfpVersion,
    List<String> missing) {

  public PythonProbe {
    missing = List.copyOf(missing);
  }

  // find_spec looks modules up without importing them (fast, no side effects); kfp is a real SDK
  // when its package has no _skiff_runtime.py (Skiff's runtime marker).
  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, json, os, importlib.util",
          "res = {'executable': sys.executable, 'version': list(sys.version_info[:3]),",
          "       'kfp': None, 'missing': []}",
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
    return new PythonProbe(
        Path.of(((JsonValue.Str) o.fields().get("executable")).value()),
        major,
        minor,
        major + "." + minor + "." + micro,
        kfp,
        missing);
  }
}
