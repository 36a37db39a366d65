package dev.skiff.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A profile: a workspace that holds notebooks and pipeline runs, owned by one user.
 *
 * @param name the unique name, an RFC 1123 label ({@link ProfileName}); the namespace in cluster
 *     mode
 * @param owner who owns it (a user id or e-mail), 1 to {@value #MAX_OWNER_LENGTH} characters
 * @param description free text for people, up to {@value #MAX_DESCRIPTION_LENGTH} characters;
 *     {@code null} becomes empty
 * @param createdAt when it was created, kept to the microsecond (PostgreSQL's precision), so a
 *     profile read back equals the one stored
 */
public record Profile(String name, String owner, String description, Instant createdAt) {

  /** The longest owner the store keeps. */
  public static final int MAX_OWNER_LENGTH = 255;

  /** The longest description the store keeps. */
  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  /**
   * Checks every field, so an invalid profile never reaches the database.
   *
   * @throws IllegalArgumentException naming the field and the rule it breaks
   */
  public Profile {
    ProfileName.validate(name);
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("profile owner is missing");
    }
    if (owner.length() > MAX_OWNER_LENGTH) {
      throw new IllegalArgumentException(
          "profile owner is " + owner.length() + " characters long; the limit is 255");
    }
    description = description == null ? "" : description;
    if (description.length() > MAX_DESCRIPTION_LENGTH) {
      throw new IllegalArgumentException(
          "profile description is "
              + description.length()
              + " characters long; the limit is "
              + MAX_DESCRIPTION_LENGTH);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** A new profile created now. */
  public static Profile of(String name, String owner, String description) {
    return new Profile(name, owner, description, Instant.now());
  }
}
