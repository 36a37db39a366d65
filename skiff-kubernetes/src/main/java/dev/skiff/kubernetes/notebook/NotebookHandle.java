package dev.skiff.kubernetes.notebook;

import java.util.Optional;

/**
 * A server's handle as the engine stores it: {@code <namespace>/<name>} of its Notebook.
 *
 * @param namespace the profile's namespace
 * @param name the Notebook's name
 */
record NotebookHandle(String namespace, String name) {

  /** {@code namespace/name}. */
  String format() {
    return namespace + "/" + name;
  }

  /** Reads a handle; empty when it is not one of this launcher's. */
  static Optional<NotebookHandle> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new NotebookHandle(text.substring(0, slash), text.substring(slash + 1)));
  }

  /** The server's pod (the StatefulSet's only one). */
  String pod() {
    return name + "-0";
  }

  /** The Secret with the server's token and environment. */
  String secret() {
    return name + "-server";
  }

  /** The workspace volume claim, kept across stop and start. */
  String workspace() {
    return name + "-workspace";
  }
}
