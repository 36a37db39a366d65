package dev.skiff.server.auth;

import dev.skiff.store.Profile;
import dev.skiff.store.ProfileRepository;
import java.util.Locale;
import java.util.Optional;

/**
 * The profile a user gets on their first sign-in: named after their e-mail's local part, made a
 * valid DNS-1123 label, and unique ({@code ada}, else {@code ada-2}, {@code ada-3}...).
 */
final class DefaultProfiles {
  private static final int MAX_BASE = 55;
  private static final int TRIES = 1000;

  private DefaultProfiles() {}

  /** The name derived from a user id, before making it unique. */
  static String baseName(String userId) {
    String local = userId.contains("@") ? userId.substring(0, userId.indexOf('@')) : userId;
    String name =
        local.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (name.length() > MAX_BASE) {
      name = name.substring(0, MAX_BASE).replaceAll("-+$", "");
    }
    return name.isEmpty() ? "user" : name;
  }

  /**
   * Creates (or finds) the default profile of {@code userId} and returns its name.
   *
   * @return empty when no free name was found (practically never)
   */
  static Optional<String> ensure(ProfileRepository profiles, String userId) {
    String base = baseName(userId);
    for (int i = 1; i <= TRIES; i++) {
      String name = i == 1 ? base : base + "-" + i;
      if (profiles.createIfAbsent(Profile.of(name, userId, "Default profile of " + userId))) {
        return Optional.of(name);
      }
      if (profiles.find(name).map(p -> p.owner().equals(userId)).orElse(false)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
