package dev.skiff.pipeline;

import java.util.Map;

/**
 * Where each field of a parsed document sits in its file: field path to 1-based line. Paths join
 * map keys with dots and mark list elements with {@code [i]}, e.g. {@code
 * deploymentSpec.executors.exec-a.container.args[2]}.
 */
public final class SourceMap {

  private final Map<String, Integer> lines;

  /** Wraps a path-to-line map (copied). */
  public SourceMap(Map<String, Integer> lines) {
    this.lines = Map.copyOf(lines);
  }

  /**
   * The line of {@code path}, or of its nearest ancestor that has one (a missing field points at
   * the object that lacks it); 0 when nothing matches.
   */
  public int lineOf(String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = parent(p);
    }
  }

  /** The map for the subtree under {@code prefix}, with paths relative to it. */
  public SourceMap subtree(String prefix) {
    Map<String, Integer> sub = new java.util.HashMap<>();
    String dotted = prefix + ".";
    lines.forEach(
        (path, line) -> {
          if (path.equals(prefix)) {
            sub.put("", line);
          } else if (path.startsWith(dotted)) {
            sub.put(path.substring(dotted.length()), line);
          }
        });
    return new SourceMap(sub);
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
