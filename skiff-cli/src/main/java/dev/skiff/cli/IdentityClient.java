package dev.skiff.cli;

import static dev.skiff.cli.ServerHttp.segment;

import dev.skiff.api.v1.IdentityJson;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A server's identity API under {@code /api/v1}: the caller, profiles, members, quotas, API tokens
 * and the audit log, in the records of {@link IdentityJson}. Identity lives in the server, so there
 * is no in-process form of this client.
 */
final class IdentityClient implements AutoCloseable {
  private static final String V1 = "/api/v1";

  private final ServerHttp http;

  IdentityClient(ServerHttp http) {
    this.http = http;
  }

  /** The server's base URL. */
  String server() {
    return http.server();
  }

  IdentityJson.Me me() {
    return http.read(http.get(V1 + "/me"), IdentityJson.Me.class);
  }

  IdentityJson.ProfileList profiles() {
    return http.read(http.get(V1 + "/profiles"), IdentityJson.ProfileList.class);
  }

  IdentityJson.Profile profile(String name) {
    return http.read(http.get(V1 + "/profiles/" + segment(name)), IdentityJson.Profile.class);
  }

  IdentityJson.Profile createProfile(String name, String description) {
    return http.read(
        http.post(V1 + "/profiles", new IdentityJson.NewProfile(name, description)),
        IdentityJson.Profile.class);
  }

  void deleteProfile(String name) {
    http.ok(http.delete(V1 + "/profiles/" + segment(name)));
  }

  IdentityJson.Profile setQuota(String profile, IdentityJson.Quota quota) {
    return http.read(
        http.put(V1 + "/profiles/" + segment(profile) + "/quota", quota),
        IdentityJson.Profile.class);
  }

  IdentityJson.MemberList members(String profile) {
    return http.read(
        http.get(V1 + "/profiles/" + segment(profile) + "/members"), IdentityJson.MemberList.class);
  }

  /**
   * A member as the server has them after a change.
   *
   * @param member the member
   * @param added whether they were not a member before
   */
  record MemberChange(IdentityJson.Member member, boolean added) {}

  /** Adds {@code user} (or changes their role): {@code POST .../members}. */
  MemberChange addMember(String profile, String user, String role) {
    return change(
        http.post(
            V1 + "/profiles/" + segment(profile) + "/members",
            new IdentityJson.MemberRequest(user, role)));
  }

  /** Changes {@code user}'s role: {@code PUT .../members/{user}}. */
  MemberChange setMember(String profile, String user, String role) {
    return change(
        http.put(
            V1 + "/profiles/" + segment(profile) + "/members/" + segment(user),
            new IdentityJson.MemberRequest(null, role)));
  }

  void removeMember(String profile, String user) {
    http.ok(http.delete(V1 + "/profiles/" + segment(profile) + "/members/" + segment(user)));
  }

  /** The tokens of {@code user} (null: the caller's own). */
  IdentityJson.TokenList tokens(String user) {
    return http.read(
        http.get(V1 + "/tokens" + (user == null ? "" : "?user=" + query(user))),
        IdentityJson.TokenList.class);
  }

  IdentityJson.CreatedToken createToken(IdentityJson.NewToken request) {
    return http.read(http.post(V1 + "/tokens", request), IdentityJson.CreatedToken.class);
  }

  void revokeToken(String id) {
    http.ok(http.delete(V1 + "/tokens/" + segment(id)));
  }

  /** A page of the audit log, newest first ({@code pageToken} empty for the first). */
  IdentityJson.AuditList audit(String profile, String user, int pageSize, String pageToken) {
    StringBuilder q = new StringBuilder("?page_size=").append(pageSize);
    if (profile != null) {
      q.append("&profile=").append(query(profile));
    }
    if (user != null) {
      q.append("&user=").append(query(user));
    }
    if (pageToken != null && !pageToken.isEmpty()) {
      q.append("&page_token=").append(query(pageToken));
    }
    return http.read(http.get(V1 + "/audit" + q), IdentityJson.AuditList.class);
  }

  @Override
  public void close() {
    http.close();
  }

  private MemberChange change(HttpResponse<String> r) {
    IdentityJson.Member m = http.read(r, IdentityJson.Member.class);
    return new MemberChange(m, r.statusCode() == 201);
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
