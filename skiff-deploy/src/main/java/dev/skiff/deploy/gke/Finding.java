package dev.skiff.deploy.gke;

/**
 * One preflight check's outcome.
 *
 * @param check what was checked, e.g. {@code CPUS (asia-northeast1)} or {@code APIs}
 * @param status whether it passed, could not be decided, or stops the plan
 * @param message required vs available, or what is wrong
 * @param fix how to put it right; empty when there is nothing to do
 */
public record Finding(String check, Status status, String message, String fix) {
  /** How a check came out. */
  public enum Status {
    /** Passed. */
    OK,
    /** Could not be decided (e.g. a machine type whose size Skiff does not know): check by hand. */
    NOTE,
    /** The plan cannot succeed until it is fixed. */
    PROBLEM
  }

  /** A check that passed. */
  public static Finding ok(String check, String message) {
    return new Finding(check, Status.OK, message, "");
  }

  /** A check that could not be decided. */
  public static Finding note(String check, String message, String fix) {
    return new Finding(check, Status.NOTE, message, fix);
  }

  /** A check that failed, with its fix. */
  public static Finding problem(String check, String message, String fix) {
    return new Finding(check, Status.PROBLEM, message, fix);
  }

  /** Whether the plan cannot succeed because of it. */
  public boolean problem() {
    return status == Status.PROBLEM;
  }
}
