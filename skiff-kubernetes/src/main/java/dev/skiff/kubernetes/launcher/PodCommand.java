package dev.skiff.kubernetes.launcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the user's container runs, fully expanded.
 *
 * @param commandLine the command and its arguments, every placeholder expanded
 * @param platformEnv variables from the platform settings ({@code fieldPathAsEnv}), set only when
 *     the pod does not already define them (the executor may give the real downward-API values)
 * @param env the container's own variables ({@code $(VAR)} expanded), then Skiff's, in order
 * @param files files to write before the step runs (path relative to the volume → text)
 * @param runtime what runs the step, for people: {@code container}, or e.g. {@code
 *     skiff-python-runtime 2.15.2+skiff.1.0.0}
 */
record PodCommand(
    List<String> commandLine,
    Map<String, String> platformEnv,
    Map<String, String> env,
    Map<String, String> files,
    String runtime) {

  PodCommand {
    commandLine = List.copyOf(commandLine);
    platformEnv = Collections.unmodifiableMap(new TreeMap<>(platformEnv));
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }
}
