package dev.skiff.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderMetadataTest {
  static final URI ISSUER = URI.create("https://idp.example/realms/skiff");

  static ObjectNode doc(String issuer) {
    ObjectNode d = ProviderJson.MAPPER.createObjectNode();
    d.put("issuer", issuer);
    d.put("authorization_endpoint", "https://idp.example/auth?tenant=a");
    d.put("token_endpoint", "https://idp.example/token");
    d.put("jwks_uri", "https://idp.example/certs");
    return d;
  }

  @Test
  void reads_the_endpoints_and_tolerates_a_trailing_slash_on_the_issuer() {
    ProviderMetadata p = ProviderMetadata.parse(doc(ISSUER + "/"), ISSUER);
    assertThat(p.issuer()).isEqualTo(ISSUER + "/");
    assertThat(p.tokenEndpoint()).isEqualTo(URI.create("https://idp.example/token"));
    assertThat(p.endSessionEndpoint()).isNull();
    assertThat(p.clientAuth()).isEqualTo(ProviderMetadata.ClientAuth.BASIC);
  }

  @Test
  void refuses_a_document_for_another_issuer() {
    assertThatThrownBy(() -> ProviderMetadata.parse(doc("https://evil.example"), ISSUER))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("names another issuer")
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(502);
  }

  @Test
  void an_https_issuer_needs_https_endpoints_and_every_endpoint_is_required() {
    ObjectNode plain = doc(ISSUER.toString());
    plain.put("token_endpoint", "http://idp.example/token");
    assertThatThrownBy(() -> ProviderMetadata.parse(plain, ISSUER))
        .hasMessageContaining("token_endpoint must be an https URL");
    ObjectNode missing = doc(ISSUER.toString());
    missing.remove("jwks_uri");
    assertThatThrownBy(() -> ProviderMetadata.parse(missing, ISSUER))
        .hasMessageContaining("no jwks_uri");
    // A plain-HTTP issuer (a provider on localhost) may have plain-HTTP endpoints.
    URI local = URI.create("http://localhost:8080/realms/skiff");
    ObjectNode localDoc = doc(local.toString());
    localDoc.put("token_endpoint", "http://localhost:8080/token");
    assertThat(ProviderMetadata.parse(localDoc, local).tokenEndpoint().getScheme())
        .isEqualTo("http");
  }

  @Test
  void sends_the_secret_the_way_the_provider_accepts() {
    assertThat(withMethods("client_secret_post", "client_secret_basic").clientAuth())
        .isEqualTo(ProviderMetadata.ClientAuth.BASIC);
    assertThat(withMethods("private_key_jwt", "client_secret_post").clientAuth())
        .isEqualTo(ProviderMetadata.ClientAuth.POST);
    assertThatThrownBy(() -> withMethods("private_key_jwt").clientAuth())
        .hasMessageContaining("neither client_secret_basic nor client_secret_post");
  }

  private static ProviderMetadata withMethods(String... methods) {
    ObjectNode d = doc(ISSUER.toString());
    d.putArray("token_endpoint_auth_methods_supported")
        .addAll(List.of(methods).stream().map(m -> (JsonNode) d.textNode(m)).toList());
    return ProviderMetadata.parse(d, ISSUER);
  }
}
