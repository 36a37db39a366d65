package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A pipeline definition stored in a profile (KFP's {@code Pipeline}).
 *
 * @param id generated id (UUID)
 * @param profile owning profile
 * @param name unique name within the profile
 * @param displayName name shown to people
 * @param description free text, may be empty
 * @param createdAt when it was stored
 */
public record StoredPipeline(
    String id,
    String profile,
    String name,
    String displayName,
    String description,
    Instant createdAt) {

  public StoredPipeline {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    description = description == null ? "" : description;
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
