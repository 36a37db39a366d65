package dev.skiff.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the provider's discovery document ({@code {issuer}/.well-known/openid-configuration}) says
 * that sign-in needs.
 *
 * @param issuer the issuer exactly as the document names it (ID tokens must carry this {@code iss})
 * @param authorizationEndpoint where browsers are sent to sign in
 * @param tokenEndpoint where the code is exchanged
 * @param jwksUri the provider's signing keys
 * @param endSessionEndpoint where browsers are sent to sign out at the provider, or null
 * @param tokenAuthMethods how the token endpoint accepts the client's secret
 */
public record ProviderMetadata(
    String issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI jwksUri,
    URI endSessionEndpoint,
    Set<String> tokenAuthMethods) {

  /** Copies the set. */
  public ProviderMetadata {
    tokenAuthMethods = Set.copyOf(tokenAuthMethods);
  }

  /** How the client's secret is sent to the token endpoint. */
  enum ClientAuth {
    /** HTTP Basic with the form-encoded id and secret (the default of the specification). */
    BASIC,
    /** {@code client_id} and {@code client_secret} in the form. */
    POST
  }

  /**
   * Reads a discovery document.
   *
   * @param configured the issuer in {@code auth.oidc.issuer}: the document's must be the same (a
   *     trailing slash aside, which the configuration drops)
   * @throws SignInException (502) when it is for another issuer or lacks an endpoint
   */
  static ProviderMetadata parse(JsonNode doc, URI configured) {
    String issuer = text(doc, "issuer");
    if (!withoutSlash(issuer).equals(withoutSlash(configured.toString()))) {
      throw SignInException.badGateway(
          "the discovery document of "
              + configured
              + " names another issuer ('"
              + issuer
              + "'); set auth.oidc.issuer to the provider's exact issuer URL");
    }
    boolean https = "https".equalsIgnoreCase(configured.getScheme());
    Set<String> methods = new LinkedHashSet<>();
    doc.path("token_endpoint_auth_methods_supported").forEach(n -> methods.add(n.asText()));
    JsonNode end = doc.path("end_session_endpoint");
    return new ProviderMetadata(
        issuer,
        endpoint(doc, "authorization_endpoint", https),
        endpoint(doc, "token_endpoint", https),
        endpoint(doc, "jwks_uri", https),
        end.isTextual() && !end.asText().isBlank()
            ? endpoint(doc, "end_session_endpoint", https)
            : null,
        methods);
  }

  /**
   * How to send the client secret: Basic unless the provider lists methods without it and with
   * {@code client_secret_post}.
   *
   * @throws SignInException (502) when it accepts neither
   */
  ClientAuth clientAuth() {
    if (tokenAuthMethods.isEmpty() || tokenAuthMethods.contains("client_secret_basic")) {
      return ClientAuth.BASIC;
    }
    if (tokenAuthMethods.contains("client_secret_post")) {
      return ClientAuth.POST;
    }
    throw SignInException.badGateway(
        "the sign-in provider's token endpoint accepts neither client_secret_basic nor"
            + " client_secret_post (it lists "
            + tokenAuthMethods
            + ")");
  }

  private static URI endpoint(JsonNode doc, String field, boolean https) {
    String value = text(doc, field);
    URI u;
    try {
      u = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw SignInException.badGateway(
          "the discovery document's " + field + " is not a URL: '" + value + "'");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (u.getHost() == null || !(scheme.equals("https") || (!https && scheme.equals("http")))) {
      throw SignInException.badGateway(
          "the discovery document's "
              + field
              + " must be an "
              + (https ? "https" : "http(s)")
              + " URL, got '"
              + value
              + "'");
    }
    return u;
  }

  private static String text(JsonNode doc, String field) {
    JsonNode n = doc.path(field);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw SignInException.badGateway("the discovery document has no " + field);
    }
    return n.asText();
  }

  private static String withoutSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
