package dev.skiff.pipeline;

/**
 * One thing wrong with a pipeline file.
 *
 * @param path the field path, e.g. {@code root.dag.tasks.train.inputs.parameters.lr}; empty for the
 *     file as a whole
 * @param line the 1-based line in the file, or 0 when unknown (e.g. a spec built in code)
 * @param message what is wrong, in one line
 */
public record Problem(String path, int line, String message) {

  /**
   * {@code file.yaml:12: path: message}, leaving out what is unknown; always one line (line breaks
   * inside quoted values are shown as {@code \n}).
   */
  public String format(String sourceName) {
    StringBuilder out = new StringBuilder(sourceName);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString().replace("\r", "\\r").replace("\n", "\\n");
  }
}
