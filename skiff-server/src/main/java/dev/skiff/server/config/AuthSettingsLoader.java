package dev.skiff.server.config;

import dev.skiff.server.auth.proxy.AddressRange;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the {@code auth.*} settings ({@link AuthSettings}). */
final class AuthSettingsLoader {
  static final Set<String> KEYS =
      Set.of(
          "auth.mode",
          "auth.externalUrl",
          "auth.admins",
          "auth.allowedEmails",
          "auth.allowedDomains",
          "auth.allowedGroups",
          "auth.sessionTtl",
          "auth.tokenTtl",
          "auth.oidc.issuer",
          "auth.oidc.clientId",
          "auth.oidc.clientSecret",
          "auth.oidc.clientSecretFile",
          "auth.oidc.scopes",
          "auth.oidc.groupsClaim",
          "auth.iap.audience",
          "auth.iap.jwksUrl",
          "auth.proxy.header",
          "auth.proxy.groupsHeader",
          "auth.proxy.trustedAddresses");

  private static final Pattern IAP_AUDIENCE =
      Pattern.compile("/projects/\\d+/(global/backendServices/\\d+|apps/[a-z][a-z0-9\\-]{4,61})");
  private static final Pattern LONG_DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9\\-]{1,100}");

  private AuthSettingsLoader() {}

  static AuthSettings load(ConfigLoader.Sources s) {
    ConfigLoader.Value modeValue = s.pick(null, "SKIFF_AUTH_MODE", "auth.mode", "local");
    AuthSettings.Mode mode =
        switch (modeValue.value().strip().toLowerCase(Locale.ROOT)) {
          case "local" -> AuthSettings.Mode.LOCAL;
          case "oidc" -> AuthSettings.Mode.OIDC;
          case "iap" -> AuthSettings.Mode.IAP;
          case "proxy" -> AuthSettings.Mode.PROXY;
          default ->
              throw s.bad(
                  modeValue, "must be local, oidc, iap or proxy, got '" + modeValue.value() + "'");
        };
    ConfigLoader.Value urlValue = s.pick(null, "SKIFF_EXTERNAL_URL", "auth.externalUrl", null);
    URI external = urlValue.value() == null ? null : httpUrl(s, urlValue);
    if (mode == AuthSettings.Mode.OIDC && external == null) {
      throw s.bad(
          urlValue,
          "is required with auth.mode: oidc (the provider redirects browsers back to"
              + " <externalUrl>/auth/callback)");
    }
    Duration sessionTtl =
        duration(s, s.pick(null, "SKIFF_AUTH_SESSION_TTL", "auth.sessionTtl", "12h"));
    Duration tokenTtl = duration(s, s.pick(null, "SKIFF_AUTH_TOKEN_TTL", "auth.tokenTtl", "90d"));
    return new AuthSettings(
        mode,
        external,
        list(s.pick(null, "SKIFF_AUTH_ADMINS", "auth.admins", "")),
        list(s.pick(null, "SKIFF_AUTH_ALLOWED_EMAILS", "auth.allowedEmails", "")),
        list(s.pick(null, "SKIFF_AUTH_ALLOWED_DOMAINS", "auth.allowedDomains", "")),
        caseKept(s.pick(null, "SKIFF_AUTH_ALLOWED_GROUPS", "auth.allowedGroups", "")),
        sessionTtl,
        tokenTtl,
        mode == AuthSettings.Mode.OIDC ? oidc(s) : null,
        mode == AuthSettings.Mode.IAP ? iap(s) : null,
        mode == AuthSettings.Mode.PROXY ? proxy(s) : null);
  }

  private static AuthSettings.Oidc oidc(ConfigLoader.Sources s) {
    ConfigLoader.Value issuer = s.pick(null, "SKIFF_OIDC_ISSUER", "auth.oidc.issuer", null);
    if (issuer.value() == null || issuer.value().isBlank()) {
      throw s.bad(issuer, "is required with auth.mode: oidc");
    }
    ConfigLoader.Value clientId = s.pick(null, "SKIFF_OIDC_CLIENT_ID", "auth.oidc.clientId", null);
    if (clientId.value() == null || clientId.value().isBlank()) {
      throw s.bad(clientId, "is required with auth.mode: oidc");
    }
    ConfigLoader.Value secretFile =
        s.pick(null, "SKIFF_OIDC_CLIENT_SECRET_FILE", "auth.oidc.clientSecretFile", null);
    ConfigLoader.Value secret =
        s.pick(null, "SKIFF_OIDC_CLIENT_SECRET", "auth.oidc.clientSecret", null);
    String secretText;
    if (secretFile.value() != null && !secretFile.value().isBlank()) {
      try {
        secretText = Files.readString(Path.of(secretFile.value().strip())).strip();
      } catch (IOException | RuntimeException e) {
        throw s.bad(
            secretFile, "cannot read " + secretFile.value().strip() + ": " + e.getMessage());
      }
    } else if (secret.value() != null && !secret.value().isBlank()) {
      secretText = secret.value().strip();
    } else {
      throw s.bad(
          secret,
          "is required with auth.mode: oidc (or auth.oidc.clientSecretFile, or"
              + " SKIFF_OIDC_CLIENT_SECRET)");
    }
    return new AuthSettings.Oidc(
        httpUrl(s, issuer),
        clientId.value().strip(),
        secretText,
        s.pick(null, "SKIFF_OIDC_SCOPES", "auth.oidc.scopes", "openid email profile")
            .value()
            .strip(),
        s.pick(null, "SKIFF_OIDC_GROUPS_CLAIM", "auth.oidc.groupsClaim", "groups").value().strip());
  }

  private static AuthSettings.Iap iap(ConfigLoader.Sources s) {
    ConfigLoader.Value audience = s.pick(null, "SKIFF_IAP_AUDIENCE", "auth.iap.audience", null);
    if (audience.value() == null || !IAP_AUDIENCE.matcher(audience.value().strip()).matches()) {
      throw s.bad(
          audience,
          "must be /projects/NUMBER/global/backendServices/ID or /projects/NUMBER/apps/PROJECT"
              + " (the IAP console's 'Signed header JWT audience'), got '"
              + audience.value()
              + "'");
    }
    ConfigLoader.Value jwks =
        s.pick(
            null,
            "SKIFF_IAP_JWKS_URL",
            "auth.iap.jwksUrl",
            AuthSettings.GOOGLE_IAP_JWKS.toString());
    return new AuthSettings.Iap(audience.value().strip(), httpUrl(s, jwks));
  }

  private static AuthSettings.Proxy proxy(ConfigLoader.Sources s) {
    ConfigLoader.Value header =
        s.pick(null, "SKIFF_PROXY_HEADER", "auth.proxy.header", "X-Forwarded-Email");
    if (!HEADER.matcher(header.value().strip()).matches()) {
      throw s.bad(header, "must be a header name, got '" + header.value() + "'");
    }
    ConfigLoader.Value groups =
        s.pick(null, "SKIFF_PROXY_GROUPS_HEADER", "auth.proxy.groupsHeader", "");
    if (!groups.value().isBlank() && !HEADER.matcher(groups.value().strip()).matches()) {
      throw s.bad(groups, "must be a header name, got '" + groups.value() + "'");
    }
    ConfigLoader.Value trusted =
        s.pick(null, "SKIFF_PROXY_TRUSTED_ADDRESSES", "auth.proxy.trustedAddresses", "");
    Set<String> addresses = caseKept(trusted);
    if (addresses.isEmpty()) {
      throw s.bad(
          trusted,
          "is required with auth.mode: proxy: the addresses (or CIDRs) the proxy connects from;"
              + " the header is ignored from anywhere else");
    }
    for (String a : addresses) {
      try {
        AddressRange.parse(a);
      } catch (IllegalArgumentException e) {
        throw s.bad(trusted, e.getMessage());
      }
    }
    return new AuthSettings.Proxy(
        header.value().strip(),
        groups.value().isBlank() ? null : groups.value().strip(),
        addresses);
  }

  private static URI httpUrl(ConfigLoader.Sources s, ConfigLoader.Value v) {
    try {
      URI u = new URI(v.value().strip());
      if (u.getHost() == null
          || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
        throw s.bad(v, "must be an http(s) URL, got '" + v.value() + "'");
      }
      String text = u.toString();
      return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (URISyntaxException e) {
      throw s.bad(v, "is not a URL: " + e.getReason());
    }
  }

  private static Duration duration(ConfigLoader.Sources s, ConfigLoader.Value v) {
    Matcher m = LONG_DURATION.matcher(v.value().strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw s.bad(v, "must be a duration like 30m, 12h or 90d, got '" + v.value() + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static Set<String> list(ConfigLoader.Value v) {
    Set<String> out = new TreeSet<>();
    for (String item : caseKept(v)) {
      out.add(item.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static Set<String> caseKept(ConfigLoader.Value v) {
    Set<String> out = new TreeSet<>();
    if (v.value() == null) {
      return out;
    }
    for (String item : v.value().split("[,\\s]+")) {
      if (!item.isBlank()) {
        out.add(item.strip());
      }
    }
    return out;
  }
}
