package dev.skiff.server.config;

/**
 * A configuration value is missing, malformed or out of range. The message is one line that names
 * the key (and the file and line when the value came from {@code skiff.yaml}); the server does not
 * start.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
