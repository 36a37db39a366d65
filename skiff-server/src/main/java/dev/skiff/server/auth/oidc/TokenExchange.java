package dev.skiff.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exchanges an authorization code at the provider's token endpoint (with the PKCE verifier and the
 * client's secret, sent the way the provider accepts) for the ID token.
 */
final class TokenExchange {
  private final ProviderHttp http;
  private final String clientId;
  private final String clientSecret;

  TokenExchange(ProviderHttp http, String clientId, String clientSecret) {
    this.http = http;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /**
   * The ID token the provider gives for {@code code}.
   *
   * @throws SignInException 401 when the provider refuses the code (used, expired, wrong verifier),
   *     502 when it refuses this client or cannot be reached
   */
  String idToken(ProviderMetadata provider, String code, String verifier, URI redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    form.put("code_verifier", verifier);
    String basic = null;
    switch (provider.clientAuth()) {
      case BASIC -> {
        // RFC 6749 2.3.1: the id and secret are form-encoded before they are joined.
        String pair = ProviderHttp.urlEncode(clientId) + ":" + ProviderHttp.urlEncode(clientSecret);
        basic =
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      }
      case POST -> {
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
      }
    }
    ProviderHttp.Answer a =
        http.postForm(provider.tokenEndpoint(), form, basic, "the code exchange (token_endpoint)");
    if (a.status() == 200) {
      JsonNode idToken = a.body().path("id_token");
      if (!idToken.isTextual()) {
        throw SignInException.badGateway(
            "the sign-in provider's token endpoint gave no id_token; is 'openid' in"
                + " auth.oidc.scopes?");
      }
      return idToken.asText();
    }
    String error = shown(a.body().path("error").asText(""));
    String description = shown(a.body().path("error_description").asText(""));
    String said = error.isEmpty() ? "status " + a.status() : error;
    if (!description.isEmpty()) {
      said += " (" + description + ")";
    }
    if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
      throw SignInException.badGateway(
          "the sign-in provider refused this server's client credentials: "
              + said
              + "; check auth.oidc.clientId and the client secret");
    }
    if (a.status() >= 500 || error.isEmpty()) {
      throw SignInException.badGateway("the sign-in provider's token endpoint failed: " + said);
    }
    throw SignInException.unauthorized(
        "the sign-in provider refused the sign-in code: " + said + "; start again at /auth/login");
  }

  /** A provider's text on one short printable line. */
  static String shown(String s) {
    String t = s.replaceAll("\\p{Cntrl}", " ").strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
