package dev.skiff.engine.notebook;

import dev.skiff.engine.notebook.NotebookRows.Desired;
import dev.skiff.store.notebook.NotebookRepository;
import dev.skiff.store.notebook.StoredNotebook;
import dev.skiff.store.notebook.StoredNotebookEvent;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notebook rows and events: read-modify-write with optimistic retries, so that the API's
 * changes (start, stop) and the reconciler's (status, handle) never overwrite each other.
 */
final class NotebookRecords {
  private static final Logger log = LoggerFactory.getLogger(NotebookRecords.class);
  private static final int TRIES = 10;

  private final NotebookRepository repo;
  private final Clock clock;

  NotebookRecords(NotebookRepository repo, Clock clock) {
    this.repo = repo;
    this.clock = clock;
  }

  NotebookRepository repo() {
    return repo;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Applies {@code change} to the stored row, reading it again when another writer came first.
   *
   * @return the row as written, or empty when the notebook is gone (or the change returned null)
   */
  Optional<StoredNotebook> change(NotebookKey key, UnaryOperator<StoredNotebook> change) {
    for (int i = 0; i < TRIES; i++) {
      Optional<StoredNotebook> row = repo.find(key.profile(), key.name());
      if (row.isEmpty()) {
        return Optional.empty();
      }
      StoredNotebook next = change.apply(row.get());
      if (next == null) {
        return row;
      }
      if (next.equals(row.get())) {
        return row;
      }
      Optional<StoredNotebook> written = repo.update(next);
      if (written.isPresent()) {
        return written;
      }
    }
    log.warn("{} changed {} times while it was written; giving up this time", key, TRIES);
    return repo.find(key.profile(), key.name());
  }

  /** Sets the status and reason (the status time moves only when the status changes). */
  Optional<StoredNotebook> status(NotebookKey key, NotebookStatus status, String reason) {
    return change(key, r -> r.withStatus(status.name(), reason, clock.instant()));
  }

  /** Records what the user wants. */
  Optional<StoredNotebook> desire(NotebookKey key, Desired desired) {
    return change(key, r -> r.withDesired(desired.name()));
  }

  void normal(NotebookKey key, String reason, String message) {
    event(key, "Normal", reason, message);
  }

  void warning(NotebookKey key, String reason, String message) {
    event(key, "Warning", reason, message);
  }

  private void event(NotebookKey key, String type, String reason, String message) {
    log.info("{}: {} {}", key, reason, message);
    repo.appendEvent(
        key.profile(),
        key.name(),
        new StoredNotebookEvent(clock.instant(), type, reason, oneLine(message)));
  }

  static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    return t.length() > 1000 ? t.substring(0, 1000) + "..." : t;
  }
}
