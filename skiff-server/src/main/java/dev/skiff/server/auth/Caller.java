package dev.skiff.server.auth;

import dev.skiff.engine.catalog.Requester;
import java.util.Objects;

/**
 * Who sent a request, as the server established it (never as the client claimed it), and what they
 * may do: their identity and their roles in profiles.
 *
 * @param identity who they are and how that was proved
 * @param requester their roles, as the catalog checks them
 */
public record Caller(Identity identity, Requester requester) {

  /** Requires both. */
  public Caller {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(requester, "requester");
  }

  /** The user id. */
  public String user() {
    return identity.userId();
  }

  /** The caller's default profile (may be empty). */
  public String profile() {
    return requester.profile();
  }

  /** Whether the caller may see a run of {@code runProfile}. */
  public boolean mayAccess(String runProfile) {
    return requester.seesRun(runProfile);
  }
}
