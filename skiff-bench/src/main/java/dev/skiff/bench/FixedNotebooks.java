package dev.skiff.bench;

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
import java.util.Optional;

/**
 * The lookup half of {@link Notebooks} over one server the benchmark started itself: what the proxy
 * asks on every request ({@link #endpoint}), with the service's role check. B8 measures the proxy,
 * not the service; creating and starting notebooks is the notebook service's (see NotebookBench).
 */
final class FixedNotebooks implements Notebooks {
  private final String profile;
  private final String name;
  private volatile NotebookEndpoint endpoint;

  FixedNotebooks(String profile, String name) {
    this.profile = profile;
    this.name = name;
  }

  /** Where the one notebook answers now (null: not running). */
  void endpoint(NotebookEndpoint e) {
    this.endpoint = e;
  }

  private void check(Requester who, String p, String n, ProfileRole role) {
    if (!who.has(p, ProfileRole.VIEW) || !p.equals(profile) || !n.equals(name)) {
      throw new CatalogException.NotFound("no notebook " + n + " in profile " + p);
    }
    who.require(p, role);
  }

  @Override
  public Optional<NotebookEndpoint> endpoint(Requester who, String p, String n) {
    check(who, p, n, ProfileRole.EDIT);
    return Optional.ofNullable(endpoint);
  }

  @Override
  public Notebook get(Requester who, String p, String n) {
    check(who, p, n, ProfileRole.VIEW);
    Instant now = Instant.now();
    return new Notebook(
        p,
        new NotebookSpec(n, "python3", 0, 0, null, null, null, null),
        endpoint == null ? NotebookStatus.STOPPED : NotebookStatus.RUNNING,
        "",
        "notebook",
        List.of(),
        "not enforced",
        who.user(),
        now,
        now,
        Optional.empty());
  }

  @Override
  public List<NotebookEnvironment> environments() {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public Notebook create(Requester who, String p, NotebookSpec spec) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public List<Notebook> list(Requester who, String p) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public Notebook start(Requester who, String p, String n) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public Notebook stop(Requester who, String p, String n) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public void delete(Requester who, String p, String n, boolean deleteWorkspace) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public List<NotebookEvent> events(Requester who, String p, String n) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }

  @Override
  public NotebookLog logs(Requester who, String p, String n, long offset, int maxBytes) {
    throw new UnsupportedOperationException("B8 measures the proxy only");
  }
}
