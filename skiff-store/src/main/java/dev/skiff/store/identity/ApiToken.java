package dev.skiff.store.identity;

import java.time.Instant;

/**
 * An API token as stored: the secret itself is never kept, only its SHA-256.
 *
 * @param id the public part of the token, used to revoke it and to find it
 * @param userId whose it is
 * @param name what the user called it
 * @param secretHash SHA-256 (hex) of the whole token text
 * @param profile scope: only this profile ({@code null}: every profile of the user)
 * @param role scope: at most this role ({@code null}: the user's own roles)
 * @param createdAt when it was created
 * @param expiresAt when it stops working ({@code null}: never)
 * @param revokedAt when it was revoked ({@code null}: not revoked)
 * @param lastUsedAt the latest request it authenticated (updated at most once a minute)
 */
public record ApiToken(
    String id,
    String userId,
    String name,
    String secretHash,
    String profile,
    ProfileRole role,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  /** Whether it authenticates requests at {@code now}. */
  public boolean activeAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
