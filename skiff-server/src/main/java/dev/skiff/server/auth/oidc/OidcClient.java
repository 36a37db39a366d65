package dev.skiff.server.auth.oidc;

import dev.skiff.server.config.AuthSettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The relying party of one OpenID provider: where to send a browser to sign in (authorization code
 * flow with PKCE S256, state and nonce), and what the provider's answer proves once the code is
 * exchanged and the ID token checked.
 */
final class OidcClient {
  /** The callback path, under {@code auth.externalUrl}: the redirect URI to register. */
  static final String CALLBACK_PATH = "/auth/callback";

  private final AuthSettings.Oidc oidc;
  private final URI externalUrl;
  private final Discovery discovery;
  private final JwksCache keys;
  private final TokenExchange exchange;
  private final IdTokenValidator validator;

  OidcClient(AuthSettings.Oidc oidc, URI externalUrl, Duration minKeyRefetch) {
    ProviderHttp http = new ProviderHttp();
    this.oidc = oidc;
    this.externalUrl = externalUrl;
    this.discovery = new Discovery(oidc.issuer(), http);
    this.keys = new JwksCache(http, minKeyRefetch);
    this.exchange = new TokenExchange(http, oidc.clientId(), oidc.clientSecret());
    this.validator = new IdTokenValidator(keys, oidc.clientId(), oidc.groupsClaim());
  }

  /** Where the provider sends browsers back: {@code <externalUrl>/auth/callback}. */
  URI redirectUri() {
    return URI.create(withoutSlash(externalUrl.toString()) + CALLBACK_PATH);
  }

  /** The provider's authorization URL for the sign-in {@code s}. */
  URI authorizationUrl(LoginState s, Instant now) {
    ProviderMetadata p = discovery.metadata(now);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", oidc.clientId());
    q.put("redirect_uri", redirectUri().toString());
    q.put("scope", scopes());
    q.put("state", s.state());
    q.put("nonce", s.nonce());
    q.put("code_challenge", s.codeChallenge());
    q.put("code_challenge_method", "S256");
    return withQuery(p.authorizationEndpoint(), q);
  }

  /**
   * Exchanges the callback's code and checks the ID token.
   *
   * @throws SignInException when the provider refuses or the token does not hold
   */
  IdTokenValidator.VerifiedUser complete(String code, LoginState s, Instant now) {
    ProviderMetadata p = discovery.metadata(now);
    String idToken = exchange.idToken(p, code, s.verifier(), redirectUri());
    return validator.validate(idToken, p, s.nonce(), now);
  }

  /**
   * The provider's sign-out URL (RP-initiated logout), coming back to {@code <externalUrl>/}; empty
   * when the provider has none.
   */
  Optional<URI> endSessionUrl(Instant now) {
    ProviderMetadata p = discovery.metadata(now);
    if (p.endSessionEndpoint() == null) {
      return Optional.empty();
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", oidc.clientId());
    q.put("post_logout_redirect_uri", withoutSlash(externalUrl.toString()) + "/");
    return Optional.of(withQuery(p.endSessionEndpoint(), q));
  }

  /** The signing keys (for diagnostics and tests). */
  JwksCache keys() {
    return keys;
  }

  /** The configured scopes, with {@code openid} added when missing. */
  String scopes() {
    Set<String> s = new LinkedHashSet<>();
    s.add("openid");
    s.addAll(Arrays.asList(oidc.scopes().strip().split("\\s+")));
    s.remove("");
    return String.join(" ", s);
  }

  private static URI withQuery(URI endpoint, Map<String, String> params) {
    StringJoiner q = new StringJoiner("&");
    params.forEach((k, v) -> q.add(ProviderHttp.urlEncode(k) + "=" + ProviderHttp.urlEncode(v)));
    String base = endpoint.toString();
    int hash = base.indexOf('#');
    if (hash >= 0) {
      base = base.substring(0, hash);
    }
    String sep = endpoint.getRawQuery() == null ? "?" : "&";
    return URI.create(base + sep + q);
  }

  private static String withoutSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
