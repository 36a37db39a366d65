package dev.skiff.api.v1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes of Skiff's identity API under {@code /api/v1}: the caller, profiles, members,
 * quotas, API tokens and the audit log. Written in snake_case, read in snake_case or camelCase.
 */
public final class IdentityJson {
  private IdentityJson() {}

  /** {@code GET /api/v1/me}: who the server says the caller is. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Me(
      String user,
      String displayName,
      String defaultProfile,
      boolean platformAdmin,
      String authMethod,
      String csrfToken,
      List<ProfileRef> profiles) {}

  /** A profile and the caller's role in it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ProfileRef(String name, String role) {}

  /** A profile. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Profile(
      String name, String owner, String description, Instant createdAt, String role, Quota quota) {}

  /** {@code POST /api/v1/profiles}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record NewProfile(String name, String description) {}

  /** {@code GET /api/v1/profiles}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ProfileList(List<Profile> profiles) {}

  /**
   * A profile's limits; null fields are unlimited. {@code cpu} in cores ("500m" or "2"), {@code
   * memory} as a Kubernetes quantity ("4Gi").
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Quota(Integer steps, String cpu, String memory, Integer gpus, Integer notebooks) {}

  /** A member. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Member(String user, String role, String addedBy, Instant addedAt) {}

  /** {@code GET /api/v1/profiles/{p}/members}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MemberList(List<Member> members) {}

  /** {@code POST /api/v1/profiles/{p}/members} and {@code PUT .../members/{user}}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MemberRequest(String user, String role) {}

  /** An API token as listed (never its secret). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Token(
      String id,
      String user,
      String name,
      String profile,
      String role,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt,
      boolean active) {}

  /** {@code POST /api/v1/tokens}: the token text is in {@code token}, shown this once. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CreatedToken(Token info, String token) {}

  /** {@code POST /api/v1/tokens} request. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record NewToken(String name, String profile, String role, Integer expiresInDays) {}

  /** {@code GET /api/v1/tokens}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TokenList(List<Token> tokens) {}

  /** One audit event. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record AuditEvent(
      long id,
      Instant time,
      String user,
      String profile,
      String action,
      String target,
      int status,
      String detail) {}

  /** {@code GET /api/v1/audit}: newest first; {@code next_page_token} continues. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record AuditList(List<AuditEvent> events, String nextPageToken) {}
}
