package dev.skiff.server.auth;

import dev.skiff.store.identity.ProfileRole;
import java.util.Objects;
import java.util.Set;

/**
 * Who a request's credentials prove the caller is, before their profiles are looked up.
 *
 * @param userId the user id: the e-mail (lowercase) in oidc/iap/proxy modes, the OS user locally
 * @param displayName a name for people (may be empty)
 * @param groups groups the provider or proxy vouched for (empty when unknown)
 * @param method which credential proved it
 * @param scope the limits of the API token used, or null
 * @param csrf for a browser session, the token its writes must echo; else null
 */
public record Identity(
    String userId,
    String displayName,
    Set<String> groups,
    Method method,
    TokenScope scope,
    String csrf) {

  /** Which credential proved who the caller is. */
  public enum Method {
    /** The home's token file (local mode). */
    LOCAL_TOKEN,
    /** An API token ({@code Authorization: Bearer}). */
    API_TOKEN,
    /** A browser session cookie. */
    SESSION,
    /** Google IAP's signed header. */
    IAP,
    /** A trusted authenticating proxy's header. */
    PROXY
  }

  /**
   * What an API token is limited to.
   *
   * @param profile only this profile (null: all of the user's)
   * @param role at most this role (null: the user's own)
   * @param tokenId the token's id (it may revoke itself, and no other token)
   */
  public record TokenScope(String profile, ProfileRole role, String tokenId) {}

  /** Requires the user and method; copies the groups. */
  public Identity {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(method, "method");
    displayName = displayName == null ? "" : displayName;
    groups = groups == null ? Set.of() : Set.copyOf(groups);
  }

  /** An identity proved by {@code method}, with no scope and no session. */
  public static Identity of(String userId, String displayName, Set<String> groups, Method method) {
    return new Identity(userId, displayName, groups, method, null, null);
  }

  /** Whether a cookie proved it (its writes need the CSRF token). */
  public boolean fromCookie() {
    return method == Method.SESSION;
  }
}
