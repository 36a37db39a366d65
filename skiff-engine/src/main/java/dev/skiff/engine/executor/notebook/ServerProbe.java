package dev.skiff.engine.executor.notebook;

import java.util.Optional;

/**
 * What an environment runs on this launcher.
 *
 * @param kind the server kind that runs ({@code jupyterlab}, {@code notebook}, {@code
 *     jupyter-server}, {@code command}); the configured kind when it cannot run
 * @param unavailable why it cannot run, or empty
 */
public record ServerProbe(String kind, Optional<String> unavailable) {}
