package dev.skiff.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@link Main} in-process and captures what it prints. */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** The error output's lines (without a trailing empty one). */
  String[] errLines() {
    return err.strip().isEmpty() ? new String[0] : err.strip().split("\n");
  }
}
