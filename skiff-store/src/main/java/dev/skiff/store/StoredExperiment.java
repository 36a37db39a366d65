package dev.skiff.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An experiment: a named group of runs in a profile (KFP's {@code Experiment}).
 *
 * @param id generated id (UUID)
 * @param profile the profile (KFP's namespace); empty outside any profile
 * @param displayName unique within the profile
 * @param description free text, may be empty
 * @param storageState {@link StoredRun#AVAILABLE} or {@link StoredRun#ARCHIVED}
 * @param createdAt when it was created (kept to the microsecond, as both databases store it)
 * @param lastRunCreatedAt when its newest run was created, or null
 */
public record StoredExperiment(
    String id,
    String profile,
    String displayName,
    String description,
    String storageState,
    Instant createdAt,
    Instant lastRunCreatedAt) {

  public StoredExperiment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(displayName, "displayName");
    description = description == null ? "" : description;
    storageState = storageState == null ? StoredRun.AVAILABLE : storageState;
    createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
  }
}
