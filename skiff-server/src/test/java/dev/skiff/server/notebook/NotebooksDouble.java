package dev.skiff.server.notebook;

import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookEndpoint;
import dev.skiff.engine.notebook.NotebookEnvironment;
import dev.skiff.engine.notebook.NotebookEvent;
import dev.skiff.engine.notebook.NotebookLog;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.engine.notebook.NotebookStatus;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.store.identity.ProfileRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lookup half of {@link Notebooks} over servers a test started itself (the proxy calls only
 * {@link #endpoint} and {@link #get}), with the service's access rules: view to read, edit to
 * reach, a profile without a role is "not found".
 */
final class NotebooksDouble implements Notebooks {
  private record Entry(Notebook notebook, NotebookEndpoint endpoint) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** A running notebook at {@code endpoint}. */
  void running(String profile, String name, NotebookEndpoint endpoint) {
    entries.put(
        profile + "/" + name, new Entry(view(profile, name, NotebookStatus.RUNNING, ""), endpoint));
  }

  /** A notebook that does not run. */
  void notRunning(String profile, String name, NotebookStatus status, String reason) {
    entries.put(profile + "/" + name, new Entry(view(profile, name, status, reason), null));
  }

  private static Notebook view(String profile, String name, NotebookStatus status, String reason) {
    Instant now = Instant.now();
    return new Notebook(
        profile,
        new NotebookSpec(name, "python3", 1, 1L << 30, null, null, null, null),
        status,
        reason,
        "notebook",
        List.of(),
        "not enforced",
        "alice@example.com",
        now,
        now,
        Optional.empty());
  }

  private Entry find(Requester who, String profile, String name, ProfileRole needed) {
    if (!who.has(profile, ProfileRole.VIEW)) {
      throw new CatalogException.NotFound("no notebook " + name + " in profile " + profile);
    }
    who.require(profile, needed);
    Entry e = entries.get(profile + "/" + name);
    if (e == null) {
      throw new CatalogException.NotFound("no notebook " + name + " in profile " + profile);
    }
    return e;
  }

  @Override
  public Notebook get(Requester who, String profile, String name) {
    return find(who, profile, name, ProfileRole.VIEW).notebook();
  }

  @Override
  public Optional<NotebookEndpoint> endpoint(Requester who, String profile, String name) {
    return Optional.ofNullable(find(who, profile, name, ProfileRole.EDIT).endpoint());
  }

  @Override
  public List<NotebookEnvironment> environments() {
    throw new UnsupportedOperationException("the proxy does not list environments");
  }

  @Override
  public Notebook create(Requester who, String profile, NotebookSpec spec) {
    throw new UnsupportedOperationException("the proxy does not create notebooks");
  }

  @Override
  public List<Notebook> list(Requester who, String profile) {
    throw new UnsupportedOperationException("the proxy does not list notebooks");
  }

  @Override
  public Notebook start(Requester who, String profile, String name) {
    throw new UnsupportedOperationException("the proxy does not start notebooks");
  }

  @Override
  public Notebook stop(Requester who, String profile, String name) {
    throw new UnsupportedOperationException("the proxy does not stop notebooks");
  }

  @Override
  public void delete(Requester who, String profile, String name, boolean deleteWorkspace) {
    throw new UnsupportedOperationException("the proxy does not delete notebooks");
  }

  @Override
  public List<NotebookEvent> events(Requester who, String profile, String name) {
    throw new UnsupportedOperationException("the proxy does not read events");
  }

  @Override
  public NotebookLog logs(Requester who, String profile, String name, long offset, int maxBytes) {
    throw new UnsupportedOperationException("the proxy does not read logs");
  }
}
