package dev.skiff.server.auth.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A browser for sign-in tests: follows no redirect by itself, keeps cookies per host:port (name and
 * value; it never sends a cookie to another host), and can send a request for one host to another
 * address (the server behind {@code https://skiff.example}).
 */
final class Browser {
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Map<String, String>> jars = new LinkedHashMap<>();
  private final Map<String, URI> reroutes = new LinkedHashMap<>();

  /** Requests for {@code authority} (host:port as in URLs) go to {@code to} instead. */
  Browser reroute(String authority, URI to) {
    reroutes.put(authority, to);
    return this;
  }

  HttpResponse<String> get(URI uri) throws Exception {
    return send(uri, "GET", Map.of());
  }

  HttpResponse<String> send(URI uri, String method, Map<String, String> headers) throws Exception {
    String jarKey = uri.getRawAuthority();
    URI target = uri;
    URI to = reroutes.get(uri.getRawAuthority());
    if (to != null) {
      target =
          URI.create(
              to.getScheme()
                  + "://"
                  + to.getRawAuthority()
                  + uri.getRawPath()
                  + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target).method(method, HttpRequest.BodyPublishers.noBody());
    if (method.equals("POST")) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(headers.getOrDefault("body", "")));
    }
    headers.forEach(
        (k, v) -> {
          if (!k.equals("body")) {
            b.header(k, v);
          }
        });
    Map<String, String> jar = jars.computeIfAbsent(jarKey, k -> new LinkedHashMap<>());
    if (!jar.isEmpty()) {
      StringJoiner c = new StringJoiner("; ");
      jar.forEach((k, v) -> c.add(k + "=" + v));
      b.header("Cookie", c.toString());
    }
    HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String set : res.headers().allValues("set-cookie")) {
      String pair = set.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      boolean gone = value.isEmpty() || set.toLowerCase().contains("max-age=0");
      if (gone) {
        jar.remove(name);
      } else {
        jar.put(name, value);
      }
    }
    return res;
  }

  /** The cookie {@code name} kept for {@code authority}, or null. */
  String cookie(String authority, String name) {
    return jars.getOrDefault(authority, Map.of()).get(name);
  }

  /** Puts a cookie in the jar of {@code authority} (as another site could have planted it). */
  void plant(String authority, String name, String value) {
    jars.computeIfAbsent(authority, k -> new LinkedHashMap<>()).put(name, value);
  }

  /** The Set-Cookie headers of {@code res} for cookie {@code name}. */
  static List<String> setCookies(HttpResponse<?> res, String name) {
    return res.headers().allValues("set-cookie").stream()
        .filter(s -> s.startsWith(name + "="))
        .toList();
  }

  /** The query parameters of {@code uri}, decoded. */
  static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return out;
    }
    for (String p : uri.getRawQuery().split("&")) {
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      out.put(
          java.net.URLDecoder.decode(k, java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }
}
