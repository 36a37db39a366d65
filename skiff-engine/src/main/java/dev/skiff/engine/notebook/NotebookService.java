package dev.skiff.engine.notebook;

import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.notebook.NotebookRows.Desired;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.ProfileName;
import dev.skiff.store.identity.ProfileRole;
import dev.skiff.store.notebook.NotebookRepository;
import dev.skiff.store.notebook.StoredNotebook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The notebook servers of every profile: the {@link Notebooks} the API, CLI and dashboard call,
 * over the store, a {@link NotebookLauncher} and the engine's quota ledger. Calls change what is
 * wanted and return at once; a reconciler on one virtual thread decides and records, and each start
 * (launch, then waiting until the server answers) runs on a virtual thread of its own, so that
 * servers start side by side (deletion waits: no process is left when it returns). {@link #close}
 * leaves the servers running: a service opened later over the same store finds them again.
 *
 * <p>A server's {@code HOME} is its workspace, as in Kubeflow. Before each start, when the
 * credentials name a token file ({@code KF_PIPELINES_SA_TOKEN_PATH}), {@code
 * ~/.config/kfp/context.json} there gets the profile as {@code namespace} and {@code Authorization:
 * Bearer <token>} as the client authentication header (the user's other keys kept), so that {@code
 * kfp.Client()} with no arguments submits to Skiff in the notebook's profile: kfp 2.x sends no
 * token of its own once {@code KF_PIPELINES_ENDPOINT} gives it a host.
 *
 * <pre>{@code
 * NotebookService notebooks = engine.notebooks(settings, database.notebooks(), credentials);
 * notebooks.create(who, "team-a", new NotebookSpec("nb1", "python3", 0.5, 1L << 30, null, null, null, null));
 * }</pre>
 */
public final class NotebookService implements Notebooks, AutoCloseable {
  /** How long a deletion waits for the server to stop. */
  static final Duration DELETE_WAIT = Duration.ofSeconds(60);

  private final NotebookSettings settings;
  private final NotebookRecords records;
  private final NotebookEnvironments environments;
  private final Map<String, Map<String, String>> configurations;
  private volatile NotebookRules rules;
  private final NotebookPaths paths;
  private final NotebookReconciler reconciler;
  private final ServerStarter starter;
  private final Clock clock;

  /**
   * A service; {@link #start} finds earlier servers again and starts the reconciler.
   *
   * @param home {@code $SKIFF_HOME} (workspaces, logs, volumes)
   * @param quotas the engine's ledger, shared with the pipeline steps
   */
  public NotebookService(
      NotebookSettings settings,
      NotebookRepository repo,
      NotebookLauncher launcher,
      QuotaLedger quotas,
      NotebookCredentials credentials,
      Path home,
      Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.records = new NotebookRecords(repo, clock);
    this.environments = new NotebookEnvironments(settings.environments(), launcher);
    this.configurations = settings.configurations();
    this.paths = new NotebookPaths(home);
    this.starter =
        new ServerStarter(
            launcher, quotas, credentials, environments, paths, settings.configurations());
    this.reconciler = new NotebookReconciler(records, starter, new JupyterApi(), settings, paths);
  }

  /** The rules, made once the environments are probed. */
  private NotebookRules rules() {
    NotebookRules r = rules;
    if (r == null) {
      r = new NotebookRules(environments.all(), configurations);
      rules = r;
    }
    return r;
  }

  /** Finds the servers a previous process left running, then starts reconciling. */
  public NotebookService start() {
    reconciler.start();
    return this;
  }

  /** The settings it runs with. */
  public NotebookSettings settings() {
    return settings;
  }

  /** How many GPUs are free for a notebook now (for the spawner form). */
  public int gpusFree() {
    return starter.launcher().freeGpus();
  }

  @Override
  public List<NotebookEnvironment> environments() {
    return environments.all();
  }

  @Override
  public Notebook create(Requester who, String profile, NotebookSpec spec) {
    String p = profileName(profile);
    who.require(p, ProfileRole.EDIT);
    NotebookSpec checked = rules().check(spec);
    Optional<String> never = starter.launcher().unschedulable(ServerStarter.request(checked));
    if (never.isPresent()) {
      throw new CatalogException.Invalid(ServerStarter.words(never.get()));
    }
    if (!records.repo().profileExists(p)) {
      throw new CatalogException.NotFound("no profile '" + p + "'");
    }
    String kind = environments.kind(checked.environment()).orElse("");
    StoredNotebook row = NotebookRows.created(p, checked, kind, who.user(), clock.instant());
    try {
      records.repo().create(row);
    } catch (AlreadyExistsException e) {
      throw new CatalogException.Conflict(
          "profile '" + p + "' has a notebook named '" + checked.name() + "'");
    }
    NotebookKey key = new NotebookKey(p, checked.name());
    records.normal(key, "Created", "created by " + who.user());
    reconciler.wake();
    return NotebookRows.view(row);
  }

  @Override
  public List<Notebook> list(Requester who, String profile) {
    String p = profileName(profile);
    who.require(p, ProfileRole.VIEW);
    return records.repo().list(p).stream().map(NotebookRows::view).toList();
  }

  @Override
  public Notebook get(Requester who, String profile, String name) {
    return NotebookRows.view(visible(who, profile, name, ProfileRole.VIEW));
  }

  @Override
  public Notebook start(Requester who, String profile, String name) {
    StoredNotebook row = visible(who, profile, name, ProfileRole.EDIT);
    NotebookKey key = new NotebookKey(row.profile(), row.name());
    Instant now = clock.instant();
    StoredNotebook after =
        records
            .change(
                key,
                r -> {
                  NotebookStatus s = NotebookRows.status(r);
                  StoredNotebook wanted = r.withDesired(Desired.RUNNING.name());
                  return s == NotebookStatus.STOPPED || s == NotebookStatus.FAILED
                      ? wanted.withStatus(NotebookStatus.PENDING.name(), "waiting to start", now)
                      : wanted;
                })
            .orElseThrow(() -> notFound(row.profile(), row.name()));
    if (!row.desired().equals(Desired.RUNNING.name())) {
      records.normal(key, "Starting", "start asked by " + who.user());
    }
    reconciler.wake();
    return NotebookRows.view(after);
  }

  @Override
  public Notebook stop(Requester who, String profile, String name) {
    StoredNotebook row = visible(who, profile, name, ProfileRole.EDIT);
    NotebookKey key = new NotebookKey(row.profile(), row.name());
    Instant now = clock.instant();
    StoredNotebook after =
        records
            .change(
                key,
                r -> {
                  NotebookStatus s = NotebookRows.status(r);
                  StoredNotebook wanted = r.withDesired(Desired.STOPPED.name());
                  return switch (s) {
                    case PENDING, RUNNING ->
                        wanted.withStatus(NotebookStatus.STOPPING.name(), "stop asked", now);
                    case FAILED -> wanted.withStatus(NotebookStatus.STOPPED.name(), "", now);
                    default -> wanted;
                  };
                })
            .orElseThrow(() -> notFound(row.profile(), row.name()));
    if (!row.desired().equals(Desired.STOPPED.name())) {
      records.normal(key, "Stopping", "stop asked by " + who.user());
    }
    reconciler.wake();
    return NotebookRows.view(after);
  }

  @Override
  public void delete(Requester who, String profile, String name, boolean deleteWorkspace) {
    StoredNotebook row = visible(who, profile, name, ProfileRole.EDIT);
    NotebookKey key = new NotebookKey(row.profile(), row.name());
    var done = reconciler.deletions().request(key, deleteWorkspace);
    reconciler.wake();
    try {
      if (!done.get(DELETE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw notFound(row.profile(), row.name());
      }
    } catch (TimeoutException e) {
      throw new CatalogException.Conflict(
          "notebook '" + row.name() + "' is still being deleted; try again");
    } catch (ExecutionException e) {
      throw new CatalogException.Conflict(
          "notebook '" + row.name() + "' was not deleted: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException.Conflict("notebook '" + row.name() + "' was not deleted");
    }
  }

  @Override
  public List<NotebookEvent> events(Requester who, String profile, String name) {
    StoredNotebook row = visible(who, profile, name, ProfileRole.VIEW);
    return records.repo().events(row.profile(), row.name()).stream()
        .map(e -> new NotebookEvent(e.at(), e.type(), e.reason(), e.message()))
        .toList();
  }

  @Override
  public NotebookLog logs(Requester who, String profile, String name, long offset, int maxBytes) {
    StoredNotebook row = visible(who, profile, name, ProfileRole.VIEW);
    if (offset < 0) {
      throw new CatalogException.Invalid("offset must be 0 or more");
    }
    if (maxBytes < 1) {
      throw new CatalogException.Invalid("max_bytes must be 1 or more");
    }
    NotebookLog piece =
        NotebookLogs.read(paths.serverLog(row.profile(), row.name()), offset, maxBytes);
    // the server prints its URL with its token: readers with the view role must not reach it
    return new NotebookLog(NotebookLogs.redact(piece.text()), piece.next());
  }

  @Override
  public Optional<NotebookEndpoint> endpoint(Requester who, String profile, String name) {
    String p = profile == null ? "" : profile.strip();
    String n = name == null ? "" : name.strip();
    if (ProfileName.isValid(p) && who.has(p, ProfileRole.VIEW)) {
      // the proxy asks on every request: a server that answers is found without the store
      Optional<LiveServer> server = reconciler.live(new NotebookKey(p, n));
      if (server.isPresent() && server.get().ready()) {
        who.require(p, ProfileRole.EDIT);
        return Optional.of(server.get().endpoint());
      }
    }
    StoredNotebook row = visible(who, p, n, ProfileRole.EDIT);
    if (NotebookRows.status(row) != NotebookStatus.RUNNING) {
      return Optional.empty();
    }
    return reconciler
        .live(new NotebookKey(row.profile(), row.name()))
        .filter(LiveServer::ready)
        .map(LiveServer::endpoint);
  }

  /**
   * What a profile's notebook servers hold now (those Running or starting), for the profile's home
   * page.
   */
  public QuotaUsage usage(String profile) {
    // what holds resources: a server started or found again (its handle is stored)
    QuotaUsage u = QuotaUsage.NONE;
    for (StoredNotebook row : records.repo().list(profile)) {
      if (row.handle() != null) {
        u = u.plus(ServerStarter.demand(row));
      }
    }
    return u;
  }

  /**
   * Stops every server of a profile and forgets its notebooks, with their workspaces and the
   * profile's data volumes (the profile is being deleted). No process of the profile's notebooks is
   * left when it returns. Register it with {@code catalog.profiles().whenDeleting(...)}.
   */
  public void removeProfile(String profile) {
    for (StoredNotebook row : records.repo().list(profile)) {
      var done = reconciler.deletions().request(new NotebookKey(row.profile(), row.name()), true);
      reconciler.wake();
      try {
        done.get(DELETE_WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw new CatalogException.Conflict(
            "notebook '" + row.name() + "' of '" + profile + "' did not stop; delete again");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CatalogException.Conflict("profile '" + profile + "' was not deleted");
      }
    }
    if (ProfileName.isValid(profile)) {
      paths.removeProfile(profile);
    }
  }

  /** Stops reconciling; the servers keep running (a later service finds them again). */
  @Override
  public void close() {
    reconciler.close();
    starter.launcher().close();
  }

  /** The row of a notebook the caller may see, with the role checked. */
  private StoredNotebook visible(Requester who, String profile, String name, ProfileRole needed) {
    String p = profile == null ? "" : profile.strip();
    String n = name == null ? "" : name.strip();
    if (!ProfileName.isValid(p) || !who.has(p, ProfileRole.VIEW)) {
      throw notFound(p, n); // a profile that is not yours: its notebooks are not revealed
    }
    StoredNotebook row = records.repo().find(p, n).orElseThrow(() -> notFound(p, n));
    who.require(p, needed);
    return row;
  }

  private static String profileName(String profile) {
    String p = profile == null ? "" : profile.strip();
    if (!ProfileName.isValid(p)) {
      throw new CatalogException.Invalid(
          "'"
              + NotebookRules.shown(p)
              + "' is not a profile name (1-63 lowercase letters, digits, '-')");
    }
    return p;
  }

  private static CatalogException.NotFound notFound(String profile, String name) {
    return new CatalogException.NotFound(
        "no notebook '"
            + NotebookRules.shown(name)
            + "' in profile '"
            + NotebookRules.shown(profile)
            + "'");
  }
}
