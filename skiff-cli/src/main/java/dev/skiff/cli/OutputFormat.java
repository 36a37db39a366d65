package dev.skiff.cli;

/** The {@code -o} flag: only {@code json} (machine-readable) or nothing (tables for people). */
final class OutputFormat {
  private OutputFormat() {}

  static boolean isJson(String output) {
    if (output == null) {
      return false;
    }
    if (output.equals("json")) {
      return true;
    }
    throw new UsageError("unknown output format '" + output + "' (supported: json)");
  }
}
