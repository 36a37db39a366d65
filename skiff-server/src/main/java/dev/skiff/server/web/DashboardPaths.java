package dev.skiff.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's URLs. Every page has one that can be bookmarked and shared with a contributor:
 * lists and details live under their profile ({@code /p/{profile}/runs/{id}}), the admin pages
 * under {@code /admin}.
 */
public final class DashboardPaths {
  private DashboardPaths() {}

  /** Where the dashboard's own scripts, styles and images are served. */
  public static final String STATIC = "/static";

  /** The sign-in page. */
  public static final String SIGN_IN = "/signin";

  /** {@code /p/{profile}/{rest}} with each part escaped; {@code rest} may be empty. */
  public static String profile(String profile, String rest) {
    String base = "/p/" + segment(profile);
    return rest == null || rest.isEmpty() ? base : base + "/" + rest;
  }

  /** One path segment, percent-encoded (a task path's '/' too). */
  public static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query parameter value, percent-encoded. */
  public static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Whether a path is one of the dashboard's pages (and not the API, sign-in endpoints, health or
   * metrics): the route tables of the API leave these to the dashboard's own tests.
   */
  public static boolean isPage(String path) {
    return path.equals("/")
        || path.equals(SIGN_IN)
        || path.startsWith("/p/")
        || path.equals("/admin")
        || path.startsWith("/admin/")
        || path.startsWith(STATIC + "/");
  }
}
