package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.util.Optional;

/** Experiments per profile ({@link CatalogFields#EXPERIMENTS} lists them). */
public interface ExperimentRepository {

  /**
   * Stores a new experiment.
   *
   * @throws AlreadyExistsException when the profile has one of that name; nothing changes
   */
  void create(StoredExperiment experiment);

  Optional<StoredExperiment> find(String id);

  /** The experiment of that display name in the profile, if any. */
  Optional<StoredExperiment> findByName(String profile, String displayName);

  /** One page of the experiments within {@code scope}. */
  Page<StoredExperiment> list(Scope scope, ListQuery query);

  /**
   * Archives the experiment and every run in it, in one transaction (as KFP does).
   *
   * @return false when there is no such experiment
   */
  boolean archive(String id);

  /**
   * Makes the experiment available again; its runs stay archived (as KFP does).
   *
   * @return false when there is no such experiment
   */
  boolean unarchive(String id);

  /**
   * Deletes the experiment; its runs stay, naming an experiment that is gone (as KFP does).
   *
   * @return false when there was none
   */
  boolean delete(String id);
}
