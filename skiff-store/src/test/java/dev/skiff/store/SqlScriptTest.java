package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void statements_end_at_semicolons_outside_strings_and_comments() {
    String script =
        "-- a comment; with a semicolon\n"
            + "CREATE TABLE t (a VARCHAR(10) DEFAULT 'x;y'); -- trailing; comment\n"
            + "INSERT INTO t (a) VALUES ('it''s; fine');\n"
            + "UPDATE \"odd;name\" SET a = 'b'\n"
            + ";;\n"
            + "SELECT 1";
    assertThat(SqlScript.statements(script))
        .containsExactly(
            "CREATE TABLE t (a VARCHAR(10) DEFAULT 'x;y')",
            "INSERT INTO t (a) VALUES ('it''s; fine')",
            "UPDATE \"odd;name\" SET a = 'b'",
            "SELECT 1");
  }

  @Test
  void every_shipped_migration_splits_into_statements() {
    SchemaMigrator h2 = new SchemaMigrator(null, DatabaseConfig.H2);
    assertThat(h2.migrations()).isNotEmpty();
    for (SchemaMigrator.Migration m : h2.migrations()) {
      assertThat(SqlScript.statements(m.text())).as(m.script()).isNotEmpty();
    }
    java.util.List<Integer> versions =
        h2.migrations().stream().map(SchemaMigrator.Migration::version).toList();
    assertThat(versions)
        .as("one sequence from 1, no gaps")
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, versions.getLast()).boxed().toList());
  }
}
