package dev.skiff.engine.notebook;

import dev.skiff.store.notebook.StoredNotebook;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart (also a {@code kill -9} of Skiff): servers still wanted running are found again
 * by their handle and counted toward their quota and the machine again (Reattached); those that are
 * gone are started afresh (Restarted); stops that were under way are finished.
 */
final class NotebookRecovery {
  private static final Logger log = LoggerFactory.getLogger(NotebookRecovery.class);

  private final NotebookRecords records;
  private final ServerStarter starter;
  private final JupyterApi api;
  private final Map<NotebookKey, LiveServer> live;

  NotebookRecovery(
      NotebookRecords records,
      ServerStarter starter,
      JupyterApi api,
      Map<NotebookKey, LiveServer> live) {
    this.records = records;
    this.starter = starter;
    this.api = api;
    this.live = live;
  }

  void recover() {
    for (StoredNotebook row : records.repo().all()) {
      try {
        recover(row);
      } catch (RuntimeException e) {
        log.warn("Cannot recover notebook {}/{}: {}", row.profile(), row.name(), e.toString());
      }
    }
  }

  private void recover(StoredNotebook row) {
    NotebookKey key = new NotebookKey(row.profile(), row.name());
    NotebookStatus status = NotebookRows.status(row);
    Instant now = records.clock().instant();
    if (row.handle() == null) {
      if (status == NotebookStatus.STOPPING) {
        records.normal(key, "Stopped", "the stop finished after a restart");
        records.status(key, NotebookStatus.STOPPED, row.reason());
      }
      return;
    }
    boolean wanted =
        NotebookRows.wantsRunning(row)
            && (status == NotebookStatus.PENDING || status == NotebookStatus.RUNNING);
    if (!wanted) {
      starter.stop(key, row.handle());
      records.normal(key, "Stopped", "the stop finished after a restart");
      records.change(
          key,
          r ->
              r.withServer(null, "", r.limits())
                  .withStatus(
                      NotebookRows.wantsRunning(r)
                          ? NotebookStatus.PENDING.name()
                          : NotebookStatus.STOPPED.name(),
                      NotebookRows.wantsRunning(r) ? "waiting to start" : r.reason(),
                      now));
      return;
    }
    Optional<LiveServer> found = starter.reattach(row, now);
    if (found.isEmpty()) {
      records.warning(key, "Restarted", "the server was gone after a restart; starting it again");
      records.change(
          key,
          r ->
              r.withServer(null, "", r.limits())
                  .withStatus(
                      NotebookStatus.PENDING.name(),
                      "the server was gone after a restart; starting it again",
                      now));
      return;
    }
    LiveServer server = found.get();
    records.normal(key, "Reattached", "found the server running after a restart");
    if (api.ready(server.endpoint(), server.jupyter())) {
      server = server.answered(now);
      records.status(key, NotebookStatus.RUNNING, "");
    } else {
      records.status(key, NotebookStatus.PENDING, "starting");
    }
    live.put(key, server);
  }
}
