package dev.skiff.store.identity;

import java.time.Instant;

/**
 * A signed-in browser.
 *
 * @param idHash SHA-256 (hex) of the cookie's random value; the value itself is never stored
 * @param userId who signed in
 * @param csrf the token that cookie-authenticated writes must echo in {@code X-CSRF-Token}
 * @param createdAt sign-in time
 * @param expiresAt when it ends at the latest
 * @param lastSeenAt the latest request (updated at most once a minute)
 */
public record Session(
    String idHash,
    String userId,
    String csrf,
    Instant createdAt,
    Instant expiresAt,
    Instant lastSeenAt) {}
