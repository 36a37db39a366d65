package dev.skiff.server.web;

import java.util.List;

/**
 * What every dashboard page shows around its content: who is signed in, the profile the page is in
 * (with the switcher's list), and what the header offers.
 *
 * @param user the signed-in user's id
 * @param displayName a name for people (the id when none is known)
 * @param csrf the session's CSRF token, which the page's scripts echo on writes (empty for a
 *     bearer-token caller, whose writes need none)
 * @param profile the profile the page is in (empty on pages outside profiles)
 * @param role the caller's role in {@code profile} ({@code owner}, {@code admin}, {@code edit},
 *     {@code view}; empty outside profiles)
 * @param profiles the profiles the caller may switch to
 * @param platformAdmin whether the admin pages are offered
 * @param section the navigation entry to mark current ({@code home}, {@code pipelines}, ...)
 * @param signOut how the header signs out: {@code post} (a button), {@code link} (OIDC's logout
 *     page) or {@code none} (a proxy signs people in and out)
 */
public record PageChrome(
    String user,
    String displayName,
    String csrf,
    String profile,
    String role,
    List<ProfileLink> profiles,
    boolean platformAdmin,
    String section,
    String signOut) {

  /** Copies the list. */
  public PageChrome {
    profiles = List.copyOf(profiles);
  }

  /** A profile in the switcher. */
  public record ProfileLink(String name, String role) {}

  /** Whether the caller may start, change and delete things in {@code profile}. */
  public boolean canEdit() {
    return role.equals("edit") || role.equals("admin") || role.equals("owner");
  }

  /** Whether the caller manages the profile's members (owner or admin). */
  public boolean canManage() {
    return role.equals("admin") || role.equals("owner");
  }

  /** The path of a page in this page's profile, e.g. {@code base("runs")} is /p/team/runs. */
  public String base(String rest) {
    return DashboardPaths.profile(profile, rest);
  }

  /** This chrome on another section. */
  public PageChrome in(String otherSection) {
    return new PageChrome(
        user, displayName, csrf, profile, role, profiles, platformAdmin, otherSection, signOut);
  }
}
