package dev.skiff.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to this build's version, refusing a schema from a newer build.
 *
 * <p>Migrations live in {@code db/migration/common} (SQL portable between H2 in PostgreSQL mode and
 * PostgreSQL) and, should a change ever need vendor SQL, in {@code db/migration/h2} and {@code
 * db/migration/postgresql}; the version numbers ({@code V<n>__<what>.sql}) form one sequence across
 * the folders. Each migration runs in its own transaction and is recorded in {@code
 * flyway_schema_history}, in Flyway's format and with Flyway's checksums: Skiff used Flyway until
 * it cost half of a cold start, and databases it migrated open unchanged.
 */
final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final String HISTORY = "flyway_schema_history";
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  private final DataSource dataSource;
  private final String vendor;

  /** A migration file. */
  record Migration(int version, String description, String script, String text) {
    /** Flyway's checksum: CRC-32 over the UTF-8 bytes of each line, line breaks left out. */
    int checksum() {
      CRC32 crc = new CRC32();
      String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
      for (String line : body.split("\r\n|\r|\n", -1)) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return (int) crc.getValue();
    }
  }

  SchemaMigrator(DataSource dataSource, String vendor) {
    this.dataSource = dataSource;
    this.vendor = vendor;
  }

  /**
   * Checks that the schema is not newer than this build, then applies pending migrations.
   *
   * @return how many migrations were applied (0 when the schema was already current)
   * @throws StoreException when the schema is newer, or a migration fails
   */
  int migrate(DatabaseConfig config) {
    List<Migration> known = migrations();
    int newest = known.isEmpty() ? 0 : known.getLast().version();
    try (Connection c = dataSource.getConnection()) {
      createHistory(c);
      Map<Integer, Integer> applied = applied(c);
      int current = applied.keySet().stream().max(Integer::compare).orElse(0);
      if (current > newest) {
        throw new StoreException(
            "database schema version "
                + current
                + " is newer than this Skiff ("
                + newest
                + "); upgrade Skiff");
      }
      int count = 0;
      for (Migration m : known) {
        Integer sum = applied.get(m.version());
        if (sum != null) {
          if (sum != m.checksum()) {
            log.warn("migration {} changed after it was applied (checksum differs)", m.script());
          }
          continue;
        }
        apply(c, m, applied.size() + count + 1);
        count++;
      }
      return count;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot migrate database " + config.redactedUrl() + ": " + StoreErrors.reason(e), e);
    }
  }

  /** The version of the newest applied migration, 0 for an empty database. */
  int appliedVersion() {
    try (Connection c = dataSource.getConnection()) {
      return applied(c).keySet().stream().max(Integer::compare).orElse(0);
    } catch (SQLException e) {
      throw new StoreException("cannot read schema version: " + StoreErrors.reason(e), e);
    }
  }

  private void apply(Connection c, Migration m, int rank) throws SQLException {
    long t0 = System.nanoTime();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String sql : SqlScript.statements(m.text())) {
        s.execute(sql);
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO "
                  + HISTORY
                  + " (installed_rank, version, description, type, script, checksum,"
                  + " installed_by, execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?,"
                  + " TRUE)")) {
        p.setInt(1, rank);
        p.setString(2, Integer.toString(m.version()));
        p.setString(3, m.description());
        p.setString(4, m.script());
        p.setInt(5, m.checksum());
        p.setString(6, user(c));
        p.setInt(7, (int) ((System.nanoTime() - t0) / 1_000_000));
        p.executeUpdate();
      }
      c.commit();
      log.info("Applied migration {}", m.script());
    } catch (SQLException e) {
      c.rollback();
      throw new SQLException(m.script() + ": " + StoreErrors.firstLine(e.getMessage()), e);
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static String user(Connection c) {
    try {
      String u = c.getMetaData().getUserName();
      return u == null || u.isEmpty() ? "skiff" : u;
    } catch (SQLException e) {
      return "skiff";
    }
  }

  private static void createHistory(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + HISTORY
              + " (installed_rank INT NOT NULL, version VARCHAR(50), description VARCHAR(200)"
              + " NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum"
              + " INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP DEFAULT"
              + " CURRENT_TIMESTAMP NOT NULL, execution_time INT NOT NULL, success BOOLEAN NOT"
              + " NULL, CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))");
    }
  }

  /** Applied versions and their checksums (successful SQL migrations only). */
  private static Map<Integer, Integer> applied(Connection c) throws SQLException {
    Map<Integer, Integer> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT version, checksum FROM " + HISTORY + " WHERE success")) {
      while (rs.next()) {
        String v = rs.getString(1);
        if (v == null) {
          continue; // Flyway's own schema-creation marker
        }
        try {
          out.put(Integer.parseInt(v.split("\\.")[0]), rs.getInt(2));
        } catch (NumberFormatException e) {
          // not a version Skiff writes: ignore
        }
      }
    }
    return out;
  }

  /** This build's migrations for the vendor, by version. */
  List<Migration> migrations() {
    Map<Integer, Migration> byVersion = new TreeMap<>();
    for (String folder : List.of("db/migration/common", "db/migration/" + vendor)) {
      for (String name : list(folder)) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
          throw new StoreException("migration file " + folder + "/" + name + " is misnamed");
        }
        int version = Integer.parseInt(m.group(1));
        Migration mig =
            new Migration(version, m.group(2).replace('_', ' '), name, read(folder + "/" + name));
        if (byVersion.put(version, mig) != null) {
          throw new StoreException("two migration files have version " + version);
        }
      }
    }
    return List.copyOf(byVersion.values());
  }

  private static String read(String resource) {
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new StoreException("migration " + resource + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration " + resource + ": " + e.getMessage(), e);
    }
  }

  /** The {@code .sql} file names in a class-path folder (in a jar or a directory). */
  private static List<String> list(String folder) {
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> urls = SchemaMigrator.class.getClassLoader().getResources(folder);
      for (URL url : Collections.list(urls)) {
        if (url.getProtocol().equals("jar")) {
          JarURLConnection jar = (JarURLConnection) url.openConnection();
          jar.setUseCaches(false);
          try (JarFile file = jar.getJarFile()) {
            String prefix = folder + "/";
            for (JarEntry e : Collections.list(file.entries())) {
              String n = e.getName();
              if (n.startsWith(prefix)
                  && n.endsWith(".sql")
                  && n.indexOf('/', prefix.length()) < 0) {
                names.add(n.substring(prefix.length()));
              }
            }
          }
        } else if (url.getProtocol().equals("file")) {
          try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            files
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".sql"))
                .forEach(names::add);
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new StoreException("cannot list migrations in " + folder + ": " + e.getMessage(), e);
    }
    return names;
  }
}
