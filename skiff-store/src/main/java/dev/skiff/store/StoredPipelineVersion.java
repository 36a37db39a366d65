package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable version of a stored pipeline (KFP's {@code PipelineVersion}).
 *
 * @param id generated id (UUID)
 * @param pipelineId the pipeline it belongs to
 * @param name unique within the pipeline
 * @param description free text, may be empty
 * @param spec the pipeline file, verbatim
 * @param createdAt when it was stored
 */
public record StoredPipelineVersion(
    String id, String pipelineId, String name, String description, String spec, Instant createdAt) {

  public StoredPipelineVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pipelineId, "pipelineId");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
