package dev.skiff.store;

/**
 * A write on behalf of a run's driver was refused because the writer no longer holds the run's
 * lease: another process took the run over. The writer must stop driving it. Never transient.
 */
public final class LeaseLostException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** For the run that was lost. */
  public LeaseLostException(String runId, String owner) {
    super("run " + runId + " is no longer driven by " + owner + ": another process took it over");
  }

  @Override
  public boolean isTransient() {
    return false;
  }

  @Override
  public boolean isUnavailable() {
    return false;
  }
}
