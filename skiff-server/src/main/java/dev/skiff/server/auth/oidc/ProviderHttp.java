package dev.skiff.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * HTTP to the OpenID provider (discovery, keys, the token endpoint): bounded waits, bounded
 * answers, no redirects followed, and errors that name the endpoint and never a credential.
 */
final class ProviderHttp {
  /** The largest answer read from the provider. */
  static final int MAX_ANSWER_BYTES = 1024 * 1024;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http;
  private final ObjectMapper json = ProviderJson.MAPPER;

  ProviderHttp() {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** An answer: its status and its JSON body (a missing node when it was not JSON). */
  record Answer(int status, JsonNode body) {}

  /**
   * GETs a JSON document.
   *
   * @param what what it is, for errors ("the discovery document")
   * @throws SignInException (502) when it cannot be fetched, is not 200 or not a JSON object
   */
  JsonNode getJson(URI uri, String what) {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    Answer a = send(req, what, uri);
    if (a.status() != 200) {
      throw SignInException.badGateway(
          "the sign-in provider answered " + a.status() + " for " + what + " at " + uri);
    }
    if (!a.body().isObject()) {
      throw SignInException.badGateway(what + " at " + uri + " is not a JSON object");
    }
    return a.body();
  }

  /**
   * POSTs a form ({@code application/x-www-form-urlencoded}).
   *
   * @param basicAuth the {@code Authorization} header value, or null
   */
  Answer postForm(URI uri, Map<String, String> form, String basicAuth, String what) {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(urlEncode(k) + "=" + urlEncode(v)));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (basicAuth != null) {
      b.header("Authorization", basicAuth);
    }
    return send(b.build(), what, uri);
  }

  /** Form-encodes one value (RFC 6749 appendix B). */
  static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Answer send(HttpRequest req, String what, URI uri) {
    HttpResponse<InputStream> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw SignInException.badGateway(
          "the sign-in provider cannot be reached for " + what + " at " + uri + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SignInException.badGateway("interrupted while asking the sign-in provider");
    }
    byte[] bytes;
    try (InputStream in = res.body()) {
      bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
    } catch (IOException e) {
      throw SignInException.badGateway(
          "the sign-in provider's answer for " + what + " broke off: " + reason(e));
    }
    if (bytes.length > MAX_ANSWER_BYTES) {
      throw SignInException.badGateway(
          what + " at " + uri + " is larger than " + MAX_ANSWER_BYTES + " bytes");
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? json.missingNode() : json.readTree(bytes);
    } catch (IOException e) {
      body = json.missingNode();
    }
    return new Answer(res.statusCode(), body == null ? json.missingNode() : body);
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
