package dev.skiff.cli;

import dev.skiff.server.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the runs live: the flags shared by run, get, logs and cancel. */
final class HomeOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Skiff home: database, artifacts, logs (default ~/.skiff; env SKIFF_HOME).")
  Path home;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "Database (default: the embedded H2 under the home; env SKIFF_DB_URL).")
  String dbUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user (env SKIFF_DB_USER).")
  String dbUser;

  ConfigLoader.Overrides overrides() {
    return new ConfigLoader.Overrides(home, null, null, null, dbUrl, dbUser, null);
  }
}
