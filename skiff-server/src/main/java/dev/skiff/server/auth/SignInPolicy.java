package dev.skiff.server.auth;

import dev.skiff.server.config.AuthSettings;
import java.util.Locale;
import java.util.Set;

/**
 * Who may sign in: everyone the provider authenticates when no list is configured, else whoever
 * matches an allowed e-mail, domain or group. Platform administrators always may.
 */
public final class SignInPolicy {
  private final AuthSettings settings;

  /** The policy of these settings. */
  public SignInPolicy(AuthSettings settings) {
    this.settings = settings;
  }

  /** Whether {@code email} (with {@code groups}) may sign in. */
  public boolean allows(String email, Set<String> groups) {
    String e = email.toLowerCase(Locale.ROOT);
    if (settings.admins().contains(e)) {
      return true;
    }
    if (settings.allowedEmails().isEmpty()
        && settings.allowedDomains().isEmpty()
        && settings.allowedGroups().isEmpty()) {
      return true;
    }
    String domain = e.contains("@") ? e.substring(e.lastIndexOf('@') + 1) : "";
    return settings.allowedEmails().contains(e)
        || settings.allowedDomains().contains(domain)
        || groups.stream().anyMatch(settings.allowedGroups()::contains);
  }

  /** The refusal shown to someone who may not sign in. */
  public static String refusal(String email) {
    return email
        + " may not sign in to this Skiff (not in auth.allowedEmails, allowedDomains or"
        + " allowedGroups); ask an administrator";
  }
}
