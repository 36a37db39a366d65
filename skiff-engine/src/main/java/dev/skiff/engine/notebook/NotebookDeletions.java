package dev.skiff.engine.notebook;

import dev.skiff.store.fs.FolderTree;
import dev.skiff.store.notebook.StoredNotebook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes notebooks on the reconciler's thread, so that a server being started is not missed (a
 * start under way is cancelled first and the deletion waits for it to end): stops the server (no
 * process is left), forgets the row with its events, removes the private folder, and the workspace
 * when asked.
 */
final class NotebookDeletions {
  private static final Logger log = LoggerFactory.getLogger(NotebookDeletions.class);

  private record Deletion(NotebookKey key, boolean workspace, CompletableFuture<Boolean> done) {}

  private final NotebookRecords records;
  private final ServerStarter starter;
  private final NotebookPaths paths;
  private final Map<NotebookKey, LiveServer> live;
  private final Map<NotebookKey, ServerStart> starts;
  private final ConcurrentLinkedQueue<Deletion> queue = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  NotebookDeletions(
      NotebookRecords records,
      ServerStarter starter,
      NotebookPaths paths,
      Map<NotebookKey, LiveServer> live,
      Map<NotebookKey, ServerStart> starts) {
    this.records = records;
    this.starter = starter;
    this.paths = paths;
    this.live = live;
    this.starts = starts;
  }

  /** Queues a deletion; the future tells whether the notebook existed. */
  CompletableFuture<Boolean> request(NotebookKey key, boolean workspace) {
    Deletion d = new Deletion(key, workspace, new CompletableFuture<>());
    queue.add(d);
    if (closed) {
      failPending();
    }
    return d.done();
  }

  /**
   * Carries out the queued deletions; one whose notebook is being started cancels the start and
   * waits for a later pass (the start ends what it launched, then wakes the reconciler).
   */
  void carryOut() {
    List<Deletion> later = new ArrayList<>();
    Deletion d;
    while ((d = queue.poll()) != null) {
      ServerStart underWay = starts.get(d.key());
      if (underWay != null) {
        underWay.cancel();
        later.add(d);
        continue;
      }
      try {
        d.done().complete(delete(d.key(), d.workspace()));
      } catch (RuntimeException e) {
        d.done().completeExceptionally(e);
      }
    }
    queue.addAll(later);
    if (closed) {
      failPending();
    }
  }

  /** Deletes one notebook now (the reconciler's thread, or a profile's deletion). */
  boolean delete(NotebookKey key, boolean workspace) {
    Optional<StoredNotebook> row = records.repo().find(key.profile(), key.name());
    LiveServer server = live.remove(key);
    String handle = server != null ? server.handle() : row.map(StoredNotebook::handle).orElse(null);
    starter.stop(key, handle);
    boolean existed = records.repo().delete(key.profile(), key.name());
    remove(paths.privateDir(key.profile(), key.name()));
    if (workspace) {
      starter.launcher().deleteWorkspace(key.profile(), key.name());
      remove(paths.workspace(key.profile(), key.name()));
    }
    log.info("Deleted {}{}", key, workspace ? " with its workspace" : "");
    return existed;
  }

  /** The service closes: deletions not carried out fail. */
  void failPending() {
    closed = true;
    Deletion d;
    while ((d = queue.poll()) != null) {
      d.done().completeExceptionally(new IllegalStateException("the notebook service closed"));
    }
  }

  private static void remove(Path dir) {
    try {
      FolderTree.delete(dir);
    } catch (IOException e) {
      log.warn("Cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
