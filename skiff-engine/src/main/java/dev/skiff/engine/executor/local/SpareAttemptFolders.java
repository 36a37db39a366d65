package dev.skiff.engine.executor.local;

import dev.skiff.store.PrivateFiles;
import dev.skiff.store.fs.FolderTree;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empty attempt folders made ahead of time ({@code work/}, {@code outputs/} and an empty {@code
 * log.txt}, private as {@link LocalLaunchBuilder#prepareDirectories} makes them), so that starting
 * a step costs one rename instead of three folders and a file made one after another on the step's
 * critical path. A few are kept ready from the first claim on; taking one starts making the next on
 * a virtual thread.
 *
 * <p>They lie in {@code <runs>/.spare-attempts/<pid>-<n>/}, one folder per executor so that two
 * engines on one home never take each other's; a folder of a process that is gone is removed at
 * start. When no spare is ready, or the rename cannot be done (another filesystem, a folder already
 * there), the caller makes the folders itself as before: a spare only saves time, it never decides
 * what an attempt's folder holds.
 */
final class SpareAttemptFolders implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SpareAttemptFolders.class);
  private static final int KEEP = 2;
  private static final long CLOSE_WAIT_MS = 5_000;
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final Path spares;
  private final Path dir;
  private final AtomicBoolean started = new AtomicBoolean();
  private final ConcurrentLinkedQueue<Path> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger making = new AtomicInteger();
  private final AtomicLong names = new AtomicLong();
  private volatile boolean enabled = true;

  SpareAttemptFolders(Path runsRoot) {
    Path spares = runsRoot.resolve(".spare-attempts");
    this.spares = spares;
    this.dir = spares.resolve(ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
  }

  /** The first claim starts the making (an executor that runs no step makes none). */
  private void startOnce() {
    if (started.compareAndSet(false, true)) {
      inBackground(() -> removeLeftovers(spares));
    }
  }

  /**
   * Makes {@code attemptDir} (which must not exist yet) out of a spare.
   *
   * @return whether it did; when not, the caller makes the folders
   */
  boolean claim(Path attemptDir) {
    if (!enabled) {
      return false;
    }
    startOnce();
    Path spare = ready.poll();
    refill();
    if (spare == null || Files.exists(attemptDir)) {
      if (spare != null) {
        ready.add(spare);
      }
      return false;
    }
    try {
      PrivateFiles.createDirectories(attemptDir.getParent());
      Files.move(spare, attemptDir, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      log.debug("spare attempt folders cannot be moved into {}: {}", attemptDir, e.toString());
      enabled = false;
    } catch (IOException e) {
      log.debug("cannot use a spare attempt folder for {}: {}", attemptDir, e.toString());
    }
    delete(spare);
    return false;
  }

  private synchronized void refill() {
    while (enabled && ready.size() + making.get() < KEEP) {
      inBackground(
          () -> {
            Path spare = make();
            if (enabled) {
              ready.add(spare);
            } else {
              delete(spare);
            }
          });
    }
  }

  /** What makes or clears spares, on a virtual thread, counted in {@code making}. */
  private interface Chore {
    void run() throws IOException;
  }

  private synchronized void inBackground(Chore chore) {
    making.incrementAndGet();
    Thread.ofVirtual()
        .name("skiff-spare-attempts")
        .start(
            () -> {
              try {
                chore.run();
              } catch (IOException | RuntimeException e) {
                log.debug("cannot make a spare attempt folder in {}: {}", dir, e.toString());
                enabled = false; // a full disk or no permission: start steps the usual way
              } finally {
                if (!enabled) {
                  delete(dir); // closed (or failed) while this one ran
                }
                choreEnded();
              }
              refill();
            });
  }

  private Path make() throws IOException {
    long n = names.incrementAndGet();
    Path partial = dir.resolve(n + ".partial");
    PrivateFiles.createDirectories(partial);
    PrivateFiles.createDirectories(partial.resolve("work"));
    PrivateFiles.createDirectories(partial.resolve("outputs"));
    PrivateFiles.createFile(partial.resolve("log.txt"));
    Path spare = dir.resolve(Long.toString(n));
    Files.move(partial, spare, StandardCopyOption.ATOMIC_MOVE);
    return spare;
  }

  /** Removes the spares of processes that are gone. */
  private void removeLeftovers(Path spares) {
    if (!Files.isDirectory(spares)) {
      return;
    }
    try (DirectoryStream<Path> owners = Files.newDirectoryStream(spares)) {
      for (Path owner : owners) {
        if (!ownerAlive(owner.getFileName().toString())) {
          delete(owner);
        }
      }
    } catch (IOException e) {
      log.debug("cannot list {}: {}", spares, e.toString());
    }
  }

  private static boolean ownerAlive(String name) {
    try {
      long pid = Long.parseLong(name.substring(0, Math.max(0, name.indexOf('-'))));
      return pid == ProcessHandle.current().pid()
          || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void delete(Path folder) {
    try {
      FolderTree.delete(folder);
    } catch (IOException e) {
      log.debug("cannot remove {}: {}", folder, e.toString());
    }
  }

  private synchronized void choreEnded() {
    making.decrementAndGet();
    notifyAll();
  }

  /**
   * Stops making spares and removes this process's, once the chores under way have ended (each
   * takes a few milliseconds; a stuck filesystem is waited for at most {@link #CLOSE_WAIT_MS}).
   */
  @Override
  public void close() {
    synchronized (this) {
      enabled = false; // from here on refill() starts no chore
      long deadline = System.currentTimeMillis() + CLOSE_WAIT_MS;
      try {
        for (long left = CLOSE_WAIT_MS; making.get() > 0 && left > 0; ) {
          wait(left);
          left = deadline - System.currentTimeMillis();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Path spare = ready.poll(); spare != null; spare = ready.poll()) {
      delete(spare);
    }
    delete(dir);
  }
}
