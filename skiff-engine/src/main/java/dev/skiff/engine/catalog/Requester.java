package dev.skiff.engine.catalog;

import dev.skiff.store.ProfileName;
import dev.skiff.store.identity.ProfileRole;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who asks the catalog, as the caller's front end established it (the server's authentication, or
 * the local user for the in-process CLI), with their role in each profile. Every catalog call
 * checks it: reads need {@code view}, creating, running and changing need {@code edit}. A resource
 * in a profile the caller has no role in is "not found" (its existence is not revealed).
 *
 * @param user the user id
 * @param profile the caller's default profile (where a request without a namespace goes); may be
 *     empty when they have none
 * @param roles the caller's role in each profile they are a member of
 * @param platformAdmin a configured platform administrator: every profile as owner, and the runs
 *     outside any profile
 * @param trail told of every profile access is granted in (the server's audit log uses it)
 */
public record Requester(
    String user,
    String profile,
    Map<String, ProfileRole> roles,
    boolean platformAdmin,
    AccessTrail trail) {

  /** Told of each profile the requester was allowed to act in. */
  @FunctionalInterface
  public interface AccessTrail {
    /** Nothing is recorded. */
    AccessTrail NONE = (p, role) -> {};

    /** Access at {@code role} was granted in profile {@code p}. */
    void granted(String p, ProfileRole role);

    /** Access at {@code role} was refused in profile {@code p} (by default, not recorded). */
    default void denied(String p, ProfileRole role) {}
  }

  /** Requires every field; copies the roles. */
  public Requester {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(profile, "profile");
    roles = Map.copyOf(roles);
    trail = trail == null ? AccessTrail.NONE : trail;
  }

  /** A requester whose grants are not recorded. */
  public Requester(
      String user, String profile, Map<String, ProfileRole> roles, boolean platformAdmin) {
    this(user, profile, roles, platformAdmin, AccessTrail.NONE);
  }

  /** The owner of {@code profile}, with no other role (used by tests and internal submitters). */
  public Requester(String user, String profile) {
    // Without a profile: the home's own user, as the in-process CLI and engine tests act.
    this(
        user,
        profile,
        profile.isEmpty() ? Map.of() : Map.of(profile, ProfileRole.OWNER),
        profile.isEmpty());
  }

  /** The one user of a local (single-user) home: owner of their profile, and administrator. */
  public static Requester local(String user, String profile) {
    return new Requester(user, profile, Map.of(profile, ProfileRole.OWNER), true);
  }

  /** The caller's role in {@code p} (platform administrators: owner everywhere). */
  public Optional<ProfileRole> role(String p) {
    if (platformAdmin) {
      return Optional.of(ProfileRole.OWNER);
    }
    return Optional.ofNullable(roles.get(p));
  }

  /** Whether the caller has at least {@code needed} in {@code p}. */
  public boolean has(String p, ProfileRole needed) {
    return role(p).map(r -> r.atLeast(needed)).orElse(false);
  }

  /**
   * The profile a read names through KFP's {@code namespace}: blank means the caller's default.
   *
   * @throws CatalogException.Forbidden for a profile the caller cannot read
   * @throws CatalogException.Invalid when blank and the caller has no default profile
   */
  public String namespace(String requested) {
    return namespace(requested, ProfileRole.VIEW);
  }

  /**
   * The profile a write names through {@code namespace} (blank: the default), checked for edit.
   *
   * @throws CatalogException.Forbidden when the caller may not change things there
   */
  public String writableNamespace(String requested) {
    return namespace(requested, ProfileRole.EDIT);
  }

  private String namespace(String requested, ProfileRole needed) {
    String p = requested == null || requested.isBlank() ? profile : requested.strip();
    if (!p.isEmpty() && !ProfileName.isValid(p)) {
      // a host name, a path, a URL: never looked up, never made
      throw new CatalogException.Invalid(
          "namespace '"
              + shown(p)
              + "' is not a profile name (1-63 lowercase letters, digits, '-')");
    }
    if (p.isEmpty() && has("", ProfileRole.VIEW)) {
      return p; // outside any profile: the in-process CLI's runs on a local home
    }
    if (p.isEmpty()) {
      throw new CatalogException.Invalid(
          "you have no default profile: name one with namespace (your profiles: "
              + String.join(", ", roles.keySet().stream().sorted().toList())
              + ")");
    }
    require(p, needed);
    return p;
  }

  /**
   * Checks that the caller has {@code needed} in {@code p}.
   *
   * @throws CatalogException.Forbidden naming the profile and the role that is missing
   */
  public void require(String p, ProfileRole needed) {
    if (has(p, needed)) {
      trail.granted(p, needed);
      return;
    }
    trail.denied(p, needed);
    Optional<ProfileRole> actual = role(p);
    throw new CatalogException.Forbidden(
        actual.isPresent()
            ? "your role in profile '"
                + p
                + "' is "
                + actual.get().wire()
                + "; this needs "
                + needed.wire()
            : "profile '"
                + shown(p)
                + "' is not yours"
                + (profile.isEmpty() ? "" : " (you work in '" + profile + "')"));
  }

  /** Whether the caller may read resources of {@code resourceProfile}. */
  public boolean owns(String resourceProfile) {
    return has(resourceProfile, ProfileRole.VIEW);
  }

  /**
   * Whether the caller may see a run of {@code runProfile}. Runs outside any profile (the
   * in-process CLI's) are the local user's: they hold a role in profile "".
   */
  public boolean seesRun(String runProfile) {
    return owns(runProfile);
  }

  /**
   * The profiles whose runs a list without a namespace shows: the default, and the runs outside any
   * profile when the caller may see those (the local user, administrators).
   */
  List<String> runProfiles() {
    if (profile.isEmpty()) {
      return List.of("");
    }
    return has("", ProfileRole.VIEW) ? List.of(profile, "") : List.of(profile);
  }

  private static String shown(String p) {
    String s = p.length() > 70 ? p.substring(0, 70) + "..." : p;
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
