package dev.skiff.store.identity;

import java.time.Instant;

/**
 * A user's role in a profile.
 *
 * @param profile the profile
 * @param userId the member ({@link AppUser#id()}; a member need not have signed in yet)
 * @param role what they may do
 * @param addedBy who added them
 * @param addedAt when
 */
public record Member(
    String profile, String userId, ProfileRole role, String addedBy, Instant addedAt) {}
