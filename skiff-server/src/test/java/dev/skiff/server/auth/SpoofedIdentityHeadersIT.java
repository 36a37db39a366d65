package dev.skiff.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.config.AuthSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers other platforms trust (Kubeflow's {@code kubeflow-userid}, IAP's unsigned {@code
 * x-goog-authenticated-user-email}, oauth2-proxy's {@code X-Forwarded-Email}) sent by a client that
 * is not a trusted proxy prove nothing, in every mode.
 */
class SpoofedIdentityHeadersIT {
  private static final String[][] SPOOFS = {
    {"kubeflow-userid", "admin@example.com"},
    {"kubeflow-userid", "accounts.google.com:admin@example.com"},
    {"x-goog-authenticated-user-email", "accounts.google.com:admin@example.com"},
    {"x-goog-authenticated-user-email", "admin@example.com"},
    {"x-goog-authenticated-user-id", "accounts.google.com:1234567890"},
    {"X-Forwarded-Email", "admin@example.com"},
    {"X-Forwarded-User", "admin"},
    {"X-Auth-Request-Email", "admin@example.com"},
    {"Remote-User", "admin"}
  };

  @Test
  void local_mode(@TempDir Path home) throws Exception {
    try (ModeServer s = ModeServer.start(home, AuthSettings.LOCAL)) {
      assertNoIdentity(s);
    }
  }

  @Test
  void iap_mode(@TempDir Path home) throws Exception {
    try (ModeServer s =
        ModeServer.start(
            home,
            ModeServer.settings(
                AuthSettings.Mode.IAP,
                Set.of(),
                Set.of(),
                new AuthSettings.Iap(
                    "/projects/1/global/backendServices/2",
                    URI.create("http://127.0.0.1:1/public_key-jwk")),
                null))) {
      assertNoIdentity(s);
    }
  }

  @Test
  void proxy_mode_from_an_address_that_is_not_the_proxy(@TempDir Path home) throws Exception {
    try (ModeServer s =
        ModeServer.start(
            home,
            ModeServer.settings(
                AuthSettings.Mode.PROXY,
                Set.of(),
                Set.of(),
                null,
                new AuthSettings.Proxy(
                    "X-Forwarded-Email", "X-Forwarded-Groups", Set.of("192.0.2.0/24"))))) {
      assertNoIdentity(s);
    }
  }

  private static void assertNoIdentity(ModeServer s) throws Exception {
    for (String[] spoof : SPOOFS) {
      HttpResponse<String> me = s.me(spoof[0], spoof[1]);
      assertThat(me.statusCode()).as(spoof[0] + ": " + me.body()).isEqualTo(401);
    }
    // All at once, too.
    String[] all = new String[SPOOFS.length * 2];
    for (int i = 0; i < SPOOFS.length; i++) {
      all[2 * i] = SPOOFS[i][0];
      all[2 * i + 1] = SPOOFS[i][1];
    }
    assertThat(s.me(all).statusCode()).isEqualTo(401);
    assertThat(s.server().database().identity().users().find("admin@example.com")).isEmpty();
  }
}
