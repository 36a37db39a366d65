package dev.skiff.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file near the size of its live data, in the process that has the file open
 * (with a shared file, the one serving it).
 *
 * <p>H2 compacts its file in a background thread that only runs when commits are written lazily;
 * Skiff writes every commit at once ({@code WRITE_DELAY=0}, for crash safety), which turns that
 * thread off, so without this the file only grows: each commit writes a new chunk, and chunks
 * holding a few live pages are never reclaimed (a 10,000-step run left 100 MB, of which 1.5 MB was
 * live). So a timer looks at the file every {@link #CHECK_EVERY}:
 *
 * <ul>
 *   <li>while chunks are less than {@value #REWRITE_BELOW_FILL}% live, it moves the live pages of
 *       the emptiest ones into new chunks, {@value #REWRITE_BYTES} bytes at a time (a short hold of
 *       H2's store lock), so that chunks do not stay alive for a few pages and their space can be
 *       reused;
 *   <li>when nothing was committed and nothing read from the file since the last look (a server
 *       answering queries whose pages are not cached is not idle) and at least {@link
 *       #MIN_FREE_BYTES} and {@value #MIN_FREE_PERCENT}% of the file is dead, it runs H2's online
 *       compaction (up to {@value #COMPACT_MILLIS} ms, commits wait meanwhile; measured up to 1.3 s
 *       on a 4 GB file, with queries meanwhile several times slower), which moves chunks together
 *       and shortens the file. H2 does not move every chunk (after many rows were deleted some stay
 *       put until the file is rewritten at close); the space freed around them is reused anyway. A
 *       compaction that leaves the file as long as it was is tried again after 2, 4, ... up to 32
 *       idle looks, and after the next commit at the next idle look.
 * </ul>
 *
 * <p>H2 reuses the space of a dead chunk once the chunk is 45 s old (its retention time), so under
 * a steady stream of commits the file holds about the last 45 s of them besides the live data, and
 * shrinks at the next idle moment. H2's online compaction sets the retention time to 0; it is put
 * back at once, because reusing space sooner loses acknowledged commits to a {@code kill -9}
 * (measured: 2 to 17 of 3,000).
 *
 * <p>When the database closes and no other process can have the file (it was opened exclusively),
 * {@code SHUTDOWN COMPACT} rewrites it with only the live data (a 10,000-step run: 150 bytes per
 * step).
 */
final class H2FileCompaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

  /** How often the file's fill is looked at (cheap: a few counters). */
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  /** Chunks are rewritten while their live share is below this, in percent. */
  static final int REWRITE_BELOW_FILL = 80;

  /**
   * The live bytes one rewrite moves at most: it holds H2's store lock while it does, and commits
   * wait for it (1 MiB took ~30 ms on a 2-core machine under load, and delayed a run's creation by
   * as much; a quarter of that keeps the wait under ~10 ms).
   */
  static final int REWRITE_BYTES = 256 << 10;

  /** How long one check may go on rewriting chunks, a slice at a time. */
  static final long REWRITE_MILLIS = 50;

  /** Dead bytes below which an idle file is not compacted. */
  static final long MIN_FREE_BYTES = 4L << 20;

  /** The share of the file that must be dead before an idle file is compacted, in percent. */
  static final int MIN_FREE_PERCENT = 25;

  /** The time one online compaction may take (H2's own default at close). */
  static final int COMPACT_MILLIS = 200;

  /** Files smaller than this are left as they are at close. */
  static final long MIN_FILE_AT_CLOSE_BYTES = 1L << 20;

  /**
   * Files up to this size are always rewritten at close: H2's count of live bytes runs high (a file
   * it called 97% live shrank to a quarter), and rewriting this much takes well under a second.
   * Larger files are rewritten when that count, too, says a quarter is dead.
   */
  static final long ALWAYS_AT_CLOSE_BYTES = 64L << 20;

  private final DataSource dataSource;
  private final boolean exclusive;
  private final ScheduledThreadPoolExecutor timer;

  /** The store's version at the end of the last check: unchanged means no commit since. */
  private long lastVersion = -1;

  /** The file's read count at the end of the last check: unchanged means no query read it. */
  private long lastReadCount = -1;

  /** How many idle checks the next online compaction waits for: 1, doubled after each in vain. */
  private int compactIdleChecks = 1;

  /** Idle checks left before the next online compaction. */
  private int checksBeforeCompacting = 1;

  private H2FileCompaction(DataSource dataSource, boolean exclusive) {
    this.dataSource = dataSource;
    this.exclusive = exclusive;
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("skiff-h2-compaction").unstarted(r));
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = t;
  }

  /**
   * Starts compacting the file of an embedded H2 database; empty for any other database.
   *
   * @param config the database's config: an H2 file, shared or opened by this process alone
   */
  static Optional<H2FileCompaction> start(DataSource dataSource, DatabaseConfig config) {
    if (!DatabaseConfig.H2.equals(config.vendor()) || config.h2File().isEmpty()) {
      return Optional.empty();
    }
    H2FileCompaction c = new H2FileCompaction(dataSource, !config.shared());
    long period = CHECK_EVERY.toMillis();
    c.timer.scheduleWithFixedDelay(c::check, period, period, TimeUnit.MILLISECONDS);
    return Optional.of(c);
  }

  /** How the file is used now, as H2 counts it. */
  record Fill(long fileBytes, long liveBytes) {
    long garbageBytes() {
      return fileBytes - liveBytes;
    }

    boolean worthCompacting() {
      return garbageBytes() >= MIN_FREE_BYTES
          && garbageBytes() * 100 >= fileBytes * MIN_FREE_PERCENT;
    }
  }

  /** The file's fill; empty when this process does not hold the file (another one serves it). */
  static Optional<Fill> fill(Connection c) throws SQLException {
    return store(c).map(H2FileCompaction::fill);
  }

  private static Fill fill(MVStore store) {
    FileStore<?> fs = store.getFileStore();
    long size = fs.size();
    // The share of the file in chunks, times the share of live pages in those chunks.
    long live = size * fs.getFillRate() / 100 * fs.getChunksFillRate() / 100;
    return new Fill(size, live);
  }

  private static Optional<MVStore> store(Connection c) throws SQLException {
    if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local) {
      var store = local.getDatabase().getStore();
      if (store != null
          && !store.getMvStore().isClosed()
          && store.getMvStore().getFileStore() != null) {
        return Optional.of(store.getMvStore());
      }
    }
    return Optional.empty();
  }

  private void check() {
    try (Connection c = dataSource.getConnection()) {
      Optional<MVStore> store = store(c);
      if (store.isEmpty()) {
        return;
      }
      MVStore s = store.get();
      // Idle: nothing committed, and nothing read from the file (queries whose pages were not in
      // the cache), since the last look.
      boolean idle =
          s.getCurrentVersion() == lastVersion && s.getFileStore().getReadCount() == lastReadCount;
      long stopAt = System.nanoTime() + REWRITE_MILLIS * 1_000_000L;
      while (s.getFileStore().getChunksFillRate() < REWRITE_BELOW_FILL
          && s.compact(REWRITE_BELOW_FILL, REWRITE_BYTES)
          && System.nanoTime() - stopAt < 0) {
        Thread.onSpinWait();
      }
      Fill before = fill(s);
      if (idle && before.worthCompacting() && --checksBeforeCompacting <= 0) {
        long t0 = System.nanoTime();
        int retention = s.getRetentionTime();
        try {
          s.compactFile(COMPACT_MILLIS);
        } finally {
          s.setRetentionTime(retention); // compactFile sets it to 0
        }
        long after = s.getFileStore().size();
        // A file that did not get shorter is tried again later and later: after a bulk write
        // (an import of many runs) H2 can go on moving chunks for many seconds without shortening
        // the file, and each try reads chunks, allocates their buffers and takes CPU from the
        // requests being served meanwhile (issue 10's B5).
        compactIdleChecks = after < before.fileBytes() ? 1 : Math.min(compactIdleChecks * 2, 32);
        checksBeforeCompacting = compactIdleChecks;
        log.debug(
            "Compacted the database file from {} KiB ({} KiB live) to {} KiB in {} ms",
            before.fileBytes() >> 10,
            before.liveBytes() >> 10,
            after >> 10,
            (System.nanoTime() - t0) / 1_000_000);
      }
      if (!idle) {
        compactIdleChecks = 1;
        checksBeforeCompacting = 1;
      }
      lastVersion = s.getCurrentVersion(); // after its own writes, which are no sign of work
      lastReadCount = s.getFileStore().getReadCount(); // and its own reads
    } catch (SQLException | RuntimeException e) {
      // The database may be closing, or H2 refused: the next check tries again.
      log.debug("Database file compaction skipped: {}", StoreErrors.reason(e));
    }
  }

  /**
   * Stops the timer (waiting for a compaction under way, never interrupting it: an interrupt during
   * H2's file I/O closes the database), then, for a file no other process can have open, rewrites
   * it with only its live data ({@code SHUTDOWN COMPACT}; see {@link #ALWAYS_AT_CLOSE_BYTES}). Call
   * before the pool closes.
   */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (exclusive) {
      shutdownCompact();
    }
  }

  private void shutdownCompact() {
    boolean shutDown = false;
    try (Connection c = dataSource.getConnection()) {
      Optional<Fill> fill = fill(c);
      if (fill.isEmpty()
          || fill.get().fileBytes() < MIN_FILE_AT_CLOSE_BYTES
          || (fill.get().fileBytes() > ALWAYS_AT_CLOSE_BYTES && !fill.get().worthCompacting())) {
        return;
      }
      long t0 = System.nanoTime();
      shutDown = true;
      try (Statement s = c.createStatement()) {
        s.execute("SHUTDOWN COMPACT");
      }
      log.info(
          "Compacted the database file ({} KiB, {} KiB live) in {} ms",
          fill.get().fileBytes() >> 10,
          fill.get().liveBytes() >> 10,
          (System.nanoTime() - t0) / 1_000_000);
    } catch (SQLException | RuntimeException e) {
      if (shutDown && isClosedError(e)) {
        return; // the statement closes the database; H2 and the pool may then say just that
      }
      log.warn("Cannot compact the database file on close: {}", StoreErrors.reason(e));
    }
  }

  private static boolean isClosedError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && (s.getErrorCode() == org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
              || s.getErrorCode() == org.h2.api.ErrorCode.DATABASE_IS_CLOSED)) {
        return true;
      }
    }
    return false;
  }
}
