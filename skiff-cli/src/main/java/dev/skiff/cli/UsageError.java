package dev.skiff.cli;

/** The user asked for something that cannot be: printed as one line, exit code 2. */
class UsageError extends RuntimeException {
  UsageError(String message) {
    super(message);
  }
}
