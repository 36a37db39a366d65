package dev.skiff.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code auth.*} settings: how people sign in, who may, and who administers the platform.
 *
 * <pre>
 * auth.mode                 local (default) | oidc | iap | proxy     SKIFF_AUTH_MODE
 * auth.externalUrl          the URL people open, e.g. https://skiff.example.com  SKIFF_EXTERNAL_URL
 * auth.admins               platform administrators' e-mails, comma-separated    SKIFF_AUTH_ADMINS
 * auth.allowedEmails        who may sign in (comma-separated e-mails)            SKIFF_AUTH_ALLOWED_EMAILS
 * auth.allowedDomains       ... or whose e-mail domain is one of these           SKIFF_AUTH_ALLOWED_DOMAINS
 * auth.allowedGroups        ... or who is in one of these groups (OIDC claim)    SKIFF_AUTH_ALLOWED_GROUPS
 * auth.sessionTtl           how long a browser stays signed in (default 12h)     SKIFF_AUTH_SESSION_TTL
 * auth.tokenTtl             default lifetime of a new API token (default 90d)   SKIFF_AUTH_TOKEN_TTL
 * auth.oidc.issuer          e.g. https://accounts.google.com                      SKIFF_OIDC_ISSUER
 * auth.oidc.clientId                                                               SKIFF_OIDC_CLIENT_ID
 * auth.oidc.clientSecret    (prefer the file or the environment)                  SKIFF_OIDC_CLIENT_SECRET
 * auth.oidc.clientSecretFile a file holding the secret                            SKIFF_OIDC_CLIENT_SECRET_FILE
 * auth.oidc.scopes          default "openid email profile"                        SKIFF_OIDC_SCOPES
 * auth.oidc.groupsClaim     default groups                                         SKIFF_OIDC_GROUPS_CLAIM
 * auth.iap.audience         /projects/NUMBER/global/backendServices/ID or /projects/NUMBER/apps/PROJECT
 * auth.iap.jwksUrl          default https://www.gstatic.com/iap/verify/public_key-jwk
 * auth.proxy.header         default X-Forwarded-Email                              SKIFF_PROXY_HEADER
 * auth.proxy.groupsHeader   optional, e.g. X-Forwarded-Groups                      SKIFF_PROXY_GROUPS_HEADER
 * auth.proxy.trustedAddresses  the proxy's addresses or CIDRs, comma-separated    SKIFF_PROXY_TRUSTED_ADDRESSES
 * </pre>
 *
 * @param mode how people sign in
 * @param externalUrl the address people use (null in local mode when not given)
 * @param admins platform administrators (lowercased e-mails or user names)
 * @param allowedEmails who may sign in; with the domains and groups: empty sets allow everyone the
 *     provider authenticates
 * @param allowedDomains e-mail domains that may sign in
 * @param allowedGroups groups that may sign in
 * @param sessionTtl how long a browser session lasts
 * @param tokenTtl the default lifetime of a new API token
 * @param oidc the OpenID Connect client, in oidc mode
 * @param iap the Google IAP check, in iap mode
 * @param proxy the trusted proxy, in proxy mode
 */
public record AuthSettings(
    Mode mode,
    URI externalUrl,
    Set<String> admins,
    Set<String> allowedEmails,
    Set<String> allowedDomains,
    Set<String> allowedGroups,
    Duration sessionTtl,
    Duration tokenTtl,
    Oidc oidc,
    Iap iap,
    Proxy proxy) {

  /** How people sign in. */
  public enum Mode {
    /** One user, the OS user: the home's token, and a one-time sign-in link for the browser. */
    LOCAL,
    /** Any OpenID Connect provider (authorization code + PKCE). */
    OIDC,
    /** Behind Google Cloud IAP: its signed header. */
    IAP,
    /** Behind an authenticating proxy (oauth2-proxy) that sets a header. */
    PROXY;

    /** The name in the configuration. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The default lifetime of a browser session. */
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);

  /** The default lifetime of an API token. */
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofDays(90);

  /** Google's IAP signing keys. */
  public static final URI GOOGLE_IAP_JWKS =
      URI.create("https://www.gstatic.com/iap/verify/public_key-jwk");

  /** Local mode with its defaults. */
  public static final AuthSettings LOCAL =
      new AuthSettings(
          Mode.LOCAL,
          null,
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          DEFAULT_SESSION_TTL,
          DEFAULT_TOKEN_TTL,
          null,
          null,
          null);

  /** Copies the sets. */
  public AuthSettings {
    admins = Set.copyOf(admins);
    allowedEmails = Set.copyOf(allowedEmails);
    allowedDomains = Set.copyOf(allowedDomains);
    allowedGroups = Set.copyOf(allowedGroups);
  }

  /**
   * Whether browsers reach the server over HTTPS, so cookies are {@code Secure} and {@code
   * __Host-}.
   */
  public boolean https() {
    return externalUrl != null && "https".equalsIgnoreCase(externalUrl.getScheme());
  }

  /**
   * The OpenID Connect client.
   *
   * @param issuer the provider's issuer URL (discovery at {@code
   *     /.well-known/openid-configuration})
   * @param clientId the client id registered with the provider
   * @param clientSecret the client secret
   * @param scopes the scopes asked for
   * @param groupsClaim the ID-token claim that lists the user's groups
   */
  public record Oidc(
      URI issuer, String clientId, String clientSecret, String scopes, String groupsClaim) {
    @Override
    public String toString() {
      return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***]";
    }
  }

  /**
   * Google Cloud IAP.
   *
   * @param audience the exact expected audience
   * @param jwksUrl where IAP's public keys are
   */
  public record Iap(String audience, URI jwksUrl) {}

  /**
   * An authenticating proxy.
   *
   * @param header the header that carries the user's e-mail
   * @param groupsHeader the header that carries their groups (comma-separated), or null
   * @param trustedAddresses the proxy's addresses (IPs or CIDRs); the header from anywhere else is
   *     ignored
   */
  public record Proxy(String header, String groupsHeader, Set<String> trustedAddresses) {
    public Proxy {
      trustedAddresses = Set.copyOf(trustedAddresses);
    }
  }
}
