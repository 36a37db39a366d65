package dev.skiff.server.notebook;

import dev.skiff.store.ProfileName;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotFoundResponse;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which notebook a request under {@code /notebook/} goes to, read from the raw (still encoded)
 * request path, and the part of the path that is forwarded.
 *
 * <p>The profile and the name are the first two segments after {@code /notebook/}, taken as sent: a
 * path that a server or a browser could read as another notebook's is refused instead of
 * normalised. Backslashes, encoded slashes or backslashes and dot segments (also percent-encoded)
 * anywhere are a 400; a profile or name that is not a valid name is a 404.
 *
 * @param profile the notebook's profile
 * @param name the notebook's name
 * @param rest the raw path under the notebook's base, without its leading {@code /} (e.g. {@code
 *     api/kernels/ID/channels}); empty for the base itself
 */
public record NotebookPath(String profile, String name, String rest) {
  /** The prefix every proxied path starts with. */
  public static final String PREFIX = "/notebook/";

  // A notebook's name: a Kubernetes object name (NotebookSpec's rule).
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

  /** The notebook's base path, {@code /notebook/{profile}/{name}/}. */
  public String base() {
    return PREFIX + profile + "/" + name + "/";
  }

  /**
   * Reads a raw request path ({@code HttpServletRequest.getRequestURI()}, not decoded).
   *
   * @return the path; {@code rest} is null when the path is the base without its final slash
   *     ({@code /notebook/p/n}), which the caller redirects to the base
   * @throws BadRequestResponse for a backslash, an encoded slash or backslash, or a dot segment
   * @throws NotFoundResponse when the path names no valid profile and notebook
   */
  public static NotebookPath parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw new NotFoundResponse("not a notebook path");
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (rawPath.indexOf('\\') >= 0 || lower.contains("%5c") || lower.contains("%2f")) {
      throw new BadRequestResponse(
          "a notebook path must not hold a backslash or an encoded '/' or '\\'");
    }
    String[] segments = rawPath.substring(PREFIX.length()).split("/", -1);
    for (String s : segments) {
      String decoded = s.replaceAll("(?i)%2e", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        throw new BadRequestResponse("a notebook path must not hold a '.' or '..' segment");
      }
    }
    if (segments.length < 2
        || !ProfileName.isValid(segments[0])
        || !NAME.matcher(segments[1]).matches()) {
      throw new NotFoundResponse(
          "no notebook at this path: it is /notebook/{profile}/{name}/ (lowercase names)");
    }
    String profile = segments[0];
    String name = segments[1];
    if (segments.length == 2) {
      return new NotebookPath(profile, name, null);
    }
    String prefix = PREFIX + profile + "/" + name + "/";
    return new NotebookPath(profile, name, rawPath.substring(prefix.length()));
  }
}
