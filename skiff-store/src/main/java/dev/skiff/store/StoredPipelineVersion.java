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
 * @param spec the pipeline file, verbatim (empty in a list that does not read it)
 * @param createdAt when it was stored
 * @param displayName the name shown to people (the name when none was given)
 * @param codeSourceUrl where the pipeline's source code is, or empty
 * @param packageUrl the URL the file was fetched from, or empty
 */
public record StoredPipelineVersion(
    String id,
    String pipelineId,
    String name,
    String description,
    String spec,
    Instant createdAt,
    String displayName,
    String codeSourceUrl,
    String packageUrl) {

  public StoredPipelineVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pipelineId, "pipelineId");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(createdAt, "createdAt");
    displayName = displayName == null || displayName.isEmpty() ? name : displayName;
    codeSourceUrl = codeSourceUrl == null ? "" : codeSourceUrl;
    packageUrl = packageUrl == null ? "" : packageUrl;
  }

  /** A version whose display name is its name. */
  public StoredPipelineVersion(
      String id,
      String pipelineId,
      String name,
      String description,
      String spec,
      Instant createdAt) {
    this(id, pipelineId, name, description, spec, createdAt, name, "", "");
  }
}
