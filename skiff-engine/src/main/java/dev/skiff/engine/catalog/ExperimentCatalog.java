package dev.skiff.engine.catalog;

import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.CatalogFields;
import dev.skiff.store.ExperimentRepository;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredRun;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.time.Clock;
import java.util.UUID;

/**
 * Experiments (KFP's ExperimentService): named groups of runs per profile. Every profile has a
 * {@value #DEFAULT_NAME} experiment, made when first needed (listed, or a run created without an
 * experiment), as KFP makes one per namespace.
 */
public final class ExperimentCatalog {
  /** The experiment runs land in when none is named (KFP's default experiment). */
  public static final String DEFAULT_NAME = "Default";

  private static final Sort DEFAULT_ORDER = new Sort("created_at", false);

  private final ExperimentRepository repo;
  private final Lists lists;
  private final Clock clock;

  ExperimentCatalog(ExperimentRepository repo, Lists lists, Clock clock) {
    this.repo = repo;
    this.lists = lists;
    this.clock = clock;
  }

  /**
   * A new experiment's fields (KFP's {@code Experiment} as sent).
   *
   * @param displayName its name, unique in the profile
   * @param description free text
   * @param namespace KFP's namespace: empty or the caller's profile
   */
  public record NewExperiment(String displayName, String description, String namespace) {}

  /**
   * Creates an experiment.
   *
   * @throws CatalogException.Invalid without a name
   * @throws AlreadyExistsException when the profile has one of that name
   */
  public StoredExperiment create(Requester who, NewExperiment e) {
    String profile = who.writableNamespace(e.namespace());
    String name = e.displayName() == null ? "" : e.displayName().strip();
    if (name.isEmpty()) {
      throw new CatalogException.Invalid("an experiment needs a display_name");
    }
    FieldLimits.check("experiment display_name", name, FieldLimits.NAME);
    FieldLimits.check("experiment description", e.description(), FieldLimits.TEXT);
    StoredExperiment made =
        new StoredExperiment(
            UUID.randomUUID().toString(),
            profile,
            name,
            e.description(),
            StoredRun.AVAILABLE,
            clock.instant(),
            null);
    repo.create(made);
    return made;
  }

  /**
   * The caller's experiment.
   *
   * @throws CatalogException.NotFound when unknown or another profile's
   */
  public StoredExperiment get(Requester who, String id) {
    return repo.find(id)
        .filter(e -> who.owns(e.profile()))
        .orElseThrow(() -> new CatalogException.NotFound("no experiment '" + id + "'"));
  }

  /** The caller's experiment, which they may change. */
  private StoredExperiment editable(Requester who, String id) {
    StoredExperiment e = get(who, id);
    who.require(e.profile(), dev.skiff.store.identity.ProfileRole.EDIT);
    return e;
  }

  /** One page of the caller's experiments (the default experiment included). */
  public CatalogPage<StoredExperiment> list(Requester who, String namespace, ListRequest request) {
    String profile = who.namespace(namespace);
    defaultOf(profile);
    Scope scope = Scope.where("profile", profile);
    return lists.page(CatalogFields.EXPERIMENTS, DEFAULT_ORDER, request, q -> repo.list(scope, q));
  }

  /** Archives an experiment and its runs. */
  public void archive(Requester who, String id) {
    repo.archive(editable(who, id).id());
  }

  /** Makes an archived experiment available again (its runs stay archived, as in KFP). */
  public void unarchive(Requester who, String id) {
    repo.unarchive(editable(who, id).id());
  }

  /** Deletes an experiment; its runs stay (as in KFP). */
  public void delete(Requester who, String id) {
    repo.delete(editable(who, id).id());
  }

  /**
   * The experiment a new run goes into: the one named (the caller's, not archived), or the
   * profile's default.
   *
   * @throws CatalogException.NotFound for an unknown experiment
   * @throws CatalogException.Conflict for an archived one
   */
  StoredExperiment forNewRun(Requester who, String experimentId) {
    if (experimentId == null || experimentId.isBlank()) {
      return defaultOf(who.writableNamespace(""));
    }
    StoredExperiment e = get(who, experimentId.strip());
    if (StoredRun.ARCHIVED.equals(e.storageState())) {
      throw new CatalogException.Conflict(
          "experiment '" + e.displayName() + "' is archived: unarchive it to add runs");
    }
    return e;
  }

  /** The profile's default experiment, made if it does not exist yet (also when two race). */
  StoredExperiment defaultOf(String profile) {
    return repo.findByName(profile, DEFAULT_NAME)
        .orElseGet(
            () -> {
              try {
                StoredExperiment e =
                    new StoredExperiment(
                        UUID.randomUUID().toString(),
                        profile,
                        DEFAULT_NAME,
                        "All runs created without specifying an experiment are grouped here.",
                        StoredRun.AVAILABLE,
                        clock.instant(),
                        null);
                repo.create(e);
                return e;
              } catch (AlreadyExistsException raced) {
                return repo.findByName(profile, DEFAULT_NAME).orElseThrow();
              }
            });
  }
}
