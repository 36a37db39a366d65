package dev.skiff.engine.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Who asks the catalog, as the caller's front end established it (the server's authentication, or
 * the local user for the in-process CLI): everything they create lands in their profile, and they
 * see only their profile's resources (and, for runs, the runs outside any profile that the
 * in-process CLI starts on the same home).
 *
 * @param user the user name (owner of the profile when the catalog has to create it)
 * @param profile the profile they work in; KFP's namespace
 */
public record Requester(String user, String profile) {
  public Requester {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(profile, "profile");
  }

  /**
   * The profile a request names through KFP's {@code namespace}: blank means the caller's own.
   *
   * @throws CatalogException.Forbidden for another profile
   */
  public String namespace(String requested) {
    if (requested == null || requested.isBlank() || requested.strip().equals(profile)) {
      return profile;
    }
    throw new CatalogException.Forbidden(
        "namespace '"
            + requested.strip()
            + "' is not yours: you work in profile '"
            + profile
            + "' (leave namespace empty for it)");
  }

  /** Whether a resource of {@code resourceProfile} is the caller's. */
  public boolean owns(String resourceProfile) {
    return profile.equals(resourceProfile);
  }

  /** Whether the caller may see a run of {@code runProfile}: theirs, or outside any profile. */
  public boolean seesRun(String runProfile) {
    return runProfile.isEmpty() || runProfile.equals(profile);
  }

  /** The profiles whose runs the caller sees. */
  List<String> runProfiles() {
    return profile.isEmpty() ? List.of("") : List.of(profile, "");
  }
}
