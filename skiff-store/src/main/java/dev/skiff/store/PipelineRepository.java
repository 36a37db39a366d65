package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.util.List;
import java.util.Optional;

/** Stored pipelines and their versions, per profile. */
public interface PipelineRepository {

  /**
   * Stores a pipeline together with its first version, atomically.
   *
   * @throws AlreadyExistsException when the profile has a pipeline of that name; nothing changes
   */
  void create(StoredPipeline pipeline, StoredPipelineVersion firstVersion);

  /**
   * Stores a pipeline without versions (KFP's {@code CreatePipeline}).
   *
   * @throws AlreadyExistsException when the profile has a pipeline of that name; nothing changes
   */
  void create(StoredPipeline pipeline);

  /**
   * Adds a version to a stored pipeline.
   *
   * @throws AlreadyExistsException when the pipeline has a version of that name
   */
  void createVersion(StoredPipelineVersion version);

  Optional<StoredPipeline> find(String id);

  Optional<StoredPipeline> findByName(String profile, String name);

  /** The profile's pipelines, ordered by name. */
  List<StoredPipeline> list(String profile);

  /** One page of the pipelines within {@code scope} ({@link CatalogFields#PIPELINES}). */
  Page<StoredPipeline> list(Scope scope, ListQuery query);

  /** The pipeline's versions, oldest first. */
  List<StoredPipelineVersion> versions(String pipelineId);

  /** One page of versions within {@code scope} ({@link CatalogFields#PIPELINE_VERSIONS}). */
  Page<StoredPipelineVersion> listVersions(Scope scope, ListQuery query);

  /** A version with its file. */
  Optional<StoredPipelineVersion> findVersion(String versionId);

  /** The pipeline's newest version, with its file. */
  Optional<StoredPipelineVersion> latestVersion(String pipelineId);

  /**
   * Deletes a pipeline with its versions.
   *
   * @return false when there was none
   */
  boolean delete(String id);

  /**
   * Deletes one version.
   *
   * @return false when there was none
   */
  boolean deleteVersion(String versionId);
}
