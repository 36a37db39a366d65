package dev.skiff.engine.notebook;

import java.util.Optional;

/**
 * An environment users pick when creating a notebook (the local stand-in for Kubeflow's images).
 *
 * @param name its key, e.g. {@code python3}
 * @param displayName for the form
 * @param serverKind {@code jupyterlab}, {@code notebook} (classic), {@code jupyter-server} or
 *     {@code command} (a configured command, e.g. code-server)
 * @param defaultCpus CPU cores a notebook gets when it asks for none
 * @param defaultMemoryBytes memory a notebook gets when it asks for none
 * @param unavailable why it cannot be used on this machine (e.g. not installed); empty when it can
 */
public record NotebookEnvironment(
    String name,
    String displayName,
    String serverKind,
    double defaultCpus,
    long defaultMemoryBytes,
    Optional<String> unavailable) {}
