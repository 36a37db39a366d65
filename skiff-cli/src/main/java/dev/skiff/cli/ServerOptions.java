package dev.skiff.cli;

import dev.skiff.server.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags shared by {@code skiff up} and {@code skiff server}; each overrides skiff.yaml and env.
 */
final class ServerOptions {
  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Interface to listen on (default 127.0.0.1; env SKIFF_HOST).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default 8080; 0 picks a free port; env SKIFF_PORT).")
  Integer port;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Skiff home: database, artifacts, logs (default ~/.skiff; env SKIFF_HOME).")
  Path home;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (default $SKIFF_HOME/skiff.yaml when present).")
  Path config;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "Database, e.g. jdbc:postgresql://localhost:5432/skiff (default: embedded H2 under the"
              + " home; env SKIFF_DB_URL).")
  String dbUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user (env SKIFF_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "Database password (prefer env SKIFF_DB_PASSWORD: flags show in `ps`).")
  String dbPassword;

  ConfigLoader.Overrides overrides() {
    return new ConfigLoader.Overrides(home, config, host, port, dbUrl, dbUser, dbPassword);
  }
}
