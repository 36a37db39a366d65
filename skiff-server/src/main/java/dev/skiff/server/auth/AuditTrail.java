package dev.skiff.server.auth;

import dev.skiff.engine.catalog.Requester;
import dev.skiff.store.ProfileName;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.http.Context;

/**
 * The profile a request acted in, as the authorization checks saw it: the one where the strongest
 * role was required (a write's profile rather than a profile it only read), else the one where it
 * was refused.
 */
public final class AuditTrail implements Requester.AccessTrail {
  private static final String KEY = "skiff.audit.trail";

  private String profile = "";
  private ProfileRole strongest;

  /** The trail of this request (made on first use). */
  public static AuditTrail of(Context ctx) {
    AuditTrail t = ctx.attribute(KEY);
    if (t == null) {
      t = new AuditTrail();
      ctx.attribute(KEY, t);
    }
    return t;
  }

  @Override
  public synchronized void granted(String p, ProfileRole role) {
    if (strongest == null || role.atLeast(strongest)) {
      strongest = role;
      profile = p;
    }
  }

  /**
   * A refusal names the profile the request tried to act in, unless a grant named one: the
   * profile's administrators see the attempts on it.
   */
  @Override
  public synchronized void denied(String p, ProfileRole role) {
    if (strongest == null && profile.isEmpty() && ProfileName.isValid(p)) {
      profile = p;
    }
  }

  /** Records {@code p} as the request's profile unless a stronger grant named one. */
  public synchronized void note(String p) {
    if (strongest == null && profile.isEmpty()) {
      profile = p;
    }
  }

  /** The profile, or empty. */
  public synchronized String profile() {
    return profile;
  }
}
