package dev.skiff.cli;

import picocli.CommandLine.Option;

/** Which server a command talks to: the flags shared by run, get, logs and cancel. */
final class RemoteOptions {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description = {
        "A running Skiff server, e.g. http://127.0.0.1:8080. Default: the server running on the",
        "home when there is one (it wrote server.json there), else this process opens the home."
      })
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = {
        "An API token (default: env SKIFF_TOKEN, else the one 'skiff login' stored for the",
        "server, else, for a server on this machine, the home's token file)."
      })
  String token;
}
