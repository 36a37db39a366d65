package dev.skiff.server.auth;

import java.util.Objects;

/**
 * Who sent a request, as the server established it (never as the client claimed it).
 *
 * @param user the user name, e.g. the local OS user behind the server's token
 * @param profile the profile the caller works in; runs they create land in it
 */
public record Caller(String user, String profile) {

  /** Requires both fields. */
  public Caller {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(profile, "profile");
  }

  /**
   * Whether this caller may see and act on a run in {@code runProfile}: their own profile's runs,
   * and runs outside any profile (those the in-process CLI starts under the same home, which the
   * same OS user owns).
   */
  public boolean mayAccess(String runProfile) {
    return runProfile.isEmpty() || runProfile.equals(profile);
  }
}
