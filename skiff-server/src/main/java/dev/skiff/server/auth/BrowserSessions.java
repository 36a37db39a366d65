package dev.skiff.server.auth;

import dev.skiff.server.config.AuthSettings;
import dev.skiff.store.identity.Session;
import dev.skiff.store.identity.SessionRepository;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Browser sign-in sessions, kept on the server: the cookie holds a random id (only its SHA-256 is
 * stored), HttpOnly and SameSite=Lax; over HTTPS it is {@code __Host-skiff-session} and Secure.
 * Every sign-in makes a new id (no fixation); sign-out deletes the session on the server, and
 * "everywhere" deletes all of the user's.
 */
public final class BrowserSessions implements Authenticator {
  /** The cookie's name over HTTPS. */
  public static final String SECURE_COOKIE = "__Host-skiff-session";

  /** The cookie's name over plain HTTP (loopback in local mode). */
  public static final String PLAIN_COOKIE = "skiff-session";

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final SessionRepository sessions;
  private final AuthSettings settings;
  private final Clock clock;

  /** Sessions kept in {@code sessions}, lasting {@code settings.sessionTtl()}. */
  public BrowserSessions(SessionRepository sessions, AuthSettings settings, Clock clock) {
    this.sessions = sessions;
    this.settings = settings;
    this.clock = clock;
  }

  /** The cookie name this server uses. */
  public String cookieName() {
    return settings.https() ? SECURE_COOKIE : PLAIN_COOKIE;
  }

  /**
   * Starts a new session for {@code userId} and sets its cookie; any session the browser had is
   * ended first (a new id at every sign-in).
   */
  public Session start(Context ctx, String userId) {
    end(ctx);
    sweep(); // sign-ins are rare: expired sessions go here, no timer needed
    String value = Secrets.random(32);
    Instant now = clock.instant();
    Session s =
        new Session(
            Secrets.sha256(value),
            userId,
            Secrets.random(24),
            now,
            now.plus(settings.sessionTtl()),
            now);
    sessions.create(s);
    ctx.cookie(cookie(value, (int) settings.sessionTtl().toSeconds()));
    return s;
  }

  /** Ends the browser's session (if any) and clears its cookie. */
  public void end(Context ctx) {
    String value = ctx.cookie(cookieName());
    if (value != null && !value.isBlank()) {
      sessions.delete(Secrets.sha256(value));
    }
    ctx.cookie(cookie("", 0));
  }

  /** Ends every session of {@code userId} (sign out everywhere); how many. */
  public int endAll(String userId) {
    return sessions.deleteAllOf(userId);
  }

  /** Removes expired sessions; how many. */
  public int sweep() {
    return sessions.deleteExpired(clock.instant());
  }

  @Override
  public Optional<Identity> authenticate(Context ctx) {
    String value = ctx.cookie(cookieName());
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.length() > 100) {
      throw new AuthenticationException("the session cookie is malformed; sign in again");
    }
    Instant now = clock.instant();
    Session s =
        sessions
            .find(Secrets.sha256(value))
            .filter(found -> found.expiresAt().isAfter(now))
            .orElseThrow(
                () -> new AuthenticationException("your session has ended; sign in again"));
    if (s.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
      sessions.touch(s.idHash(), now);
    }
    return Optional.of(
        new Identity(s.userId(), "", Set.of(), Identity.Method.SESSION, null, s.csrf()));
  }

  private Cookie cookie(String value, int maxAge) {
    Cookie c = new Cookie(cookieName(), value);
    c.setPath("/");
    c.setHttpOnly(true);
    c.setSecure(settings.https());
    c.setSameSite(SameSite.LAX);
    c.setMaxAge(maxAge);
    return c;
  }
}
