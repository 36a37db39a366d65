package dev.skiff.cli;

import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The server an identity command (profiles, members, tokens, audit, whoami) talks to: there is no
 * in-process form of these, since users, roles and tokens live in the server.
 */
final class ServerTarget {
  @Mixin RemoteOptions remote;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Skiff home whose running server to use (default ~/.skiff; env SKIFF_HOME).")
  Path home;

  /** A client of the server: see {@link RunClients#openServer}. */
  IdentityClient open() {
    return new IdentityClient(RunClients.openServer(remote, home));
  }

  /** A time as the tables show it: {@code 2026-12-05 03:04:05}, or "-" for none. */
  static String time(Instant t) {
    return t == null ? "-" : t.toString().substring(0, 19).replace('T', ' ');
  }
}
