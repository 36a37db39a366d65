package dev.skiff.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new home's embedded database, made from a copy of an empty database that the build migrated.
 *
 * <p>Why: migrating an empty H2 database runs every migration's DDL through H2's cold code, about
 * half a second of a first start, which is what a user's first {@code ./skiff up} (and every start
 * on a fresh home) waited for. The build runs the same migrations once ({@link #main}, in {@code
 * skiff-store}'s {@code process-classes} phase) into {@value #RESOURCE} in the jar; a new home's
 * database is a copy of it, given the home's password before anything else connects. Its {@code
 * flyway_schema_history} lists the migrations it holds, so {@link SchemaMigrator} then applies only
 * what the copy lacks (nothing, unless the jar was put together by hand) and refuses it like any
 * database when it is newer. Without the resource (classes run outside the build), a new database
 * is migrated as before.
 */
public final class SchemaTemplate {
  private static final Logger log = LoggerFactory.getLogger(SchemaTemplate.class);

  /** The class-path resource of the migrated, empty H2 database. */
  static final String RESOURCE = "db/template/h2.mv.db";

  /** The user the template's database has, with the empty password until copied. */
  private static final String USER = "sa";

  private SchemaTemplate() {}

  /**
   * Makes a new home's database file out of the template and gives it {@code password}, when {@code
   * config} is a home's embedded database ({@link DatabaseConfig#h2File(Path)}) whose file does not
   * exist yet.
   *
   * @return a connection that holds the new database open (the caller closes it once its own
   *     connections are made, so that H2 does not close and open the file in between), or empty
   *     when the database is made the usual way: not a new home's, no template in the class path,
   *     or another process made the file first
   */
  static Optional<Connection> seed(DatabaseConfig config, String password) {
    Optional<String> file = config.h2File();
    if (file.isEmpty() || config.passwordFile() == null || !config.user().equals(USER)) {
      return Optional.empty();
    }
    Path target = Path.of(file.get());
    if (Files.exists(target)) {
      return Optional.empty();
    }
    // Before any H2 code runs (the compaction below initialises H2): the property is read once.
    ConnectionPool.keepH2ServerOnLoopback(config.shared());
    try (InputStream template =
        SchemaTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (template == null) {
        return Optional.empty();
      }
      if (!publish(template, target)) {
        return Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      // nothing was linked in: the database is made by the migrations, as without a template
      log.debug("cannot copy the database template to {}: {}", target, e.toString());
      return Optional.empty();
    }
    return Optional.ofNullable(takeOver(config, password));
  }

  /**
   * Writes the template's maps into a new store beside {@code target} and links it in under {@code
   * target}, which fails when the name exists: a process that created the database at the same
   * moment keeps its own.
   *
   * <p>A new store, not a copy of the file: H2 dates a store's chunks from the store's creation,
   * and reuses the space of chunks older than its retention time (45 s). A plain copy's chunks date
   * from the build, so their space was written over at once, before H2 had rewritten the file
   * header that a restart reads; a {@code kill -9} in the first minute then lost every commit since
   * the copy (NotebookCrashIT caught it). {@link MVStoreTool#compact} writes a store created now,
   * whose chunks are as young as those of a database made by migrations.
   */
  private static boolean publish(InputStream template, Path target) throws IOException {
    Path dir = target.getParent();
    String prefix = target.getFileName() + ".";
    var ownerOnly =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    Path fresh = Files.createTempFile(dir, prefix, ".new", ownerOnly);
    try {
      Files.copy(template, fresh, StandardCopyOption.REPLACE_EXISTING);
      MVStoreTool.compact(fresh.toString(), false); // into a new store, moved over the copy
      Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
      try {
        Files.createLink(target, fresh);
      } catch (UnsupportedOperationException e) {
        Files.move(fresh, target);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(fresh);
    }
  }

  /**
   * Logs into the copy with the empty password and sets the home's; the history's install times
   * become now. Returns the open connection, or {@code null} when the empty password is refused:
   * another process on this home took the copy over first.
   */
  private static Connection takeOver(DatabaseConfig config, String password) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(config.url());
    Connection c = null;
    try {
      c = h2.getConnection(USER, "");
      try (PreparedStatement alter = c.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?");
          Statement history = c.createStatement()) {
        alter.setString(1, password);
        alter.execute();
        history.executeUpdate("UPDATE flyway_schema_history SET installed_on = CURRENT_TIMESTAMP");
      }
      return c;
    } catch (SQLException e) {
      Database.closeQuietly(c);
      if (!StoreErrors.isWrongPassword(e)) {
        throw new StoreException(
            "cannot open the new database " + config.redactedUrl() + ": " + StoreErrors.reason(e),
            e);
      }
      return null;
    }
  }

  /**
   * Writes the template: migrates an empty database made with the settings of a home's ({@link
   * DatabaseConfig#h2File(Path, DatabaseConfig.Sharing)}) and compacts it into {@code <out>/}
   * {@value #RESOURCE}. Run by the build.
   *
   * @param args the class-path output folder ({@code target/classes})
   */
  public static void main(String[] args) throws IOException, SQLException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SchemaTemplate OUTPUT_FOLDER");
    }
    Path out = Path.of(args[0]).resolve(RESOURCE);
    Path work = Files.createTempDirectory("skiff-schema-template");
    try {
      DatabaseConfig home = DatabaseConfig.h2File(work, DatabaseConfig.Sharing.EXCLUSIVE);
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(home.url());
      h2.setUser(USER);
      h2.setPassword("");
      try (Connection open = h2.getConnection()) {
        int applied = new SchemaMigrator(h2, DatabaseConfig.H2).migrate(home);
        try (Statement s = open.createStatement()) {
          s.execute("SHUTDOWN COMPACT");
        }
        Files.createDirectories(out.getParent());
        Files.copy(Path.of(home.h2File().orElseThrow()), out, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(
            "database template: %d migrations, %d bytes in %s%n", applied, Files.size(out), out);
      }
    } finally {
      try (var files = Files.walk(work)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
