package dev.skiff.cli;

/**
 * The command ran and failed for a reason outside the user's input (e.g. the server cannot be
 * reached): printed as one line, exit code 1.
 */
final class CommandFailure extends RuntimeException {
  CommandFailure(String message) {
    super(message);
  }
}
