package dev.skiff.server.auth;

import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.LocalSetup;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.store.Profile;
import dev.skiff.store.ProfileRepository;
import dev.skiff.store.identity.AppUser;
import dev.skiff.store.identity.IdentityRepositories;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileRole;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a proved {@link Identity} into a {@link Caller}: the user's record (made on their first
 * sign-in, with a default profile they own), their roles in profiles, whether they administer the
 * platform, and the limits of the API token they used.
 */
public final class AccessResolver {
  private final IdentityRepositories identity;
  private final ProfileRepository profiles;
  private final AuthSettings settings;
  private final String localAdmin;
  private final Clock clock;

  /**
   * A resolver over the database's identity tables.
   *
   * @param localAdmin in local mode, the OS user who runs the server (the platform administrator
   *     there, with the configured {@code auth.admins}); null in other modes
   */
  public AccessResolver(
      IdentityRepositories identity,
      ProfileRepository profiles,
      AuthSettings settings,
      String localAdmin,
      Clock clock) {
    this.identity = identity;
    this.profiles = profiles;
    this.settings = settings;
    this.localAdmin = settings.mode() == AuthSettings.Mode.LOCAL ? localAdmin : null;
    this.clock = clock;
  }

  /** The caller behind {@code id}; grants are reported to {@code trail}. */
  public Caller resolve(Identity id, Requester.AccessTrail trail) {
    AppUser user = identity.users().find(id.userId()).orElseGet(() -> firstSignIn(id));
    Map<String, ProfileRole> roles = new HashMap<>();
    for (Member m : identity.members().ofUser(id.userId())) {
      roles.put(m.profile(), m.role());
    }
    // Local mode has one administrator, the OS user; users with API tokens of their own are not.
    boolean admin = id.userId().equals(localAdmin) || settings.admins().contains(id.userId());
    String defaultProfile = user.defaultProfile();
    if (id.scope() != null) {
      Identity.TokenScope scope = id.scope();
      Map<String, ProfileRole> scoped = new HashMap<>();
      for (var e : roles.entrySet()) {
        if (scope.profile() == null || scope.profile().equals(e.getKey())) {
          scoped.put(
              e.getKey(), scope.role() == null ? e.getValue() : e.getValue().min(scope.role()));
        }
      }
      if (admin && scope.profile() != null) {
        ProfileRole cap = scope.role() == null ? ProfileRole.OWNER : scope.role();
        scoped.put(scope.profile(), cap);
      }
      // A scoped token never carries platform-wide power.
      admin = admin && scope.profile() == null && scope.role() == null;
      roles = scoped;
      if (scope.profile() != null) {
        defaultProfile = scope.profile();
      }
    }
    return new Caller(id, new Requester(id.userId(), defaultProfile, roles, admin, trail));
  }

  /** Records a sign-in (a new browser session): the user is made on their first one. */
  public AppUser signedIn(Identity id) {
    Optional<AppUser> known = identity.users().find(id.userId());
    if (known.isEmpty()) {
      return firstSignIn(id);
    }
    identity.users().touchLogin(id.userId(), id.displayName(), clock.instant());
    return known.get();
  }

  private AppUser firstSignIn(Identity id) {
    Instant now = clock.instant();
    String profile;
    if (settings.mode() == AuthSettings.Mode.LOCAL) {
      profile = LocalSetup.profileNameFor(id.userId());
      profiles.createIfAbsent(
          Profile.of(profile, id.userId(), "Default profile of " + id.userId()));
    } else {
      profile = DefaultProfiles.ensure(profiles, id.userId()).orElse("");
    }
    identity.users().createIfAbsent(new AppUser(id.userId(), id.displayName(), profile, now, now));
    // Another request may have made the user first: theirs is the record.
    return identity.users().find(id.userId()).orElseThrow();
  }
}
