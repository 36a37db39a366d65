package dev.skiff.server.auth;

import dev.skiff.engine.catalog.ProfileCatalog;
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
  private final Clock clock;
  private final String localUser;

  /**
   * A resolver over the database's identity tables.
   *
   * @param localUser the OS user of a local-mode server (null otherwise)
   */
  public AccessResolver(
      IdentityRepositories identity,
      ProfileRepository profiles,
      AuthSettings settings,
      Clock clock,
      String localUser) {
    this.localUser = localUser;
    this.identity = identity;
    this.profiles = profiles;
    this.settings = settings;
    this.clock = clock;
  }

  /** The caller behind {@code id}; grants are reported to {@code trail}. */
  public Caller resolve(Identity id, Requester.AccessTrail trail) {
    AppUser user = identity.users().find(id.userId()).orElseGet(() -> firstSignIn(id));
    Map<String, ProfileRole> roles = new HashMap<>();
    for (Member m : identity.members().ofUser(id.userId())) {
      roles.put(m.profile(), m.role());
    }
    // Everyone reads the pipelines published platform-wide.
    roles.putIfAbsent(ProfileCatalog.SHARED, ProfileRole.VIEW);
    boolean admin = settings.admins().contains(id.userId());
    if (settings.mode() == AuthSettings.Mode.LOCAL && id.userId().equals(localUser)) {
      // The home's own user: the runs the in-process CLI starts outside any profile are theirs.
      roles.put("", ProfileRole.OWNER);
    }
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
