package dev.skiff.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code skiff profiles|members|tokens} subcommand has: the server it talks to and
 * {@code -o json}.
 */
abstract class IdentitySubcommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json: the server's answer.")
  String output;

  @Mixin ServerTarget target;

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
