package dev.skiff.engine.executor.notebook;

import java.util.List;

/**
 * An environment a server runs in, as the administrator configured it.
 *
 * @param name its key
 * @param kind {@code auto}, {@code jupyterlab}, {@code notebook}, {@code jupyter-server} or {@code
 *     command}
 * @param python the interpreter, or null for the launcher's default
 * @param command for {@code command}: the program and its arguments with placeholders
 */
public record ServerEnvironment(String name, String kind, String python, List<String> command) {
  /** Copies the command. */
  public ServerEnvironment {
    command = command == null ? List.of() : List.copyOf(command);
  }
}
