package dev.skiff.store.identity;

import java.time.Instant;

/**
 * A person known to Skiff: they signed in at least once (or are the local OS user).
 *
 * @param id the e-mail (lowercase) in oidc/iap/proxy modes, the OS user name in local mode
 * @param displayName a name for people, may be empty
 * @param defaultProfile the profile made for them on their first sign-in (empty if none)
 * @param createdAt first sign-in
 * @param lastLoginAt latest sign-in, {@code null} when unknown
 */
public record AppUser(
    String id, String displayName, String defaultProfile, Instant createdAt, Instant lastLoginAt) {}
