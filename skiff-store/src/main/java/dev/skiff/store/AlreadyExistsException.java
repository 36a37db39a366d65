package dev.skiff.store;

/** A row with the same key is already stored; nothing was changed. */
public class AlreadyExistsException extends StoreException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message naming what exists. */
  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
