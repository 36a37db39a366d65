package dev.skiff.deploy.values;

/**
 * A values file that cannot be installed from: unreadable, malformed, an unknown key, a bad or
 * missing value. The message is one line naming the file, the line where there is one, and the key;
 * the CLI prints it and exits 2.
 */
public final class ValuesException extends RuntimeException {
  /** The one line naming the problem. */
  public ValuesException(String message) {
    super(message);
  }
}
