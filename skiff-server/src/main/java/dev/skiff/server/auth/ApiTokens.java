package dev.skiff.server.auth;

import dev.skiff.store.identity.ApiToken;
import dev.skiff.store.identity.ProfileRole;
import dev.skiff.store.identity.TokenRepository;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens for the CLI, scripts and {@code kfp.Client(existing_token=...)}: {@code
 * skf.<id>.<secret>}, sent as {@code Authorization: Bearer}. Only the SHA-256 of a token is stored;
 * the token itself is shown once, when it is created.
 */
public final class ApiTokens implements Authenticator {
  private static final Pattern FORMAT =
      Pattern.compile("skf\\.([0-9a-f]{16})\\.[A-Za-z0-9_\\-]{43}");
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /** The longest lifetime a token may be given. */
  public static final Duration MAX_TTL = Duration.ofDays(3650);

  private final TokenRepository tokens;
  private final Clock clock;

  /** Tokens kept in {@code tokens}. */
  public ApiTokens(TokenRepository tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * A new token: the stored record and the token text (shown once).
   *
   * @param stored what is kept
   * @param token the text to present as {@code Authorization: Bearer}
   */
  public record Created(ApiToken stored, String token) {}

  /**
   * Creates a token for {@code userId}; the caller has checked the scope.
   *
   * @param name what the user calls it
   * @param profile only this profile, or null
   * @param role at most this role, or null
   * @param ttl how long it works (1 minute to {@link #MAX_TTL})
   */
  public Created create(
      String userId, String name, String profile, ProfileRole role, Duration ttl) {
    String id = Secrets.randomHex(8);
    String token = "skf." + id + "." + Secrets.random(32);
    Instant now = clock.instant();
    ApiToken stored =
        new ApiToken(
            id, userId, name, Secrets.sha256(token), profile, role, now, now.plus(ttl), null, null);
    tokens.create(stored);
    return new Created(stored, token);
  }

  /** A user's tokens, newest first. */
  public List<ApiToken> of(String userId) {
    return tokens.ofUser(userId);
  }

  /** The token with that id. */
  public Optional<ApiToken> find(String id) {
    return tokens.find(id);
  }

  /** Revokes it; whether it was active. */
  public boolean revoke(String id) {
    return tokens.revoke(id, clock.instant());
  }

  @Override
  public Optional<Identity> authenticate(Context ctx) {
    Optional<String> bearer = BearerToken.of(ctx);
    if (bearer.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(bearer.get());
    if (!m.matches()) {
      throw new AuthenticationException("the bearer token is not valid for this server");
    }
    ApiToken t =
        tokens
            .find(m.group(1))
            .filter(found -> Secrets.same(found.secretHash(), Secrets.sha256(bearer.get())))
            .orElseThrow(
                () -> new AuthenticationException("the bearer token is not valid for this server"));
    Instant now = clock.instant();
    if (t.revokedAt() != null) {
      throw new AuthenticationException("API token " + t.id() + " was revoked");
    }
    if (!t.activeAt(now)) {
      throw new AuthenticationException(
          "API token " + t.id() + " expired at " + t.expiresAt() + "; create a new one");
    }
    if (t.lastUsedAt() == null || t.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
      tokens.touch(t.id(), now);
    }
    return Optional.of(
        new Identity(
            t.userId(),
            "",
            Set.of(),
            Identity.Method.API_TOKEN,
            t.profile() == null && t.role() == null
                ? null
                : new Identity.TokenScope(t.profile(), t.role(), t.id()),
            null));
  }
}
