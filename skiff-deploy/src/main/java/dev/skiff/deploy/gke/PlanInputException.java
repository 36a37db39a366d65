package dev.skiff.deploy.gke;

/**
 * A plan cannot be made from what the user asked for (a malformed project id, zone or GPU), or the
 * saved facts it should be checked against are missing or malformed. Reported as one line; the CLI
 * exits 2 and writes nothing.
 */
public final class PlanInputException extends RuntimeException {
  /** The one line naming the problem. */
  public PlanInputException(String message) {
    super(message);
  }
}
