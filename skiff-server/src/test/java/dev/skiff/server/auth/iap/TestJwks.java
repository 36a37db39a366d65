package dev.skiff.server.auth.iap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS URL on localhost serving the public halves of test EC P-256 keys (as Google serves IAP's),
 * counting how often it is fetched; and assertions signed like IAP's.
 */
final class TestJwks implements AutoCloseable {
  static final String AUDIENCE = "/projects/123456789/global/backendServices/987654321";

  private final HttpServer server;
  private final List<ECKey> served = new CopyOnWriteArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile int status = 200;

  TestJwks() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/iap/verify/public_key-jwk",
        exchange -> {
          fetches.incrementAndGet();
          List<JWK> publicKeys = new ArrayList<>();
          for (ECKey k : served) {
            publicKeys.add(k.toPublicJWK());
          }
          byte[] body = new JWKSet(publicKeys).toString(true).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** A new P-256 key with id {@code kid} (not served until {@link #serve}). */
  static ECKey newKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(kid)
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves {@code key}'s public half from now on. */
  TestJwks serve(ECKey key) {
    served.add(key);
    return this;
  }

  /** Answers every fetch with {@code code} from now on. */
  void answer(int code) {
    status = code;
  }

  URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/iap/verify/public_key-jwk");
  }

  int fetches() {
    return fetches.get();
  }

  /** Claims as IAP issues them for {@code email}: issued a minute ago, valid for 9 more. */
  static JWTClaimsSet.Builder claims(String email) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("https://cloud.google.com/iap")
        .audience(AUDIENCE)
        .subject("accounts.google.com:1234567890")
        .claim("email", email)
        .claim("hd", "example.com")
        .issueTime(Date.from(now.minusSeconds(60)))
        .expirationTime(Date.from(now.plusSeconds(540)));
  }

  /** {@code claims} signed with ES256 by {@code key}, its kid in the header. */
  static String sign(ECKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
