package dev.skiff.engine.executor.local.python;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How Skiff runs lightweight Python components.
 *
 * @param pipIndexUrl a package index (env {@code SKIFF_PIP_INDEX_URL}); when set, a component whose
 *     {@code packages_to_install} the host lacks runs as the SDK compiled it (pip installs, with
 *     {@code PIP_INDEX_URL} set to this unless the step sets it); when empty such a step fails at
 *     once
 * @param python the interpreter to use (env {@code SKIFF_PYTHON}); when empty, {@code python3} on
 *     the {@code PATH} (a pyenv shim resolved to its interpreter), then {@code /usr/bin/python3}
 * @param sdkOnly run every Python component exactly as compiled (env {@code
 *     SKIFF_PYTHON_RUNTIME=sdk}); the default ({@code auto}) picks the host's kfp or Skiff's
 *     runtime
 */
public record PythonConfig(Optional<String> pipIndexUrl, Optional<Path> python, boolean sdkOnly) {

  /** Environment variable naming the package index. */
  public static final String PIP_INDEX_URL_ENV = "SKIFF_PIP_INDEX_URL";

  /** Environment variable naming the interpreter. */
  public static final String PYTHON_ENV = "SKIFF_PYTHON";

  /** Environment variable choosing {@code auto} (default) or {@code sdk}. */
  public static final String MODE_ENV = "SKIFF_PYTHON_RUNTIME";

  /** No index, interpreter found on the PATH, automatic choice. */
  public static final PythonConfig DEFAULTS =
      new PythonConfig(Optional.empty(), Optional.empty(), false);

  /** The settings from environment variables. */
  public static PythonConfig fromEnv(Map<String, String> env) {
    return new PythonConfig(
        nonBlank(env.get(PIP_INDEX_URL_ENV)),
        nonBlank(env.get(PYTHON_ENV)).map(Path::of),
        nonBlank(env.get(MODE_ENV)).filter("sdk"::equalsIgnoreCase).isPresent());
  }

  /** A copy with a package index. */
  public PythonConfig withPipIndexUrl(String url) {
    return new PythonConfig(nonBlank(url), python, sdkOnly);
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
