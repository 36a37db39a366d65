package dev.skiff.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The pool's connections to an embedded H2 file that a process opened exclusively. H2 closes a
 * database after a fatal error (out of memory, a failed write); a pool would then open the file
 * again as if nothing had happened, and work on, writing into a database whose last moments are
 * unknown. Once {@link Database} sees that the database it opened was closed, this refuses new
 * connections with a connection error ({@code 08003}), so every store call fails as "unavailable"
 * until the process restarts.
 */
final class ReopenGuard implements DataSource {
  private final JdbcDataSource h2 = new JdbcDataSource();
  private final String file;
  private volatile BooleanSupplier closed = () -> false;

  ReopenGuard(String url, String user, String password, String file) {
    h2.setURL(url);
    h2.setUser(user);
    h2.setPassword(password);
    this.file = file;
  }

  /** From now on, refuse connections once {@code test} says the opened database was closed. */
  void refuseWhen(BooleanSupplier test) {
    this.closed = test;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (closed.getAsBoolean()) {
      throw new SQLNonTransientConnectionException(
          "embedded database " + file + " was closed; it is not opened again in this process",
          "08003");
    }
    return h2.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return h2.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    h2.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) {
    h2.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return h2.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
