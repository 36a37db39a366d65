package dev.skiff.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The code exchange against a token endpoint on real HTTP that records what it was sent: the secret
 * by HTTP Basic or in the form as the provider's metadata says, and the provider's errors mapped to
 * 401 (the code) or 502 (this client, or the provider failing).
 */
class TokenExchangeIT {
  static final URI REDIRECT = URI.create("https://skiff.example/auth/callback");

  HttpServer server;
  final AtomicReference<String> body = new AtomicReference<>();
  final AtomicReference<String> authorization = new AtomicReference<>();
  volatile int status = 200;
  volatile String answer = "{\"id_token\":\"header.claims.signature\",\"token_type\":\"Bearer\"}";
  URI tokenEndpoint;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/token",
        ex -> {
          body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    tokenEndpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sends_the_code_verifier_and_the_secret_by_basic_auth() {
    TokenExchange x = new TokenExchange(new ProviderHttp(), "skiff web", "s3cret:&=");
    String idToken = x.idToken(provider(Set.of()), "the-code", "the-verifier", REDIRECT);
    assertThat(idToken).isEqualTo("header.claims.signature");
    assertThat(form(body.get()))
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "the-code")
        .containsEntry("code_verifier", "the-verifier")
        .containsEntry("redirect_uri", REDIRECT.toString())
        .doesNotContainKey("client_secret");
    // RFC 6749 2.3.1: each part form-encoded, then joined and base64-encoded.
    String pair =
        new String(
            Base64.getDecoder().decode(authorization.get().substring("Basic ".length())),
            StandardCharsets.UTF_8);
    assertThat(pair).isEqualTo("skiff+web:s3cret%3A%26%3D");
  }

  @Test
  void sends_the_secret_in_the_form_when_the_provider_takes_only_that() {
    TokenExchange x = new TokenExchange(new ProviderHttp(), "skiff-web", "s3cret");
    x.idToken(provider(Set.of("client_secret_post")), "c", "v", REDIRECT);
    assertThat(authorization.get()).isNull();
    assertThat(form(body.get()))
        .containsEntry("client_id", "skiff-web")
        .containsEntry("client_secret", "s3cret");
  }

  @Test
  void a_refused_code_is_401_and_a_refused_client_or_a_failing_provider_502() {
    TokenExchange x = new TokenExchange(new ProviderHttp(), "skiff-web", "s3cret");
    status = 400;
    answer = "{\"error\":\"invalid_grant\",\"error_description\":\"Code not valid\"}";
    assertThatThrownBy(() -> x.idToken(provider(Set.of()), "c", "v", REDIRECT))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("invalid_grant (Code not valid)")
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(401);
    status = 401;
    answer = "{\"error\":\"invalid_client\"}";
    assertThatThrownBy(() -> x.idToken(provider(Set.of()), "c", "v", REDIRECT))
        .hasMessageContaining("client credentials")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"))
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(502);
    status = 503;
    answer = "down";
    assertThatThrownBy(() -> x.idToken(provider(Set.of()), "c", "v", REDIRECT))
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(502);
    status = 200;
    answer = "{\"access_token\":\"only\"}";
    assertThatThrownBy(() -> x.idToken(provider(Set.of()), "c", "v", REDIRECT))
        .hasMessageContaining("no id_token");
  }

  @Test
  void an_unreachable_provider_is_502_naming_the_endpoint() {
    server.stop(0);
    TokenExchange x = new TokenExchange(new ProviderHttp(), "skiff-web", "s3cret");
    assertThatThrownBy(() -> x.idToken(provider(Set.of()), "c", "v", REDIRECT))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("cannot be reached")
        .hasMessageContaining(tokenEndpoint.toString())
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(502);
  }

  private ProviderMetadata provider(Set<String> methods) {
    return new ProviderMetadata(
        "https://idp.example",
        URI.create("https://idp.example/auth"),
        tokenEndpoint,
        URI.create("https://idp.example/certs"),
        null,
        methods);
  }

  private static Map<String, String> form(String body) {
    return Browser.query(URI.create("http://x/?" + body));
  }
}
