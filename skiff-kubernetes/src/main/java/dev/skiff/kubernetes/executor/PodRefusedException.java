package dev.skiff.kubernetes.executor;

/** A step whose pod cannot be built: the message is the one line its task shows. */
public final class PodRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A refusal with this message. */
  public PodRefusedException(String message) {
    super(message);
  }
}
