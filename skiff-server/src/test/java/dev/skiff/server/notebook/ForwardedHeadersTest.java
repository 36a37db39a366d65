package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  @Test
  void skiff_credentials_and_hop_by_hop_headers_stay_behind() {
    ForwardedHeaders h = new ForwardedHeaders(null);
    for (String name :
        new String[] {
          "Authorization",
          "Cookie",
          "Origin",
          "Connection",
          "Upgrade",
          "Transfer-Encoding",
          "Host",
          "Content-Length",
          "X-CSRF-Token",
          "X-Forwarded-For",
          "x-goog-iap-jwt-assertion",
          "X-Custom"
        }) {
      assertThat(h.toServer(name, "keep-alive, X-Custom")).as(name).isFalse();
    }
    assertThat(h.toServer("Content-Type", null)).isTrue();
    assertThat(h.toServer("X-XSRFToken", null)).isTrue();
    assertThat(h.toServer("Range", null)).isTrue();
  }

  @Test
  void only_the_servers_own_cookies_cross() {
    assertThat(
            ForwardedHeaders.cookiesToServer(
                "skiff-session=abc; _xsrf=2|x; __Host-skiff-session=def; theme=dark"))
        .isEqualTo("_xsrf=2|x; theme=dark");
    assertThat(ForwardedHeaders.cookiesToServer("skiff-session=abc")).isNull();
    assertThat(ForwardedHeaders.cookieToBrowser("_xsrf=2|x; Path=/")).isTrue();
    assertThat(
            ForwardedHeaders.cookieToBrowser(
                "username-127-0-0-1-41234=\"2|1:0|...\"; HttpOnly; Path=/notebook/p/n/"))
        .isFalse();
    assertThat(ForwardedHeaders.cookieToBrowser("skiff-session=x; Path=/")).isFalse();
  }
}
