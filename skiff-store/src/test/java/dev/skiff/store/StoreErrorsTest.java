package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StoreErrorsTest {

  @Test
  void a_network_failure_deep_in_the_chain_wins() {
    var chain =
        new RuntimeException(
            "Failed to initialize pool: Connection to 127.0.0.1:1 refused.",
            new SQLException(
                "Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct",
                "08001",
                new ConnectException("Connection refused")));
    assertThat(StoreErrors.reason(chain)).isEqualTo("Connection refused");
  }

  @Test
  void a_closed_embedded_database_is_said_plainly_and_counts_as_unavailable() {
    var closed =
        new SQLException(
            "Database is already closed (to disable automatic closing at VM shutdown, add"
                + " \";DB_CLOSE_ON_EXIT=FALSE\" to the db URL) [90121-252]",
            "90121",
            90121);
    assertThat(StoreErrors.reason(closed)).isEqualTo("the database was closed");
    assertThat(new StoreException("cannot save", closed).isUnavailable()).isTrue();
    assertThat(new StoreException("cannot save", closed).isTransient()).isFalse();
    assertThat(
            new StoreException("cannot save", new SQLException("Value too long", "22001"))
                .isUnavailable())
        .as("bad data is not an outage")
        .isFalse();
    assertThat(
            new StoreException("refused", new SQLException("Connection refused", "08001"))
                .isUnavailable())
        .isTrue();
    assertThat(new LeaseLostException("r", "me").isUnavailable()).isFalse();
  }

  @Test
  void an_unknown_host_is_named() {
    var chain =
        new SQLException("The connection attempt failed.", new UnknownHostException("db.nowhere"));
    assertThat(StoreErrors.reason(chain)).isEqualTo("unknown host db.nowhere");
  }

  @Test
  void otherwise_the_innermost_sql_message_first_line_without_h2_tags() {
    var chain =
        new RuntimeException(
            "wrapper",
            new SQLException("Table \"nope\" not found; SQL statement:\nSELECT 1 [42102-252]"));
    assertThat(StoreErrors.reason(chain)).isEqualTo("Table \"nope\" not found; SQL statement:");
    assertThat(StoreErrors.firstLine("Database may be already in use [90020-252]"))
        .isEqualTo("Database may be already in use");
  }

  @Test
  void recognises_unique_violations_and_h2_lock_errors_by_code() {
    assertThat(StoreErrors.isUniqueViolation(new RuntimeException(new SQLException("x", "23505"))))
        .isTrue();
    assertThat(StoreErrors.isUniqueViolation(new SQLException("x", "23503"))).isFalse();
    assertThat(StoreErrors.isH2FileLocked(new SQLException("x", "90020", 90020))).isTrue();
  }

  @Test
  void recognises_a_refused_login_from_h2_and_postgresql() {
    assertThat(
            StoreErrors.isWrongPassword(
                new RuntimeException(new SQLException("Wrong user name or password", "28000"))))
        .isTrue();
    assertThat(StoreErrors.isWrongPassword(new SQLException("password failed", "28P01"))).isTrue();
    assertThat(StoreErrors.isWrongPassword(new SQLException("x", "90020", 90020))).isFalse();
  }

  @Test
  void store_exception_messages_are_one_line() {
    assertThat(new StoreException("a\n  b\r\nc ").getMessage()).isEqualTo("a b c");
  }
}
