package dev.skiff.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class StoreProblemsTest {

  private static StoreException store(String message, SQLException cause) {
    return new StoreException("cannot store experiment: " + message, cause);
  }

  @Test
  void a_value_too_long_is_400_naming_the_column_h2_names() {
    String h2 =
        "Value too long for column \"DISPLAY_NAME CHARACTER VARYING(255)\": \"'nnn...' (300)\";"
            + " SQL statement: INSERT INTO experiment ...";
    var answer = StoreProblems.classify(store(h2, new SQLException(h2, "22001", 22001)));
    assertThat(answer)
        .hasValue(
            new StoreProblems.Answer(400, "display_name is too long; the limit is 255 characters"));
  }

  @Test
  void postgresql_names_only_the_limit() {
    String pg = "ERROR: value too long for type character varying(4000)";
    assertThat(StoreProblems.classify(store(pg, new SQLException(pg, "22001"))))
        .hasValue(
            new StoreProblems.Answer(400, "a value is too long; the limit is 4000 characters"));
  }

  @Test
  void nul_constraints_outages_and_cancels_are_classified_without_sql() {
    String nul = "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00";
    var refused = StoreProblems.classify(store(nul, new SQLException(nul, "22021"))).orElseThrow();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.detail()).doesNotContain("UTF8").doesNotContain("ERROR");
    assertThat(
            StoreProblems.classify(store("dup", new SQLException("dup", "23505")))
                .orElseThrow()
                .status())
        .isEqualTo(409);
    assertThat(
            StoreProblems.classify(store("fk", new SQLException("fk", "23503")))
                .orElseThrow()
                .status())
        .isEqualTo(409);
    var canceled =
        StoreProblems.classify(store("Statement was canceled", new SQLException("x", "57014")))
            .orElseThrow();
    assertThat(canceled.status()).isEqualTo(503);
    assertThat(canceled.detail()).doesNotContain("Statement");
    assertThat(
            StoreProblems.classify(store("gone", new SQLTransientConnectionException("gone")))
                .orElseThrow()
                .status())
        .isEqualTo(503);
  }

  @Test
  void anything_else_is_left_a_server_error() {
    assertThat(StoreProblems.classify(store("syntax", new SQLException("syntax", "42601"))))
        .isEmpty();
    assertThat(StoreProblems.classify(new StoreException("no cause"))).isEmpty();
  }
}
