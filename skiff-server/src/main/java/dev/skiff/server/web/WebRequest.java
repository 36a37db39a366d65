package dev.skiff.server.web;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a page handler reads from its request: the caller (established by the dashboard's filter,
 * the same authenticators as the API), the profile in the path (checked against the caller's roles,
 * as the API checks a namespace), and the page chrome.
 */
public final class WebRequest {
  private static final String CHROME = "skiff.web.chrome";
  private static final String SIGN_OUT = "skiff.web.signOut";
  private static final Pattern PROFILE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private WebRequest() {}

  /** The caller (the dashboard's filter let only signed-in requests through). */
  public static Caller caller(Context ctx) {
    return ApiAuthFilter.caller(ctx);
  }

  /** The caller as the catalog's requester. */
  public static Requester requester(Context ctx) {
    return caller(ctx).requester();
  }

  /**
   * The {@code {profile}} path parameter, which the caller must have at least {@code view} in.
   *
   * @throws PageException 404 for a name that is not a profile name, 403 when the caller has no
   *     role there
   */
  public static String profile(Context ctx) {
    String p = ctx.pathParam("profile");
    if (!PROFILE.matcher(p).matches()) {
      throw PageException.notFound("'" + p + "' is not a profile name");
    }
    requester(ctx).require(p, ProfileRole.VIEW);
    return p;
  }

  static void signOutStyle(Context ctx, String style) {
    ctx.attribute(SIGN_OUT, style);
  }

  /**
   * The chrome of a page in {@code profile} (empty for pages outside profiles), marking {@code
   * section} in the navigation.
   */
  public static PageChrome chrome(Context ctx, Catalog catalog, String profile, String section) {
    PageChrome cached = ctx.attribute(CHROME);
    if (cached != null && cached.profile().equals(profile)) {
      return cached.in(section);
    }
    Caller c = caller(ctx);
    Requester who = c.requester();
    List<PageChrome.ProfileLink> links =
        catalog.profiles().list(who).stream()
            .sorted(Comparator.comparing((ProfileCatalog.ProfileView v) -> v.profile().name()))
            .map(v -> new PageChrome.ProfileLink(v.profile().name(), v.role().wire()))
            .toList();
    String role = profile.isEmpty() ? "" : who.role(profile).map(ProfileRole::wire).orElse("view");
    String csrf = c.identity().csrf() == null ? "" : c.identity().csrf();
    String signOut = ctx.attribute(SIGN_OUT);
    PageChrome chrome =
        new PageChrome(
            c.user(),
            c.identity().displayName().isBlank() ? c.user() : c.identity().displayName(),
            csrf,
            profile,
            role,
            links,
            who.platformAdmin(),
            section,
            signOut == null ? "post" : signOut);
    ctx.attribute(CHROME, chrome);
    return chrome;
  }

  /** The chrome of the page when a caller was established, for error pages. */
  static Optional<PageChrome> chromeIfSignedIn(Context ctx) {
    PageChrome cached = ctx.attribute(CHROME);
    return Optional.ofNullable(cached);
  }

  /** A whole-number query parameter, or {@code absent}; a 400 page for anything else. */
  public static int intParam(Context ctx, String name, int absent, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return absent;
    }
    try {
      int v = Integer.parseInt(text.strip());
      if (v < min || v > max) {
        throw PageException.badRequest(name + " must be between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw PageException.badRequest(name + " must be a whole number, got '" + text + "'");
    }
  }
}
