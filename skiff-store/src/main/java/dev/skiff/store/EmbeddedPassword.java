package dev.skiff.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of a Skiff home's embedded database, kept in a file only its owner can read.
 *
 * <p>Why: a shared H2 file is served over TCP (see {@link DatabaseConfig.Sharing#SHARED}), and with
 * H2's empty default password any local user who learns the port and the lock file's key could read
 * and change the database. So the database gets 32 random bytes as its password, in {@code
 * <home>/db/password} (mode 0600, created with that mode), and the {@code db} directory, which also
 * holds H2's lock file with the server's key, is kept private to its owner (mode 0700). A database
 * created before this, with the empty password, is given the file's password on its next open.
 */
final class EmbeddedPassword {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPassword.class);

  private static final Set<PosixFilePermission> OWNER_FILE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  /** Random bytes in a password (256 bits, as the API token). */
  private static final int RANDOM_BYTES = 32;

  private EmbeddedPassword() {}

  /**
   * The password in {@code file}, created with a random one when missing; the folder that holds it
   * is created (or narrowed) to mode 0700.
   *
   * @throws StoreException when the file or folder cannot be read or created
   */
  static String ensure(Path file) {
    try {
      privateDirectory(file.getParent());
      if (Files.exists(file)) {
        String existing = read(file);
        if (!existing.isEmpty()) {
          return existing;
        }
        Files.delete(file); // empty: written by hand, or by a Skiff that crashed while writing
      }
      return create(file);
    } catch (IOException e) {
      throw new StoreException(
          "cannot read or create the database password file " + file + ": " + reason(e), e);
    }
  }

  /**
   * Gives a database that still has H2's empty {@code sa} password the file's password. Called
   * after the file's password was refused: nothing happens when the empty password is refused too
   * (another process may have just done this), and the caller's retry with the file's password then
   * tells whether the file belongs to the database.
   */
  static void adoptIntoLegacyDatabase(DatabaseConfig config, String password) {
    if (!config.user().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return; // not a name to put into SQL as it is; the caller's retry reports the refusal
    }
    try (Connection c = DriverManager.getConnection(config.url(), config.user(), "");
        PreparedStatement alter =
            c.prepareStatement("ALTER USER " + config.user() + " SET PASSWORD ?")) {
      alter.setString(1, password);
      alter.execute();
      log.info(
          "Gave the database {} the password in {} (it had the empty default password)",
          config.h2File().orElse(config.redactedUrl()),
          config.passwordFile());
    } catch (SQLException e) {
      if (!StoreErrors.isWrongPassword(e)) {
        throw new StoreException(
            "cannot set the password of database "
                + config.redactedUrl()
                + ": "
                + StoreErrors.reason(e),
            e);
      }
      // not the empty password either: leave it to the caller's retry
    }
  }

  private static String read(Path file) throws IOException {
    if (posix(file) && !OWNER_FILE.containsAll(Files.getPosixFilePermissions(file))) {
      Files.setPosixFilePermissions(file, OWNER_FILE);
      log.warn("{} was readable by other users; narrowed it to mode 600", file);
    }
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  /**
   * Writes a new random password to a private temporary file and publishes it under {@code file}
   * with a hard link, which fails when the name exists: two processes opening a new home at once
   * end up with the same password, and no reader ever sees a half-written file.
   */
  private static String create(Path file) throws IOException {
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    FileAttribute<?>[] ownerOnly =
        posix(file)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
            : new FileAttribute<?>[0];
    // Created with its mode, not chmod-ed after: there is no moment where others could read it.
    Path draft =
        Files.createTempFile(file.getParent(), file.getFileName() + ".", ".new", ownerOnly);
    try {
      Files.writeString(draft, password + "\n", StandardCharsets.US_ASCII);
      try {
        Files.createLink(file, draft);
      } catch (UnsupportedOperationException e) {
        Files.move(draft, file); // no hard links here: without replacing, almost as good
      }
    } catch (FileAlreadyExistsException e) {
      return read(file); // another process on this home was first: use theirs
    } finally {
      Files.deleteIfExists(draft);
    }
    log.debug("created the database password file {}", file);
    return password;
  }

  /**
   * Creates {@code dir} with mode 0700, or narrows an existing one to that mode: it holds the
   * database, whose file others could otherwise copy, and H2's lock file with the key of its
   * server. A folder owned by someone else is left as it is, with a warning.
   */
  private static void privateDirectory(Path dir) throws IOException {
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
      } catch (FileAlreadyExistsException e) {
        // another process was faster; checked below like any existing folder
      }
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (!OWNER_DIRECTORY.containsAll(mode)) {
      try {
        Files.setPosixFilePermissions(dir, OWNER_DIRECTORY);
        log.info("Narrowed {} to mode 700: it holds the database and its password", dir);
      } catch (IOException e) {
        log.warn("{} is open to other users and cannot be narrowed: {}", dir, e.toString());
      }
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied (" + e.getMessage() + ")";
    }
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : StoreErrors.firstLine(e.getMessage());
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
