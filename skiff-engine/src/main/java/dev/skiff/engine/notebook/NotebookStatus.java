package dev.skiff.engine.notebook;

/** Where a notebook server is in its life, as Kubeflow's notebook page shows it. */
public enum NotebookStatus {
  /** Wanted running; waiting for resources or starting (the reason says which). */
  PENDING,
  /** The server answers. */
  RUNNING,
  /** Being stopped (by a user or by idle culling). */
  STOPPING,
  /** Not running; the workspace is kept. */
  STOPPED,
  /** Could not start or ended by itself; the reason says why. */
  FAILED;

  /** The name users see: {@code Pending}, {@code Running}, ... */
  public String display() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
  }
}
