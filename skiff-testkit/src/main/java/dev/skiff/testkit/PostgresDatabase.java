package dev.skiff.testkit;

import java.util.Objects;

/**
 * One throw-away database inside the shared test PostgreSQL server: what a test needs to connect.
 *
 * @param name the database name (unique within the server)
 * @param jdbcUrl a {@code jdbc:postgresql://127.0.0.1:<port>/<name>} URL
 * @param user a superuser of the server
 * @param password the user's password (the embedded server trusts local connections, so any
 *     password works; it is given so callers exercise the same code path as in production)
 */
public record PostgresDatabase(String name, String jdbcUrl, String user, String password) {

  /** Checks that every part is present. */
  public PostgresDatabase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /** Leaves the password out, as production config types do, so the habit is the same in tests. */
  @Override
  public String toString() {
    return "PostgresDatabase[name=" + name + ", jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
  }
}
