package dev.skiff.store;

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

  Optional<StoredPipeline> find(String id);

  Optional<StoredPipeline> findByName(String profile, String name);

  /** The profile's pipelines, ordered by name. */
  List<StoredPipeline> list(String profile);

  /** The pipeline's versions, oldest first. */
  List<StoredPipelineVersion> versions(String pipelineId);
}
