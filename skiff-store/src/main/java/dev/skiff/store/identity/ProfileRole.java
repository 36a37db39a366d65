package dev.skiff.store.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * What a member may do in a profile, from most to least: {@code owner} (everything, including
 * deleting the profile), {@code admin} (manage members), {@code edit} (create, run, change, delete
 * resources) and {@code view} (read).
 */
public enum ProfileRole {
  OWNER,
  ADMIN,
  EDIT,
  VIEW;

  /** The name on the wire and in the database: lowercase. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role grants at least what {@code other} grants. */
  public boolean atLeast(ProfileRole other) {
    return ordinal() <= other.ordinal();
  }

  /** The lesser of two roles. */
  public ProfileRole min(ProfileRole other) {
    return ordinal() >= other.ordinal() ? this : other;
  }

  /** The role named {@code text} (any case), if it is one. */
  public static Optional<ProfileRole> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (ProfileRole r : values()) {
      if (r.wire().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
