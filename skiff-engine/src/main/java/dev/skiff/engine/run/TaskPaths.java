package dev.skiff.engine.run;

/** Task paths: keys (and iteration indexes) joined by {@code /}; the root DAG is {@code ""}. */
public final class TaskPaths {
  private TaskPaths() {}

  /** The path of {@code key} inside the DAG instance at {@code parent}. */
  public static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "/" + key;
  }

  /** The path of iteration {@code index} of the loop at {@code loop}. */
  public static String iteration(String loop, int index) {
    return loop + "/" + index;
  }

  /** The enclosing path, {@code ""} for a root task. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last segment. */
  public static String key(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
