package dev.skiff.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is and how to log in.
 *
 * <p>Two vendors are supported: H2 in file mode (embedded, the default under the Skiff home) and
 * PostgreSQL (cluster mode). {@link #toString()} leaves the password out and masks any password
 * written into the URL, so a config can be logged.
 *
 * <p>The embedded database of a Skiff home ({@link #h2File(Path)}) logs in with a random password
 * that {@link Database#open} keeps in {@code <home>/db/password} (mode 0600, created on first
 * open), and is by default {@linkplain Sharing#SHARED shared} between the processes on the home.
 *
 * @param url a JDBC URL starting with {@code jdbc:h2:} or {@code jdbc:postgresql:}
 * @param user the login; may be empty
 * @param password the password; {@code null} is taken as empty; must be empty when {@code
 *     passwordFile} is given
 * @param maxPoolSize the most connections the pool holds, 1 to 1000
 * @param passwordFile the file that holds the password, created with a random one when missing (the
 *     embedded database of a Skiff home); {@code null} when {@code password} is the password
 */
public record DatabaseConfig(
    String url, String user, String password, int maxPoolSize, Path passwordFile) {

  /** Pool size when none is given: enough for the server's request threads and the engine. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** Vendor id of H2, as Flyway names it. */
  public static final String H2 = "h2";

  /** Vendor id of PostgreSQL, as Flyway names it. */
  public static final String POSTGRESQL = "postgresql";

  /** The file, inside {@code <home>/db}, that holds the embedded database's password. */
  public static final String PASSWORD_FILE_NAME = "password";

  /**
   * H2 settings that make it behave like PostgreSQL where our SQL can tell: PostgreSQL syntax,
   * unquoted names folded to lower case (so column labels and Flyway's history table match), and
   * NULLs sorted last in ascending order. WRITE_DELAY=0 writes each commit to the file at once:
   * H2's default (500 ms) loses the last commits when the process is killed, and the engine's crash
   * safety rests on a committed task state surviving a kill -9. QUERY_CACHE_SIZE=64 keeps the
   * parsed form of every statement the engine repeats (H2's default of 8 is fewer than one driver's
   * write uses, so each was parsed again on every step).
   */
  static final String H2_SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
          + ";QUERY_CACHE_SIZE=64";

  /**
   * Bounds on H2's own files: its trace file (errors only, H2's default level) is rolled over at 1
   * MB, keeping one old copy, instead of at 16 MB. (The database file is kept bounded by {@code
   * H2FileCompaction}. H2's retention time stays at its default: with space reused sooner than 45 s
   * after a chunk was written, a {@code kill -9} lost the last acknowledged commits.)
   */
  static final String H2_FILE_LIMITS = ";TRACE_MAX_FILE_SIZE=1";

  /**
   * H2's page cache, in KiB: 1/24 of the heap's maximum (32 MiB with the 768 MiB heap {@code
   * ./skiff} gives Skiff), from 8 MiB to 512 MiB. H2 otherwise keeps 16 MiB whatever the heap;
   * sized from the heap, a larger heap caches more of a large database, and a small heap keeps room
   * for the engine.
   */
  static int h2CacheSizeKb() {
    long heap = Runtime.getRuntime().maxMemory();
    long kb = heap == Long.MAX_VALUE ? 32 * 1024 : heap / 24 / 1024;
    return (int) Math.clamp(kb, 8 * 1024, 512 * 1024);
  }

  /**
   * For a file a process opens exclusively (a server): H2 does not close it from its own JVM
   * shutdown hook, which would run beside the server's orderly stop and close the database under
   * the engine while it still writes; the server closes it itself, last. (A process killed without
   * closing it loses nothing committed: every commit is written at once.)
   */
  static final String H2_NO_CLOSE_ON_EXIT = ";DB_CLOSE_ON_EXIT=FALSE";

  /**
   * H2's automatic mixed mode: the first process opens the file embedded and serves it over TCP
   * (port picked by H2, written to the {@code .lock.db} file with a random key), later processes
   * connect through it, and when the first one goes away the next connection takes the file over.
   */
  static final String H2_AUTO_SERVER = ";AUTO_SERVER=TRUE";

  /** How a process opens the embedded database of a Skiff home. */
  public enum Sharing {
    /**
     * Other Skiff processes on the home may use the database at the same time, through the process
     * that opened it first (H2's AUTO_SERVER mode): a {@code skiff get} while a {@code skiff run}
     * runs.
     */
    SHARED,
    /**
     * This process alone: opening fails while any other process has the file open, and other
     * processes cannot open it while this one does (what a server needs, since it resumes every
     * unfinished run of the home).
     */
    EXCLUSIVE
  }

  /** Checks the parts; the vendor is checked when the database is opened ({@link #vendor()}). */
  public DatabaseConfig {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("database URL is missing");
    }
    url = url.strip();
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc: (got " + redact(url) + ")");
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (maxPoolSize < 1 || maxPoolSize > 1000) {
      throw new IllegalArgumentException(
          "database pool size must be between 1 and 1000 (got " + maxPoolSize + ")");
    }
    if (passwordFile != null) {
      if (!password.isEmpty()) {
        throw new IllegalArgumentException("give a database password or a password file, not both");
      }
      passwordFile = passwordFile.toAbsolutePath().normalize();
    }
  }

  /** A config whose password is given, with at most {@code maxPoolSize} connections. */
  public DatabaseConfig(String url, String user, String password, int maxPoolSize) {
    this(url, user, password, maxPoolSize, null);
  }

  /** A config with the {@linkplain #DEFAULT_POOL_SIZE default pool size}. */
  public DatabaseConfig(String url, String user, String password) {
    this(url, user, password, DEFAULT_POOL_SIZE);
  }

  /**
   * The embedded database of a Skiff home, {@linkplain Sharing#SHARED shared} with the other
   * processes on the home; see {@link #h2File(Path, Sharing)}.
   */
  public static DatabaseConfig h2File(Path skiffHome) {
    return h2File(skiffHome, Sharing.SHARED);
  }

  /**
   * The embedded database of a Skiff home: the H2 file {@code <skiffHome>/db/skiff.mv.db}, user
   * {@code sa}, the password in {@code <skiffHome>/db/password}.
   *
   * @param sharing whether other processes may use the file while this one has it open
   * @throws IllegalArgumentException when the path holds a ';', which would end the H2 URL
   */
  public static DatabaseConfig h2File(Path skiffHome, Sharing sharing) {
    Objects.requireNonNull(skiffHome, "skiffHome");
    Objects.requireNonNull(sharing, "sharing");
    // H2 refuses implicit relative paths, so always hand it an absolute one.
    Path dir = skiffHome.toAbsolutePath().normalize().resolve("db");
    String base = dir.resolve("skiff").toString();
    if (base.contains(";")) {
      throw new IllegalArgumentException(
          "the Skiff home path must not contain ';' (got " + skiffHome + ")");
    }
    String url =
        "jdbc:h2:file:"
            + base
            + H2_SETTINGS
            + H2_FILE_LIMITS
            + ";CACHE_SIZE="
            + h2CacheSizeKb()
            + (sharing == Sharing.SHARED ? H2_AUTO_SERVER : H2_NO_CLOSE_ON_EXIT);
    return new DatabaseConfig(url, "sa", "", DEFAULT_POOL_SIZE, dir.resolve(PASSWORD_FILE_NAME));
  }

  /** The same database with at most {@code size} connections. */
  public DatabaseConfig withMaxPoolSize(int size) {
    return new DatabaseConfig(url, user, password, size, passwordFile);
  }

  /**
   * Whether this is an H2 URL in automatic mixed mode ({@code AUTO_SERVER=TRUE}), i.e. the file may
   * be shared with other processes.
   */
  public boolean shared() {
    return url.startsWith("jdbc:h2:")
        && url.toUpperCase(Locale.ROOT).replace(" ", "").contains(H2_AUTO_SERVER);
  }

  /**
   * The vendor id, {@value #H2} or {@value #POSTGRESQL}: it picks the migration folder and SQL.
   *
   * @throws StoreException for any other kind of URL
   */
  public String vendor() {
    // Case-sensitive, as the drivers themselves match their prefixes.
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new StoreException(
        "unsupported database URL "
            + redactedUrl()
            + ": Skiff supports jdbc:h2: (embedded) and jdbc:postgresql:");
  }

  /** The URL with any password in it masked, fit for messages and logs. */
  public String redactedUrl() {
    return redact(url);
  }

  /** The H2 database file ({@code ....mv.db}) this config points at, if it is an H2 file URL. */
  Optional<String> h2File() {
    if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.startsWith("tcp:") || rest.startsWith("ssl:")) {
      return Optional.empty();
    }
    int semicolon = rest.indexOf(';');
    return Optional.of((semicolon < 0 ? rest : rest.substring(0, semicolon)) + ".mv.db");
  }

  /**
   * Masks {@code password=...} parameters (PostgreSQL {@code ?&}, H2 {@code ;}) and the password in
   * {@code //user:password@host}.
   */
  static String redact(String url) {
    return url.replaceAll("(?i)((?:password|pwd)=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + redactedUrl()
        + ", user="
        + user
        + (passwordFile == null ? "" : ", passwordFile=" + passwordFile)
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
