package dev.skiff.engine.executor.local.python;

import java.util.List;
import java.util.Optional;

/**
 * A lightweight Python component's command as the KFP SDK compiles it, taken apart.
 *
 * @param kfpVersion the version of the {@code kfp==X} the preamble pip-installs, if pinned
 * @param packages the component's {@code packages_to_install}, as written (specifiers and markers
 *     kept; the kfp install and its {@code typing-extensions} are not in it)
 * @param indexUrls {@code --index-url} / {@code --extra-index-url} values the SDK compiled in
 * @param trustedHosts {@code --trusted-host} values
 * @param venv whether the packages go into a fresh virtual environment ({@code use_venv=True})
 * @param entryModule the module the program runs, {@code kfp.dsl.executor_main} (or {@code
 *     kfp.components.executor_main} of KFP 2.0 pre-releases)
 * @param source the component function's module source
 * @param functionName the {@code --function_to_execute} argument, if any
 * @param args what the program gets as {@code "$@"} (after the source)
 */
public record LightweightCommand(
    Optional<String> kfpVersion,
    List<String> packages,
    List<String> indexUrls,
    List<String> trustedHosts,
    boolean venv,
    String entryModule,
    String source,
    Optional<String> functionName,
    List<String> args) {

  public LightweightCommand {
    packages = List.copyOf(packages);
    indexUrls = List.copyOf(indexUrls);
    trustedHosts = List.copyOf(trustedHosts);
    args = List.copyOf(args);
  }
}
