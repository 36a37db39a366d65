package dev.skiff.server.auth.proxy;

import dev.skiff.server.auth.AuthenticationException;
import dev.skiff.server.auth.Authenticator;
import dev.skiff.server.auth.CrossSiteWrites;
import dev.skiff.server.auth.Identity;
import dev.skiff.server.auth.SignInPolicy;
import dev.skiff.server.auth.UserEmails;
import dev.skiff.server.config.AuthSettings;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Proxy mode: an authenticating proxy in front of Skiff (oauth2-proxy, an Istio/Envoy filter) signs
 * people in and names the user in a header ({@code auth.proxy.header}, by default {@code
 * X-Forwarded-Email}), and optionally their groups ({@code auth.proxy.groupsHeader}).
 *
 * <p>The header is believed only when the TCP connection itself comes from one of the proxy's
 * addresses ({@code auth.proxy.trustedAddresses}); the peer's address is the socket's, never a
 * {@code X-Forwarded-For} the client could write. From anywhere else the headers are ignored, as if
 * absent, so that someone who reaches Skiff around the proxy cannot name themselves.
 */
public final class ProxyHeaderAuthenticator implements Authenticator {
  /** The most groups one request may name. */
  static final int MAX_GROUPS = 256;

  private final String header;
  private final String groupsHeader;
  private final List<AddressRange> trusted;
  private final SignInPolicy policy;
  private final URI externalUrl;

  /**
   * An authenticator for {@code settings.proxy()}.
   *
   * @throws IllegalArgumentException when a trusted address is not an IP address or CIDR (the
   *     configuration loader has refused those already)
   */
  public ProxyHeaderAuthenticator(AuthSettings settings, SignInPolicy policy) {
    AuthSettings.Proxy proxy = settings.proxy();
    this.header = proxy.header();
    this.groupsHeader = proxy.groupsHeader();
    this.trusted = proxy.trustedAddresses().stream().map(AddressRange::parse).toList();
    this.policy = policy;
    this.externalUrl = settings.externalUrl();
  }

  @Override
  public Optional<Identity> authenticate(Context ctx) {
    if (!fromTrustedProxy(ctx)) {
      return Optional.empty();
    }
    List<String> values = Collections.list(ctx.req().getHeaders(header));
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new AuthenticationException(
          "the proxy sent " + header + " " + values.size() + " times; it must name one user");
    }
    String user =
        UserEmails.parse(values.getFirst().strip())
            .orElseThrow(
                () ->
                    new AuthenticationException(
                        "the proxy's "
                            + header
                            + " header is not an e-mail address of at most "
                            + UserEmails.MAX_LENGTH
                            + " characters"));
    Set<String> groups = groups(ctx);
    if (!policy.allows(user, groups)) {
      throw new ForbiddenResponse(SignInPolicy.refusal(user));
    }
    CrossSiteWrites.refuse(ctx, externalUrl);
    return Optional.of(Identity.of(user, "", groups, Identity.Method.PROXY));
  }

  /** Whether the connection's peer is one of the proxy's addresses. */
  boolean fromTrustedProxy(Context ctx) {
    Optional<java.net.InetAddress> peer = AddressRange.literal(ctx.req().getRemoteAddr());
    return peer.isPresent() && trusted.stream().anyMatch(r -> r.contains(peer.get()));
  }

  private Set<String> groups(Context ctx) {
    if (groupsHeader == null) {
      return Set.of();
    }
    Set<String> groups = new LinkedHashSet<>();
    for (String value : Collections.list(ctx.req().getHeaders(groupsHeader))) {
      for (String g : value.split(",")) {
        String name = g.strip();
        if (name.isEmpty()) {
          continue;
        }
        if (name.length() > UserEmails.MAX_LENGTH
            || name.chars().anyMatch(Character::isISOControl)) {
          throw new AuthenticationException(
              "the proxy's "
                  + groupsHeader
                  + " header names a group that is not 1 to "
                  + UserEmails.MAX_LENGTH
                  + " printable characters");
        }
        groups.add(name);
      }
    }
    if (groups.size() > MAX_GROUPS) {
      throw new AuthenticationException(
          "the proxy's " + groupsHeader + " header names more than " + MAX_GROUPS + " groups");
    }
    return groups;
  }
}
